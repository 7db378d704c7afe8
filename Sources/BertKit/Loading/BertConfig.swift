import Foundation

/// The fields of a HuggingFace `config.json` that a `BertModel` forward pass depends on.
public struct BertConfig: Sendable, Equatable, Codable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var hiddenAct: String
    public var padTokenId: Int

    /// Width of one attention head (`hidden_size / num_attention_heads`).
    public var headDim: Int { hiddenSize / numAttentionHeads }

    /// Creates a config from its fields.
    public init(
        vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
        intermediateSize: Int, maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
        layerNormEps: Float = 1e-12, hiddenAct: String = "gelu", padTokenId: Int = 0
    ) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.hiddenAct = hiddenAct
        self.padTokenId = padTokenId
    }

    /// JSON `true`/`false` arrive as NSNumber too (and `is Bool` is true for 0 and 1 on Linux): tell them apart by type code.
    static func isBoolean(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c"
    }

    /// Activations this encoder implements exactly as HF's `ACT2FN` does.
    public static let supportedActivations: Set<String> = ["gelu"]

    /// Reads and validates `config.json`; `path` is only used in error messages.
    public static func load(from url: URL) throws -> BertConfig {
        try parse(try ModelFile.read(url, what: "model config"), path: url.path)
    }

    /// Parses the JSON of a `config.json`, checking it describes a BERT this encoder can run.
    public static func parse(_ data: Data, path: String) throws -> BertConfig {
        guard let object = try? JSONSerialization.jsonObject(with: data),
            let json = object as? [String: Any]
        else {
            throw BertError.invalidFile(path: path, reason: "not a JSON object")
        }
        /// A key that must be a string when present (HF would fail or misbehave on anything else); `null` counts
        /// as absent where HF treats `None` as the default.
        func string(_ key: String, nullAllowed: Bool = true) throws -> String? {
            guard let raw = json[key], !(nullAllowed && raw is NSNull) else { return nil }
            guard let text = raw as? String else {
                throw BertError.invalidFile(path: path, reason: "key '\(key)' must be a string, got \(jsonText(raw))")
            }
            return text
        }
        if let type = try string("model_type"), type != "bert" {
            throw BertError.invalidFile(
                path: path, reason: "model_type is '\(type)', not 'bert': bertscope runs BERT encoders only")
        }
        if let pet = try string("position_embedding_type"), pet != "absolute" {
            throw BertError.invalidFile(
                path: path, reason: "position_embedding_type '\(pet)' is not supported (only 'absolute')")
        }
        // A decoder BERT applies a causal mask, and cross-attention adds layers this encoder does not run:
        // refuse them rather than show attention that differs from HF's.
        for key in ["is_decoder", "add_cross_attention"] {
            guard let raw = json[key], !(raw is NSNull) else { continue }
            guard let flag = raw as? NSNumber, isBoolean(flag) else {
                throw BertError.invalidFile(
                    path: path, reason: "key '\(key)' must be true or false, got \(jsonText(raw))")
            }
            if flag.boolValue {
                throw BertError.invalidFile(
                    path: path,
                    reason: "\(key) is true: bertscope runs BERT encoders only (no causal mask, no cross-attention)")
            }
        }
        func int(_ key: String, default value: Int? = nil) throws -> Int {
            guard let raw = json[key] else {
                if let value { return value }
                throw BertError.invalidFile(path: path, reason: "missing key '\(key)'")
            }
            guard let number = raw as? NSNumber, !isBoolean(number), number.doubleValue == number.doubleValue.rounded(),
                abs(number.doubleValue) <= Double(Int32.max),
                number.intValue > 0 || (key == "pad_token_id" && number.intValue >= 0)
            else {
                throw BertError.invalidFile(
                    path: path,
                    reason: "key '\(key)' must be a positive integer (at most 2^31 - 1), got \(jsonText(raw))")
            }
            return number.intValue
        }
        let config = BertConfig(
            vocabSize: try int("vocab_size"),
            hiddenSize: try int("hidden_size"),
            numHiddenLayers: try int("num_hidden_layers"),
            numAttentionHeads: try int("num_attention_heads"),
            intermediateSize: try int("intermediate_size"),
            maxPositionEmbeddings: try int("max_position_embeddings", default: 512),
            typeVocabSize: try int("type_vocab_size", default: 2),
            layerNormEps: try {
                guard let raw = json["layer_norm_eps"] else { return 1e-12 }
                guard let n = raw as? NSNumber, !isBoolean(n), n.doubleValue.isFinite, n.floatValue > 0,
                    n.floatValue < 1
                else {
                    throw BertError.invalidFile(
                        path: path, reason: "key 'layer_norm_eps' must be a number between 0 and 1")
                }
                return n.floatValue
            }(),
            hiddenAct: try string("hidden_act", nullAllowed: false) ?? "gelu",
            padTokenId: try int("pad_token_id", default: 0))
        guard config.hiddenSize % config.numAttentionHeads == 0 else {
            throw BertError.invalidFile(
                path: path,
                reason:
                    "hidden_size \(config.hiddenSize) is not a multiple of num_attention_heads \(config.numAttentionHeads)"
            )
        }
        guard supportedActivations.contains(config.hiddenAct) else {
            throw BertError.invalidFile(
                path: path,
                reason: "hidden_act '\(config.hiddenAct)' is not supported (only 'gelu', the exact erf form)")
        }
        guard config.maxPositionEmbeddings >= 2 else {
            throw BertError.invalidFile(path: path, reason: "max_position_embeddings must be at least 2")
        }
        return config
    }

    /// A JSON value as JSON text (strings quoted), for error messages.
    static func jsonText(_ value: Any) -> String {
        if let n = value as? NSNumber, isBoolean(n) { return n.boolValue ? "true" : "false" }
        if value is NSNull { return "null" }
        if let data = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]),
            let text = String(data: data, encoding: .utf8)
        {
            return String(text.dropFirst().dropLast())
        }
        return "\(value)"
    }
}
