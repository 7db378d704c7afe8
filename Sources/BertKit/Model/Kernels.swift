import COpenBLAS
import Foundation

/// The BLAS engine's building blocks (OpenBLAS and scalar code, for CPUs without AVX2).
/// Allocation-free; every pointer's shape is in its doc.
enum Kernels {
    /// out (rows, outputs) = x (rows, inputs) * weight^T + bias, with the weight in HF's (out, in) layout.
    static func linear(x: UnsafePointer<Float>, rows: Int, dense: DenseWeights, out: UnsafeMutablePointer<Float>) {
        let n = dense.outputs
        let k = dense.inputs
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(k), 1, x, Int32(k),
            dense.weight, Int32(k), 0, out, Int32(n))
        let b = dense.bias
        for r in 0..<rows {
            let row = out + r * n
            for c in 0..<n { row[c] += b[c] }
        }
    }

    /// Scaled dot-product attention per head over `qkv` (T, 3 * hidden) = [query | key | value]:
    /// probabilities (heads, T, T) = softmax(q k^T / sqrt(d)), context (T, hidden) = probabilities * v.
    static func attention(
        qkv: UnsafePointer<Float>, tokens t: Int, heads: Int, headDim d: Int, hidden h: Int,
        probabilities: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>
    ) {
        let scale = 1 / Float(d).squareRoot()
        let stride = Int32(3 * h)
        for hd in 0..<heads {
            let q = qkv + hd * d
            let k = qkv + h + hd * d
            let v = qkv + 2 * h + hd * d
            let p = probabilities + hd * t * t
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(t), Int32(d), scale, q, stride, k, stride, 0,
                p, Int32(t))
            for i in 0..<t { softmax(p + i * t, count: t) }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(d), Int32(t), 1, p, Int32(t), v, stride, 0,
                context + hd * d, Int32(h))
        }
    }

    /// In-place softmax of one row, max-subtracted like torch.
    static func softmax(_ row: UnsafeMutablePointer<Float>, count n: Int) {
        var m = -Float.infinity
        for j in 0..<n { m = max(m, row[j]) }
        var sum: Float = 0
        for j in 0..<n {
            let e = expf(row[j] - m)
            row[j] = e
            sum += e
        }
        let inv = 1 / sum
        for j in 0..<n { row[j] *= inv }
    }

    /// In-place LayerNorm of one row (biased variance, like torch).
    static func layerNorm(
        _ row: UnsafeMutablePointer<Float>, count n: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        eps: Float
    ) {
        var mean: Double = 0
        for j in 0..<n { mean += Double(row[j]) }
        mean /= Double(n)
        var variance: Double = 0
        for j in 0..<n {
            let c = Double(row[j]) - mean
            variance += c * c
        }
        variance /= Double(n)
        let inv = Float(1 / (variance + Double(eps)).squareRoot())
        let m = Float(mean)
        for j in 0..<n { row[j] = (row[j] - m) * inv * gamma[j] + beta[j] }
    }

    /// out (rows, cols) = LayerNorm(x + residual), row by row.
    static func addLayerNorm(
        _ x: UnsafePointer<Float>, residual: UnsafePointer<Float>, rows: Int, cols: Int, gamma: UnsafePointer<Float>,
        beta: UnsafePointer<Float>, eps: Float, out: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            let o = out + r * cols
            let a = x + r * cols
            let b = residual + r * cols
            for j in 0..<cols { o[j] = a[j] + b[j] }
            layerNorm(o, count: cols, gamma: gamma, beta: beta, eps: eps)
        }
    }

    /// In-place exact GELU: 0.5 x (1 + erf(x / sqrt(2))) (HF's "gelu").
    static func gelu(_ x: UnsafeMutablePointer<Float>, count n: Int) {
        let invSqrt2: Float = 0.70710678118654752440
        for j in 0..<n {
            let v = x[j]
            x[j] = 0.5 * v * (1 + erff(v * invSqrt2))
        }
    }
}
