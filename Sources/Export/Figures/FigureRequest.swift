/// Which attention a figure shows: one head, or the element-wise mean or max over a layer's heads.
public enum HeadChoice: Sendable, Hashable {
    /// One head, by its 0-based index (shown to people as `index + 1`).
    case head(Int)
    /// The mean over all heads.
    case mean
    /// The element-wise maximum over all heads.
    case max

    /// How titles and file names say it: `head 4/12`, `head mean`, `head max`.
    public func label(of count: Int) -> String {
        switch self {
        case .head(let i): return "head \(i + 1)/\(count)"
        case .mean: return "head mean"
        case .max: return "head max"
        }
    }
}

/// A figure to make from an encoding. Layers count like the UI's slider: 0 is the embeddings, 1...L the
/// encoder layers (attention and FFN exist only for 1...L).
public enum FigureKind: Sendable, Hashable {
    /// The attention of one layer: one head, mean or max (rows are queries, columns keys).
    case attention(layer: Int, head: HeadChoice)
    /// Every layer x head as small multiples (bertviz's model view).
    case attentionGrid
    /// `hidden_states[layer]`, tokens x hidden dimensions, on the diverging scale.
    case activations(layer: Int)
    /// The FFN activations after GELU of a layer, tokens x intermediate dimensions.
    case intermediate(layer: Int)
    /// `last_hidden_state[:, 0]` against `pooler_output`.
    case pooler
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

    /// Creates options.
    public init(maxWidth: Int? = nil, maxHeight: Int? = nil, selectedToken: Int? = nil) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.selectedToken = selectedToken
    }
}
