/// `last_hidden_state[:, 0]` against `pooler_output`, and the sentence vectors around them.
public struct PoolerComparison: Sendable {
    /// The final [CLS] vector.
    public let cls: [Float]
    /// pooler_output (nil: the checkpoint has no pooler).
    public let pooler: [Float]?
    /// Stats of the [CLS] vector.
    public let clsStats: VectorStats
    /// Stats of pooler_output (nil without a pooler).
    public let poolerStats: VectorStats?
    /// cos([CLS], pooler).
    public let cosine: Float?
    /// max |[CLS] - pooler| (nil without a pooler).
    public let maxDifference: Float?
    /// How many pooler values the tanh has saturated (|x| > `EncodingAnalysis.saturationThreshold`).
    public var saturated: Int? { poolerStats?.saturated }
    /// Dimensions where pooler and [CLS] differ most (largest |pooler - cls| first, ties: lower dim), at most 8.
    public let topDifferences: [(dim: Int, cls: Float, pooler: Float)]
    /// cos(pooler, hidden_states[l][0]) for l = 0...L; without a pooler, cos(final [CLS], hidden_states[l][0]).
    public let layerCosines: [Float]
    /// True when `layerCosines` compares against the pooler (false: against the final [CLS]).
    public let layerCosinesAgainstPooler: Bool
    /// The mean over tokens of last_hidden_state (what sentence-transformers' mean pooling gives).
    public let meanPooled: [Float]
    /// Stats of the mean-pooled vector.
    public let meanPooledStats: VectorStats
    /// cos(mean-pooled, [CLS]).
    public let meanPooledCosineCLS: Float
    /// cos(mean-pooled, pooler), nil without a pooler.
    public let meanPooledCosinePooler: Float?
    /// max |hidden_states[-1] - last_hidden_state| (0: they are the same tensor, as HF promises).
    public let lastHiddenMaxDifference: Float

    /// Compares the vectors of `encoding`.
    init(_ encoding: Encoding) {
        let last = encoding.lastHiddenState
        let cls = last.rows > 0 ? Array(last.row(0)) : []
        self.cls = cls
        clsStats = VectorStats(cls)
        let pooler = encoding.poolerOutput
        self.pooler = pooler
        poolerStats = pooler.map { VectorStats($0) }
        cosine = pooler.map { VectorMath.cosine(cls, $0) }
        maxDifference = pooler.map { VectorMath.maxAbsDifference(cls, $0) }
        if let pooler, pooler.count == cls.count {
            let idx = pooler.indices.sorted {
                let a = abs(pooler[$0] - cls[$0])
                let b = abs(pooler[$1] - cls[$1])
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
        let mean = VectorMath.meanPooled(last)
        meanPooled = mean
        meanPooledStats = VectorStats(mean)
        meanPooledCosineCLS = VectorMath.cosine(mean, cls)
        meanPooledCosinePooler = pooler.map { VectorMath.cosine(mean, $0) }
        var diff: Float = 0
        if let final = encoding.hiddenStates.last {
            diff = final.shape == last.shape ? VectorMath.maxAbsDifference(final.scalars, last.scalars) : .infinity
        }
        lastHiddenMaxDifference = diff
    }
}

/// One of the sentence vectors the pooler comparison shows.
public enum SentenceVector: Int, Sendable, Hashable {
    /// `last_hidden_state[:, 0]`.
    case cls
    /// `pooler_output`.
    case pooler
    /// The mean over tokens of `last_hidden_state`.
    case meanPooled
}

/// Counts of a vector's values in equal bins over a range.
public struct Histogram: Sendable, Equatable {
    /// One count per bin, lowest values first (values outside the range are counted in the end bins).
    public let counts: [Int]
    /// The range the bins cover.
    public let range: ClosedRange<Float>
}

extension EncodingAnalysis {
    /// |x| above which a tanh output counts as saturated: the side panel, the figures and `inspect` all use it.
    public static let saturationThreshold: Float = 0.9
    /// The threshold as labels print it: `|x|>0.9`.
    public static let saturationLabel = "|x|>\(saturationThreshold)"

    /// The [CLS] vs pooler comparison (computed once, on first use).
    public var pooler: PoolerComparison {
        cached(Key("pooler.comparison")) { PoolerComparison($0) }
    }

    /// The statistics of the [CLS] row of `hidden_states[layer]` (0...L), nil past the last layer.
    public func clsStats(layer: Int) -> VectorStats? {
        guard encoding.hiddenStates.indices.contains(layer) else { return nil }
        return cached(Key("hidden.cls.stats", layer)) { e in
            let h = e.hiddenStates[layer]
            return VectorStats(h.rows > 0 ? Array(h.row(0)) : [])
        }
    }

    /// The values of `vector` (nil: the checkpoint has no pooler).
    public func vector(_ vector: SentenceVector) -> [Float]? {
        switch vector {
        case .cls: return pooler.cls
        case .pooler: return pooler.pooler
        case .meanPooled: return pooler.meanPooled
        }
    }

    /// The range a histogram of `vector` covers: -1...1 for the pooler (a tanh), else symmetric about 0 out to the
    /// largest |x|, so 0 is always in the middle.
    public func histogramRange(_ vector: SentenceVector) -> ClosedRange<Float> {
        let stats: VectorStats
        switch vector {
        case .pooler: return -1...1
        case .cls: stats = pooler.clsStats
        case .meanPooled: stats = pooler.meanPooledStats
        }
        let r = Swift.max(abs(stats.min), abs(stats.max), 1e-6)
        return r.isFinite ? -r...r : -1...1
    }

    /// A histogram of `vector` in `bins` equal bins over `range` (default `histogramRange(vector)`; a shared
    /// range lets two histograms be compared by eye); nil without that vector.
    public func histogram(_ vector: SentenceVector, bins: Int, range: ClosedRange<Float>? = nil) -> Histogram? {
        guard let values = self.vector(vector) else { return nil }
        let range = range ?? histogramRange(vector)
        // the range's two Float bit patterns in one Int (a 64-bit platform), so each range has its own entry
        let bounds = Int(range.lowerBound.bitPattern) << 32 | Int(range.upperBound.bitPattern)
        let key = Key("pooler.histogram", vector.rawValue, Swift.max(1, bins), bounds)
        return cached(key) { _ in
            Histogram(counts: VectorMath.histogram(values, bins: bins, range: range), range: range)
        }
    }
}
