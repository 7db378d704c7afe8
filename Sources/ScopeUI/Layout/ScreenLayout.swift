/// Where everything goes on a screen of a given size: a pure function from size (and a few view flags) to
/// named rectangles. Nothing overlaps; panels collapse as space shrinks.
public struct ScreenLayout: Sendable, Hashable {
    /// Below this the screen only says "terminal too small".
    public static let minimumSize = Size(width: 30, height: 9)

    /// The screen size laid out.
    public let size: Size
    /// True when the screen is below `minimumSize` (every rectangle is then empty).
    public let isTooSmall: Bool
    /// Sentence A's input line.
    public let inputA: Rect
    /// Sentence B's input line (pair mode).
    public let inputB: Rect?
    /// The compare sentence's input line (compare mode).
    public let inputC: Rect?
    /// Token rows (and the truncation/error notice).
    public let tokens: Rect
    /// The layer slider.
    public let slider: Rect
    /// The main view.
    public let main: Rect
    /// A second view under the main one on tall, wide screens (activations under attention, or the reverse).
    public let secondary: Rect?
    /// The [CLS] vs pooler side panel, including its left rule.
    public let side: Rect?
    /// The status bar.
    public let status: Rect

    /// True when the side panel fits beside the main view.
    public static func canShowSidePanel(_ size: Size) -> Bool {
        size.width >= 76 && size.height >= 16
    }

    /// Lays out `size` for `state`.
    public init(size: Size, state: AppState) {
        self.size = size
        let w = size.width
        let h = size.height
        let empty = Rect(x: 0, y: 0, width: 0, height: 0)
        guard w >= ScreenLayout.minimumSize.width, h >= ScreenLayout.minimumSize.height else {
            isTooSmall = true
            (inputA, inputB, inputC, tokens, slider, main, secondary, side, status) =
                (empty, nil, nil, empty, empty, empty, nil, nil, empty)
            return
        }
        isTooSmall = false
        var y = 0
        inputA = Rect(x: 0, y: y, width: w, height: 1)
        y += 1
        if state.pairMode {
            inputB = Rect(x: 0, y: y, width: w, height: 1)
            y += 1
        } else {
            inputB = nil
        }
        if state.compareMode {
            inputC = Rect(x: 0, y: y, width: w, height: 1)
            y += 1
        } else {
            inputC = nil
        }
        status = Rect(x: 0, y: h - 1, width: w, height: 1)
        if state.zen {
            // for talks: the sentence, the heatmap, the status bar
            tokens = Rect(x: 0, y: y, width: w, height: 0)
            slider = Rect(x: 0, y: y, width: w, height: 0)
            main = Rect(x: 0, y: y, width: w, height: h - 1 - y)
            (secondary, side) = (nil, nil)
            return
        }
        let tokenHeight = TokenRowsGeometry.preferredHeight(state: state, width: w, screenHeight: h)
        tokens = Rect(x: 0, y: y, width: w, height: tokenHeight)
        y += tokenHeight
        slider = Rect(x: 0, y: y, width: w, height: 1)
        y += 1
        let body = Rect(x: 0, y: y, width: w, height: h - 1 - y)

        var mainArea = body
        // the grid, similarity and compare views want the width: they keep the side panel only on wide screens
        let gridNarrow = state.mainView.wantsWidth && w < 140
        if state.mainView != .pooler && !gridNarrow && state.showSidePanel && ScreenLayout.canShowSidePanel(size) {
            let sideWidth = min(56, max(32, w * 34 / 100))
            side = Rect(x: w - sideWidth, y: body.y, width: sideWidth, height: body.height)
            mainArea = Rect(x: 0, y: body.y, width: w - sideWidth, height: body.height)
        } else {
            side = nil
        }
        // Tall and wide: activations under the attention heatmap, when both get a useful height.
        let top = ScreenLayout.attentionHeight(
            tokens: state.tokenCount, width: mainArea.width,
            height: mainArea.height)
        if state.mainView == .attention && mainArea.width >= 70 && mainArea.height - top >= 12 {
            main = Rect(x: mainArea.x, y: mainArea.y, width: mainArea.width, height: top)
            secondary = Rect(x: mainArea.x, y: mainArea.y + top, width: mainArea.width, height: mainArea.height - top)
        } else {
            main = mainArea
            secondary = nil
        }
    }

    /// Lines the attention panel wants above a secondary view: title, two header lines, the rows at the height
    /// that makes cells square across `width` (as tall as leaves the secondary view 12 of the `height` lines),
    /// and the footer.
    static func attentionHeight(tokens: Int, width: Int, height: Int) -> Int {
        let t = max(tokens, 8)
        var rowLines = ViewGeometry.attentionRowLines(tokens: t, width: width)
        let least = t <= 12 ? 2 : 1
        while rowLines > least && 1 + 2 + t * rowLines + 2 > height - 12 { rowLines -= 1 }
        return 1 + 2 + t * rowLines + 2
    }

    /// What the secondary area shows (under the attention view, the only main view that has one).
    public static let secondaryView = MainView.activations
}
