extension EncodingAnalysis {
    /// Attention rollout (Abnar & Zuidema 2020) through layer `layer` (1...L), (T, T) row-major; nil outside 1...L.
    ///
    /// Each layer's attention is `A_l = 0.5 * mean over heads + 0.5 * I`, rows renormalised to sum to 1, and the
    /// rollout at layer i is `A_i · A_(i-1) ··· A_1`: row q says how much of token q's vector at layer i comes, through
    /// the residual and every head, from each input token. `--save` writes it as `rollout.{layer - 1}` (the index of
    /// `attentions.{i}`). A layer's rollout builds on the one below it, so each is computed once.
    public func rollout(layer: Int) -> [Float]? {
        guard layer >= 1, layer <= encoding.attentions.count,
            let mixed = attention(layer: layer, .mean)
        else { return nil }
        let t = tokenCount
        let residual = EncodingAnalysis.withResidual(mixed, tokens: t)
        guard layer > 1, let below = rollout(layer: layer - 1) else {
            return cached(Key("rollout", layer)) { _ in residual }
        }
        return cached(Key("rollout", layer)) { _ in Kernels.product(residual, below, m: t, k: t, n: t) }
    }

    /// `0.5 * attention + 0.5 * I` with each row renormalised to sum to 1 (rows of zeros stay zero).
    static func withResidual(_ attention: [Float], tokens t: Int) -> [Float] {
        var a = attention
        for q in 0..<t {
            a[q * t + q] += 1
            var sum: Float = 0
            for k in 0..<t { sum += a[q * t + k] }
            guard sum > 0 else { continue }
            let inv = 1 / sum
            for k in 0..<t { a[q * t + k] *= inv }
        }
        return a
    }
}
