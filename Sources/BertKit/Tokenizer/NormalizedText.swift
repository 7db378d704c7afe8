/// A piece of the user's text as the normalizers change it, each scalar aligned to the original scalars it
/// stands for: HF tokenizers' `NormalizedString` (tokenizer/normalizer.rs), counted in scalars instead of bytes.
///
/// Alignments follow HF's `transform` rules exactly, because `offset_mapping` is read from them: a scalar that
/// replaces another takes that one's alignment, an inserted scalar takes the alignment of the original scalar
/// just before the insertion point, and removed scalars leave nothing behind.
struct NormalizedText: Sendable, Equatable {
    /// The normalized scalars.
    var scalars: [UInt32]
    /// For each scalar, the first original scalar it came from (an index into the whole sentence).
    var starts: [Int]
    /// For each scalar, one past the last original scalar it came from.
    var ends: [Int]
    /// Where this piece starts in the sentence: what HF's `original_shift` adds to an alignment of (0, 0).
    let base: Int

    /// The scalars `text[range]` unchanged, aligned one to one.
    init(_ text: [UInt32], _ range: Range<Int>) {
        scalars = Array(text[range])
        starts = Array(range)
        ends = range.map { $0 + 1 }
        base = range.lowerBound
    }

    /// Number of scalars.
    var count: Int { scalars.count }

    /// The original scalars that normalized scalars `range` came from: the first one's start to the last one's
    /// end (HF's `expand_alignments`), nil for an empty range.
    func originalSpan(_ range: Range<Int>) -> Range<Int>? {
        guard !range.isEmpty else { return nil }
        let lo = starts[range.lowerBound]
        let hi = ends[range.upperBound - 1]
        return lo..<max(lo, hi)
    }

    /// HF's `NormalizedString::transform` over the whole text: `outputs` are the new scalars, each with its
    /// change (0 replaces the next old scalar, +1 is inserted, -n replaces the next one and removes n more);
    /// `initialOffset` old scalars are removed before the first output.
    mutating func transform(_ outputs: [(UInt32, Int)], initialOffset: Int = 0) {
        var newScalars: [UInt32] = []
        var newStarts: [Int] = []
        var newEnds: [Int] = []
        newScalars.reserveCapacity(outputs.count)
        newStarts.reserveCapacity(outputs.count)
        newEnds.reserveCapacity(outputs.count)
        var idx = initialOffset
        for (scalar, change) in outputs {
            let start: Int
            let end: Int
            if change > 0 {
                if idx < 1 {
                    (start, end) = (base, base)
                } else {
                    (start, end) = (starts[idx - 1], ends[idx - 1])
                }
            } else {
                (start, end) = (starts[idx], ends[idx])
                idx += 1 - change
            }
            newScalars.append(scalar)
            newStarts.append(start)
            newEnds.append(end)
        }
        scalars = newScalars
        starts = newStarts
        ends = newEnds
    }

    /// Keeps the scalars `keep` accepts (HF `filter`): each keeps its own alignment.
    mutating func filter(_ keep: (UInt32) -> Bool) {
        var kept = 0
        for i in 0..<scalars.count where keep(scalars[i]) {
            scalars[kept] = scalars[i]
            starts[kept] = starts[i]
            ends[kept] = ends[i]
            kept += 1
        }
        scalars.removeSubrange(kept...)
        starts.removeSubrange(kept...)
        ends.removeSubrange(kept...)
    }

    /// Replaces each scalar by one (HF `map`): alignments unchanged.
    mutating func map(_ transform: (UInt32) -> UInt32) {
        for i in 0..<scalars.count { scalars[i] = transform(scalars[i]) }
    }

    /// Replaces each scalar by zero or more (HF `lowercase` and the other per-character flat maps): every
    /// scalar made from one old scalar takes that scalar's alignment.
    mutating func flatMap(_ expand: (UInt32) -> [UInt32]?) {
        var outputs: [(UInt32, Int)] = []
        outputs.reserveCapacity(scalars.count)
        for s in scalars {
            if let mapped = expand(s), !mapped.isEmpty {
                for (k, m) in mapped.enumerated() { outputs.append((m, k > 0 ? 1 : 0)) }
            } else {
                outputs.append((s, 0))
            }
        }
        transform(outputs)
    }
}
