/// Everything one forward pass produced, immutable: what the UI, `inspect` and export read.
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
    /// `hidden_states`: embeddings output, then one per layer; `numHiddenLayers + 1` matrices of (T, hidden).
    public let hiddenStates: [Matrix]
    /// `attentions`: per layer, per head, (T, T) probabilities; rows are queries, columns keys.
    public let attentions: [[Matrix]]
    /// FFN activations after GELU: per layer, (T, intermediate).
    public let intermediates: [Matrix]
    /// `pooler_output`: tanh(dense(h_CLS)), (hidden); nil when the checkpoint has no pooler weights.
    public let poolerOutput: [Float]?
    /// Wall time of the forward pass (tokenizing excluded), in seconds.
    public let forwardSeconds: Double
    /// What the checkpoint's heads predict (empty for a checkpoint without heads).
    public internal(set) var heads = HeadOutputs()

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

    /// The tokens (shortcut for `input.tokens`).
    public var tokens: [Token] { input.tokens }
    /// T, the sequence length.
    public var tokenCount: Int { input.tokens.count }
    /// Number of encoder layers, L (the layer slider runs 0...L).
    public var layerCount: Int { attentions.count }
    /// `last_hidden_state`, (T, hidden); the same storage as `hiddenStates[L]`.
    public var lastHiddenState: Matrix { hiddenStates[hiddenStates.count - 1] }
    /// `last_hidden_state[:, 0]`, the [CLS] vector.
    public var clsVector: [Float] { Array(lastHiddenState.row(0)) }
}
