import Foundation

/// The statistics of head logits, each computed here only: softmax, the top k, ranks, sigmoid.
public enum PredictionMath {
    /// log(sum(exp(x))), max-subtracted. A vocabulary row is 30,000 terms: each exp is taken in Float (within an
    /// ulp, like torch's float32 softmax), summed in 8 Float lanes over blocks of 512 terms and the blocks in Double,
    /// so the sum stays within about 1e-7 of a Double sum at a fraction of the cost of Double exp.
    public static func logSumExp(_ x: UnsafeBufferPointer<Float>) -> Double {
        guard let base = x.baseAddress, !x.isEmpty else { return -.infinity }
        let n = x.count
        var m = x[0]
        for v in x where v > m { m = v }
        guard m.isFinite else {
            // +inf dominates; NaN and all -inf rows give NaN and -inf as the Double formula does.
            if m == .infinity { return .infinity }
            var sum: Double = 0
            for v in x { sum += exp(Double(v - m)) }
            return Double(m) + log(sum)
        }
        var total: Double = 0
        var start = 0
        while start < n {
            let end = min(n, start + 512)
            var lanes = SIMD8<Float>()
            var j = start
            while j + 8 <= end {
                var e = SIMD8<Float>()
                for l in 0..<8 { e[l] = expf(base[j + l] - m) }
                lanes += e
                j += 8
            }
            var tail: Float = 0
            while j < end {
                tail += expf(base[j] - m)
                j += 1
            }
            total += Double(lanes.sum()) + Double(tail)
            start = end
        }
        return Double(m) + log(total)
    }

    /// softmax(x)[i] for a row whose `logSumExp` is `lse`.
    public static func probability(_ logit: Float, logSumExp lse: Double) -> Float {
        Float(exp(Double(logit) - lse))
    }

    /// softmax of a short row (NSP's 2 logits, a classifier's labels), max-subtracted like torch.
    public static func softmax(_ x: [Float]) -> [Float] {
        x.withUnsafeBufferPointer { p in
            let lse = logSumExp(p)
            return p.map { probability($0, logSumExp: lse) }
        }
    }

    /// The logistic sigmoid (multi-label classification).
    public static func sigmoid(_ x: Float) -> Float {
        Float(1 / (1 + exp(-Double(x))))
    }

    /// Indices of the `k` largest values, largest first; ties go to the lower index (torch.topk's CPU order
    /// for distinct values; equal logits do not occur in practice). One pass, no sort of the whole row.
    public static func topK(_ x: UnsafeBufferPointer<Float>, k: Int) -> [Int] {
        let k = min(k, x.count)
        guard k > 0 else { return [] }
        var top: [Int] = []
        top.reserveCapacity(k + 1)
        for (i, v) in x.enumerated() {
            if top.count == k, let last = top.last, v <= x[last] { continue }
            var at = top.count
            while at > 0 && x[top[at - 1]] < v { at -= 1 }
            top.insert(i, at: at)
            if top.count > k { top.removeLast() }
        }
        return top
    }

    /// 1 + how many entries are strictly larger than `x[index]` (1: the best).
    public static func rank(of index: Int, in x: UnsafeBufferPointer<Float>) -> Int {
        let v = x[index]
        var larger = 0
        for w in x where w > v { larger += 1 }
        return larger + 1
    }

    /// The top `k` of a vocabulary logit row as predictions (token strings from `vocabulary`).
    public static func predictions(
        _ row: UnsafeBufferPointer<Float>, k: Int, vocabulary: [String]
    ) -> (top: [TokenPrediction], logSumExp: Double) {
        let lse = logSumExp(row)
        let top = topK(row, k: k).map { i in
            TokenPrediction(
                id: i, token: i < vocabulary.count ? vocabulary[i] : "[\(i)]", logit: row[i],
                probability: probability(row[i], logSumExp: lse))
        }
        return (top, lse)
    }

    /// A classifier's logits as label scores under `scoring`.
    public static func labelScores(_ logits: [Float], labels: [String], scoring: ClassifierInfo.Scoring) -> [LabelScore]
    {
        let scores: [Float]
        switch scoring {
        case .softmax: scores = softmax(logits)
        case .sigmoid: scores = logits.map(sigmoid)
        case .raw: scores = logits
        }
        return logits.indices.map { i in
            LabelScore(index: i, label: i < labels.count ? labels[i] : "LABEL_\(i)", logit: logits[i], score: scores[i])
        }
    }
}
