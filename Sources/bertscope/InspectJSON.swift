import BertKit
import Foundation

/// `inspect --json`: the encoding as one JSON object for scripts: the model, the tokens with their ids,
/// token_type_ids and offsets, the output shapes (tuple length first), and the pooler-vs-[CLS] figures.
enum InspectJSON {
    /// The object, ready for JSONSerialization (non-finite numbers become null).
    static func object(_ e: Encoding, model: BertModel) -> [String: Any] {
        let c = e.config
        let t = e.tokenCount
        let h = c.hiddenSize
        let layers = e.layerCount
        let input = e.input
        var object: [String: Any] = [
            "model": e.modelName,
            "engine": model.engine.rawValue,
            "config": [
                "num_hidden_layers": c.numHiddenLayers, "hidden_size": h, "num_attention_heads": c.numAttentionHeads,
                "intermediate_size": c.intermediateSize, "vocab_size": c.vocabSize,
                "max_position_embeddings": c.maxPositionEmbeddings,
            ],
            "text": input.textA,
            "text_pair": input.textB.map { $0 as Any } ?? NSNull(),
            "tokens": input.tokens.map(\.text),
            "input_ids": input.inputIds,
            "token_type_ids": input.tokenTypeIds,
            "attention_mask": input.attentionMask,
            "offsets": input.offsets.map { [$0.lowerBound, $0.upperBound] },
            "load_ms": number(model.loadSeconds * 1000),
            "forward_ms": number(e.forwardSeconds * 1000),
        ]
        object["truncation"] =
            input.truncation.map {
                [
                    "requested_tokens": $0.requestedTokens, "kept_tokens": $0.keptTokens, "dropped_a": $0.droppedA,
                    "dropped_b": $0.droppedB,
                ] as [String: Any]
            } ?? NSNull()
        object["shapes"] = [
            "last_hidden_state": [1, t, h],
            "pooler_output": e.poolerOutput == nil ? NSNull() : [1, h] as Any,
            "hidden_states": [layers + 1, 1, t, h],
            "attentions": [layers, 1, c.numAttentionHeads, t, t],
            "intermediate": [layers, 1, t, c.intermediateSize],
        ]
        let comparison = EncodingAnalysis(e).pooler
        var pooler: [String: Any] = [
            "cls": stats(comparison.clsStats),
            "hidden_states_last_equals_last_hidden_state": comparison.lastHiddenMaxDifference == 0,
            "saturation_threshold": number(EncodingAnalysis.saturationThreshold),
        ]
        if let ps = comparison.poolerStats { pooler["pooler"] = stats(ps) }
        pooler["cosine"] = comparison.cosine.map(number) ?? NSNull()
        pooler["max_abs_difference"] = comparison.maxDifference.map(number) ?? NSNull()
        pooler["pooler_saturated"] = comparison.saturated ?? NSNull()
        object["pooler_vs_cls"] = pooler
        return object
    }

    /// One line of JSON, keys sorted.
    static func line(_ e: Encoding, model: BertModel) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object(e, model: model), options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func stats(_ s: VectorStats) -> [String: Any] {
        [
            "norm": number(s.norm), "mean": number(s.mean), "std": number(s.std), "min": number(s.min),
            "max": number(s.max),
        ]
    }

    private static func number<F: BinaryFloatingPoint>(_ v: F) -> Any {
        v.isFinite ? Double(v) : NSNull()
    }
}
