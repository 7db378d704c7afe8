/// Summary numbers of one vector (a [CLS] vector, pooler_output, a mean-pooled sentence vector).
public struct VectorStats: Sendable, Hashable {
    /// Number of elements.
    public let count: Int
    /// Mean.
    public let mean: Float
    /// Population standard deviation.
    public let std: Float
    /// Smallest element.
    public let min: Float
    /// Largest element.
    public let max: Float
    /// Euclidean length.
    public let norm: Float

    /// Computes the stats of `v` (all zero for an empty vector).
    public init<C: Collection>(_ v: C) where C.Element == Float {
        count = v.count
        guard !v.isEmpty else {
            (mean, std, min, max, norm) = (0, 0, 0, 0, 0)
            return
        }
        var sum: Double = 0, sq: Double = 0
        var lo = Float.infinity, hi = -Float.infinity
        for x in v {
            sum += Double(x)
            sq += Double(x) * Double(x)
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
        }
        let n = Double(v.count)
        let m = sum / n
        mean = Float(m)
        std = Float(Swift.max(0, sq / n - m * m).squareRoot())
        min = lo
        max = hi
        norm = Float(sq.squareRoot())
    }
}

/// Small numeric helpers shared by the statistics.
public enum VectorMath {
    /// Cosine similarity of two equally long vectors (0 when either is all zeros).
    public static func cosine<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float
    where A.Element == Float, B.Element == Float {
        var dot: Double = 0, na: Double = 0, nb: Double = 0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        guard na > 0, nb > 0 else { return 0 }
        return Float(dot / (na.squareRoot() * nb.squareRoot()))
    }

    /// The `q`-quantile (0...1) of |x| over `values`, by selection (no full sort). 0 for no values.
    public static func absQuantile<C: Collection>(_ values: C, _ q: Double) -> Float where C.Element == Float {
        var a = values.map { abs($0) }
        guard !a.isEmpty else { return 0 }
        let k = min(a.count - 1, max(0, Int((Double(a.count - 1) * q).rounded())))
        return quickselect(&a, k)
    }

    /// The k-th smallest element (0-based) of `a`, reordering `a` (Hoare partition, median-of-three pivots).
    static func quickselect(_ a: inout [Float], _ k: Int) -> Float {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // median of three as pivot
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
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
            let i = min(counts.count - 1, max(0, Int(t * Float(counts.count))))
            counts[i] += 1
        }
        return counts
    }
}
