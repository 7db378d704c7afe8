import Foundation

/// How one token's vector changes across the layers: the cosine between `hidden_states[l]` of the token and its
/// vector at layer 0 (the embeddings), and at the layer before.
public struct TokenChange: Sendable, Equatable {
    /// The token (0-based).
    public let token: Int
    /// cos(h_l, h_0) for l = 0...computed layers (1 at layer 0).
    public let toEmbeddings: [Float]
    /// cos(h_l, h_(l-1)) for l = 0...computed layers; index 0 has no layer before it and holds 1.
    public let toPrevious: [Float]

    /// The layers covered: 0...L (0...k in a prefix).
    public var layers: ClosedRange<Int> { 0...(toEmbeddings.count - 1) }
}

/// The token x token cosine matrix of one layer's hidden states, with its summaries.
///
/// `meanOffDiagonal` is the mean cosine over all ordered pairs of different tokens (every token, `[CLS]` and
/// `[SEP]` included, as the matrix shows them): the anisotropy made visible, near 1 when every vector points the
/// same way. `intraSentence` is Ethayarajh (2019)'s intra-sentence similarity as the paper defines it: the mean
/// over tokens of the cosine between each vector and the sentence's mean vector.
public struct LayerSimilarity: Sendable, Equatable {
    /// The layer, 0 (embeddings) ... L.
    public let layer: Int
    /// T.
    public let tokens: Int
    /// (T, T) row-major, cos(h_i, h_j); symmetric, 1 on the diagonal (0 for an all-zero vector).
    public let cosines: [Float]
    /// Mean of the T(T-1) off-diagonal cosines (0 for one token).
    public let meanOffDiagonal: Float
    /// Mean over tokens of cos(h_i, mean_j h_j) (Ethayarajh 2019).
    public let intraSentence: Float

    /// cos(h_i, h_j).
    public subscript(i: Int, j: Int) -> Float { cosines[i * tokens + j] }
}

extension EncodingAnalysis {
    /// How token `token`'s vector changes across the layers computed so far; nil for a token out of range.
    public func tokenChange(token: Int) -> TokenChange? {
        guard token >= 0, token < tokenCount else { return nil }
        return cached(Key("token.change", token)) { (e: Encoding) -> TokenChange in
            let first = e.hiddenStates[0].row(token)
            var toFirst: [Float] = []
            var toPrevious: [Float] = []
            for (l, h) in e.hiddenStates.enumerated() {
                let v = h.row(token)
                toFirst.append(l == 0 ? 1 : VectorMath.cosine(v, first))
                toPrevious.append(l == 0 ? 1 : VectorMath.cosine(v, e.hiddenStates[l - 1].row(token)))
            }
            return TokenChange(token: token, toEmbeddings: toFirst, toPrevious: toPrevious)
        }
    }

    /// The cosine matrix of `hidden_states[layer]` and its summaries; nil for a layer not computed.
    public func similarity(layer: Int) -> LayerSimilarity? {
        guard layer >= 0, layer < encoding.hiddenStates.count else { return nil }
        return cached(Key("similarity", layer)) { e in EncodingAnalysis.similarity(e.hiddenStates[layer], layer: layer)
        }
    }

    /// Every computed layer's mean off-diagonal cosine and intra-sentence similarity, 0...L (the matrices are
    /// computed, and kept, for each).
    public var similarityByLayer: [LayerSimilarity] {
        (0..<encoding.hiddenStates.count).compactMap { similarity(layer: $0) }
    }

    static func similarity(_ m: Matrix, layer: Int) -> LayerSimilarity {
        let t = m.rows
        let h = m.cols
        // unit rows (norms in double), then one GEMM for every pair
        var unit = [Float](repeating: 0, count: t * h)
        var mean = [Double](repeating: 0, count: h)
        for i in 0..<t {
            let row = m.row(i)
            var sq: Double = 0
            for x in row { sq += Double(x) * Double(x) }
            let inv = sq > 0 ? 1 / sq.squareRoot() : (sq.isNaN ? .nan : 0)
            for (k, x) in row.enumerated() {
                unit[i * h + k] = Float(Double(x) * inv)
                mean[k] += Double(x)
            }
        }
        var g = Kernels.gram(unit, rows: t, cols: h)
        // the diagonal is exactly 1 (0 for an all-zero vector), not 1 ± rounding
        for i in 0..<t { g[i * t + i] = g[i * t + i].isNaN ? .nan : (g[i * t + i] > 0.5 ? 1 : 0) }
        var off: Double = 0
        for i in 0..<t {
            for j in 0..<t where j != i { off += Double(g[i * t + j]) }
        }
        let pairs = t * (t - 1)
        var intra: Double = 0
        let meanVector = mean.map { Float($0 / Double(max(t, 1))) }
        for i in 0..<t { intra += Double(VectorMath.cosine(m.row(i), meanVector)) }
        return LayerSimilarity(
            layer: layer, tokens: t, cosines: g, meanOffDiagonal: pairs > 0 ? Float(off / Double(pairs)) : 0,
            intraSentence: t > 0 ? Float(intra / Double(t)) : 0)
    }
}
