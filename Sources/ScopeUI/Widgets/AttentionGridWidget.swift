import BertKit

/// Every layer x head as small multiples (bertviz's model view): one thumbnail heatmap per head, layers down,
/// heads across, the current layer/head marked. Thumbnails are max-pooled when they are smaller than T x T. Each
/// thumbnail carries its head's dominant role (Clark et al. 2019, `EncodingAnalysis.headRoles`) as a letter in its
/// top-left corner, none when no role reaches the threshold; a legend line above the footer says what they mean.
public enum AttentionGridWidget {
    /// The value the brightest colour stands for: 1, or the largest weight of any head in any layer (one scale
    /// for the whole grid, as the saved grid figure has).
    static func scaleTop(_ state: AppState) -> Float {
        guard state.attentionScale == .toMax, let top = state.prepared?.largestWeightOfAnyHead, top > 0 else {
            return 1
        }
        return top
    }

    /// Draws the grid into `rect`.
    ///
    /// `geometry` is the grid's place in `rect` (`FrameGeometry`), nil when there is no room.
    static func draw(
        state: AppState, palette: Palette, rect: Rect, geometry: AttentionGridGeometry?, buffer: inout CellBuffer
    ) {
        guard rect.height >= 2, rect.width >= 10 else { return }
        let fullTitle =
            "attention · all \(state.layerCount) layers × \(state.headCount) heads · \(state.attentionScale.label)"
        let shortTitle = "\(state.layerCount) layers × \(state.headCount) heads · \(state.attentionScale.label)"
        Chrome.titleRule(
            DisplayWidth.of(fullTitle) <= rect.width - 5 ? fullTitle : shortTitle,
            info: rect.width >= 60 ? "queries ↓ keys →" : nil,
            focused: state.focus == .heatmap && state.mainView == .grid, palette: palette,
            rect: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), buffer: &buffer)
        guard let enc = state.encoding else {
            Chrome.waitingForFirstEncoding(in: rect, palette: palette, buffer: &buffer)
            return
        }
        guard let g = geometry else {
            Chrome.putCentered(
                "too small for the grid", rect: rect, y: rect.y + 1, style: palette.style(.dimText),
                buffer: &buffer)
            return
        }
        let dim = palette.style(.dimText)
        let selectedHead: Int? = { if case .single(let h) = state.head { return h } else { return nil } }()
        // head numbers
        for h in g.firstHead..<(g.firstHead + g.visibleHeads) {
            // the number may run into the gap after its thumbnail (head 10 over a 2-column thumbnail)
            let label = String(h + 1)
            let x = g.x(ofHead: h) + max(0, (g.thumbWidth - label.count) / 2)
            buffer.put(
                label, x: x, y: rect.y + 1, style: h == selectedHead ? palette.selection : dim,
                maxWidth: g.thumbWidth + g.gapX)
        }
        let t = enc.tokenCount
        let roles = state.headRolesShown
        let top = Double(scaleTop(state))
        let half = palette.hasColor
        let pw = g.thumbWidth
        let ph = g.thumbHeight * (half ? 2 : 1)
        for l in g.firstLayer..<(g.firstLayer + g.visibleLayers) {
            let y0 = g.y(ofLayer: l)
            let current = l == state.layer
            let label = "L\(l)"
            buffer.put(
                String(repeating: " ", count: max(0, 3 - label.count)) + label, x: rect.x + 1,
                y: y0 + (g.thumbHeight - 1) / 2, style: current ? palette.selection : dim)
            for h in g.firstHead..<(g.firstHead + g.visibleHeads) {
                let m = enc.attentions[l - 1][h]
                let x0 = g.x(ofHead: h)
                // pooled pixel values
                func pixel(_ px: Int, _ py: Int) -> Double {
                    let r0 = py * t / ph
                    let r1 = max(r0 + 1, (py + 1) * t / ph)
                    let c0 = px * t / pw
                    let c1 = max(c0 + 1, (px + 1) * t / pw)
                    let rs = max(1, (r1 - r0) / 4)
                    let cs = max(1, (c1 - c0) / 4)
                    var best: Float = 0
                    var r = r0
                    while r < min(r1, t) {
                        var c = c0
                        while c < min(c1, t) {
                            best = max(best, m[r, c])
                            c += cs
                        }
                        r += rs
                    }
                    return min(1, Double(best) / top)
                }
                for line in 0..<g.thumbHeight {
                    for px in 0..<pw {
                        if half {
                            let up = palette.sequentialColor(pixel(px, line * 2))
                            let down = palette.sequentialColor(pixel(px, line * 2 + 1))
                            buffer[x0 + px, y0 + line] = Cell("▀", style: Style(fg: up, bg: down))
                        } else {
                            buffer[x0 + px, y0 + line] = palette.sequentialCell(pixel(px, line))
                        }
                    }
                }
                if let letter = roles?.dominant(layer: l, head: h)?.letter {
                    // on the thumbnail's own colour (its upper pixel in half blocks), in black or white to read
                    let under = buffer[x0, y0].style
                    let style =
                        (half ? under.fg : under.bg).map {
                            Style(
                                fg: $0.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255), bg: $0, attributes: [.bold])
                        } ?? palette.style(.text, [.bold])
                    buffer.put(String(letter), x: x0, y: y0, style: style)
                }
                if current && h == selectedHead {
                    let mark = palette.style(.accent, [.bold])
                    for line in 0..<g.thumbHeight {
                        buffer.put(line == 0 ? "▕" : "▕", x: x0 - 1, y: y0 + line, style: mark)
                        buffer.put("▏", x: x0 + pw, y: y0 + line, style: mark)
                    }
                }
            }
        }
        let legendY = rect.maxY - 1 - AttentionGridGeometry.legendLines
        if roles == nil {
            // a long input's roles come from the background: say so where their legend goes
            buffer.put(
                " head roles: computing in the background…", x: rect.x, y: legendY, style: palette.style(.dimText),
                maxWidth: rect.width)
        } else {
            drawRoleLegend(palette: palette, rect: rect, y: legendY, buffer: &buffer)
        }
        // footer
        let footerY = rect.maxY - 1
        var note = state.layer == 0 ? "layer 0 (embeddings) has no attention · " : ""
        if g.visibleLayers < state.layerCount || g.visibleHeads < state.headCount {
            note +=
                "showing L\(g.firstLayer)–\(g.firstLayer + g.visibleLayers - 1), heads \(g.firstHead + 1)–\(g.firstHead + g.visibleHeads) · "
        }
        note += rect.width >= 70 ? "click or Enter opens a head · " : ""
        // the note gives way to the legend: shortened, then left out, never run into it
        let legendWidth = 14 + (top == 1 ? 0 : 3)
        let room = rect.width - legendWidth - 2
        if DisplayWidth.of(note) > room && g.visibleHeads < state.headCount {
            note = "heads \(g.firstHead + 1)–\(g.firstHead + g.visibleHeads) · "
        }
        let x =
            DisplayWidth.of(note) <= room
            ? buffer.put(" " + note, x: rect.x, y: footerY, style: dim, maxWidth: room + 1) : rect.x + 1
        Legend.sequential(top: Float(top), palette: palette, x: x, y: footerY, maxX: rect.maxX, buffer: &buffer)
    }

    /// `roles ≥ 50%: C [CLS] · S [SEP] · P punct · < prev · = self · > next`, shortened to fit; the letters are the
    /// analysis layer's (`HeadRoles.Column.letter`), the threshold its `headRoleThreshold`.
    static func drawRoleLegend(palette: Palette, rect: Rect, y: Int, buffer: inout CellBuffer) {
        let roles = HeadRoles.Column.allCases.compactMap { c in c.letter.map { (String($0), c.name) } }
        let percent = Int((EncodingAnalysis.headRoleThreshold * 100).rounded())
        let long = rect.width >= 60
        let dim = palette.style(.dimText)
        let mark = palette.style(.accent, [.bold])
        let lead =
            rect.width >= 90
            ? " head roles (≥ \(percent)% of attention): " : (long ? " roles ≥\(percent)%: " : " ≥\(percent)%: ")
        var x = buffer.put(lead, x: rect.x, y: y, style: dim, maxWidth: rect.width)
        for (i, role) in roles.enumerated() {
            let name = long ? role.1 : String(role.1.prefix(4))
            let width = DisplayWidth.of(role.0) + 1 + DisplayWidth.of(name) + (i > 0 ? 3 : 0)
            guard x + width < rect.maxX else { break }
            if i > 0 { x = buffer.put(long ? " · " : "  ", x: x, y: y, style: dim) }
            x = buffer.put(role.0, x: x, y: y, style: mark)
            x = buffer.put(" " + name, x: x, y: y, style: dim)
        }
    }
}
