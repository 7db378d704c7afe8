import BertKit

/// The WordPiece tokens as they go into the model: `[CLS]`, pieces with `##`, `[SEP]`, segments A/B in their
/// colours, the selected token highlighted, ids under the tokens on demand (`i`), wrapped into lines and scrolled
/// to the selection, and a notice line for truncation or an encode error. Where each token goes (and how tall the
/// rows are) is `TokenRowsGeometry`'s, which the screen layout and mouse hit-testing read too.
public enum TokenRowsWidget {
    /// Draws the token rows into `rect`.
    public static func draw(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 2 else { return }
        guard let enc = state.encoding else {
            let text = state.encodeError.map { "encode error: " + $0 } ?? "encoding…"
            buffer.put(
                text, x: rect.x + 1, y: rect.y,
                style: palette.style(state.encodeError == nil ? .dimText : .warning), maxWidth: rect.width - 2)
            return
        }
        let under = TokenRowsGeometry.underTexts(state)
        let perLine = under == nil ? 1 : 2
        let v = TokenRowsGeometry.visibleLayout(state: state, rect: rect)
        let dim = palette.style(.dimText)
        for p in v.placed where p.line >= v.first && p.line < v.first + v.lines {
            let token = enc.tokens[p.index]
            let x = v.flowX + p.x
            let y = rect.y + (p.line - v.first) * perLine
            let selected = p.index == state.selectedToken
            let role: ThemeRole = token.isSpecial ? .specialToken : (token.segment == 1 ? .segmentB : .segmentA)
            let style = selected ? palette.selection : palette.style(role)
            if selected {
                buffer.fill(Rect(x: x, y: y, width: p.width, height: 1), with: Cell(" ", style: style))
            }
            if token.text.hasPrefix("##") && !selected {
                let after = buffer.put("##", x: x, y: y, style: dim, maxWidth: p.width)
                buffer.put(String(token.text.dropFirst(2)), x: after, y: y, style: style, maxWidth: x + p.width - after)
            } else {
                buffer.put(Chrome.truncate(token.text, to: p.width), x: x, y: y, style: style, maxWidth: p.width)
            }
            if let under, p.index < under.count {
                let style = selected ? palette.selection : underStyle(state, token: p.index, palette: palette)
                buffer.put(under[p.index], x: x, y: y + 1, style: style, maxWidth: p.width)
            }
        }
        // indicators for hidden lines
        let hiddenBefore = v.placed.filter { $0.line < v.first }.count
        let hiddenAfter = v.placed.filter { $0.line >= v.first + v.lines }.count
        if hiddenBefore > 0 {
            Chrome.putRight("◂\(hiddenBefore) ", rect: rect, y: rect.y, style: dim, buffer: &buffer)
        }
        if hiddenAfter > 0 {
            Chrome.putRight(
                "\(hiddenAfter)▸ ", rect: rect, y: rect.y + (v.lines - 1) * perLine, style: dim,
                buffer: &buffer)
        }
        if let n = TokenRowsGeometry.notice(state), rect.height > v.lines * perLine {
            buffer.put(
                Chrome.truncate(n.text, to: rect.width - 2), x: rect.x + 1, y: rect.y + v.lines * perLine,
                style: palette.style(.warning))
        }
    }
}
