import COpenBLAS
import Foundation

/// The BertModel forward pass (HF `modeling_bert.py`, eager attention, fp32, no padding):
/// BertEmbeddings -> BertLayer x L (BertSelfAttention, BertSelfOutput, BertIntermediate, BertOutput) -> BertPooler.
///
/// Two engines, chosen by the weights' layout. `.panels` (CPUs that run CBertKernels' AVX-512 or AVX2 copy):
/// packed-panel GEMMs with fused epilogues (bias, bias + GELU, bias + residual), attention on the same GEMM, vectorised softmax and
/// LayerNorm, every step split across a persistent pool of threads. `.rowMajor` (anything else): OpenBLAS on
/// HF's weights in place, scalar element-wise code.
///
/// Holds the scratch buffers, made once per model for the longest input and reused; `run` is not reentrant
/// (`BertModel` serialises calls). After warm-up a forward pass allocates only the `Encoding`'s output arrays.
final class Encoder: @unchecked Sendable {
    let config: BertConfig
    let weights: BertWeights
    /// Splits the panel engine's work; nil for the BLAS engine (OpenBLAS has its own threads).
    let runner: ParallelRunner?

    // Scratch, sized for max_position_embeddings tokens.
    let qkv: UnsafeMutablePointer<Float>  // (T, 3 * hidden) + 32: query | key | value per token
    let context: UnsafeMutablePointer<Float>  // (T, hidden): attention output before the dense
    let residual: UnsafeMutablePointer<Float>  // (T, hidden): attention block output (after LayerNorm)
    let projected: UnsafeMutablePointer<Float>  // (T, hidden): dense outputs (+ residual) before LayerNorm
    let keyPanels: UnsafeMutablePointer<Float>  // (threads, packed keys of one head)
    let keyPanelStride: Int
    let tokenIDs: UnsafeMutablePointer<Int>  // (T): word ids of the current input
    let segments: UnsafeMutablePointer<Int>  // (T): token type ids, clamped to the table
    /// The panel engine's current parallel step (see Encoder+Panels.swift).
    var step: PanelStep = .idle
    /// What every encoding carries for the value-weighted norms (the weights' W_O per head).
    let valueProjection: AttentionValueProjection

