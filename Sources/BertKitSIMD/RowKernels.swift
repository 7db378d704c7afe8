/// Row-wise operations of the forward pass, 16 floats at a time (any length; the tail is handled lane by lane).
public enum RowKernels {
    /// out = LayerNorm(x) over `n` floats, as torch: (x - mean) / sqrt(biased variance + eps) * gamma + beta.
    /// Two passes (mean, then the centred sum of squares), so cancellation cannot hurt the variance.
    /// `out` may be `x`.
    public static func layerNorm(
        _ x: UnsafePointer<Float>, count n: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float,
        out: UnsafeMutablePointer<Float>
    ) {
        let whole = n & ~15
        var s0 = Float32x16()
        var s1 = Float32x16()
        var j = 0
        while j + 32 <= whole {
            s0 += load(x + j)
            s1 += load(x + j + 16)
            j += 32
        }
        if j < whole {
            s0 += load(x + j)
            j += 16
        }
        s0 += loadPartial(x + whole, n - whole)
        let mean = horizontalSum(s0 + s1) / Float(n)
        let m = Float32x16(repeating: mean)
        var q0 = Float32x16()
        var q1 = Float32x16()
        j = 0
        while j + 32 <= whole {
            let d0 = load(x + j) - m
            let d1 = load(x + j + 16) - m
            q0 = q0.addingProduct(d0, d0)
            q1 = q1.addingProduct(d1, d1)
            j += 32
        }
        if j < whole {
            let d0 = load(x + j) - m
            q0 = q0.addingProduct(d0, d0)
            j += 16
        }
        let tail = loadPartial(x + whole, n - whole, fill: mean) - m
        q0 = q0.addingProduct(tail, tail)
        let variance = horizontalSum(q0 + q1) / Float(n)
        let inv = Float32x16(repeating: 1 / (variance + eps).squareRoot())
        j = 0
        while j < whole {
            store(((load(x + j) - m) * inv * load(gamma + j)) + load(beta + j), out + j)
            j += 16
        }
        let r = n - whole
        if r > 0 {
            let v =
                ((loadPartial(x + whole, r) - m) * inv * loadPartial(gamma + whole, r)) + loadPartial(beta + whole, r)
            storePartial(v, out + whole, r)
        }
    }

    /// In-place softmax of one row of `n` floats, max-subtracted like torch.
    public static func softmax(_ row: UnsafeMutablePointer<Float>, count n: Int) {
        let whole = n & ~15
        var mx = loadPartial(row + whole, n - whole, fill: -.infinity)
        var j = 0
        while j < whole {
            mx = maximum(mx, load(row + j))
            j += 16
        }
        let m = Float32x16(repeating: horizontalMax(mx))
        var sum = Float32x16()
        j = 0
        while j < whole {
            let e = expVector(load(row + j) - m)
            store(e, row + j)
            sum += e
            j += 16
        }
        let r = n - whole
        if r > 0 {
            // Lanes past the row are not part of it: zero them before they reach the sum.
            var e = expVector(loadPartial(row + whole, r) - m)
            for lane in r..<16 { e[lane] = 0 }
            storePartial(e, row + whole, r)
            sum += e
        }
        let inv = Float32x16(repeating: 1 / horizontalSum(sum))
        j = 0
        while j < whole {
            store(load(row + j) * inv, row + j)
            j += 16
        }
        if r > 0 { storePartial(loadPartial(row + whole, r) * inv, row + whole, r) }
    }

    /// out = (a + b) + c over `n` floats: BertEmbeddings' word + token type + position sum.
    public static func add(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, count n: Int,
        out: UnsafeMutablePointer<Float>
    ) {
        let whole = n & ~15
        var j = 0
        while j < whole {
            store((load(a + j) + load(b + j)) + load(c + j), out + j)
            j += 16
        }
        let r = n - whole
        if r > 0 {
            storePartial(
                (loadPartial(a + whole, r) + loadPartial(b + whole, r)) + loadPartial(c + whole, r), out + whole, r)
        }
    }
}
