/// Scaled dot-product attention (HF `eager_attention_forward`, no mask, no dropout) on the panel GEMM.
///
/// Each thread needs `scratch` for one head's keys packed into panels: ceil(T / 32) * 32 * headDim floats.
public enum Attention {
    /// For each head in `first..<end`, over `qkv` (T, 3 * hidden) = [query | key | value] per token:
    /// probabilities[head] (T, T) = softmax(q k^T * d^-1/2), context[:, head's columns] (T, hidden) = p v.
    ///
    /// The value vectors are read 32 floats at a time: `qkv` must stay readable 32 floats past its last row.
    public static func heads(
        first: Int, end: Int, qkv: UnsafePointer<Float>, tokens t: Int, hidden h: Int, headDim d: Int,
        probabilities: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        // torch multiplies by head_dim ** -0.5, computed in Double and rounded once.
        let scale = Float(1 / Double(d).squareRoot())
        let stride = 3 * h
        for hd in first..<end {
            let q = qkv + hd * d
            let k = qkv + h + hd * d
            let v = qkv + 2 * h + hd * d
            let p = probabilities + hd * t * t
            let w = PanelGEMM.width
            PanelGEMM.pack(rows: k, rowStride: stride, count: t, length: d, into: scratch)
            PanelGEMM.multiply(
                a: q, lda: stride, rows: t, b: scratch, depth: d, columns: t, rowStride: w, panelStride: d * w,
                firstPanel: 0, endPanel: (t + w - 1) / w, c: p, ldc: t, epilogue: GEMMEpilogue.scale, scale: scale,
                bias: q, residual: q, residualStride: 0)
            for i in 0..<t { RowKernels.softmax(p + i * t, count: t) }
            PanelGEMM.multiply(
                a: p, lda: t, rows: t, b: v, depth: t, columns: d, rowStride: stride, panelStride: w, firstPanel: 0,
                endPanel: (d + w - 1) / w, c: context + hd * d, ldc: h, epilogue: GEMMEpilogue.store, scale: 1, bias: q,
                residual: q, residualStride: 0)
        }
    }
}
