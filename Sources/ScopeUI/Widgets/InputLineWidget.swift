/// One input line: a label, the text (scrolled so the cursor stays visible), the cursor when focused, and the
/// selected token's span underlined when the token came from this line.
public enum InputLineWidget {
    /// Which of the two lines.
    public enum Line: Sendable { case a, b, c }

    /// Where the text starts, how far it is scrolled and which characters are visible, shared by drawing, the
    /// cursor and mouse hit testing. Worked out from the editor's measures (`LineEditor.column(of:)`), so a frame
    /// costs what is visible, not the length of the text.
    struct Geometry {
        let labelWidth: Int
        let textX: Int
        let textWidth: Int
        /// Display column of the text shown first.
        let scroll: Int
        /// The characters drawn (some of a wide one at an edge may be left out).
        let visible: Range<Int>
    }

    static func label(_ line: Line, state: AppState) -> String {
        if line == .c { return "vs › " }
        guard state.pairMode else { return "› " }
        return line == .a ? "A › " : "B › "
    }

    static func editor(_ line: Line, state: AppState) -> LineEditor {
        switch line {
        case .a: return state.inputA
        case .b: return state.inputB
        case .c: return state.inputC
        }
    }

    static func geometry(_ line: Line, state: AppState, rect: Rect) -> Geometry {
        let lw = DisplayWidth.of(label(line, state: state)) + 1
        let textWidth = max(0, rect.width - lw - 1)
        let ed = editor(line, state: state)
        let cursorCol = ed.column(of: ed.cursor)
        var scroll = 0
        if ed.width + 1 > textWidth {
            // keep the cursor visible, with the line's end pinned to the right edge when typing at the end
            scroll = max(0, cursorCol + 1 - textWidth)
        }
        let first = ed.firstCharacter(atOrAfterColumn: scroll)
        let end = ed.firstCharacter(atOrAfterColumn: scroll + textWidth + 1)
        return Geometry(
            labelWidth: lw, textX: rect.x + lw, textWidth: textWidth, scroll: scroll, visible: first..<max(first, end))
    }

    /// The character index under screen column `x` (for a click), clamped to the text.
    static func characterIndex(atX x: Int, line: Line, state: AppState, rect: Rect) -> Int {
        let g = geometry(line, state: state, rect: rect)
        return editor(line, state: state).character(atColumn: x - g.textX + g.scroll)
    }

    /// The screen position of the cursor when this line has focus.
    static func cursorPosition(_ line: Line, state: AppState, rect: Rect) -> (x: Int, y: Int) {
        let g = geometry(line, state: state, rect: rect)
        let ed = editor(line, state: state)
        return (g.textX + ed.column(of: ed.cursor) - g.scroll, rect.y)
    }

    /// The selected token's span in unicode scalars of this line's text, when the encoding on screen was made from
    /// exactly this text.
    static func selectedSpan(_ line: Line, state: AppState) -> Range<Int>? {
        guard let enc = state.encoding, state.selectedToken < enc.tokenCount else { return nil }
        let token = enc.tokens[state.selectedToken]
        guard let span = token.span else { return nil }
        let ed = editor(line, state: state)
        switch line {
        case .a: guard token.segment == 0, enc.input.textA == ed.text else { return nil }
        case .b: guard token.segment == 1, state.pairMode, enc.input.textB == ed.text else { return nil }
        case .c: return nil
        }
        return span
    }

    /// True when character `i` of `ed` lies in the scalar range `span`.
    static func inSpan(_ i: Int, _ span: Range<Int>, _ ed: LineEditor) -> Bool {
        ed.scalarOffset(of: i + 1) > span.lowerBound && ed.scalarOffset(of: i) < span.upperBound
    }

    /// Draws `line` into `rect` (one row).
    public static func draw(_ line: Line, state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 0 else { return }
        let focused =
            (line == .a && state.focus == .input) || (line == .b && state.focus == .pair)
            || (line == .c && state.focus == .compare)
        let g = geometry(line, state: state, rect: rect)
        var labelStyle = focused ? palette.style(.focus, [.bold]) : palette.style(.dimText)
        if state.pairMode && !focused && line != .c {
            labelStyle = palette.style(line == .a ? .segmentA : .segmentB)
        }
        buffer.put(label(line, state: state), x: rect.x + 1, y: rect.y, style: labelStyle, maxWidth: rect.width - 1)
        let ed = editor(line, state: state)
        if ed.text.isEmpty {
            let hint: String
            switch line {
            case .a: hint = "type a sentence"
            case .b: hint = "type sentence B (token_type_ids 1)"
            case .c: hint = "type a sentence to compare with (encoded alone)"
            }
            if focused { buffer[g.textX, rect.y] = Cell(" ", style: palette.cursor) }
            buffer.put(
                hint, x: g.textX + (focused ? 1 : 0), y: rect.y, style: palette.style(.dimText, [.italic]),
                maxWidth: g.textWidth - 1)
            return
        }
        let span = selectedSpan(line, state: state)
        let text = palette.style(.text)
        var spanStyle = palette.selection
        spanStyle.attributes.insert(.underline)
        let chars = ed.characters
        for i in g.visible {
            let ch = chars[i]
            let w = DisplayWidth.of(ch)
            let col = ed.column(of: i)
            let sx = g.textX + col - g.scroll
            if col < g.scroll || (g.scroll > 0 && sx == g.textX) { continue }
            if sx + w > g.textX + g.textWidth { break }
            var style = span.map { inSpan(i, $0, ed) } == true ? spanStyle : text
            if focused && i == ed.cursor { style = palette.cursor }
            buffer.put(String(ch), x: sx, y: rect.y, style: style)
        }
        if g.scroll > 0 { buffer.put("…", x: g.textX, y: rect.y, style: palette.style(.dimText)) }
        // more text past the right edge
        if ed.width - g.scroll > g.textWidth {
            buffer.put("…", x: g.textX + g.textWidth - 1, y: rect.y, style: palette.style(.dimText))
        }
        if focused && ed.cursor == chars.count {
            let p = cursorPosition(line, state: state, rect: rect)
            if p.x < rect.maxX { buffer[p.x, p.y] = Cell(" ", style: palette.cursor) }
        }
    }
}
