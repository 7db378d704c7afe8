/// Where everything is on one frame, worked out once per (state, size): the screen layout's rectangles and the
/// geometry of each heatmap view on screen. Drawing, mouse hit-testing, the terminal cursor and `reduce`'s clamps
/// (the 1:1 pan, the help scroll) all read this, so what is drawn is what a click hits and what a clamp allows.
public struct FrameGeometry {
    /// The size laid out.
    public let size: Size
    /// The rectangles.
    public let layout: ScreenLayout
    /// The views on screen with their rectangles, the main view first.
    let views: [(view: MainView, rect: Rect)]
    /// The attention heatmap, when the attention view is on screen and has something to draw.
    let attention: HeatmapGeometry?
    /// The activation heatmap, when the activation view is on screen and has something to draw.
    let activations: ActivationGeometry?
    /// The all-heads grid, when it is on screen.
    let grid: AttentionGridGeometry?
    /// The cosine matrix of the similarity view, when it is on screen and has something to draw.
    let similarity: HeatmapGeometry?
    /// The tokens x layers heatmap of the compare view, when it is on screen and has something to draw.
    let compare: HeatmapGeometry?
    /// The bytes the activation heatmap's repaint may cost (nil: no budget, or the view is not on screen).
    let activationBudget: Int?

    /// The geometry of `state` on a screen of `size`.
    public init(state: AppState, size: Size) {
        self.size = size
        var state = state
        state.size = size
        let layout = ScreenLayout(size: size, state: state)
        self.layout = layout
        var views: [(view: MainView, rect: Rect)] = []
        if !layout.isTooSmall {
            views.append((state.mainView, layout.main))
            if let s = layout.secondary { views.append((ScreenLayout.secondaryView, s)) }
        }
        self.views = views
        let heatmapArea = views.filter { $0.view != .pooler && $0.view != .predictions }.reduce(0) {
            $0 + $1.rect.width * $1.rect.height
        }
        var attention: HeatmapGeometry?
        var activations: ActivationGeometry?
        var grid: AttentionGridGeometry?
        var similarity: HeatmapGeometry?
        var compare: HeatmapGeometry?
        var activationBudget: Int?
        for (view, rect) in views {
            switch view {
            case .attention: attention = ViewGeometry.attention(state: state, rect: rect)
            case .activations:
                activationBudget = ViewGeometry.activationBudget(rect, state: state, heatmapArea: heatmapArea)
                activations = ViewGeometry.activations(state: state, rect: rect, budget: activationBudget)
            case .grid: grid = AttentionGridGeometry(state: state, rect: rect)
            case .similarity: similarity = ViewGeometry.similarity(state: state, rect: rect)
            case .compare: compare = ViewGeometry.compare(state: state, rect: rect)
            case .pooler, .predictions: break
            }
        }
        self.attention = attention
        self.activations = activations
        self.grid = grid
        self.similarity = similarity
        self.compare = compare
        self.activationBudget = activationBudget
    }

    /// The rectangle of `view`, when it is on screen.
    func rect(of view: MainView) -> Rect? {
        views.first { $0.view == view }?.rect
    }

    /// The largest help scroll that still shows something on a screen of `size` (`HelpGeometry`); `presenting` with
    /// a `--present` deck (its keys differ).
    static func helpMaxScroll(size: Size, presenting: Bool) -> Int {
        HelpGeometry.maxScroll(size: size, presenting: presenting)
    }

    /// How many dimensions the 1:1 activation view shows at once for `state` (1 when it is not on screen): the
    /// bound of its pan.
    static func oneToOneVisibleDimensions(state: AppState) -> Int {
        var s = state
        s.activationZoom = .oneToOne
        s.activationPan = 0
        return FrameGeometry(state: s, size: s.size).activations?.heatmap.visibleCols ?? 1
    }
}
