import Foundation

/// Everything bertscope derives from one `Encoding`, each number computed in one place, on first use, and kept.
///
/// The explorer's widgets, the exported figures and `inspect` all read their statistics from here, so the screen
/// and a figure of the same encoding can never disagree. Nothing is computed up front: a value is computed the
/// first time something asks for it (the layer on screen, the view shown) and cached for the life of the
/// encoding. The type is a reference shared by the encode worker and the UI thread; the cache is guarded by a lock,
/// and a value is computed outside it (two threads asking at once may both compute it; the first stored wins, and
/// both get the same value).
///
/// ## Adding an analysis
/// Put it in a file of its own, `EncodingAnalysis+Name.swift`, as an extension with a method or property that
/// asks the cache for its value under a key only it uses:
///
/// ```swift
/// extension EncodingAnalysis {
///     /// The top-k next-token predictions at `layer` (logit lens).
///     public func predictions(layer: Int) -> [Prediction] {
///         cached(.init("predictions", layer)) { encoding in /* compute from encoding */ }
///     }
/// }
/// ```
///
/// The value must be `Sendable` (it is read from several threads) and a pure function of the encoding and the
/// key's numbers; compute per layer where the analysis allows, so a view only pays for the layer it shows.
/// Constants that a label on screen and a figure both print (a threshold, a percentile) live here too, as
/// `static let`s, so the text cannot drift from the number.
public final class EncodingAnalysis: @unchecked Sendable {
    /// The encoding analysed.
    public let encoding: Encoding

    /// The values computed so far; guarded by `lock`.
    private var store: [Key: any Sendable] = [:]
    private let lock = NSLock()

    /// An analysis of `encoding` with nothing computed yet.
    public init(_ encoding: Encoding) {
        self.encoding = encoding
    }

    /// T, the number of tokens.
    public var tokenCount: Int { encoding.tokenCount }

    /// Names one cached value: an analysis name and up to three integers (layer, head, bin count, ...).
    public struct Key: Hashable, Sendable {
        /// The analysis, unique per kind of value (the cache is keyed by it).
        public let name: String
        /// The numbers the value depends on besides the encoding.
        public let a: Int, b: Int, c: Int

        /// A key for `name` with its parameters (unused ones 0).
        public init(_ name: String, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0) {
            self.name = name
            self.a = a
            self.b = b
            self.c = c
        }
    }

    /// The value stored under `key`, computing it from the encoding with `compute` the first time.
    public func cached<Value: Sendable>(_ key: Key, _ compute: (Encoding) -> Value) -> Value {
        // Unwrap the stored entry before casting: with an Optional `Value`, casting a missing entry (nil) to
        // `Value` succeeds as `.some(nil)` and would read as a cached nil that was never computed.
        lock.lock()
        let stored = store[key]
        lock.unlock()
        if let stored, let known = stored as? Value { return known }
        let value = compute(encoding)
        lock.lock()
        defer { lock.unlock() }
        if let first = store[key], let known = first as? Value { return known }
        store[key] = value
        return value
    }

    /// The value stored under `key` if it has been computed, without computing it (for values computed elsewhere,
    /// e.g. in the background, and looked up by whoever draws them).
    public func computedValue<Value: Sendable>(_ key: Key, as type: Value.Type = Value.self) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return store[key] as? Value
    }

    /// How many values have been computed so far (for tests: that what is not shown is not computed).
    public var computedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return store.count
    }

    /// True when the value under `key` has been computed.
    public func hasComputed(_ key: Key) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return store[key] != nil
    }
}
