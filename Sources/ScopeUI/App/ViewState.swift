/// Where the keyboard goes.
public enum Focus: String, Sendable, Hashable, CaseIterable {
    /// The sentence A input line: keys edit the text.
    case input
    /// The sentence B input line (pair mode only).
    case pair
    /// The compare line: the second sentence the compare view matches against sentence A (compare mode only).
    case compare
    /// The token row: up/down pick the selected token.
    case tokens
    /// The main view (heatmap): up/down pick the query token, `,`/`.` the key column or pan.
    case heatmap

    /// True for the two text lines.
    public var isTextInput: Bool { self == .input || self == .pair || self == .compare }

    /// The name the status bar shows.
    public var label: String {
        switch self {
        case .input: return "input"
        case .pair: return "input B"
        case .compare: return "compare"
        case .tokens: return "tokens"
        case .heatmap: return "heatmap"
        }
    }
}

/// What fills the main area.
public enum MainView: String, Sendable, Hashable, CaseIterable {
    /// One layer's attention (a head, or mean/max over heads).
    case attention
    /// Every layer x head as small multiples (bertviz's model view).
    case grid
    /// hidden_states[layer] (or the FFN intermediate) as tokens x dims.
    case activations
    /// The [CLS] vs pooler_output panel, full size (for screens too narrow for the side panel).
    case pooler
    /// What the heads predict: fill-mask, the logit lens of the selected token, a classifier's labels.
    case predictions
    /// The token x token cosine matrix of hidden_states[layer], and how the selected token changes across layers.
    case similarity
    /// The compare sentence against sentence A: per matched token and layer, the cosine of the two representations.
    case compare

    /// True for the views that want the whole width (the side panel only on wide screens).
    var wantsWidth: Bool { self == .grid || self == .similarity || self == .compare }
}

/// Which activations the activation view shows.
public enum ActivationSource: String, Sendable, Hashable {
    /// hidden_states[layer], (T, hidden).
    case hidden
    /// The FFN intermediate after GELU of layer (1...L), (T, intermediate).
    case intermediate
}

/// How the activation view fits the dimensions across the screen.
public enum ActivationZoom: String, Sendable, Hashable {
    /// All dimensions, binned into the width (each cell shows its bin's value of largest magnitude).
    case fitted
    /// One cell per dimension, panned horizontally.
    case oneToOne
}

/// A cell of a heatmap the mouse is over: row and column in data coordinates.
public struct HeatmapPoint: Sendable, Hashable {
    /// Data row (query token, or token).
    public var row: Int
    /// Data column (key token, or dimension).
    public var col: Int
    /// Creates a point.
    public init(row: Int, col: Int) {
        self.row = row
        self.col = col
    }
}

/// What the attention colour scale runs over, on screen and in saved figures alike.
public enum AttentionScale: String, Sendable, Hashable {
    /// 0 to 1: the same colour means the same weight in every head, layer and sentence.
    case unit
    /// 0 to the largest weight shown: faint attention over long inputs stays visible.
    case toMax

    /// `0–1` or `0–max`, as titles and the status bar spell it.
    public var label: String { self == .unit ? "0–1" : "0–max" }
}

/// What the attention view shows of a layer (`r` cycles it): the weights, or one of issue 13's readings of them.
public enum AttentionSource: String, Sendable, Hashable, CaseIterable {
    /// The softmax weights, per head or their mean/max.
    case weights
    /// Value-weighted norms `alpha * ||f(x)||` (Kobayashi et al. 2020), per head; mean or max shows the norm of the
    /// sum over heads.
    case norms
    /// Attention rollout through the layer (Abnar & Zuidema 2020): no head, every head and the residual mixed in.
    case rollout
    /// Attention flow to the input tokens (Abnar & Zuidema 2020): no head; computed in the background.
    case flow

    /// The next one in `r`'s cycle.
    public var next: AttentionSource {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }

    /// True for the sources that have one value per head (rollout and flow mix every head).
    public var hasHeads: Bool { self == .weights || self == .norms }

    /// True for the sources whose rows sum to 1 (norms are lengths of vectors, not probabilities).
    public var isProbability: Bool { self != .norms }

    /// The name titles, help and the status bar use.
    public var label: String {
        switch self {
        case .weights: return "attention"
        case .norms: return "value-weighted norms"
        case .rollout: return "attention rollout"
        case .flow: return "attention flow"
        }
    }

    /// A shorter name for narrow titles.
    public var shortLabel: String {
        switch self {
        case .weights: return "attn"
        case .norms: return "‖αf‖"
        case .rollout: return "rollout"
        case .flow: return "flow"
        }
    }

    /// The word saved figures carry after the view in their file names (`-attention`, `-norms`, ...).
    public var fileTag: String {
        switch self {
        case .weights: return "attention"
        case .norms: return "norms"
        case .rollout: return "rollout"
        case .flow: return "flow"
        }
    }
}
