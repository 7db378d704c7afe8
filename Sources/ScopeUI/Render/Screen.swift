/// Composes the whole screen from the layout and the widgets: a pure function of the state and the size.
public enum Screen {
    /// Renders `state` on a screen of `size`.
    public static func render(_ state: AppState, size: Size) -> CellBuffer {
        let palette = Palette(theme: state.theme, mode: state.colorMode)
        var buffer = CellBuffer(width: size.width, height: size.height, fill: Cell(" ", style: palette.style(.text)))
        let frame = FrameGeometry(state: state, size: size)
        let layout = frame.layout
        if layout.isTooSmall {
            TooSmallWidget.draw(palette: palette, size: size, buffer: &buffer)
            return buffer
        }
        InputLineWidget.draw(.a, state: state, palette: palette, rect: layout.inputA, buffer: &buffer)
        if let b = layout.inputB { InputLineWidget.draw(.b, state: state, palette: palette, rect: b, buffer: &buffer) }
        if let c = layout.inputC { InputLineWidget.draw(.c, state: state, palette: palette, rect: c, buffer: &buffer) }
        TokenRowsWidget.draw(state: state, palette: palette, rect: layout.tokens, buffer: &buffer)
        LayerSliderWidget.draw(state: state, palette: palette, rect: layout.slider, buffer: &buffer)
        for (view, rect) in frame.views {
            drawView(view, state: state, palette: palette, rect: rect, frame: frame, buffer: &buffer)
        }
        if let side = layout.side {
            drawSidePanel(state: state, palette: palette, rect: side, buffer: &buffer)
            // where a panel rule on the left meets the side panel's rule, join them
            for y in (side.y + 1)..<side.maxY where buffer[side.x - 1, y].text == "─" {
                buffer[side.x, y] = Cell("┤", style: buffer[side.x, y].style)
            }
        }
        StatusBarWidget.draw(state: state, palette: palette, rect: layout.status, buffer: &buffer)
        if state.showHelp { HelpOverlayWidget.draw(state: state, palette: palette, size: size, buffer: &buffer) }
        return buffer
    }

    /// Draws one view into `rect`, with its heatmap where `frame` puts it (or what is pending of it, while its
    /// layers are still being computed).
    static func drawView(
        _ view: MainView, state: AppState, palette: Palette, rect: Rect, frame: FrameGeometry,
        buffer: inout CellBuffer
    ) {
        if state.encoding != nil && !state.isViewReady(view) {
            PendingWidget.draw(
                title: PendingWidget.title(of: view, state: state), needed: state.layerNeeded(by: view), state: state,
                palette: palette, rect: rect, buffer: &buffer)
            return
        }
        switch view {
        case .attention:
            AttentionWidget.draw(state: state, palette: palette, rect: rect, geometry: frame.attention, buffer: &buffer)
        case .grid:
            AttentionGridWidget.draw(state: state, palette: palette, rect: rect, geometry: frame.grid, buffer: &buffer)
        case .activations:
            ActivationWidget.draw(
                state: state, palette: palette, rect: rect, geometry: frame.activations, buffer: &buffer)
        case .pooler:
            PoolerPanelWidget.draw(state: state, palette: palette, rect: rect, leftRule: false, buffer: &buffer)
        case .predictions: PredictionsWidget.draw(state: state, palette: palette, rect: rect, buffer: &buffer)
        case .similarity:
            SimilarityWidget.draw(
                state: state, palette: palette, rect: rect, geometry: frame.similarity, buffer: &buffer)
        case .compare:
            CompareWidget.draw(state: state, palette: palette, rect: rect, geometry: frame.compare, buffer: &buffer)
        }
    }

    /// The [CLS]/pooler side panel, or its pending form until the last layer and the pooler have arrived.
    static func drawSidePanel(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard state.hasPendingLayers else {
            PoolerPanelWidget.draw(state: state, palette: palette, rect: rect, leftRule: true, buffer: &buffer)
            return
        }
        let border = palette.style(.border)
        for y in rect.y..<rect.maxY { buffer[rect.x, y] = Cell("│", style: border) }
        PendingWidget.draw(
            title: PendingWidget.title(of: .pooler, state: state), needed: state.layerCount, state: state,
            palette: palette, rect: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 1, height: rect.height),
            buffer: &buffer)
        buffer[rect.x, rect.y] = Cell("┬", style: border)
    }
}
