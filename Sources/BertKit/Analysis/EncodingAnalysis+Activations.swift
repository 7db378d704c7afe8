/// Which (T, D) activation matrix of an encoding: a hidden state or the FFN intermediate after GELU.
public enum ActivationKind: Int, Sendable, Hashable {
    /// `hidden_states[layer]`, layer 0 (embeddings) ... L.
    case hidden
    /// `intermediate[layer - 1]`, the FFN after GELU, layer 1 ... L.
    case intermediate
}

/// One dimension that stands out, and where its value of largest magnitude is.
public struct OutlierDimension: Sendable, Hashable {
    /// Dimension index.
    public let dim: Int
    /// The signed value with the largest |x| in that dimension (over all tokens).
    public let value: Float
    /// The token (row) holding that value (the first, on ties).
    public let token: Int
}

/// How one (T, D) activation matrix is coloured: the clip of the diverging scale, and its outliers.
public struct ActivationSummary: Sendable {
    /// The 99th percentile of |x|: values are coloured on -clip...clip, beyond that saturated (1 when it is 0).
    public let clip: Float
    /// The largest |x| anywhere.
    public let absMax: Float
    /// How many values lie beyond ±clip (drawn at the ends of the scale).
    public let clippedCount: Int
    /// T * D.
    public let count: Int
    /// The `EncodingAnalysis.outlierCount` dimensions with the largest |x|, largest first (ties: lower dim).
    public let outliers: [OutlierDimension]

    /// Summarises `m` (tokens x dims).
    init(_ m: Matrix, outlierCount: Int) {
        let q = VectorMath.absQuantile(m.scalars, EncodingAnalysis.clipQuantile)
        let clip = q.isFinite && q > 0 ? q : 1
        self.clip = clip
        count = m.rows * m.cols
        var best = [Float](repeating: 0, count: m.cols)
        var bestAbs = [Float](repeating: 0, count: m.cols)
        var bestToken = [Int](repeating: 0, count: m.cols)
        var beyond = 0
        m.withUnsafeBufferPointer { p in
            for r in 0..<m.rows {
                for c in 0..<m.cols {
                    let v = p[r * m.cols + c]
                    if abs(v) > clip { beyond += 1 }
                    if abs(v) > bestAbs[c] {
                        bestAbs[c] = abs(v)
                        best[c] = v
                        bestToken[c] = r
                    }
                }
            }
        }
        clippedCount = beyond
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
        outliers = top.map { OutlierDimension(dim: $0, value: best[$0], token: bestToken[$0]) }
    }
}

/// How the dimensions grouped into one cell are reduced to the cell's value.
public enum ActivationBinning: Sendable, Hashable {
    /// The signed value of largest |x| in the group, so an outlier dimension stays visible however narrow the
    /// picture (hidden states, whose few huge dimensions are what one looks for).
    case largestMagnitude
    /// The group's mean: the FFN after GELU is sparse (most units near 0, a few large), so its largest value is
    /// large in nearly every group and would saturate nearly every cell; the mean is what the group passes on
    /// on average, and a fitted picture is then a faithful shrink of the 1:1 one.
    case mean

    /// The binning each kind of matrix is shown with (screen, figures and text exports alike).
    public static func of(_ kind: ActivationKind) -> ActivationBinning {
        kind == .hidden ? .largestMagnitude : .mean
    }
}

/// The colour scale of an activation picture: what value each end of the scale stands for.
public enum ActivationScale: Sendable, Hashable {
    /// Centred on 0, from -clip (coolest) to +clip (warmest), beyond that saturated: hidden states.
    case diverging(clip: Float)
    /// From `low` (GELU's minimum, about -0.17, so the negative sliver keeps its own colours) to `high` (the 99th
    /// percentile of the cells shown), beyond that saturated: the FFN after GELU, which has almost no negative side.
    case sequential(low: Float, high: Float)

    /// Where `v` sits on the scale: -1...1 (diverging) or 0...1 (sequential), clamped; NaN stays NaN.
    public func position(_ v: Float) -> Double {
        guard !v.isNaN else { return .nan }
        switch self {
        case .diverging(let clip):
            return min(max(Double(v) / Double(clip), -1), 1)
        case .sequential(let low, let high):
            return min(max((Double(v) - Double(low)) / (Double(high) - Double(low)), 0), 1)
        }
    }

    /// True for the diverging scale.
    public var isDiverging: Bool {
        if case .diverging = self { return true }
        return false
    }

    /// The values at the two ends of the scale.
    public var range: (low: Float, high: Float) {
        switch self {
        case .diverging(let clip): return (-clip, clip)
        case .sequential(let low, let high): return (low, high)
        }
    }
}

/// An activation matrix with its dimensions grouped `bin` at a time (each group reduced by `binning`), and the
/// colour scale that picture is drawn on: one place for the screen, the figures and the text exports.
public struct BinnedActivations: Sendable {
    /// Tokens.
    public let rows: Int
    /// Groups of dimensions: ceil(D / bin).
    public let columns: Int
    /// Dimensions per group (1: no binning).
    public let bin: Int
    /// How a group became one value.
    public let binning: ActivationBinning
    /// (rows, columns), row-major.
    public let values: [Float]
    /// The colour scale of these values.
    public let scale: ActivationScale
    /// How many cells lie beyond the ends of `scale` (drawn saturated).
    public let clippedCount: Int
    /// How many of those lie below its low end (none for a real GELU output on the sequential scale).
    public let belowCount: Int

