/// A reduction of one layer's attention over its heads.
public enum HeadReduction: Int, Sendable, Hashable {
    /// The mean over heads: each row still sums to 1.
    case mean
    /// The element-wise max over heads: rows do not sum to 1.
    case max
}

extension EncodingAnalysis {
    /// Layer `layer`'s (1...L) attention reduced over heads, (T, T) row-major; nil outside 1...L.
    public func attention(layer: Int, _ reduction: HeadReduction) -> [Float]? {
        guard layer >= 1, layer <= encoding.attentions.count else { return nil }
        return cached(Key("attention.reduced", layer, reduction.rawValue)) { e in
            EncodingAnalysis.reduce(e.attentions[layer - 1], reduction)
        }
    }

    /// Head `head` (0-based) of layer `layer` (1...L), nil when either does not exist.
    public func attention(layer: Int, head: Int) -> Matrix? {
        guard layer >= 1, layer <= encoding.attentions.count else { return nil }
        let heads = encoding.attentions[layer - 1]
        return heads.indices.contains(head) ? heads[head] : nil
    }

    /// The mean or element-wise max of same-shaped matrices.
    static func reduce(_ heads: [Matrix], _ reduction: HeadReduction) -> [Float] {
        let n = heads.first.map { $0.rows * $0.cols } ?? 0
        var out = [Float](repeating: 0, count: n)
        for h in heads {
            h.withUnsafeBufferPointer { p in
                for i in 0..<min(n, p.count) {
                    switch reduction {
                    case .mean: out[i] += p[i]
                    case .max: if p[i] > out[i] { out[i] = p[i] }
                    }
                }
            }
        }
        if reduction == .mean && !heads.isEmpty {
            let inv = 1 / Float(heads.count)
            for i in out.indices { out[i] *= inv }
        }
        return out
    }
}
