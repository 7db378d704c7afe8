/// Unicode scalars of normalized text, each with the range of original-text scalars it came from, so a word
/// piece cut from the normalized text can point back at what the user typed.
///
/// One scalar of the original can become several (`한` → three jamo, `İ` → `i` + U+0307), several can become
/// one (`e` + U+0301 → `é`); each output scalar then carries the whole range of its sources.
struct AlignedScalars {
    /// The normalized scalars.
    var scalars: [Unicode.Scalar] = []
    /// For each scalar, the first original scalar it came from.
    var lower: [Int] = []
    /// For each scalar, one past the last original scalar it came from.
    var upper: [Int] = []

    /// Number of scalars.
    var count: Int { scalars.count }
    /// True when there are no scalars.
    var isEmpty: Bool { scalars.isEmpty }

    /// Appends `scalar`, which came from original scalars `lower..<upper`.
    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, lower lo: Int, upper hi: Int) {
        scalars.append(scalar)
        lower.append(lo)
        upper.append(hi)
    }

    /// Empties the buffer, keeping its storage for the next word.
    mutating func removeAll() {
        scalars.removeAll(keepingCapacity: true)
        lower.removeAll(keepingCapacity: true)
        upper.removeAll(keepingCapacity: true)
    }

    /// The original range covered by scalars `range` (their sources need not be in order after reordering).
    func span(_ range: Range<Int>) -> Range<Int> {
        var lo = Int.max, hi = Int.min
        for i in range {
            lo = min(lo, lower[i])
            hi = max(hi, upper[i])
        }
        return lo..<hi
    }
}
