import COpenBLAS
import Foundation

/// Value-weighted attention of one layer (Kobayashi et al. 2020, "Attention is Not Only a Weight"): how large each
/// key token's contribution to each query's attention output is, not only how much weight it gets.
///
/// With `f^h(x_j) = (x_j W_V^h + b_V^h) W_O^h` (head h's value vector of token j through its slice of the output
/// dense, bias left out; x = `hidden_states[l - 1]`, the layer's input), head h's contribution of key j to query i
/// is the vector `alpha_ij^h f^h(x_j)`; its norm is `alpha_ij^h * ||f^h(x_j)||`. The layer's attention output for i
/// is the sum over heads and keys, so the whole layer's contribution of j to i is `sum_h alpha_ij^h f^h(x_j)`, and
/// `summed` is the norm of that sum (the paper's `||Σ αf||`; their code's `summed_weighted_norm`), not the sum of
/// the per-head norms.
public struct AttentionNorms: Sendable {
    /// T.
    public let tokens: Int
    /// Heads per layer.
    public let heads: Int
    /// `||f^h(x_j)||`, (heads, T): what each head's value path makes of token j, before any weight.
    public let valueNorms: [Float]
    /// `||sum_h alpha_ij^h f^h(x_j)||`, (T, T) rows query, columns key: the layer's contribution of j to i.
    public let summed: [Float]
    /// The largest entry of `summed` (the top of its colour scale; 0 when T is 0).
    public let summedMax: Float

    /// `alpha_ij^h * ||f^h(x_j)||`, (heads, T, T), from the layer's attention `attention` (heads, T, T).
    public func perHead(_ attention: [[Float]]) -> [Float] {
        var out = [Float](repeating: 0, count: heads * tokens * tokens)
        for h in 0..<heads {
            let a = attention[h]
            for i in 0..<tokens {
                for j in 0..<tokens {
                    let k = i * tokens + j
                    out[h * tokens * tokens + k] = a[k] * valueNorms[h * tokens + j]
                }
            }
        }
        return out
    }
}

/// The paper's headline, per layer: how much of the attention lands on `[CLS]`, `[SEP]` and punctuation when it
/// is measured by weight, and how much when measured by the norm of what is moved.
///
/// By weight: the mean over query rows of the mean-over-heads attention summed over those keys (a share, the rows
/// sum to 1). By norm: the mean over query rows of `summed[i][j]` over those keys divided by the row's total of
/// `summed` (`AttentionNorms.summed`), so both are shares of one row and can be set side by side. The token classes
/// are those of the head roles: `[CLS]`, `[SEP]` (both of a pair's), and tokens made only of punctuation.
public struct AttentionShares: Sendable, Equatable {
    /// Shares by weight on [CLS], [SEP], punctuation (in that order).
    public let byWeight: [Float]
    /// Shares by norm on [CLS], [SEP], punctuation (in that order).
    public let byNorm: [Float]

    /// The three classes' share by weight together.
    public var totalByWeight: Float { byWeight.reduce(0, +) }
    /// The three classes' share by norm together.
    public var totalByNorm: Float { byNorm.reduce(0, +) }

    /// `attention on [CLS]/[SEP]/punct: 62% by weight, 18% by norm` (the line the views and figures print).
    public var summary: String {
        "attention on [CLS]/[SEP]/punct: \(Self.percent(totalByWeight)) by weight, "
            + "\(Self.percent(totalByNorm)) by norm"
    }

    /// `62%` (a share as a whole percentage; `nan` when not finite).
    public static func percent(_ x: Float) -> String {
        x.isFinite ? "\(Int((x * 100).rounded()))%" : "nan"
    }
}

extension EncodingAnalysis {
    /// Tokens up to which the explorer computes value-weighted norms and head roles as it draws (at 128 tokens
    /// they take 2-14 ms on bert-base); longer inputs get them in the background (at 512 tokens 0.1-0.2 s).
    public static let foregroundTokenLimit = 128

    /// Whether the encoding carries the value vectors the norms are made of (a forward pass keeps them).
    public var carriesValueVectors: Bool { encoding.valueProjection != nil && !encoding.values.isEmpty }

    /// Whether everything the attention view shows of layer `layer`'s norms is computed: the norms summed over
    /// heads, each head's, and the shares by weight and by norm.
    public func hasComputedNorms(layer: Int) -> Bool {
        hasComputed(Key("attention.norms", layer)) && hasComputed(Key("attention.norms.heads", layer))
            && hasComputed(Key("attention.shares", layer))
    }

    /// Computes (and keeps) what `hasComputedNorms(layer:)` asks about, for a background worker.
    public func computeNorms(layer: Int) {
        _ = attentionNormsPerHead(layer: layer)
        _ = attentionShares(layer: layer)
    }

    /// The value-weighted norms of layer `layer` (1...L; see `AttentionNorms`); nil at layer 0, for a layer not
    /// computed yet, and for an encoding that carries no value vectors (built by hand).
    public func attentionNorms(layer: Int) -> AttentionNorms? {
        let e = encoding
        guard layer >= 1, layer <= e.attentions.count, layer <= e.values.count, let projection = e.valueProjection
        else { return nil }
        return cached(Key("attention.norms", layer)) { e in
            EncodingAnalysis.norms(e, layer: layer, projection: projection)
        }
    }

