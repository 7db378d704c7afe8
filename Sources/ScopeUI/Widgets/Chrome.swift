import Foundation

/// Drawing helpers shared by the widgets: panel title rules, right-aligned text, number formatting.
enum Chrome {
    /// A heatmap panel's frame: the title rule on `rect`'s first line; returns the body under it.
    @discardableResult
    static func panel(
        _ title: String, info: String? = nil, focused: Bool, palette: Palette, rect: Rect, buffer: inout CellBuffer
    ) -> Rect {
        titleRule(
            title, info: info, focused: focused, palette: palette,
            rect: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), buffer: &buffer)
        return Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    }

    /// What a heatmap panel shows before the first encoding arrives, centred in `rect`.
    static func waitingForFirstEncoding(in rect: Rect, palette: Palette, buffer: inout CellBuffer) {
        putCentered(
            "waiting for the first encoding…", rect: rect, y: rect.y + rect.height / 2, style: palette.style(.dimText),
            buffer: &buffer)
    }

    /// A heatmap footer's end, after its read-out (which ends at `x`): the window note (which rows and columns
    /// the heatmap shows) where it fits beside the legend, then the legend, `legendWidth` wide and right-aligned
    /// in `rect`, where it fits; `drawLegend` draws it at the x it is given.
    static func footerTail(
        windowNote: String?, legendWidth: Int, x: Int, y: Int, rect: Rect, palette: Palette, buffer: inout CellBuffer,
        drawLegend: (_ x: Int, _ buffer: inout CellBuffer) -> Void
    ) {
        var x = x
        if let note = windowNote, rect.maxX - x > note.count + legendWidth + 4 {
            x = buffer.put("  " + note, x: x, y: y, style: palette.style(.dimText), maxWidth: rect.maxX - x)
        }
        if rect.maxX - x >= legendWidth + 2 { drawLegend(rect.maxX - legendWidth - 1, &buffer) }
    }

    /// A one-line panel title: `─ title ──────── info ─`, the title in the focus colour when focused.
    static func titleRule(
        _ title: String, info: String? = nil, focused: Bool, palette: Palette, rect: Rect, buffer: inout CellBuffer
    ) {
        guard rect.height > 0, rect.width > 0 else { return }
        let y = rect.y
        let border = palette.style(.border)
        buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), with: Cell("─", style: border))
        let titleStyle = focused ? palette.style(.focus, [.bold]) : palette.style(.title, [.bold])
        var x = rect.x + 1
        if rect.width > 4 {
            buffer.put(" ", x: x, y: y, style: border)
            x = buffer.put(title, x: x + 1, y: y, style: titleStyle, maxWidth: rect.maxX - x - 3)
            buffer.put(" ", x: x, y: y, style: border)
            x += 1
        }
        if let info, !info.isEmpty {
            let w = DisplayWidth.of(info)
            let start = rect.maxX - 2 - w
            if start > x + 1 {
                buffer.put(" ", x: start - 1, y: y, style: border)
                buffer.put(info, x: start, y: y, style: palette.style(.dimText))
                buffer.put(" ", x: start + w, y: y, style: border)
            }
        }
    }

    /// Writes `text` ending at `rect.maxX` (clipped on the left if too long). Returns the start x.
    @discardableResult
    static func putRight(_ text: String, rect: Rect, y: Int, style: Style, buffer: inout CellBuffer) -> Int {
        let w = DisplayWidth.of(text)
        let x = max(rect.x, rect.maxX - w)
        buffer.put(text, x: x, y: y, style: style, maxWidth: rect.maxX - x)
        return x
    }

    /// Writes `text` centred in `rect` on line `y`.
    static func putCentered(_ text: String, rect: Rect, y: Int, style: Style, buffer: inout CellBuffer) {
        let t = truncate(text, to: rect.width)
        let x = rect.x + max(0, (rect.width - DisplayWidth.of(t)) / 2)
        buffer.put(t, x: x, y: y, style: style, maxWidth: rect.maxX - x)
    }

    /// `text` cut to `width` columns, ending in `…` when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = ""
        var w = 0
        for ch in text {
            let cw = DisplayWidth.of(ch)
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// Words of `text` wrapped into lines of at most `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayWidth.of(candidate) <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = truncate(String(word), to: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A number with `digits` decimals and a real minus sign (`−0.41`, ` 0.41` keeps columns aligned when `pad`).
    static func number(_ v: Float, _ digits: Int = 2, sign: Bool = false) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "−inf") }
        var s = String(format: "%.\(digits)f", Double(abs(v)))
        // "-0.00" would be noise
        let isZero = Double(s) == 0
        if v < 0 && !isZero {
            s = "−" + s
        } else if sign {
            s = "+" + s
        }
        return s
    }
}
