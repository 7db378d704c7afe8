import BertKit
import ScopeUI

/// Attention matrices as figures need them: one head, or reduced over heads.
enum AttentionValues {
    /// Checks that `layer` has attention (1...L).
    static func check(_ e: Encoding, layer: Int) throws {
        guard e.layerCount > 0 else {
            throw ExportError.nothingToShow("this model has no encoder layers, so no attention")
        }
        if layer == 0 {
            throw ExportError.nothingToShow(
                "layer 0 is the embeddings: there is no attention there; choose a layer from 1 to \(e.layerCount)")
        }
        guard layer >= 1, layer <= e.layerCount else {
            throw ExportError.invalidOption(
                "layer \(layer) does not exist: \(e.modelName) has layers 1 to \(e.layerCount)")
        }
    }

    /// The (T, T) weights of `layer` (1...L), row-major.
    static func matrix(_ a: EncodingAnalysis, layer: Int, head: HeadSelection) throws -> [Float] {
        let e = a.encoding
        try check(e, layer: layer)
        switch head {
        case .single(let i):
            guard let m = a.attention(layer: layer, head: i) else {
                let count = e.attentions[layer - 1].count
                throw ExportError.invalidOption("head \(i + 1) does not exist: \(e.modelName) has heads 1 to \(count)")
            }
            return Array(m.scalars)
        case .mean, .max:
            return a.attention(layer: layer, head.reduction ?? .mean) ?? []
        }
    }

    /// The largest weight of what `matrix` returns, from the analysis layer (the explorer's 0-to-max scale reads
    /// the same number).
    static func largest(_ a: EncodingAnalysis, layer: Int, head: HeadSelection) -> Float {
        let index: Int? = { if case .single(let h) = head { return h } else { return nil } }()
        return a.largestWeight(layer: layer, head: index, reduction: head.reduction)
    }

    /// The (T, T) values of `source` at `layer`: weights (one head or reduced), value-weighted norms (one head, or
    /// the norm of the sum over heads for mean/max), rollout or flow (no head). Flow is computed here when the
    /// analysis does not hold it yet, and refused past `EncodingAnalysis.flowTokenLimit` tokens.
    static func matrix(_ a: EncodingAnalysis, layer: Int, head: HeadSelection, source: AttentionSource) throws
        -> [Float]
    {
        let e = a.encoding
        try check(e, layer: layer)
        switch source {
        case .weights:
            return try matrix(a, layer: layer, head: head)
        case .norms:
            if case .single(let i) = head {
                guard i >= 0, i < e.config.numAttentionHeads else {
                    throw ExportError.invalidOption(
                        "head \(i + 1) does not exist: \(e.modelName) has heads 1 to \(e.config.numAttentionHeads)")
                }
                guard let m = a.attentionNorms(layer: layer, head: i) else { throw noNorms }
                return m
            }
            guard let n = a.attentionNorms(layer: layer) else { throw noNorms }
            return n.summed
        case .rollout:
            return a.rollout(layer: layer) ?? []
        case .flow:
            guard e.tokenCount <= EncodingAnalysis.flowTokenLimit else {
                throw ExportError.invalidOption(
                    "too long for flow (\(e.tokenCount) tokens): attention flow is computed up to "
                        + "\(EncodingAnalysis.flowTokenLimit) tokens; --view rollout works at any length")
            }
            return a.flow(layer: layer) ?? []
        }
    }

    static var noNorms: ExportError {
        .nothingToShow("this encoding kept no value vectors, so it has no value-weighted norms")
    }
}