    /// `alpha_ij^h * ||f^h(x_j)||` of layer `layer`, (heads, T, T): what `inspect --save` writes as
    /// `attention_norms.{layer - 1}`.
    public func attentionNormsPerHead(layer: Int) -> [Float]? {
        guard let n = attentionNorms(layer: layer) else { return nil }
        return cached(Key("attention.norms.heads", layer)) { (e: Encoding) -> [Float] in
            n.perHead(e.attentions[layer - 1].map { Array($0.scalars) })
        }
    }

    /// One head's `alpha_ij^h * ||f^h(x_j)||` of layer `layer`, (T, T).
    public func attentionNorms(layer: Int, head: Int) -> [Float]? {
        guard let all = attentionNormsPerHead(layer: layer), head >= 0, head < encoding.config.numAttentionHeads
        else { return nil }
        let tt = tokenCount * tokenCount
        return Array(all[(head * tt)..<((head + 1) * tt)])
    }

    /// The share of layer `layer`'s attention on [CLS], [SEP] and punctuation by weight and by norm (see
    /// `AttentionShares`); nil where `attentionNorms(layer:)` is.
    public func attentionShares(layer: Int) -> AttentionShares? {
        guard let n = attentionNorms(layer: layer), let mean = attention(layer: layer, .mean) else { return nil }
        // The closure's type is spelled out: inferred as Optional, a missing cache entry would read as a cached nil.
        return cached(Key("attention.shares", layer)) { (e: Encoding) -> AttentionShares in
            let t = e.tokenCount
            let classes = EncodingAnalysis.specialClasses(e)
            var byWeight = [Float](repeating: 0, count: 3)
            var byNorm = [Float](repeating: 0, count: 3)
            guard t > 0 else { return AttentionShares(byWeight: byWeight, byNorm: byNorm) }
            for i in 0..<t {
                var total: Float = 0
                for j in 0..<t { total += n.summed[i * t + j] }
                for (c, keys) in classes.enumerated() {
                    for j in keys {
                        byWeight[c] += mean[i * t + j]
                        if total > 0 { byNorm[c] += n.summed[i * t + j] / total }
                    }
                }
            }
            return AttentionShares(byWeight: byWeight.map { $0 / Float(t) }, byNorm: byNorm.map { $0 / Float(t) })
        }
    }

    /// The key indices of [CLS], [SEP] and punctuation tokens: the one classification the shares and head roles use.
    static func specialClasses(_ e: Encoding) -> [[Int]] {
        let cls = e.tokens.indices.filter { e.tokens[$0].text == "[CLS]" }
        let sep = e.tokens.indices.filter { e.tokens[$0].text == "[SEP]" }
        let punctuation = e.tokens.indices.filter { i in
            let token = e.tokens[i]
            return !token.isSpecial && !token.text.isEmpty
                && token.text.unicodeScalars.allSatisfy(CharacterClass.isPunctuation)
        }
        return [cls, sep, punctuation]
    }

    static func norms(_ e: Encoding, layer: Int, projection: AttentionValueProjection) -> AttentionNorms {
        let t = e.tokenCount
        let h = e.config.hiddenSize
        let heads = e.config.numAttentionHeads
        var f = [Float](repeating: 0, count: heads * t * h)  // (heads, T, hidden)
        e.values[layer - 1].withUnsafeBufferPointer { v in
            f.withUnsafeMutableBufferPointer { out in
                guard let v = v.baseAddress, let out = out.baseAddress else { return }
                projection.headOutputs(layer: layer - 1, values: v, tokens: t, into: out)
            }
        }
        var valueNorms = [Float](repeating: 0, count: heads * t)
        f.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for r in 0..<(heads * t) { valueNorms[r] = cblas_snrm2(Int32(h), base + r * h, 1) }
        }
        // summed[i][j] = || sum_h alpha[h][i][j] f[h][j] ||: for each key j, (T, heads) weights times the
        // (heads, hidden) stack of its head outputs (rows T * hidden apart in f), then the rows' norms.
        var summed = [Float](repeating: 0, count: t * t)
        let attention = e.attentions[layer - 1]
        var weights = [Float](repeating: 0, count: t * heads)  // (T, heads) for one key
        var contribution = [Float](repeating: 0, count: t * h)  // (T, hidden) for one key
        f.withUnsafeBufferPointer { fp in
            guard let fb = fp.baseAddress else { return }
            for j in 0..<t {
                for (hd, m) in attention.enumerated() {
                    for i in 0..<t { weights[i * heads + hd] = m[i, j] }
                }
                weights.withUnsafeBufferPointer { wp in
                    contribution.withUnsafeMutableBufferPointer { cp in
                        guard let cb = cp.baseAddress else { return }
                        cblas_sgemm(
                            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(h), Int32(heads), 1,
                            wp.baseAddress, Int32(heads), fb + j * h, Int32(t * h), 0, cb, Int32(h))
                        for i in 0..<t { summed[i * t + j] = cblas_snrm2(Int32(h), cb + i * h, 1) }
                    }
                }
            }
        }
        return AttentionNorms(
            tokens: t, heads: heads, valueNorms: valueNorms, summed: summed, summedMax: summed.max() ?? 0)
    }
}