    /// The default thread count: one per core, at most 8.
    static var defaultThreads: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }

    init(config: BertConfig, weights: BertWeights, threads: Int = Encoder.defaultThreads) {
        self.config = config
        self.weights = weights
        valueProjection = AttentionValueProjection(config: config, weights: weights)
        let t = config.maxPositionEmbeddings
        let h = config.hiddenSize
        switch weights.layout {
        case .panels:
            if threads > 1, #available(macOS 15.0, *) {
                runner = WorkerPool(threads: threads)
            } else {
                runner = SerialRunner()
            }
        case .rowMajor:
            runner = nil
        }
        let parts = runner?.threads ?? 1
        // The attention kernel reads value vectors 32 floats at a time: keep 32 readable floats past the end.
        qkv = .allocate(capacity: t * 3 * h + PanelLayout.width)
        qkv.initialize(repeating: 0, count: t * 3 * h + PanelLayout.width)
        context = .allocate(capacity: t * h)
        residual = .allocate(capacity: t * h)
        projected = .allocate(capacity: t * h)
        keyPanelStride = (PanelLayout.packedCount(outputs: t, inputs: config.headDim) + 15) / 16 * 16
        keyPanels = .allocate(capacity: parts * keyPanelStride)
        keyPanels.initialize(repeating: 0, count: parts * keyPanelStride)
        tokenIDs = .allocate(capacity: t)
        segments = .allocate(capacity: t)
    }

    deinit {
        qkv.deallocate()
        context.deallocate()
        residual.deallocate()
        projected.deallocate()
        keyPanels.deallocate()
        tokenIDs.deallocate()
        segments.deallocate()
    }

    /// Runs the whole model on `input` (at most max_position_embeddings tokens) and packages every output.
    func run(input: TokenizedInput, modelName: String) -> Encoding {
        guard let encoding = run(input: input, modelName: modelName, observer: { _ in .proceed }) else {
            preconditionFailure("a forward pass that is never told to stop returned no encoding")
        }
        return encoding
    }

    /// Runs the model on `input`, showing `observer` the layers computed so far after the embeddings and after
    /// each layer (the cancellation points); returns nil when the observer said `.stop` before the end.
    ///
    /// Each hidden state, each layer's attention and each layer's FFN activations is its own array, written once
    /// and never touched again, so a `ForwardProgress` hands out finished layers while later ones are computed.
    func run(
        input: TokenizedInput, modelName: String, observer: (ForwardProgress) -> ForwardStep
    ) -> Encoding? {
        let start = DispatchTime.now().uptimeNanoseconds
        let t = input.tokens.count
        let h = config.hiddenSize
        let heads = config.numAttentionHeads
        let inter = config.intermediateSize
        let layers = config.numHiddenLayers
        precondition(t >= 1 && t <= config.maxPositionEmbeddings, "input longer than the model's positions")
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

        // Outputs: one allocation each, every element written by the forward pass.
        var hidden: [[Float]] = [Self.uninitialized(t * h) { embed(input: input, into: $0) }]  // L+1 x (T, hidden)
        var attention: [[Float]] = []  // L x (heads, T, T)
        var intermediate: [[Float]] = []  // L x (T, intermediate)
        var values: [[Float]] = []  // L x (T, hidden): each layer's value vectors, kept for the value-weighted norms
        hidden.reserveCapacity(layers + 1)
        values.reserveCapacity(layers)
        attention.reserveCapacity(layers)
        intermediate.reserveCapacity(layers)
        func progress() -> ForwardProgress {
            ForwardProgress(
                modelName: modelName, config: config, input: input, hidden: hidden, attention: attention,
                intermediate: intermediate, values: values, projection: valueProjection, seconds: elapsed())
        }
        for l in 0..<layers {
            guard observer(progress()) == .proceed else { return nil }
            var a: [Float] = []
            var g: [Float] = []
            let out = hidden[l].withUnsafeBufferPointer { previous in
                Self.uninitialized(t * h) { out in  // (T, hidden)
                    a = Self.uninitialized(heads * t * t) { att in  // (heads, T, T)
                        g = Self.uninitialized(t * inter) { im in  // (T, intermediate)
                            guard let x = previous.baseAddress else { return }
                            if let runner {
                                panelLayer(
                                    l, tokens: t, input: x, output: out, attention: att, intermediate: im,
                                    runner: runner)
                            } else {
                                blasLayer(l, tokens: t, input: x, output: out, attention: att, intermediate: im)
                            }
                        }
                    }
                }
            }
            hidden.append(out)
            attention.append(a)
            intermediate.append(g)
            // The layer's value vectors are still in the qkv scratch (query | key | value per token): keep a copy.
            values.append(
                Self.uninitialized(t * h) { v in
                    for p in 0..<t { (v + p * h).update(from: qkv + p * 3 * h + 2 * h, count: h) }
                })
        }
        guard observer(progress()) == .proceed else { return nil }
        var pooler: [Float]?
        if let dense = weights.pooler, let last = hidden.last {
            // BertPooler: tanh(dense(hidden_states[:, 0])).
            pooler = last.withUnsafeBufferPointer { hs in
                Self.uninitialized(h) { out in
                    guard let cls = hs.baseAddress else { return }
                    self.dense(dense, x: cls, rows: 1, out: out)
                    for k in 0..<h { out[k] = tanhf(out[k]) }
                }
            }
        }
        return ForwardProgress(
            modelName: modelName, config: config, input: input, hidden: hidden, attention: attention,
            intermediate: intermediate, values: values, projection: valueProjection, seconds: elapsed()
        ).encoding(poolerOutput: pooler)
    }

    /// An array of `count` floats that `body` fills completely.
    private static func uninitialized(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { body(base) }
            initialized = count
        }
    }

    /// BertEmbeddings: LayerNorm(word[id] + token_type[segment] + position[t]) -> (T, hidden).
    private func embed(input: TokenizedInput, into out: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        let eps = config.layerNormEps
        let word = weights.wordEmbeddings.pointer
        let pos = weights.positionEmbeddings.pointer
        let type = weights.tokenTypeEmbeddings.pointer
        let gamma = weights.embeddingNormGamma.pointer
        let beta = weights.embeddingNormBeta.pointer
        let tokens = input.tokens
        if let runner {
            for (p, token) in tokens.enumerated() {
                tokenIDs[p] = token.id
                segments[p] = min(token.segment, config.typeVocabSize - 1)
            }
            parallel(.embed(tokens: tokens.count, out: out), runner: runner)
            return
        }
        for (p, token) in tokens.enumerated() {
            let row = out + p * h
            let w = word + token.id * h
            let ps = pos + p * h
            let ty = type + min(token.segment, config.typeVocabSize - 1) * h
            for k in 0..<h { row[k] = (w[k] + ty[k]) + ps[k] }
            Kernels.layerNorm(row, count: h, gamma: gamma, beta: beta, eps: eps)
        }
    }

    /// out (rows, outputs) = x (rows, inputs) W^T + b with whichever engine this model runs.
    func dense(_ d: DenseWeights, x: UnsafePointer<Float>, rows: Int, out: UnsafeMutablePointer<Float>) {
        if let runner {
            parallel(
                .gemm(a: x, lda: d.inputs, rows: rows, b: d.panels, c: out, ldc: d.outputs, epilogue: .bias(d.bias)),
                runner: runner)
        } else {
            Kernels.linear(x: x, rows: rows, dense: d, out: out)
        }
    }

    /// One BertLayer on the BLAS engine (same contract as `panelLayer`).
    private func blasLayer(
        _ l: Int, tokens t: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        attention: UnsafeMutablePointer<Float>, intermediate: UnsafeMutablePointer<Float>
    ) {
        let w = weights.layers[l]
        let h = config.hiddenSize
        let heads = config.numAttentionHeads
        let d = config.headDim
        let inter = config.intermediateSize

        // BertSelfAttention: fused query/key/value projection -> (T, 3 * hidden).
        Kernels.linear(x: input, rows: t, dense: w.qkv, out: qkv)
        Kernels.attention(
            qkv: qkv, tokens: t, heads: heads, headDim: d, hidden: h, probabilities: attention, context: context)
        // BertSelfOutput: LayerNorm(dense(context) + input).
        Kernels.linear(x: context, rows: t, dense: w.attentionOutput, out: projected)
        Kernels.addLayerNorm(
            projected, residual: input, rows: t, cols: h, gamma: w.attentionNormGamma, beta: w.attentionNormBeta,
            eps: config.layerNormEps, out: residual)
        // BertIntermediate: gelu(dense(x)) -> (T, intermediate).
        Kernels.linear(x: residual, rows: t, dense: w.intermediate, out: intermediate)
        Kernels.gelu(intermediate, count: t * inter)
        // BertOutput: LayerNorm(dense(intermediate) + attention output).
        Kernels.linear(x: intermediate, rows: t, dense: w.output, out: projected)
        Kernels.addLayerNorm(
            projected, residual: residual, rows: t, cols: h, gamma: w.outputNormGamma, beta: w.outputNormBeta,
            eps: config.layerNormEps, out: output)
    }
}
