import ScopeUI

/// Hands out ncurses colour-pair numbers for colour keys (pure bookkeeping; the screen calls
/// `init_extended_pair` for new ones). Pair 0 is the terminal's default colours.
///
/// Numbers are never recycled one by one: an on-screen cell keeps its pair number, and redefining
/// that number would repaint it in the wrong colours without ncurses noticing. When the table is
/// full the screen resets it and repaints everything (`reset()`), which true-colour heatmaps may
/// need after many thousands of distinct colour pairs.
public struct PairTable: Sendable {
    /// The answer to a lookup.
    public enum Lookup: Equatable, Sendable {
        /// Already defined.
        case existing(Int32)
        /// Newly assigned: the caller must define it before use.
        case new(Int32)
        /// No numbers left: reset and repaint, or fall back to pair 0.
        case full
    }

    /// The highest pair number available (`COLOR_PAIRS - 1`).
    public let capacity: Int32
    private var pairs: [ColorPairKey: Int32] = [:]
    private var next: Int32 = 1

    /// A table for a terminal with `colorPairs` pairs (ncurses' `COLOR_PAIRS`).
    public init(colorPairs: Int) {
        capacity = Int32(max(0, min(colorPairs - 1, Int(Int32.max))))
    }

    /// How many pairs are assigned.
    public var count: Int { pairs.count }

    /// The pair number for `key`, assigning the next free one if needed.
    public mutating func pair(for key: ColorPairKey) -> Lookup {
        if key == .terminalDefault { return .existing(0) }
        if let n = pairs[key] { return .existing(n) }
        guard next <= capacity else { return .full }
        let n = next
        next += 1
        pairs[key] = n
        return .new(n)
    }

    /// Forgets every assignment.
    public mutating func reset() {
        pairs.removeAll(keepingCapacity: true)
        next = 1
    }
}
