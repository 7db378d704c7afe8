/// Mouse hit testing: which widget is under the pointer and what the event means there.
extension ExplorerCore {
    /// The actions a mouse event stands for on the current screen (`state.size`).
    func mouseActions(_ m: MouseEvent) -> [Action] {
        var actions = hitTest(m)
        // moving off a heatmap clears the read-out of the cell it left
        let setsHover = actions.contains { if case .setHover = $0 { return true } else { return false } }
        if m.kind == .move && state.hover != nil && !setsHover { actions.append(.setHover(nil)) }
        return actions
    }

    func hitTest(_ m: MouseEvent) -> [Action] {
        let frame = FrameGeometry(state: state, size: state.size)
        let layout = frame.layout
        guard !layout.isTooSmall else { return [] }
        if state.showHelp {
            switch m.kind {
            case .wheelUp: return [.scrollHelp(-3)]
            case .wheelDown: return [.scrollHelp(3)]
            case .press: return [.closeHelp]
            default: return []
            }
        }
        // a drag that started on the slider follows the pointer anywhere
        if state.draggingSlider {
            switch m.kind {
            case .drag, .move:
                return [.setLayer(LayerSliderWidget.layer(atX: m.x, state: state, rect: layout.slider))]
            case .release:
                return [
                    .setLayer(LayerSliderWidget.layer(atX: m.x, state: state, rect: layout.slider)),
                    .setDraggingSlider(false),
                ]
            default:
                break
            }
        }
        switch m.kind {
        case .wheelUp: return [.stepLayer(1)]
        case .wheelDown: return [.stepLayer(-1)]
        case .release: return state.draggingSlider ? [.setDraggingSlider(false)] : []
        default: break
        }
        let isPress = m.kind == .press

        if layout.slider.contains(x: m.x, y: m.y) {
            guard isPress || m.kind == .drag else { return [] }
            return [
                .setLayer(LayerSliderWidget.layer(atX: m.x, state: state, rect: layout.slider)),
                .setDraggingSlider(true),
            ]
        }
        if layout.inputA.contains(x: m.x, y: m.y) {
            guard isPress else { return [] }
            let i = InputLineWidget.characterIndex(atX: m.x, line: .a, state: state, rect: layout.inputA)
            return [.setFocus(.input), .edit(.moveTo(i))]
        }
        if let b = layout.inputB, b.contains(x: m.x, y: m.y) {
            guard isPress else { return [] }
            let i = InputLineWidget.characterIndex(atX: m.x, line: .b, state: state, rect: b)
            return [.setFocus(.pair), .edit(.moveTo(i))]
        }
        if let c = layout.inputC, c.contains(x: m.x, y: m.y) {
            guard isPress else { return [] }
            let i = InputLineWidget.characterIndex(atX: m.x, line: .c, state: state, rect: c)
            return [.setFocus(.compare), .edit(.moveTo(i))]
        }
        if layout.tokens.contains(x: m.x, y: m.y) {
            guard isPress, let t = TokenRowsGeometry.token(atX: m.x, y: m.y, state: state, rect: layout.tokens) else {
                return []
            }
            return [.selectToken(t), .setFocus(.tokens)]
        }
        for (view, rect) in frame.views where rect.contains(x: m.x, y: m.y) {
            return heatmapActions(m, view: view, frame: frame)
        }
        return state.hover != nil ? [.setHover(nil)] : []
    }

    func heatmapActions(_ m: MouseEvent, view: MainView, frame: FrameGeometry) -> [Action] {
        let isPress = m.kind == .press
        switch view {
        case .similarity:
            guard let g = frame.similarity, let p = g.point(x: m.x, y: m.y) else {
                return state.hover != nil ? [.setHover(nil)] : []
            }
            if isPress { return [.selectToken(p.row), .setKeyCursor(p.col), .setFocus(.heatmap)] }
            return [.setHover(p)]
        case .compare:
            // rows are tokens, columns layers 0...L
            guard let g = frame.compare, let p = g.point(x: m.x, y: m.y) else {
                return state.hover != nil ? [.setHover(nil)] : []
            }
            if isPress { return [.selectToken(p.row), .setLayer(p.col), .setFocus(.heatmap)] }
            return [.setHover(p)]
        case .attention:
            guard let g = frame.attention, let p = g.point(x: m.x, y: m.y) else {
                return state.hover != nil ? [.setHover(nil)] : []
            }
            if isPress {
                var actions: [Action] = [.selectToken(p.row), .setKeyCursor(p.col)]
                if state.mainView != .attention { actions.append(.setView(.attention)) }
                actions.append(.setFocus(.heatmap))
                return actions
            }
            return [.setHover(p)]
        case .activations:
            guard let enc = state.encoding,
                let g = frame.activations?.heatmap, enc.tokenCount > 0, let p = g.point(x: m.x, y: m.y)
            else { return state.hover != nil ? [.setHover(nil)] : [] }
            if isPress { return [.selectToken(p.row), .setHover(p), .setFocus(.heatmap)] }
            return [.setHover(p)]
        case .grid:
            guard isPress, let g = frame.grid,
                let c = g.cell(x: m.x, y: m.y)
            else { return [] }
            return [.setLayer(c.layer), .setHead(.single(c.head)), .setView(.attention), .setFocus(.heatmap)]
        case .pooler, .predictions:
            return []
        }
    }
}
