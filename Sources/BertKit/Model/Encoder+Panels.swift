import CBertKernels

/// One parallel step of the panel engine: what `Encoder.run(chunk:worker:)` does for each chunk.
enum PanelStep {
    case idle
    /// BertEmbeddings for `tokens` rows (ids in `tokenIDs`, `segments`) into `out` (T, hidden); a chunk is
    /// `Encoder.rowsPerChunk` rows.
    case embed(tokens: Int, out: UnsafeMutablePointer<Float>)
    /// c = epilogue(a b); a chunk is one 32-column panel of b.
    case gemm(
        a: UnsafePointer<Float>, lda: Int, rows: Int, b: PanelOperand, c: UnsafeMutablePointer<Float>, ldc: Int,
        epilogue: Epilogue)
    /// Attention over the `qkv` scratch into `probabilities` (heads, T, T) and the `context` scratch; a chunk
    /// is one head.
    case attention(tokens: Int, heads: Int, probabilities: UnsafeMutablePointer<Float>)
    /// out = LayerNorm(x) row by row, (rows, hidden); a chunk is `Encoder.rowsPerChunk` rows.
    case layerNorm(
        rows: Int, x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>)

    /// How many chunks the step is cut into.
    var chunks: Int {
        switch self {
        case .idle: return 0
        case .embed(let tokens, _): return (tokens + Encoder.rowsPerChunk - 1) / Encoder.rowsPerChunk
        case .gemm(_, _, _, let b, _, _, _): return b.panelCount
        case .attention(_, let heads, _): return heads
        case .layerNorm(let rows, _, _, _, _): return (rows + Encoder.rowsPerChunk - 1) / Encoder.rowsPerChunk
        }
    }
}

/// The panel engine: every step of a layer is a `PanelStep` run in chunks on the worker pool.
extension Encoder: ChunkedJob {
    /// Token rows per chunk of row-wise work (embeddings, LayerNorm).
    static let rowsPerChunk = 8

    /// Runs `step` on all workers and waits for it.
    func parallel(_ step: PanelStep, runner: ParallelRunner) {
        self.step = step
        runner.parallel(step.chunks, self)
        self.step = .idle
    }

    func run(chunk: Int, worker: Int) {
        let h = config.hiddenSize
        switch step {
        case .idle:
            break
        case .embed(let tokens, let out):
            let word = weights.wordEmbeddings.pointer
            let pos = weights.positionEmbeddings.pointer
            let type = weights.tokenTypeEmbeddings.pointer
            let gamma = weights.embeddingNormGamma.pointer
            let beta = weights.embeddingNormBeta.pointer
            for p in (chunk * Self.rowsPerChunk)..<min(tokens, (chunk + 1) * Self.rowsPerChunk) {
                let row = out + p * h
                cbk_add3(word + tokenIDs[p] * h, type + segments[p] * h, pos + p * h, h, row)
                cbk_layer_norm(row, h, gamma, beta, config.layerNormEps, row)
            }
        case .gemm(let a, let lda, let rows, let b, let c, let ldc, let epilogue):
            PanelLayout.multiply(
                a: a, lda: lda, rows: rows, b: b, panels: chunk..<(chunk + 1), c: c, ldc: ldc, epilogue: epilogue)
        case .attention(let tokens, _, let probabilities):
            cbk_attention_heads(
                chunk, chunk + 1, qkv, tokens, h, config.headDim, probabilities, context,
                keyPanels + worker * keyPanelStride)
        case .layerNorm(let rows, let x, let gamma, let beta, let out):
            for r in (chunk * Self.rowsPerChunk)..<min(rows, (chunk + 1) * Self.rowsPerChunk) {
                cbk_layer_norm(x + r * h, h, gamma, beta, config.layerNormEps, out + r * h)
            }
        }
    }

    /// One BertLayer on the panel engine: `input` (T, hidden) -> `output` (T, hidden), writing attention
    /// probabilities (heads, T, T) and GELU activations (T, intermediate) to the output tensors.
    func panelLayer(
        _ l: Int, tokens t: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        attention: UnsafeMutablePointer<Float>, intermediate: UnsafeMutablePointer<Float>, runner: ParallelRunner
    ) {
        let w = weights.layers[l]
        let h = config.hiddenSize
        let inter = config.intermediateSize
        // BertSelfAttention: fused query/key/value projection -> (T, 3 * hidden), then attention per head.
        parallel(
            .gemm(a: input, lda: h, rows: t, b: w.qkv.panels, c: qkv, ldc: 3 * h, epilogue: .bias(w.qkv.bias)),
            runner: runner)
        parallel(.attention(tokens: t, heads: config.numAttentionHeads, probabilities: attention), runner: runner)
        // BertSelfOutput: LayerNorm(dense(context) + input).
        parallel(
            .gemm(
                a: context, lda: h, rows: t, b: w.attentionOutput.panels, c: projected, ldc: h,
                epilogue: .biasResidual(w.attentionOutput.bias, residual: input, stride: h)),
            runner: runner)
        parallel(
            .layerNorm(rows: t, x: projected, gamma: w.attentionNormGamma, beta: w.attentionNormBeta, out: residual),
            runner: runner)
        // BertIntermediate: gelu(dense(x)) -> (T, intermediate), GELU fused into the GEMM.
        parallel(
            .gemm(
                a: residual, lda: h, rows: t, b: w.intermediate.panels, c: intermediate, ldc: inter,
                epilogue: .biasGELU(w.intermediate.bias)),
            runner: runner)
        // BertOutput: LayerNorm(dense(intermediate) + attention output).
        parallel(
            .gemm(
                a: intermediate, lda: inter, rows: t, b: w.output.panels, c: projected, ldc: h,
                epilogue: .biasResidual(w.output.bias, residual: residual, stride: h)),
            runner: runner)
        parallel(
            .layerNorm(rows: t, x: projected, gamma: w.outputNormGamma, beta: w.outputNormBeta, out: output),
            runner: runner)
    }
}
