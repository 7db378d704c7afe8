import BertKit

/// Which attention the heatmap shows: one head, or the mean or max over all heads of the layer.
public enum HeadSelection: Hashable, Sendable {
    /// One head, 0-based (shown 1-based: `head 3/12` is `.single(2)`).
    case single(Int)
    /// The mean over heads.
    case mean
    /// The element-wise max over heads.
    case max

    /// Parses a `--head` value: `mean`, `max`, or a head number counted from 1 as the status bar shows it
    /// (`1...headCount`). Nil when out of range or malformed.
    public init?(argument: String, headCount: Int) {
        switch argument.lowercased() {
        case "mean", "avg", "average": self = .mean
        case "max": self = .max
        default:
            guard let n = Int(argument), n >= 1, n <= headCount else { return nil }
            self = .single(n - 1)
        }
    }

    /// `head 3/12`, `head mean`, `head max`: how the status bar spells it.
    public func label(headCount: Int) -> String {
        switch self {
        case .single(let i): return "head \(i + 1)/\(headCount)"
        case .mean: return "head mean"
        case .max: return "head max"
        }
    }
}

/// Everything the explorer needs to start: the model's shape, the first sentence, where to look, and how it looks.
public struct ExplorerOptions: Sendable {
    /// The model's display name (status bar).
    public var modelName: String
    /// The model's config (layers, heads, sizes) so the screen can be laid out before the first encoding.
    public var config: BertConfig
    /// The sentence to start with.
    public var sentence: String
    /// Sentence B: non-nil starts in pair mode.
    public var pair: String?
    /// A sentence to compare sentence A with: non-nil starts with the compare line open (`C`).
    public var compare: String?
    /// The layer to start on, 0...L (nil: layer 1, the first with attention; clamped).
    public var layer: Int?
    /// The attention head (or mean/max) to start on.
    public var head: HeadSelection
    /// The theme to start with.
    public var theme: Theme
    /// Themes `t` cycles through (the starting theme is added if missing).
    public var themes: [Theme]
    /// The terminal's colour depth.
    public var colorMode: ColorMode
    /// Where screenshots would go (not used by the core; kept for the executable).
    public var shotsDirectory: String?
    /// A `--present` deck: the explorer starts on the first slide and `n`/`p` step through them.
    public var slides: [Slide] = []
    /// How the model's users make a sentence embedding (sentence-transformers' `modules.json`); nil for a plain
    /// BertModel, whose users read `pooler_output` or `last_hidden_state[:, 0]`.
    public var sentencePooling: SentencePooling?
    /// The attention colour scale to start with (`A` switches it).
    public var attentionScale: AttentionScale = .unit
    /// The bytes a layer step may send to the terminal (the activation heatmap coarsens its cells to stay within
    /// it); nil: no budget, full resolution, as on a local terminal.
    public var byteBudget: Int?

    /// The byte budget a remote session (SSH) gets unless `--budget` says otherwise: at 120x40 a layer step, with
    /// the slider, titles and status bar that change with it, stays under 16 KB.
    public static let remoteByteBudget = 15_000

    /// Creates options; only the model and sentence are required.
    public init(
        modelName: String, config: BertConfig, sentence: String = "Hello, my dog is cute", pair: String? = nil,
        layer: Int? = nil, head: HeadSelection = .single(0), theme: Theme = .builtIn, themes: [Theme] = [],
        colorMode: ColorMode = .palette256, shotsDirectory: String? = nil
    ) {
        self.modelName = modelName
        self.config = config
        self.sentence = sentence
        self.pair = pair
        self.layer = layer
        self.head = head
        self.theme = theme
        self.themes = themes
        self.colorMode = colorMode
        self.shotsDirectory = shotsDirectory
    }
}
