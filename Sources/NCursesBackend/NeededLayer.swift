import Foundation

/// The layer the screen needs first, set by the run loop and read by the encode worker between layers.
final class NeededLayer: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int

    /// Starts at `layer`.
    init(_ layer: Int) {
        value = layer
    }

    /// The layer, as last set.
    var layer: Int {
        get {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
        set {
            lock.lock()
            value = newValue
            lock.unlock()
        }
    }
}
