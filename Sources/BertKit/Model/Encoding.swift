/// Everything one forward pass produced, immutable: what the UI, `inspect` and export read.
///
/// `BertModel.encode` returns a complete one. While a pass runs, its observer may take a prefix
/// (`ForwardProgress.encoding()`): the same type with hidden states 0...k and layers 1...k only, no pooler and
/// `isComplete` false; it never changes afterwards, later layers arrive in a new value.
///
/// Names follow HF's `BaseModelOutputWithPoolingAndCrossAttentions` and `--save`:
/// `hidden_states.{i}`, `attentions.{i}`, `intermediate.{i}`, `last_hidden_state`, `pooler_output`.
public struct Encoding: Sendable {
    /// Display name of the model that produced this (e.g. `all-MiniLM-L6-v2`).
    public let modelName: String
    /// The model's config.
    public let config: BertConfig
    /// The tokens that went in.
    public let input: TokenizedInput
    /// `hidden_states`: embeddings output, then one per layer; `numHiddenLayers + 1` matrices of (T, hidden)
    /// (`computedLayers + 1` in a prefix).
    public let hiddenStates: [Matrix]
    /// `attentions`: per layer, per head, (T, T) probabilities; rows are queries, columns keys.
    public let attentions: [[Matrix]]
    /// FFN activations after GELU: per layer, (T, intermediate).
    public let intermediates: [Matrix]
    /// `pooler_output`: tanh(dense(h_CLS)), (hidden); nil when the checkpoint has no pooler weights, and in a prefix.
    public let poolerOutput: [Float]?
    /// Wall time of the forward pass (tokenizing excluded), in seconds; in a prefix, up to its last layer.
    public let forwardSeconds: Double
    /// What the checkpoint's heads predict (empty for a checkpoint without heads).
    public internal(set) var heads = HeadOutputs()
    /// The value vectors of each layer, `attention.self.value(hidden_states[l - 1])` with its bias: per layer
    /// (T, hidden), heads side by side as in HF's `value_layer` before the head split (empty for an encoding built
    /// by hand; the value-weighted norms need them).
    public internal(set) var values: [Matrix] = []
    /// Each head's slice of `attention.output.dense`, for the value-weighted norms (nil for an encoding built by
    /// hand).
    var valueProjection: AttentionValueProjection?
    /// How the model's users make a sentence embedding (its folder's `modules.json`), for what the pooler views
    /// say; nil for a plain BertModel and for an encoding built by hand.
    public internal(set) var sentencePooling: SentencePooling?

    /// Creates an encoding from its parts.
    public init(
        modelName: String, config: BertConfig, input: TokenizedInput, hiddenStates: [Matrix],
        attentions: [[Matrix]], intermediates: [Matrix], poolerOutput: [Float]?, forwardSeconds: Double
    ) {
        self.modelName = modelName
        self.config = config
        self.input = input
        self.hiddenStates = hiddenStates
        self.attentions = attentions
        self.intermediates = intermediates
        self.poolerOutput = poolerOutput
        self.forwardSeconds = forwardSeconds
    }

    /// The same encoding with `forwardSeconds` replaced (everything else, heads and values included, kept).
    public func withForwardSeconds(_ seconds: Double) -> Encoding {
        var copy = Encoding(
            modelName: modelName, config: config, input: input, hiddenStates: hiddenStates, attentions: attentions,
            intermediates: intermediates, poolerOutput: poolerOutput, forwardSeconds: seconds)
        copy.heads = heads
        copy.values = values
        copy.valueProjection = valueProjection
        copy.sentencePooling = sentencePooling
        return copy
    }

    /// The tokens (shortcut for `input.tokens`).
    public var tokens: [Token] { input.tokens }
    /// T, the sequence length.
    public var tokenCount: Int { input.tokens.count }
    /// Number of encoder layers present: L in a complete encoding (the layer slider runs 0...L), k in a prefix.
    public var layerCount: Int { attentions.count }
    /// Layers computed: hidden_states 0...computedLayers are present (L when complete).
    public var computedLayers: Int { hiddenStates.count - 1 }
    /// True when every layer is here (and the pooler, if the checkpoint has one): not a prefix.
    public var isComplete: Bool { computedLayers >= config.numHiddenLayers }
    /// True when hidden state `layer` (and, from 1, that layer's attention and FFN activations) is here.
    public func hasLayer(_ layer: Int) -> Bool { layer >= 0 && layer <= computedLayers }
    /// `last_hidden_state`, (T, hidden); the same storage as `hiddenStates[L]` (in a prefix, its last layer:
    /// check `isComplete` before reading it as the model's output).
    public var lastHiddenState: Matrix { hiddenStates[hiddenStates.count - 1] }
    /// `last_hidden_state[:, 0]`, the [CLS] vector.
    public var clsVector: [Float] { Array(lastHiddenState.row(0)) }
}
