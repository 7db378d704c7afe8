import ScopeUI

/// A figure to make from an encoding. Layers count like the UI's slider: 0 is the embeddings, 1...L the
/// encoder layers (attention and FFN exist only for 1...L).
public enum FigureKind: Sendable, Hashable {
    /// The attention of one layer: one head, mean or max (rows are queries, columns keys).
    case attention(layer: Int, head: HeadSelection)
    /// Every layer x head as small multiples (bertviz's model view).
    case attentionGrid
    /// Value-weighted norms of one layer (Kobayashi et al. 2020): one head's `alpha * ||f(x)||`, or (mean, max) the
    /// norm of the sum over heads.
    case norms(layer: Int, head: HeadSelection)
    /// Attention rollout through layer `layer` (Abnar & Zuidema 2020); no head.
    case rollout(layer: Int)
    /// Attention flow at layer `layer` to the input tokens (Abnar & Zuidema 2020); no head. Refused beyond
    /// `EncodingAnalysis.flowTokenLimit` tokens.
    case flow(layer: Int)
    /// `hidden_states[layer]`, tokens x hidden dimensions, on the diverging scale.
    case activations(layer: Int)
    /// The FFN activations after GELU of a layer, tokens x intermediate dimensions.
    case intermediate(layer: Int)
    /// `last_hidden_state[:, 0]` against `pooler_output`.
    case pooler
    /// The logit lens: layers x tokens, the MLM head's top word in each cell, coloured by its probability.
    case predictions
    /// Every head's roles (Clark et al. 2019): one layers x heads panel per role, the dominant role marked.
    case headRoles
    /// The token x token cosine matrix of `hidden_states[layer]` (0...L) and each layer's mean off-diagonal cosine.
    case similarity(layer: Int)
}

/// How a figure is laid out.
public struct FigureOptions: Sendable, Hashable {
    /// Fit the figure into about this many pixels (cells shrink to fit; text keeps a readable size, so a
    /// very small size can be exceeded). Nil: cell sizes chosen from the data.
    public var maxWidth: Int?
    /// See `maxWidth`.
    public var maxHeight: Int?
    /// A token (index into the encoding's tokens) to emphasise: its labels, row and column.
    public var selectedToken: Int?
    /// What the attention colours run over: 0 to 1, or 0 to the largest weight in the figure (the default).
    public var attentionScale: AttentionScale

    /// Creates options.
    public init(
        maxWidth: Int? = nil, maxHeight: Int? = nil, selectedToken: Int? = nil, attentionScale: AttentionScale = .toMax
    ) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.selectedToken = selectedToken
        self.attentionScale = attentionScale
    }
}
