import Foundation

/// Two sentences encoded separately (not a pair: each has its own `[CLS]`, positions and segment 0), their tokens
/// matched by identity in order, and per matched token and layer the cosine between the two representations.
///
/// The match is a longest common subsequence of the two `input_ids` (ties broken towards the earliest tokens of
/// the first sentence), so "the bank of the river" and "the bank raised its rates" match `[CLS]`, `the`, `bank`
/// and `[SEP]`; every other token is unmatched. A matched token at the same position starts identical at layer 0
/// (same word, position and segment embeddings) and drifts apart as context mixes in. Computed lazily per layer,
/// kept, and safe to read from several threads.
public final class EncodingComparison: @unchecked Sendable {
    /// The sentence on screen.
    public let first: EncodingAnalysis
    /// The sentence compared with it.
    public let second: EncodingAnalysis
    /// For each token of the first sentence, the token of the second it is matched with (nil: unmatched).
    public let matchOfFirst: [Int?]
    /// For each token of the second sentence, the token of the first it is matched with (nil: unmatched).
    public let matchOfSecond: [Int?]

    private var store: [Int: [Float?]] = [:]
    private let lock = NSLock()

    /// Matches the tokens of `first` and `second` (the cosines are computed when asked for).
    public init(_ first: EncodingAnalysis, _ second: EncodingAnalysis) {
        self.first = first
        self.second = second
        let (a, b) = EncodingComparison.align(first.encoding.input.inputIds, second.encoding.input.inputIds)
        matchOfFirst = a
        matchOfSecond = b
    }

    /// The layers both encodings have computed: 0...min(k1, k2).
    public var layers: ClosedRange<Int> {
        0...max(0, min(first.encoding.computedLayers, second.encoding.computedLayers))
    }

    /// Matched pairs (first, second), in order.
    public var pairs: [(first: Int, second: Int)] {
        matchOfFirst.enumerated().compactMap { i, j in j.map { (i, $0) } }
    }

    /// Per token of the first sentence, cos(h1_l[i], h2_l[match(i)]) at `layer` (nil: unmatched); nil for a layer
    /// either encoding lacks.
    public func cosines(layer: Int) -> [Float?]? {
        guard layer >= 0, layer < first.encoding.hiddenStates.count, layer < second.encoding.hiddenStates.count
        else { return nil }
        lock.lock()
        let known = store[layer]
        lock.unlock()
        if let known { return known }
        let h1 = first.encoding.hiddenStates[layer]
        let h2 = second.encoding.hiddenStates[layer]
        let value: [Float?] = matchOfFirst.enumerated().map { i, j in
            j.map { VectorMath.cosine(h1.row(i), h2.row($0)) }
        }
        lock.lock()
        defer { lock.unlock() }
        if let stored = store[layer] { return stored }
        store[layer] = value
        return value
    }

    /// A longest common subsequence of `a` and `b`: for each element of either, the index it is matched with.
    public static func align(_ a: [Int], _ b: [Int]) -> (first: [Int?], second: [Int?]) {
        let n = a.count
        let m = b.count
        var matchA = [Int?](repeating: nil, count: n)
        var matchB = [Int?](repeating: nil, count: m)
        guard n > 0, m > 0 else { return (matchA, matchB) }
        // suffix table: lcs[i][j] = LCS length of a[i...] and b[j...], so the walk from the front matches early
        let w = m + 1
        var lcs = [Int32](repeating: 0, count: (n + 1) * w)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i * w + j] =
                    a[i] == b[j] ? lcs[(i + 1) * w + j + 1] + 1 : max(lcs[(i + 1) * w + j], lcs[i * w + j + 1])
            }
        }
        var i = 0
        var j = 0
        while i < n && j < m {
            if a[i] == b[j] && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1 {
                matchA[i] = j
                matchB[j] = i
                i += 1
                j += 1
            } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return (matchA, matchB)
    }
}
