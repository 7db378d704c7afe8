import BertKit

/// The WordPiece tokens as they go into the model: `[CLS]`, pieces with `##`, `[SEP]`, segments A/B in their
/// colours, the selected token highlighted, ids under the tokens on demand (`i`), wrapped into lines and scrolled
/// to the selection, and a notice line for truncation or an encode error.
public enum TokenRowsWidget {
    /// Where one token sits: index, line, and x offset from the flow's left edge.
    struct Placement {
        let index: Int
        let line: Int
        let x: Int
        let width: Int
    }

    /// Columns kept free at the right for the "more" indicators when lines are hidden.
    static let indicatorWidth = 6

    /// The notice to show (an encode error wins over truncation), if any.
    static func notice(_ state: AppState) -> (text: String, warning: Bool)? {
        if let e = state.encodeError { return ("encode error: " + e, true) }
        if let t = state.encoding?.input.truncation { return ("⚠ " + t.notice, true) }
        return nil
    }

    /// Token lines wanted at most, by screen height.
    static func maxLines(screenHeight: Int) -> Int {
        screenHeight >= 40 ? 4 : (screenHeight >= 20 ? 2 : 1)
    }

    /// The text shown for a token with ids on: its id.
    static func idText(_ t: Token) -> String { String(t.id) }

    /// Flows the tokens into lines `width` columns wide.
    static func flow(_ tokens: [Token], width: Int, under: [String]?) -> [Placement] {
        var out: [Placement] = []
        out.reserveCapacity(tokens.count)
        var line = 0
        var x = 0
        for (i, t) in tokens.enumerated() {
            var w = DisplayWidth.of(t.text)
            if let under, i < under.count { w = max(w, DisplayWidth.of(under[i])) }
            w = min(w, max(1, width))
            if x > 0 && x + w > width {
                line += 1
                x = 0
            }
            out.append(Placement(index: i, line: line, x: x, width: w))
            x += w + 1
        }
        return out
    }

    /// Rows this widget wants on a screen `width` wide and `screenHeight` tall.
    static func preferredHeight(state: AppState, width: Int, screenHeight: Int) -> Int {
        let under = underTexts(state)
        let perLine = under == nil ? 1 : 2
        var lines = 1
        if let enc = state.encoding {
            let placed = flow(enc.tokens, width: max(1, width - 2), under: under)
            lines = min((placed.last?.line ?? 0) + 1, maxLines(screenHeight: screenHeight))
        }
        let noticeLine = notice(state) != nil && screenHeight >= 16 ? 1 : 0
        return lines * perLine + noticeLine
    }

    /// The layout of the visible tokens in `rect`: placements, the first visible line, the number of lines shown.
    static func visibleLayout(state: AppState, rect: Rect) -> (placed: [Placement], first: Int, lines: Int, flowX: Int)
    {
        guard let enc = state.encoding else { return ([], 0, 0, rect.x + 1) }
        let under = underTexts(state)
        let perLine = under == nil ? 1 : 2
        let hasNotice = notice(state) != nil && rect.height > perLine
        let capacity = max(1, (rect.height - (hasNotice ? 1 : 0)) / perLine)
        var placed = flow(enc.tokens, width: max(1, rect.width - 2), under: under)
        var total = (placed.last?.line ?? 0) + 1
        if total > capacity {
            placed = flow(enc.tokens, width: max(1, rect.width - 2 - indicatorWidth), under: under)
            total = (placed.last?.line ?? 0) + 1
        }
        let selLine = placed.indices.contains(state.selectedToken) ? placed[state.selectedToken].line : 0
        let first = min(max(0, selLine - capacity + 1), max(0, total - capacity))
        return (placed, first, min(capacity, total), rect.x + 1)
    }

    /// The token under (x, y), if any.
    static func token(atX x: Int, y: Int, state: AppState, rect: Rect) -> Int? {
        guard rect.contains(x: x, y: y) else { return nil }
        let v = visibleLayout(state: state, rect: rect)
        let perLine = underTexts(state) == nil ? 1 : 2
        let line = v.first + (y - rect.y) / perLine
        guard line < v.first + v.lines else { return nil }
        var best: Int?
        for p in v.placed where p.line == line {
            let px = v.flowX + p.x
            if x >= px && x < px + p.width + 1 { return p.index }
            if x >= px { best = p.index }
        }
        return best
    }

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
        let under = underTexts(state)
        let perLine = under == nil ? 1 : 2
        let v = visibleLayout(state: state, rect: rect)
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
        if let n = notice(state), rect.height > v.lines * perLine {
            buffer.put(
                Chrome.truncate(n.text, to: rect.width - 2), x: rect.x + 1, y: rect.y + v.lines * perLine,
                style: palette.style(.warning))
        }
    }
}
