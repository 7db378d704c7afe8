import COpenBLAS

/// Each head's share of `attention.output.dense` applied to its value vectors, for the value-weighted attention
/// norms (Kobayashi et al. 2020): `f^h(x_j) = (x_j W_V^h + b_V^h) W_O^h`, where `x_j W_V^h + b_V^h` is head h's
/// slice of the value vector the forward pass kept (`Encoding.values`) and `W_O^h` the rows h * d ..< (h + 1) * d of
/// the output dense's input side (its bias left out: it is added once, not per token, so it carries no token's
/// contribution).
///
/// Reads the weights as the forward pass stores them: packed panels (CBertKernels' panel GEMM on the head's
/// rows of each panel) or HF's row-major (out, in) layout in place (OpenBLAS). Immutable and shared by every
/// encoding of one model; safe to call from any thread.
final class AttentionValueProjection: @unchecked Sendable {
    let config: BertConfig
    /// Kept alive for the pointers below.
    let weights: BertWeights

    init(config: BertConfig, weights: BertWeights) {
        self.config = config
        self.weights = weights
    }

    /// f (heads, T, hidden) for layer `layer` (0-based, as `attentions.{i}`): f[h][j] = values[j, h slice] · W_O^h.
    /// `values` is (T, hidden); `f` must hold heads * T * hidden floats.
    func headOutputs(layer: Int, values: UnsafePointer<Float>, tokens t: Int, into f: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        let d = config.headDim
        let heads = config.numAttentionHeads
        let w = weights.layers[layer].attentionOutput
        switch weights.layout {
        case .panels:
            // A packed weight holds B[k][j] = W[p * 32 + j][k] in panel p, k (the input) outer: head h's inputs
            // are the rows h * d ..< (h + 1) * d of every panel, a depth-d operand with the panels' stride.
            for head in 0..<heads {
                let b = PanelOperand(
                    base: w.weight + head * d * PanelLayout.width, depth: d, columns: h, rowStride: PanelLayout.width,
                    panelStride: h * PanelLayout.width)
                PanelLayout.multiply(
                    a: values + head * d, lda: h, rows: t, b: b, panels: 0..<b.panelCount, c: f + head * t * h,
                    ldc: h, epilogue: .store)
            }
        case .rowMajor:
            // W (out, in) row-major: f_h = V[:, h slice] · W[:, h slice]^T.
            for head in 0..<heads {
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(h), Int32(d), 1, values + head * d,
                    Int32(h), w.weight + head * d, Int32(h), 0, f + head * t * h, Int32(h))
            }
        }
    }
}