    /// The value of group `column` for token `row`.
    public subscript(row: Int, column: Int) -> Float { values[row * columns + column] }

    /// Groups `m`'s columns `bin` at a time (the last group may be narrower). A diverging `clip` gives the
    /// diverging scale; without one the scale is sequential from `low` to the 99th percentile of the cells.
    init(_ m: Matrix, bin: Int, binning: ActivationBinning, clip: Float?, low: Float) {
        let bin = max(1, bin)
        let dims = m.cols
        let columns = (dims + bin - 1) / bin
        var out = [Float](repeating: 0, count: m.rows * columns)
        m.withUnsafeBufferPointer { p in
            for r in 0..<m.rows {
                for c in 0..<columns {
                    let group = (c * bin)..<min(dims, (c + 1) * bin)
                    switch binning {
                    case .largestMagnitude:
                        var best: Float = 0
                        for d in group {
                            let v = p[r * dims + d]
                            if abs(v) > abs(best) { best = v }
                        }
                        out[r * columns + c] = best
                    case .mean:
                        var sum: Float = 0
                        for d in group { sum += p[r * dims + d] }
                        out[r * columns + c] = sum / Float(group.count)
                    }
                }
            }
        }
        rows = m.rows
        self.columns = columns
        self.bin = bin
        self.binning = binning
        values = out
        let scale: ActivationScale
        if let clip {
            scale = .diverging(clip: clip)
        } else {
            // the top of the cells as shown (a mean is smaller than the values it averages)
            let q = VectorMath.absQuantile(out, EncodingAnalysis.clipQuantile)
            scale = .sequential(low: low, high: q.isFinite && q > 0 ? q : 1)
        }
        self.scale = scale
        let (lo, hi) = scale.range
        belowCount = out.reduce(0) { $0 + ($1 < lo ? 1 : 0) }
        clippedCount = belowCount + out.reduce(0) { $0 + ($1 > hi ? 1 : 0) }
    }
}

extension EncodingAnalysis {
    /// The percentile of |x| the activation colour scale is clipped at (screen and figures).
    public static let clipQuantile = 0.99
    /// How many outlier dimensions an activation summary names.
    public static let outlierCount = 5

    /// The matrix of `kind` at `layer` (hidden: 0...L; intermediate: 1...L), nil when there is none.
    public func activations(_ kind: ActivationKind, layer: Int) -> Matrix? {
        switch kind {
        case .hidden:
            return encoding.hiddenStates.indices.contains(layer) ? encoding.hiddenStates[layer] : nil
        case .intermediate:
            return encoding.intermediates.indices.contains(layer - 1) ? encoding.intermediates[layer - 1] : nil
        }
    }

    /// The clip and outliers of the matrix of `kind` at `layer`, nil when there is no such matrix.
    public func summary(_ kind: ActivationKind, layer: Int) -> ActivationSummary? {
        guard let m = activations(kind, layer: layer) else { return nil }
        return cached(Key("activation.summary", kind.rawValue, layer)) { _ in
            ActivationSummary(m, outlierCount: EncodingAnalysis.outlierCount)
        }
    }

    /// The smallest value GELU (the exact erf form, the only `hidden_act` loaded) takes: x·Φ(x) at x ≈ -0.7518.
    public static let geluMinimum: Float = -0.169971

    /// The matrix of `kind` at `layer` binned `bin` dimensions a column, with its colour scale: hidden states by
    /// their largest |x| per bin on the diverging ±p99 |x| scale, the FFN by the bin's mean on a sequential scale
    /// from GELU's minimum to the 99th percentile of the cells (`ActivationBinning`, `ActivationScale`).
    public func binned(_ kind: ActivationKind, layer: Int, bin: Int) -> BinnedActivations? {
        guard let m = activations(kind, layer: layer) else { return nil }
        let clip: Float? = kind == .hidden ? summary(kind, layer: layer)?.clip : nil
        return cached(Key("activation.binned", kind.rawValue, layer, max(1, bin))) { _ in
            BinnedActivations(
                m, bin: bin, binning: .of(kind), clip: clip, low: EncodingAnalysis.geluMinimum)
        }
    }

    /// The largest |x| in one token's row of the matrix: (dimension, signed value); nil without the matrix or row.
    public func largest(_ kind: ActivationKind, layer: Int, token: Int) -> (dim: Int, value: Float)? {
        guard let m = activations(kind, layer: layer), token >= 0, token < m.rows, m.cols > 0 else { return nil }
        var best = 0
        var bestAbs: Float = -1
        for (d, v) in m.row(token).enumerated() where abs(v) > bestAbs {
            bestAbs = abs(v)
            best = d
        }
        return (best, m[token, best])
    }
}
