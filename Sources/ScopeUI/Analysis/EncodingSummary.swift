import BertKit

/// One dimension that stands out, and its value of largest magnitude.
public struct OutlierDimension: Sendable, Hashable {
    /// Dimension index.
    public let dim: Int
    /// The signed value with the largest |x| in that dimension (over all tokens).
    public let value: Float
}

/// Precomputed numbers for showing one (T, D) activation matrix: the colour clip and the outliers.
public struct ActivationSummary: Sendable {
    /// The 99th percentile of |x|: values are coloured on -clip...clip, beyond that saturated.
    public let clip: Float
    /// The largest |x| anywhere.
    public let absMax: Float
    /// Dimensions with the largest |x| (largest first).
    public let outliers: [OutlierDimension]

    /// The percentile that sets the clip.
    public static let clipQuantile = 0.99

    /// Summarises `m` (tokens x dims).
    public init(_ m: Matrix, outlierCount: Int = 5) {
        clip = max(VectorMath.absQuantile(m.scalars, ActivationSummary.clipQuantile), 1e-6)
        var best = [Float](repeating: 0, count: m.cols)
        var bestAbs = [Float](repeating: 0, count: m.cols)
        m.withUnsafeBufferPointer { p in
            for r in 0..<m.rows {
                for c in 0..<m.cols {
                    let v = p[r * m.cols + c]
                    if abs(v) > bestAbs[c] {
                        bestAbs[c] = abs(v)
                        best[c] = v
                    }
                }
            }
        }
        absMax = bestAbs.max() ?? 0
        // the `outlierCount` largest, largest first (ties: lower dimension first), without sorting them all
        var top: [Int] = []
        for c in bestAbs.indices {
            guard top.count < outlierCount || bestAbs[c] > bestAbs[top[top.count - 1]] else { continue }
            var i = top.count
            while i > 0 && bestAbs[top[i - 1]] < bestAbs[c] { i -= 1 }
            top.insert(c, at: i)
            if top.count > outlierCount { top.removeLast() }
        }
        outliers = top.map { OutlierDimension(dim: $0, value: best[$0]) }
    }
}

/// `last_hidden_state[:, 0]` against `pooler_output`, and the sentence vectors around them.
public struct PoolerComparison: Sendable {
    /// The final [CLS] vector.
    public let cls: [Float]
    /// pooler_output (nil: the checkpoint has no pooler).
    public let pooler: [Float]?
    /// Stats of each.
    public let clsStats: VectorStats
    /// Stats of pooler_output (nil without a pooler).
    public let poolerStats: VectorStats?
    /// cos([CLS], pooler).
    public let cosine: Float?
    /// How many pooler values the tanh has saturated (|x| > 0.9).
    public let saturated: Int?
    /// Dimensions where pooler and [CLS] differ most (largest |pooler - cls| first).
    public let topDifferences: [(dim: Int, cls: Float, pooler: Float)]
    /// cos(pooler, hidden_states[l][0]) for l = 0...L; without a pooler, cos(final [CLS], hidden_states[l][0]).
    public let layerCosines: [Float]
    /// True when `layerCosines` compares against the pooler (false: against the final [CLS]).
    public let layerCosinesAgainstPooler: Bool
    /// The mean over tokens of last_hidden_state (what sentence-transformers' mean pooling gives).
    public let meanPooled: [Float]
    /// Stats of the mean-pooled vector.
    public let meanPooledStats: VectorStats
    /// cos(mean-pooled, [CLS]) and cos(mean-pooled, pooler).
    public let meanPooledCosineCLS: Float
    /// cos(mean-pooled, pooler), nil without a pooler.
    public let meanPooledCosinePooler: Float?
    /// max |hidden_states[-1] - last_hidden_state| (0: they are the same tensor, as HF promises).
    public let lastHiddenMaxDifference: Float
    /// Saturation threshold for the tanh.
    public static let saturationThreshold: Float = 0.9

