/// The `?` overlay: every key, in a box centred on the screen; two columns when they fit, else one that scrolls
/// (the box and its columns are `HelpGeometry`'s, which the scroll clamp reads too).
public enum HelpOverlayWidget {
    /// Draws the overlay over whatever is on `buffer`.
    public static func draw(state: AppState, palette: Palette, size: Size, buffer: inout CellBuffer) {
        let (cols, box) = HelpGeometry.plan(size: size, presenting: !state.slides.isEmpty)
        guard box.width >= 10, box.height >= 4 else { return }
        var base = palette.style(.text)
        if palette.hasColor { base.bg = palette.color(.statusText) ?? base.bg }
        buffer.fill(box, with: Cell(" ", style: base))
        var border = palette.style(.title)
        border.bg = base.bg
        // frame
        for x in box.x..<box.maxX {
            buffer[x, box.y] = Cell("─", style: border)
            buffer[x, box.maxY - 1] = Cell("─", style: border)
        }
        for y in box.y..<box.maxY {
            buffer[box.x, y] = Cell("│", style: border)
            buffer[box.maxX - 1, y] = Cell("│", style: border)
        }
        buffer[box.x, box.y] = Cell("┌", style: border)
        buffer[box.maxX - 1, box.y] = Cell("┐", style: border)
        buffer[box.x, box.maxY - 1] = Cell("└", style: border)
        buffer[box.maxX - 1, box.maxY - 1] = Cell("┘", style: border)
        var titleStyle = border
        titleStyle.attributes.insert(.bold)
        buffer.put(" bertscope keys ", x: box.x + 2, y: box.y, style: titleStyle, maxWidth: box.width - 4)

        let visible = box.height - 3
        let longest = cols.map(\.count).max() ?? 0
        let scroll = min(state.helpScroll, max(0, longest - visible))
        let cw = cols.count == 2 ? (box.width - 7) / 2 : box.width - 4
        var keysStyle = palette.style(.accent, [.bold])
        keysStyle.bg = base.bg
        var headStyle = palette.style(.title, [.bold, .underline])
        headStyle.bg = base.bg
        for (ci, col) in cols.enumerated() {
            let x = box.x + 2 + ci * (cw + 3)
            for (k, line) in col.dropFirst(scroll).prefix(visible).enumerated() {
                let y = box.y + 1 + k
                if let keys = line.keys {
                    buffer.put(keys, x: x, y: y, style: keysStyle, maxWidth: HelpGeometry.keyWidth)
                    buffer.put(
                        line.text, x: x + HelpGeometry.keyWidth + 1, y: y, style: base,
                        maxWidth: cw - HelpGeometry.keyWidth - 1)
                } else {
                    buffer.put(line.text, x: x, y: y, style: headStyle, maxWidth: cw)
                }
            }
        }
        var hintStyle = palette.style(.dimText)
        hintStyle.bg = base.bg
        let more = longest - visible - scroll
        var hint = more > 0 ? "↓ \(more) more (↑↓ scroll) · any key closes" : "any key closes"
        if DisplayWidth.of(hint) > box.width - 4 { hint = more > 0 ? "↓ \(more) more (↑↓)" : "any key closes" }
        Chrome.putRight(
            hint, rect: Rect(x: box.x + 2, y: box.maxY - 2, width: box.width - 4, height: 1),
            y: box.maxY - 2, style: hintStyle, buffer: &buffer)
    }
}

/// Below the minimum size: a short message, centred, in as much of it as fits.
public enum TooSmallWidget {
    /// Draws the message for a screen of `size`.
    public static func draw(palette: Palette, size: Size, buffer: inout CellBuffer) {
        let need = ScreenLayout.minimumSize
        let full = "terminal too small (need \(need.width)x\(need.height))"
        let lines =
            size.width >= DisplayWidth.of(full)
            ? [full]
            : Chrome.wrap("terminal too small", width: size.width)
                + Chrome.wrap("(need \(need.width)x\(need.height))", width: size.width)
        let top = max(0, (size.height - lines.count) / 2)
        let area = Rect(x: 0, y: 0, width: size.width, height: size.height)
        for (i, l) in lines.enumerated() where top + i < size.height {
            Chrome.putCentered(l, rect: area, y: top + i, style: palette.style(.warning, [.bold]), buffer: &buffer)
        }
    }
}
