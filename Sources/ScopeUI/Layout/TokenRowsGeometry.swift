import BertKit

/// Where the token rows put each token, and how many screen lines they want: the measures the screen layout, the
/// mouse hit-test and `TokenRowsWidget` share, so the layout never asks a widget.
enum TokenRowsGeometry {
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

    /// The line under the tokens: ids (`i`), or what the heads say per token: a token classifier's tag under every
    /// token, the MLM head's best guess under every `[MASK]`.
    /// The text under each token, or nil when there is no second line.
    static func underTexts(_ state: AppState) -> [String]? {
        guard let enc = state.encoding else { return state.showIDs ? [] : nil }
        if state.showIDs { return enc.tokens.map(idText) }
        let heads = enc.heads
        if let tags = heads.tokenTags { return tags.map(\.label) }
        guard !heads.masks.isEmpty else { return nil }
        var out = [String](repeating: "", count: enc.tokenCount)
        for m in heads.masks where m.position < out.count {
            if let best = m.top.first { out[m.position] = "→" + best.token }
        }
        return out
    }
}
