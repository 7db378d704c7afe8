import BertKit

/// Everything the screen shows, in one value. Changed only by `reduce` (actions) and `receive` (encodings).
public struct AppState: Sendable {
    // MARK: model
    /// Model display name.
    public let modelName: String
    /// The model's config.
    public let config: BertConfig
    /// The model's sentence embedding as sentence-transformers makes it (nil: not a sentence-transformers folder).
    public let sentencePooling: SentencePooling?

    // MARK: text
    /// Sentence A.
    public internal(set) var inputA: LineEditor
    /// Sentence B (used in pair mode).
    public internal(set) var inputB: LineEditor
    /// History of sentence A.
    public internal(set) var historyA: LineHistory
    /// History of sentence B.
    public internal(set) var historyB: LineHistory
    /// True when sentence B is on.
    public internal(set) var pairMode: Bool
    /// The compare sentence (`C`), encoded alone and matched against the encoding on screen.
    public internal(set) var inputC: LineEditor
    /// History of the compare sentence.
    public internal(set) var historyC: LineHistory
    /// True when the compare line is open.
    public internal(set) var compareMode: Bool

    // MARK: where we look
    /// Keyboard focus.
    public internal(set) var focus: Focus
    /// The layer slider, 0 (embeddings) ... L.
    public internal(set) var layer: Int
    /// The attention head, or mean/max.
    public internal(set) var head: HeadSelection
    /// What fills the main area.
    public internal(set) var mainView: MainView
    /// The view the main area returns to from the pooler view.
    public internal(set) var previousView: MainView
    /// Hidden states or FFN intermediate in the activation view.
    public internal(set) var activationSource: ActivationSource
    /// Fitted (binned) or 1:1 (panned) activation view.
    public internal(set) var activationZoom: ActivationZoom
    /// First dimension shown in the 1:1 view.
    public internal(set) var activationPan: Int
    /// The selected token (query row in attention), 0...T-1.
    public internal(set) var selectedToken: Int
    /// The key column of the attention cursor, 0...T-1.
    public internal(set) var keyCursor: Int
    /// The heatmap cell under the mouse, if any (its value is shown).
    public internal(set) var hover: HeatmapPoint?
    /// Show token ids under the tokens.
    public internal(set) var showIDs: Bool
    /// Show the [CLS]/pooler side panel when there is room.
    public internal(set) var showSidePanel: Bool
    /// The help overlay is open.
    public internal(set) var showHelp: Bool
    /// First help line shown (the overlay scrolls on small screens).
    public internal(set) var helpScroll: Int
    /// The mouse is dragging the slider knob.
    public internal(set) var draggingSlider: Bool
    /// Zen: only the sentence, the heatmap and the status bar (for talks).
    public internal(set) var zen: Bool
    /// Heatmap cells for the back of the room, in sizes away from the fitted one: 0 fitted, +n larger, -n smaller.
    public internal(set) var zoom: Int
    /// The attention colour scale (0-1 or 0-max), used by the heatmaps and the saved figures.
    public internal(set) var attentionScale: AttentionScale
    /// What the attention view shows: weights, value-weighted norms, rollout or flow (`r`).
    public internal(set) var attentionSource: AttentionSource
    /// The `--present` deck (empty without one).
    public let slides: [Slide]
    /// The slide shown (nil without a deck).
    public internal(set) var slideIndex: Int?
    /// Where every slide starts looking unless its fields say otherwise: the command line's `--layer`/`--head`.
    public let slideDefaults: (layer: Int, head: HeadSelection)

    // MARK: looks
    /// Themes `t` cycles through.
    public internal(set) var themes: [Theme]
    /// Index of the current theme.
    public internal(set) var themeIndex: Int
    /// Colour depth.
    public internal(set) var colorMode: ColorMode
    /// The terminal size last reported (`.resize`).
    public internal(set) var size: Size
    /// Bytes a layer step may send (nil: no budget; see `ExplorerOptions.byteBudget`).
    public let byteBudget: Int?

    // MARK: encodings
    /// What is on screen (nil until the first result).
    public internal(set) var prepared: PreparedEncoding?
    /// Id of the request whose result is on screen (-1: none).
    public internal(set) var shownRequest: Int
    /// Id of the newest request sent.
    public internal(set) var latestRequest: Int
    /// The text of the newest request (to send a new one only when the text changes).
    public internal(set) var requestedText: EncodeTextKey?
    /// The last encode error, shown until a newer result arrives.
    public internal(set) var encodeError: String?
    /// A one-off message in the status bar (e.g. where shots were saved), cleared by the next key.
    public internal(set) var message: StatusMessage?

