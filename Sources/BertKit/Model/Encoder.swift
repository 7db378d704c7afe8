import COpenBLAS
import Foundation

/// The BertModel forward pass (HF `modeling_bert.py`, eager attention, fp32, no padding):
/// BertEmbeddings -> BertLayer x L (BertSelfAttention, BertSelfOutput, BertIntermediate, BertOutput) -> BertPooler.
///
/// Holds the scratch buffers, made once per model for the longest input and reused; `run` is not reentrant
/// (`BertModel` serialises calls).
final class Encoder: @unchecked Sendable {
    let config: BertConfig
    let weights: BertWeights

    // Scratch, sized for max_position_embeddings tokens.
    private let qkv: UnsafeMutablePointer<Float>  // (T, 3 * hidden): query | key | value per token
    private let context: UnsafeMutablePointer<Float>  // (T, hidden): attention output before the dense
    private let residual: UnsafeMutablePointer<Float>  // (T, hidden): attention block output (after LayerNorm)
    private let projected: UnsafeMutablePointer<Float>  // (T, hidden): dense outputs before add & norm

    init(config: BertConfig, weights: BertWeights) {
        self.config = config
        self.weights = weights
        let t = config.maxPositionEmbeddings, h = config.hiddenSize
        qkv = .allocate(capacity: t * 3 * h)
        context = .allocate(capacity: t * h)
        residual = .allocate(capacity: t * h)
        projected = .allocate(capacity: t * h)
    }

    deinit {
        qkv.deallocate()
        context.deallocate()
        residual.deallocate()
        projected.deallocate()
    }

    /// Runs the whole model on `input` (at most max_position_embeddings tokens) and packages every output.
    func run(input: TokenizedInput, modelName: String) -> Encoding {
        let start = DispatchTime.now().uptimeNanoseconds
        let t = input.tokens.count
        let h = config.hiddenSize, heads = config.numAttentionHeads, inter = config.intermediateSize
        let layers = config.numHiddenLayers
        precondition(t >= 1 && t <= config.maxPositionEmbeddings, "input longer than the model's positions")

        // Outputs: one allocation each, written in place.
        var hidden = [Float](repeating: 0, count: (layers + 1) * t * h)  // (L+1, T, hidden)
        var attention = [Float](repeating: 0, count: layers * heads * t * t)  // (L, heads, T, T)
        var intermediate = [Float](repeating: 0, count: layers * t * inter)  // (L, T, intermediate)
        var pooler: [Float]? = weights.poolerWeight == nil ? nil : [Float](repeating: 0, count: h)

        hidden.withUnsafeMutableBufferPointer { hs in
            attention.withUnsafeMutableBufferPointer { att in
                intermediate.withUnsafeMutableBufferPointer { im in
                    guard let hs = hs.baseAddress, let att = att.baseAddress, let im = im.baseAddress else { return }
                    embed(input: input, into: hs)
                    for l in 0..<layers {
                        layer(
                            l, tokens: t, input: hs + l * t * h, output: hs + (l + 1) * t * h,
                            attention: att + l * heads * t * t, intermediate: im + l * t * inter)
                    }
                }
            }
        }
        if let pw = weights.poolerWeight, let pb = weights.poolerBias {
            // BertPooler: tanh(dense(hidden_states[:, 0])).
            var out = [Float](repeating: 0, count: h)
            hidden.withUnsafeBufferPointer { hs in
                guard let cls = hs.baseAddress?.advanced(by: layers * t * h) else { return }
                out.withUnsafeMutableBufferPointer { o in
                    guard let o = o.baseAddress else { return }
                    Kernels.linear(x: cls, rows: 1, weight: pw, bias: pb, out: o)
                    for k in 0..<h { o[k] = tanhf(o[k]) }
                }
            }
            pooler = out
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

        let hiddenStates = (0...layers).map { Matrix(rows: t, cols: h, base: hidden, offset: $0 * t * h) }
        let attentions = (0..<layers).map { l in
            (0..<heads).map { hd in Matrix(rows: t, cols: t, base: attention, offset: (l * heads + hd) * t * t) }
        }
        let intermediates = (0..<layers).map { Matrix(rows: t, cols: inter, base: intermediate, offset: $0 * t * inter) }
        return Encoding(
            modelName: modelName, config: config, input: input, hiddenStates: hiddenStates, attentions: attentions,
            intermediates: intermediates, poolerOutput: pooler, forwardSeconds: seconds)
    }

    /// BertEmbeddings: LayerNorm(word[id] + position[t] + token_type[segment]) -> (T, hidden).
    private func embed(input: TokenizedInput, into out: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        let word = weights.wordEmbeddings.pointer, pos = weights.positionEmbeddings.pointer
        let type = weights.tokenTypeEmbeddings.pointer
        for (p, token) in input.tokens.enumerated() {
            let row = out + p * h
            let w = word + token.id * h, ps = pos + p * h
            let ty = type + min(token.segment, config.typeVocabSize - 1) * h
            for k in 0..<h { row[k] = (w[k] + ty[k]) + ps[k] }
            Kernels.layerNorm(
                row, count: h, gamma: weights.embeddingNormGamma.pointer, beta: weights.embeddingNormBeta.pointer,
                eps: config.layerNormEps)
        }
    }

    /// One BertLayer: `input` (T, hidden) -> `output` (T, hidden), writing attention probabilities (heads, T, T)
    /// and GELU activations (T, intermediate) to the output tensors.
    private func layer(
        _ l: Int, tokens t: Int, input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
        attention: UnsafeMutablePointer<Float>, intermediate: UnsafeMutablePointer<Float>
    ) {
        let w = weights.layers[l]
        let h = config.hiddenSize, heads = config.numAttentionHeads, d = config.headDim
        let inter = config.intermediateSize

        // BertSelfAttention: fused query/key/value projection -> (T, 3 * hidden).
        Kernels.linear(x: input, rows: t, weight: w.qkvWeight, bias: w.qkvBias, out: qkv)
        Kernels.attention(
            qkv: qkv, tokens: t, heads: heads, headDim: d, hidden: h, probabilities: attention, context: context)
        // BertSelfOutput: LayerNorm(dense(context) + input).
        Kernels.linear(x: context, rows: t, weight: w.attentionOutputWeight, bias: w.attentionOutputBias, out: projected)
        Kernels.addLayerNorm(
            projected, residual: input, rows: t, cols: h, gamma: w.attentionNormGamma.pointer,
            beta: w.attentionNormBeta.pointer, eps: config.layerNormEps, out: residual)
        // BertIntermediate: gelu(dense(x)) -> (T, intermediate).
        Kernels.linear(x: residual, rows: t, weight: w.intermediateWeight, bias: w.intermediateBias, out: intermediate)
        Kernels.gelu(intermediate, count: t * inter)
        // BertOutput: LayerNorm(dense(intermediate) + attention output).
        Kernels.linear(x: intermediate, rows: t, weight: w.outputWeight, bias: w.outputBias, out: projected)
        Kernels.addLayerNorm(
            projected, residual: residual, rows: t, cols: h, gamma: w.outputNormGamma.pointer,
            beta: w.outputNormBeta.pointer, eps: config.layerNormEps, out: output)
    }
}
