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
        TokenRowsWidget.draw(state: state, palette: palette, rect: layout.tokens, buffer: &buffer)
        LayerSliderWidget.draw(state: state, palette: palette, rect: layout.slider, buffer: &buffer)
        for (view, rect) in frame.views {
            drawView(view, state: state, palette: palette, rect: rect, frame: frame, buffer: &buffer)
        }
        if let side = layout.side {
            PoolerPanelWidget.draw(state: state, palette: palette, rect: side, leftRule: true, buffer: &buffer)
            // where a panel rule on the left meets the side panel's rule, join them
            for y in (side.y + 1)..<side.maxY where buffer[side.x - 1, y].text == "─" {
                buffer[side.x, y] = Cell("┤", style: buffer[side.x, y].style)
            }
        }
        StatusBarWidget.draw(state: state, palette: palette, rect: layout.status, buffer: &buffer)
        if state.showHelp { HelpOverlayWidget.draw(state: state, palette: palette, size: size, buffer: &buffer) }
        return buffer
    }

    /// Draws one view into `rect`, with its heatmap where `frame` puts it.
    static func drawView(
        _ view: MainView, state: AppState, palette: Palette, rect: Rect, frame: FrameGeometry,
        buffer: inout CellBuffer
    ) {
        switch view {
        case .attention:
            AttentionWidget.draw(state: state, palette: palette, rect: rect, geometry: frame.attention, buffer: &buffer)
        case .grid:
            AttentionGridWidget.draw(state: state, palette: palette, rect: rect, geometry: frame.grid, buffer: &buffer)
        case .activations:
            ActivationWidget.draw(
                state: state, palette: palette, rect: rect, geometry: frame.activations, buffer: &buffer)
        case .pooler: PoolerPanelWidget.draw(state: state, palette: palette, rect: rect, leftRule: false, buffer: &buffer)
        case .predictions: PredictionsWidget.draw(state: state, palette: palette, rect: rect, buffer: &buffer)
        }
    }
}
