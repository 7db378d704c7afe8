import Foundation

/// Summary statistics of one vector, as the pooler panel shows them.
struct VectorStats: Equatable {
    let count: Int
    let norm: Double
    let mean: Double
    /// Population standard deviation.
    let std: Double
    let min: Double
    let max: Double
    /// Values with |x| > 0.9 (saturated by a tanh).
    let saturated: Int

    init<C: Collection>(_ v: C) where C.Element == Float {
        var sum = 0.0, sq = 0.0, lo = Double.infinity, hi = -Double.infinity, sat = 0
        for x in v {
            let d = Double(x)
            sum += d
            sq += d * d
            lo = Swift.min(lo, d)
            hi = Swift.max(hi, d)
            if abs(d) > 0.9 { sat += 1 }
        }
        count = v.count
        norm = sq.squareRoot()
        mean = count > 0 ? sum / Double(count) : 0
        std = count > 0 ? Swift.max(0, sq / Double(count) - mean * mean).squareRoot() : 0
        min = count > 0 ? lo : 0
        max = count > 0 ? hi : 0
        saturated = sat
    }

    /// Cosine similarity (0 when either vector is zero).
    static func cosine<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double where A.Element == Float, B.Element == Float {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        let d = (na * nb).squareRoot()
        return d > 0 ? dot / d : 0
    }

    /// The `q` quantile (0...1) of |x| by nearest rank.
    static func absQuantile<C: Collection>(_ v: C, _ q: Double) -> Double where C.Element == Float {
        guard !v.isEmpty else { return 0 }
        let sorted = v.map { abs(Double($0)) }.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank))]
    }
}
