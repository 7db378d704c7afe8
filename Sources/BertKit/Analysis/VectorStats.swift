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

    /// Computes the statistics of `values` (all zero for an empty sequence).
    public init<C: Collection>(_ values: C) where C.Element == Float {
        count = values.count
        guard !values.isEmpty else {
            (mean, std, min, max, norm) = (0, 0, 0, 0, 0)
            return
        }
        var sum: Double = 0, squares: Double = 0
        var lo = Float.infinity, hi = -Float.infinity
        for v in values {
            sum += Double(v)
            squares += Double(v) * Double(v)
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        let m = sum / Double(values.count)
        mean = Float(m)
        std = Float(Swift.max(0, squares / Double(values.count) - m * m).squareRoot())
        min = lo
        max = hi
        norm = Float(squares.squareRoot())
    }
}

/// Vector arithmetic shared by the UI and the report.
public enum VectorMath {
    /// Cosine similarity (0 when either vector is all zeros).
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

    /// Largest absolute element-wise difference.
    public static func maxAbsDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float
    where A.Element == Float, B.Element == Float {
        var m: Float = 0
        for (x, y) in zip(a, b) { m = Swift.max(m, abs(x - y)) }
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
}
