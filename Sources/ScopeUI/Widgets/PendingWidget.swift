import BertKit

/// A panel whose layers have not arrived yet: its usual title, and a line saying what is being computed and what
/// is done, so a partly encoded sentence is shown honestly (the rest fills in when its layers arrive).
public enum PendingWidget {
    /// What the panel says, in two parts: e.g. `computing layer 9 of 12` and `layers 0–5 done`.
    static func message(state: AppState, needed: Int) -> (waiting: String, done: String) {
        let done = state.computedLayers
        let doneText = done <= 0 ? "embeddings done" : "layers 0–\(done) done"
        let waiting =
            needed >= state.layerCount
            ? "computing up to layer \(state.layerCount)" : "computing layer \(needed) of \(state.layerCount)"
        return (waiting, doneText)
    }

    /// Draws `title` as the panel's rule and the pending line under it into `rect`.
    public static func draw(
        title: String, needed: Int, state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer
    ) {
        guard rect.height >= 1, rect.width >= 4 else { return }
        Chrome.titleRule(
            title, info: "pending", focused: false, palette: palette,
            rect: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), buffer: &buffer)
        guard rect.height >= 2 else { return }
        let (waiting, done) = message(state: state, needed: needed)
        let oneLine = "\(waiting) · \(done)"
        let lines = DisplayWidth.of(oneLine) <= rect.width - 2 || rect.height < 3 ? [oneLine] : [waiting, done]
        let top = rect.y + min(rect.height - lines.count, max(1, (rect.height - lines.count) / 2))
        for (i, line) in lines.enumerated() {
            let x = rect.x + max(1, (rect.width - DisplayWidth.of(line)) / 2)
            buffer.put(line, x: x, y: top + i, style: palette.style(.dimText), maxWidth: rect.maxX - x - 1)
        }
    }

    /// The title a view has while pending.
    static func title(of view: MainView, state: AppState) -> String {
        switch view {
        case .attention: return "attention · layer \(state.layer)/\(state.layerCount)"
        case .grid: return "attention · all \(state.layerCount) layers × \(state.headCount) heads"
        case .activations:
            return state.activationSource == .hidden
                ? "hidden_states[\(state.layer)]" : "FFN intermediate · layer \(state.layer) · after GELU"
        case .pooler: return "[CLS] vs pooler_output"
        case .predictions: return "predictions"
        case .similarity: return "token similarity · layer \(state.layer)/\(state.layerCount)"
        case .compare: return "compare · cosine per token and layer"
        }
    }
}
