/// The layer slider over hidden_states: positions 0 (embeddings) to L, each labelled when there is room,
/// the current one highlighted, the track filled up to it. Clicks and drags pick the nearest position.
public enum LayerSliderWidget {
    /// The track's geometry: x of each layer position, and whether the numbers fit.
    struct Geometry {
        let positions: [Int]
        let labelled: Bool
        let trackStart: Int
        let trackEnd: Int
    }

    /// `layer 3/6 `: the slider's own reading, before the track.
    static func label(_ state: AppState) -> String { "\(state.layerLabel)  " }

    /// What the slider's position names: `hidden_states[3]`, or in the FFN view the layer whose FFN is shown
    /// (never wider than `hidden_states[L]`, which the geometry reserves).
    static func rightLabel(_ state: AppState) -> String {
        guard state.layer > 0 else { return "embeddings" }
        let ffn = state.mainView == .activations && state.activationSource == .intermediate
        return ffn ? "FFN of layer \(state.layer)" : "hidden_states[\(state.layer)]"
    }

    static func geometry(state: AppState, rect: Rect) -> Geometry {
        let layers = state.layerCount
        let digits = String(layers).count
        let right = max(DisplayWidth.of("hidden_states[\(layers)]"), DisplayWidth.of("embeddings")) + 2
        let start = rect.x + 1 + label(state).count
        let rightWidth = rect.width >= 60 ? right : 0
        let end = rect.maxX - 2 - rightWidth - (digits - 1)
        let width = max(1, end - start + 1)
        let positions = (0...layers).map { l in
            layers == 0 ? start : start + Int((Double(l) * Double(width - 1) / Double(layers)).rounded())
        }
        let spacing = layers == 0 ? width : (width - 1) / layers
        return Geometry(
            positions: positions, labelled: spacing >= digits + 1, trackStart: start,
            trackEnd: start + width - 1)
    }

    /// The layer nearest to screen column `x`.
    static func layer(atX x: Int, state: AppState, rect: Rect) -> Int {
        let g = geometry(state: state, rect: rect)
        var best = 0
        for (l, p) in g.positions.enumerated() where abs(p - x) < abs(g.positions[best] - x) { best = l }
        return best
    }

    /// Draws the slider into the first line of `rect`.
    public static func draw(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > label(state).count + 4 else { return }
        let y = rect.y
        let g = geometry(state: state, rect: rect)
        buffer.put(label(state), x: rect.x + 1, y: y, style: palette.style(.title, [.bold]))
        let knob = g.positions[min(state.layer, g.positions.count - 1)]
        let filled = palette.style(.accent)
        let empty = palette.style(.border)
        // Layers still being computed: the track past the last one that arrived is dashed.
        let arrived =
            state.hasPendingLayers
            ? g.positions[max(0, min(state.computedLayers, g.positions.count - 1))] : g.trackEnd
        if g.trackEnd >= g.trackStart {
            for x in g.trackStart...g.trackEnd {
                buffer[x, y] =
                    x > arrived
                    ? Cell("╌", style: empty)
                    : x <= knob ? Cell("━", style: filled) : Cell("─", style: empty)
            }
        }
        let dim = palette.style(.dimText)
        for (l, p) in g.positions.enumerated() {
            if g.labelled {
                let current = l == state.layer
                var style = current ? palette.selection : dim
                if current && !palette.hasColor { style.attributes.insert(.bold) }
                buffer.put(String(l), x: p, y: y, style: style)
            } else {
                buffer[p, y] =
                    l == state.layer
                    ? Cell("●", style: palette.style(.accent, [.bold]))
                    : Cell("┼", style: l < state.layer ? filled : empty)
            }
        }
        if rect.width >= 60 {
            Chrome.putRight(rightLabel(state) + " ", rect: rect, y: y, style: dim, buffer: &buffer)
        }
    }
}
