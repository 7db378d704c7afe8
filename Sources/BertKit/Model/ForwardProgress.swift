/// What an observer of a forward pass tells it at each cancellation point.
public enum ForwardStep: Sendable, Equatable {
    /// Compute the next layer.
    case proceed
    /// Stop here (a newer request made this one stale); the pass returns no encoding.
    case stop
}

/// How far a forward pass has got: the embeddings and the first `computedLayers` layers are done.
///
/// Handed to the observer of `BertModel.encode(_:observer:)` after the embeddings and after every layer. It holds
/// only finished arrays (each written once, never again), so `encoding()` is an immutable prefix that may be
/// kept and shown while the pass goes on.
public struct ForwardProgress: Sendable {
    /// Layers done: hidden_states 0...computedLayers, attentions and intermediates of layers 1...computedLayers.
    public var computedLayers: Int { hidden.count - 1 }
    /// The model's layer count, L: the pass is finished at `computedLayers == totalLayers`.
    public var totalLayers: Int { config.numHiddenLayers }
    /// The tokens going in.
    public let input: TokenizedInput

    /// The model's config.
    public let config: BertConfig
    let modelName: String
    let hidden: [[Float]]  // computedLayers + 1 x (T, hidden)
    let attention: [[Float]]  // computedLayers x (heads, T, T)
    let intermediate: [[Float]]  // computedLayers x (T, intermediate)
    let values: [[Float]]  // computedLayers x (T, hidden): attention.self.value outputs
    let projection: AttentionValueProjection?
    /// Seconds since the forward pass started.
    public let seconds: Double

    init(
        modelName: String, config: BertConfig, input: TokenizedInput, hidden: [[Float]], attention: [[Float]],
        intermediate: [[Float]], values: [[Float]], projection: AttentionValueProjection?, seconds: Double
    ) {
        self.modelName = modelName
        self.config = config
        self.input = input
        self.hidden = hidden
        self.attention = attention
        self.intermediate = intermediate
        self.values = values
        self.projection = projection
        self.seconds = seconds
    }

    /// The layers computed so far as an `Encoding` (`isComplete` false until every layer is done; no pooler).
    public func encoding() -> Encoding {
        encoding(poolerOutput: nil)
    }

    /// The layers so far with `poolerOutput`, the pooler's result once the last layer is done.
    func encoding(poolerOutput: [Float]?) -> Encoding {
        let t = input.tokens.count
        let h = config.hiddenSize
        let heads = config.numAttentionHeads
        let inter = config.intermediateSize
        var encoding = Encoding(
            modelName: modelName, config: config, input: input,
            hiddenStates: hidden.map { Matrix(rows: t, cols: h, base: $0) },
            attentions: attention.map { a in
                (0..<heads).map { hd in Matrix(rows: t, cols: t, base: a, offset: hd * t * t) }
            },
            intermediates: intermediate.map { Matrix(rows: t, cols: inter, base: $0) },
            poolerOutput: poolerOutput, forwardSeconds: seconds)
        encoding.values = values.map { Matrix(rows: t, cols: h, base: $0) }
        encoding.valueProjection = projection
        return encoding
    }
}
