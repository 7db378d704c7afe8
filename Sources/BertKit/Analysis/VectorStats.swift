/// Summary statistics of a vector, as the side panel and `inspect` show them.
public struct VectorStats: Sendable, Equatable {
    public let count: Int
    public let mean: Float
    /// Population standard deviation.
    public let std: Float
    public let min: Float
    public let max: Float
    /// Euclidean (L2) norm.
    public let norm: Float
    /// Elements with |x| > `EncodingAnalysis.saturationThreshold`: saturated, for a tanh output such as
    /// pooler_output.
    public let saturated: Int

    /// Computes the statistics of `values` (all zero for an empty sequence).
    public init<C: Collection>(_ values: C) where C.Element == Float {
        count = values.count
        guard !values.isEmpty else {
            (mean, std, min, max, norm, saturated) = (0, 0, 0, 0, 0, 0)
            return
        }
        var sum: Double = 0
        var squares: Double = 0
        var saturatedCount = 0
        let threshold = EncodingAnalysis.saturationThreshold
        var lo = Float.infinity
        var hi = -Float.infinity
        for v in values {
            sum += Double(v)
            squares += Double(v) * Double(v)
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
            if abs(v) > threshold { saturatedCount += 1 }
        }
        saturated = saturatedCount
        let m = sum / Double(values.count)
        mean = Float(m)
        // A NaN anywhere makes every moment NaN (Swift's min and max would skip it, and max(0, NaN) is 0):
        // NaN outputs are shown as NaN, never as a plausible number.
        let variance = squares / Double(values.count) - m * m
        std = variance.isNaN ? .nan : Float(Swift.max(0, variance).squareRoot())
        min = sum.isNaN ? .nan : lo
        max = sum.isNaN ? .nan : hi
        norm = Float(squares.squareRoot())
    }
}

/// Vector arithmetic shared by the UI and the report.
public enum VectorMath {
    /// Cosine similarity (0 when either vector is all zeros).
    public static func cosine<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float
    where A.Element == Float, B.Element == Float {
        var dot: Double = 0
        var na: Double = 0
        var nb: Double = 0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        if dot.isNaN || na.isNaN || nb.isNaN { return .nan }
        guard na > 0, nb > 0 else { return 0 }
        return Float(dot / (na.squareRoot() * nb.squareRoot()))
    }

    /// Largest absolute element-wise difference; NaN when any difference is NaN (a NaN on either side).
    public static func maxAbsDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float
    where A.Element == Float, B.Element == Float {
        var m: Float = 0
        for (x, y) in zip(a, b) {
            let d = abs(x - y)
            if d.isNaN { return .nan }
            m = Swift.max(m, d)
        }
        return m
    }

    /// The mean over rows of a (T, H) matrix: the mean-pooled sentence vector sentence-transformers uses.
    public static func meanPooled(_ m: Matrix) -> [Float] {
        var out = [Float](repeating: 0, count: m.cols)
        guard m.rows > 0 else { return out }
        for r in 0..<m.rows {
            for (c, v) in m.row(r).enumerated() { out[c] += v }
        }
        let inv = 1 / Float(m.rows)
        return out.map { $0 * inv }
    }

    /// The `q`-quantile (0...1) of |x| over `values`, by selection (no full sort). 0 for no values.
    public static func absQuantile<C: Collection>(_ values: C, _ q: Double) -> Float where C.Element == Float {
        absQuantile(ArraySlice(values), q)
    }

    /// `absQuantile` on contiguous storage: the form every (T, D) activation matrix takes. It runs for every layer
    /// of every encoding, on each keystroke, so it selects by histogram: the largest |x|, then counts in 2,048
    /// equal bins up to it (the bin index grows with |x|, so the bins keep the order), then an exact selection among
    /// the few values in the bin that holds rank k. The result is the same element a full sort would give.
    /// Values that are not finite take the plain selection path.
    public static func absQuantile(_ values: ArraySlice<Float>, _ q: Double) -> Float {
        let n = values.count
        guard n > 0 else { return 0 }
        let k = min(n - 1, max(0, Int((Double(n - 1) * q).rounded())))
        return values.withUnsafeBufferPointer { src -> Float in
            var top: Float = 0
            var finite = true
            for v in src {
                let m = abs(v)
                top = Swift.max(top, m)
                finite = finite && m.isFinite
            }
            let bins = 2048
            let scale = Float(bins) / top
            guard finite, top > 0, scale.isFinite, n > 64 else { return selectAbs(src, k) }
            var counts = [Int](repeating: 0, count: bins + 1)
            counts.withUnsafeMutableBufferPointer { c in
                for v in src { c[Int(abs(v) * scale)] += 1 }
            }
            // the bin holding rank k, and how many values lie below it
            var below = 0
            var bin = 0
            while below + counts[bin] <= k {
                below += counts[bin]
                bin += 1
            }
            var inBin = [Float]()
            inBin.reserveCapacity(counts[bin])
            for v in src where Int(abs(v) * scale) == bin { inBin.append(abs(v)) }
            return inBin.withUnsafeMutableBufferPointer { quickselect($0, k - below) }
        }
    }

    /// The k-th smallest |x| of `src` by selection on a copy.
    static func selectAbs(_ src: UnsafeBufferPointer<Float>, _ k: Int) -> Float {
        var a = [Float](unsafeUninitializedCapacity: src.count) { buffer, initialized in
            for i in 0..<src.count { buffer[i] = abs(src[i]) }
            initialized = src.count
        }
        return a.withUnsafeMutableBufferPointer { quickselect($0, k) }
    }

    /// The k-th smallest element (0-based) of `a`, reordering `a` (Hoare partition, median-of-three pivots).
    static func quickselect(_ a: UnsafeMutableBufferPointer<Float>, _ k: Int) -> Float {
        var lo = 0
        var hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // median of three as pivot
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo
            var j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return a[k]
            }
        }
        return a[k]
    }

    /// Counts of `values` in `bins` equal bins over `range` (values outside are clamped into the end bins).
    public static func histogram<C: Collection>(_ values: C, bins: Int, range: ClosedRange<Float>) -> [Int]
    where C.Element == Float {
        var counts = [Int](repeating: 0, count: max(1, bins))
        let width = range.upperBound - range.lowerBound
        for x in values where x.isFinite {
            let t = width > 0 ? (x - range.lowerBound) / width : 0.5
            let i = min(counts.count - 1, max(0, Int(saturating: t * Float(counts.count))))
            counts[i] += 1
        }
        return counts
    }
}

extension Int {
    /// `value` rounded toward zero as a whole number that never traps: NaN becomes 0 and values beyond ±2^52
    /// are clamped. The one conversion for drawing positions, bins and counts computed from model outputs,
    /// which may be NaN or infinite when a checkpoint's weights are.
    public init<F: BinaryFloatingPoint>(saturating value: F) {
        let limit: F = 4_503_599_627_370_496  // 2^52: exact in Double, far beyond any pixel or bin
        self = value.isNaN ? 0 : Int(Swift.min(limit, Swift.max(-limit, value)))
    }
}