    /// Compares the vectors of `encoding`.
    public init(_ encoding: Encoding) {
        let last = encoding.lastHiddenState
        let cls = last.rows > 0 ? Array(last.row(0)) : []
        self.cls = cls
        clsStats = VectorStats(cls)
        let pooler = encoding.poolerOutput
        self.pooler = pooler
        poolerStats = pooler.map { VectorStats($0) }
        cosine = pooler.map { VectorMath.cosine(cls, $0) }
        saturated = pooler.map { $0.filter { abs($0) > PoolerComparison.saturationThreshold }.count }
        if let pooler {
            let idx = pooler.indices.sorted {
                let a = abs(pooler[$0] - cls[$0]), b = abs(pooler[$1] - cls[$1])
                return a != b ? a > b : $0 < $1
            }
            topDifferences = idx.prefix(8).map { ($0, cls[$0], pooler[$0]) }
        } else {
            topDifferences = []
        }
        let reference = pooler ?? cls
        layerCosinesAgainstPooler = pooler != nil
        layerCosines = encoding.hiddenStates.map { h in
            h.rows > 0 ? VectorMath.cosine(reference, h.row(0)) : 0
        }
        var mean = [Float](repeating: 0, count: last.cols)
        if last.rows > 0 {
            for r in 0..<last.rows {
                for (c, v) in last.row(r).enumerated() { mean[c] += v }
            }
            for c in mean.indices { mean[c] /= Float(last.rows) }
        }
        meanPooled = mean
        meanPooledStats = VectorStats(mean)
        meanPooledCosineCLS = VectorMath.cosine(mean, cls)
        meanPooledCosinePooler = pooler.map { VectorMath.cosine(mean, $0) }
        var diff: Float = 0
        if let final = encoding.hiddenStates.last {
            for (a, b) in zip(final.scalars, last.scalars) { diff = max(diff, abs(a - b)) }
            if final.shape != last.shape { diff = .infinity }
        }
        lastHiddenMaxDifference = diff
    }
}

/// An `Encoding` with everything the screen shows about it computed once, so a frame only looks numbers up.
///
/// Build it off the main thread (it is `Sendable`) and hand it to `ExplorerCore.receive(_:request:)`.
public struct PreparedEncoding: Sendable {
    /// The encoding itself.
    public let encoding: Encoding
    /// Per hidden state l = 0...L: clip and outliers.
    public let hidden: [ActivationSummary]
    /// Per layer 1...L (index l-1): clip and outliers of the FFN intermediate (after GELU).
    public let intermediate: [ActivationSummary]
    /// Per layer 1...L (index l-1): mean and max over heads, (T, T) row-major.
    public let attentionMean: [[Float]]
    /// Per layer 1...L (index l-1): element-wise max over heads, (T, T) row-major.
    public let attentionMax: [[Float]]
    /// The [CLS] vs pooler comparison.
    public let pooler: PoolerComparison

    /// Computes the summaries of `encoding`.
    public init(_ encoding: Encoding) {
        self.encoding = encoding
        hidden = encoding.hiddenStates.map { ActivationSummary($0) }
        intermediate = encoding.intermediates.map { ActivationSummary($0) }
        var means: [[Float]] = []
        var maxes: [[Float]] = []
        for heads in encoding.attentions {
            let n = heads.first.map { $0.rows * $0.cols } ?? 0
            var mean = [Float](repeating: 0, count: n)
            var mx = [Float](repeating: 0, count: n)
            for h in heads {
                h.withUnsafeBufferPointer { p in
                    for i in 0..<min(n, p.count) {
                        mean[i] += p[i]
                        if p[i] > mx[i] { mx[i] = p[i] }
                    }
                }
            }
            if !heads.isEmpty {
                let inv = 1 / Float(heads.count)
                for i in mean.indices { mean[i] *= inv }
            }
            means.append(mean)
            maxes.append(mx)
        }
        attentionMean = means
        attentionMax = maxes
        pooler = PoolerComparison(encoding)
    }

    /// T.
    public var tokenCount: Int { encoding.tokenCount }
}
