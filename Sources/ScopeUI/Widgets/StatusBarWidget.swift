import Foundation

/// The bottom line: model and shape, token count, encode time (or "encoding…"/error), focus, `layer N/L`,
/// the head (where the view has one), and the help hint. Segments are shortened, then dropped, from the least important up when the line
/// is short; `layer N/L` always stays, and `? help` outlasts everything but the layer and head. The choice is
/// made on the widest text each segment can take (any focus, any encode time, the longest input), so the bar
/// keeps its shape while the focus moves or the sentence grows.
public enum StatusBarWidget {
    /// A piece of the status bar.
    struct Segment {
        var text: String
        /// A shorter spelling used before the segment is dropped.
        var short: String? = nil
        /// Higher stays longer.
        let priority: Int
        let warning: Bool
        /// Shortened, never dropped, when the line is short (the one-off message).
        var shrinkable = false
        /// The widest `text` and `short` this segment takes in any state (for a layout that does not move).
        var widest: (text: Int, short: Int)? = nil

        /// The width the layout counts for this segment as currently spelled.
        func layoutWidth(shortened: Bool) -> Int {
            let actual = DisplayWidth.of(shortened ? (short ?? text) : text)
            guard let widest else { return actual }
            return max(actual, shortened && short != nil ? widest.short : widest.text)
        }
    }

    /// The segments for `state`, in display order.
    static func segments(_ state: AppState) -> [Segment] {
        let c = state.config
        var out: [Segment] = [
            Segment(text: state.modelName, priority: 3, warning: false),
            Segment(
                text: "\(c.numHiddenLayers) layers, hidden \(c.hiddenSize), \(c.numAttentionHeads) heads",
                short: "L\(c.numHiddenLayers) H\(c.hiddenSize) A\(c.numAttentionHeads)", priority: 1, warning: false),
        ]
        let most = String(max(1, c.maxPositionEmbeddings)).count
        if let enc = state.encoding {
            out.append(
                Segment(
                    text: "\(enc.tokenCount) tokens", short: "\(enc.tokenCount) tok", priority: 6, warning: false,
                    widest: (most + 7, most + 4)))
        }
        let timeWidth = DisplayWidth.of("encoding…")
        if state.encodeError != nil {
            out.append(Segment(text: "encode error", priority: 8, warning: true))
        } else if state.latestRequest <= state.shownRequest && state.hasPendingLayers {
            // the newest text's layers are arriving: how far the encoder has got
            out.append(
                Segment(
                    text: "encoding \(state.computedLayers)/\(state.layerCount)",
                    short: "\(state.computedLayers)/\(state.layerCount)",
                    priority: 5, warning: false))
        } else if state.isEncoding {
            out.append(Segment(text: "encoding…", priority: 5, warning: false, widest: (timeWidth, timeWidth)))
        } else if let enc = state.encoding, enc.forwardSeconds.isFinite {
            // An encoding without a measured time (NaN: a deterministic export) shows none.
            let ms = enc.forwardSeconds * 1000
            out.append(
                Segment(
                    text: ms < 10 ? String(format: "%.1f ms", ms) : String(format: "%.0f ms", ms),
                    priority: 5, warning: false, widest: (timeWidth, timeWidth)))
        }
        let focusWidth = Focus.allCases.map { DisplayWidth.of($0.label) }.max() ?? 0
        // the focus is also marked by the focused panel's title, so it goes first when the line is short
        out.append(
            Segment(
                text: "focus: " + state.focus.label, short: "focus " + state.focus.label, priority: 2,
                warning: false, widest: (focusWidth + 7, focusWidth + 6)))
        out.append(Segment(text: state.layerLabel, priority: 10, warning: false))
        if state.viewHasHead { out.append(Segment(text: state.headLabel, priority: 9, warning: false)) }
        if state.compareMode && state.mainView == .compare {
            if state.compareError != nil {
                out.append(Segment(text: "compare error", short: "cmp error", priority: 7, warning: true))
            } else if state.isEncodingCompare {
                out.append(Segment(text: "compare: encoding…", short: "cmp…", priority: 4, warning: false))
            }
        }
        if let i = state.slideIndex {
            out.insert(Segment(text: "slide \(i + 1)/\(state.slides.count)", priority: 7, warning: false), at: 0)
        }
        out.append(Segment(text: "? for help", short: "? help", priority: 8, warning: false))
        if let m = state.message {
            // a message goes first and outranks everything but the layer and head
            out.insert(Segment(text: m.text, priority: 8, warning: m.isError, shrinkable: true), at: 0)
        }
        return out
    }

    /// Draws the status bar into the first line of `rect`.
    public static func draw(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 0 else { return }
        let base = palette.statusBar
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: Cell(" ", style: base))
        var segs = segments(state)
        let sep = " │ "
        var shortened = [Bool](repeating: false, count: segs.count)
        func width(_ s: [Segment]) -> Int {
            s.indices.reduce(0) { $0 + s[$1].layoutWidth(shortened: shortened[$1]) }
                + max(0, s.count - 1) * DisplayWidth.of(sep) + 2
        }
        // shorter spellings first (least important first), then drop segments
        for i in segs.indices.sorted(by: { segs[$0].priority < segs[$1].priority }) where width(segs) > rect.width {
            if segs[i].short != nil { shortened[i] = true }
        }
        while width(segs) > rect.width, segs.count > 1,
            let drop = segs.indices.filter({ segs[$0].priority < 10 && !segs[$0].shrinkable }).min(by: {
                segs[$0].priority < segs[$1].priority
            })
        {
            segs.remove(at: drop)
            shortened.remove(at: drop)
        }
        // from here on the spelling is chosen and the real widths count
        for i in segs.indices {
            if shortened[i], let short = segs[i].short { segs[i].text = short }
            shortened[i] = false
            segs[i].widest = nil
        }
        // still too wide (a long message): shorten it rather than lose `layer N/L`
        if width(segs) > rect.width, let i = segs.indices.first(where: { segs[$0].shrinkable }) {
            let room = DisplayWidth.of(segs[i].text) - (width(segs) - rect.width)
            if room >= 4 {
                segs[i] = Segment(
                    text: Chrome.truncate(segs[i].text, to: room), priority: segs[i].priority,
                    warning: segs[i].warning, shrinkable: true)
            } else {
                segs.remove(at: i)
                shortened.remove(at: i)
            }
        }
        var x = rect.x + 1
        for (i, s) in segs.enumerated() {
            if i > 0 { x = buffer.put(sep, x: x, y: rect.y, style: base, maxWidth: rect.maxX - x) }
            var style = base
            if s.warning {
                if palette.hasColor {
                    style.fg = palette.color(.warning)
                    style.attributes.insert(.bold)
                } else {
                    style.attributes.insert(.bold)
                }
            }
            if s.priority == 10 { style.attributes.insert(.bold) }
            x = buffer.put(s.text, x: x, y: rect.y, style: style, maxWidth: rect.maxX - x)
        }
    }
}
