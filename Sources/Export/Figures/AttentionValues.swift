import ScopeUI
import BertKit

/// Attention matrices as figures need them: one head, or reduced over heads.
enum AttentionValues {
    /// Checks that `layer` has attention (1...L).
    static func check(_ e: Encoding, layer: Int) throws {
        guard e.layerCount > 0 else { throw ExportError.nothingToShow("this model has no encoder layers, so no attention") }
        if layer == 0 {
            throw ExportError.nothingToShow(
                "layer 0 is the embeddings: there is no attention there; choose a layer from 1 to \(e.layerCount)")
        }
        guard layer >= 1, layer <= e.layerCount else {
            throw ExportError.invalidOption("layer \(layer) does not exist: \(e.modelName) has layers 1 to \(e.layerCount)")
        }
    }

    /// The (T, T) weights of `layer` (1...L), row-major.
    static func matrix(_ e: Encoding, layer: Int, head: HeadSelection) throws -> [Float] {
        try check(e, layer: layer)
        let heads = e.attentions[layer - 1]
        let n = e.tokenCount * e.tokenCount
        switch head {
        case .single(let i):
            guard i >= 0, i < heads.count else {
                throw ExportError.invalidOption("head \(i + 1) does not exist: \(e.modelName) has heads 1 to \(heads.count)")
            }
            return Array(heads[i].scalars)
        case .mean:
            var sum = [Float](repeating: 0, count: n)
            for h in heads {
                for (k, v) in h.scalars.enumerated() { sum[k] += v }
            }
            let scale = 1 / Float(max(1, heads.count))
            return sum.map { $0 * scale }
        case .max:
            var out = [Float](repeating: 0, count: n)
            for h in heads {
                for (k, v) in h.scalars.enumerated() where v > out[k] { out[k] = v }
            }
            return out
        }
    }
}
