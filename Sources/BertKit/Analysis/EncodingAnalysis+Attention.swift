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

    /// The largest weight of layer `layer`'s head `head` (0-based), or of its mean/max over heads (`reduction`);
    /// 0 when there is no such attention. What a 0-to-max colour scale tops out at.
    public func largestWeight(layer: Int, head: Int?, reduction: HeadReduction?) -> Float {
        let which = reduction.map { 1000 + $0.rawValue } ?? head ?? -1
        return cached(Key("attention.largest", layer, which)) { _ in
            if let reduction { return attention(layer: layer, reduction)?.max() ?? 0 }
            return head.flatMap { attention(layer: layer, head: $0) }?.scalars.max() ?? 0
        }
    }

    /// The largest weight of any head in any layer (one scale for the whole layer x head grid).
    public var largestWeightOfAnyHead: Float {
        cached(Key("attention.largest.any")) { e in
            var top: Float = 0
            for layer in e.attentions { for h in layer { top = Swift.max(top, h.scalars.max() ?? 0) } }
            return top
        }
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