    // MARK: the compare sentence (its own requests, on its own worker; see AppState+Compare)
    /// The compare sentence's encoding on screen (nil: none yet, or the line is empty).
    public internal(set) var comparePrepared: PreparedEncoding?
    /// The encoding on screen matched with the compare sentence's (nil until both are there).
    public internal(set) var comparison: EncodingComparison?
    /// Id of the compare request whose result is on screen (-1: none).
    public internal(set) var compareShownRequest: Int
    /// Id of the newest compare request sent (or made stale by emptying the line).
    public internal(set) var compareLatestRequest: Int
    /// The compare text last asked for (nil: none yet, or compare mode off).
    public internal(set) var compareRequestedText: String?
    /// The last compare encode error, shown until a newer result arrives.
    public internal(set) var compareError: String?

    /// Creates the starting state from the options.
    public init(options: ExplorerOptions) {
        modelName = options.modelName
        config = options.config
        sentencePooling = options.sentencePooling
        inputA = LineEditor(options.sentence)
        inputB = LineEditor(options.pair ?? "")
        historyA = LineHistory(entries: [inputA.text])
        historyB = LineHistory(entries: options.pair.map { [$0] } ?? [])
        pairMode = options.pair != nil
        inputC = LineEditor(options.compare ?? "")
        historyC = LineHistory(entries: options.compare.map { [$0] } ?? [])
        compareMode = options.compare != nil
        // A speaker with a deck wants n/p to work at once, so presentations start off the input line.
        focus = options.slides.isEmpty ? .input : .heatmap
        let layers = options.config.numHiddenLayers
        layer = min(max(0, options.layer ?? min(1, layers)), layers)
        switch options.head {
        case .single(let h): head = .single(min(max(0, h), max(0, options.config.numAttentionHeads - 1)))
        default: head = options.head
        }
        slideDefaults = (layer, head)
        mainView = options.compare != nil ? .compare : .attention
        previousView = .attention
        activationSource = .hidden
        activationZoom = .fitted
        activationPan = 0
        selectedToken = 0
        keyCursor = 0
        hover = nil
        showIDs = false
        showSidePanel = true
        showHelp = false
        helpScroll = 0
        draggingSlider = false
        zen = false
        zoom = 0
        attentionScale = options.attentionScale
        attentionSource = .weights
        slides = options.slides
        slideIndex = nil
        var themes = options.themes
        if let i = themes.firstIndex(where: { $0.name == options.theme.name }) {
            themes[i] = options.theme
        } else {
            themes.insert(options.theme, at: 0)
        }
        self.themes = themes
        themeIndex = themes.firstIndex(where: { $0.name == options.theme.name }) ?? 0
        colorMode = options.colorMode
        byteBudget = options.byteBudget
        size = Size(width: 80, height: 24)
        prepared = nil
        shownRequest = -1
        latestRequest = -1
        requestedText = nil
        encodeError = nil
        message = nil
        comparePrepared = nil
        comparison = nil
        compareShownRequest = -1
        compareLatestRequest = -1
        compareRequestedText = nil
        compareError = nil
        if !slides.isEmpty { showSlide(0) }
    }

    /// L, the number of encoder layers (the slider's top).
    public var layerCount: Int { config.numHiddenLayers }
    /// Heads per layer.
    public var headCount: Int { config.numAttentionHeads }
    /// The current theme.
    public var theme: Theme { themes[themeIndex] }
    /// The encoding on screen.
    public var encoding: Encoding? { prepared?.encoding }
    /// T of the encoding on screen (0 before the first).
    public var tokenCount: Int { prepared?.tokenCount ?? 0 }
    /// True while a newer request than the one shown is being encoded, or the one shown is still arriving.
    public var isEncoding: Bool { latestRequest > shownRequest || hasPendingLayers }
    /// The text the encoder should see now.
    public var currentText: EncodeTextKey { EncodeTextKey(textA: inputA.text, textB: pairMode ? inputB.text : nil) }
    /// The status bar's `layer N/L`.
    public var layerLabel: String { "layer \(layer)/\(layerCount)" }
    /// The status bar's `head H/12`, `head mean`, `head max`.
    public var headLabel: String { head.label(headCount: headCount) }
    /// True when the main view shows one head (or the mean/max of heads): the attention view's weights and norms,
    /// and the grid. Rollout and flow mix every head; similarity, compare, activations, the pooler and the
    /// predictions have none, and the status bar then names no head.
    public var viewHasHead: Bool {
        switch mainView {
        case .attention: return attentionSource.hasHeads
        case .grid: return true
        case .activations, .pooler, .predictions, .similarity, .compare: return false
        }
    }
}

/// A one-off status bar message.
public struct StatusMessage: Sendable, Hashable {
    /// What to say.
    public var text: String
    /// Shown in the warning colour.
    public var isError: Bool
    /// Creates a message.
    public init(text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The text an encoding was (or is to be) made from.
public struct EncodeTextKey: Sendable, Hashable {
    /// Sentence A.
    public var textA: String
    /// Sentence B, nil outside pair mode.
    public var textB: String?
    /// Creates a key.
    public init(textA: String, textB: String?) {
        self.textA = textA
        self.textB = textB
    }
}
