import BertKit
import ScopeUI

/// Two sentences encoded separately, their tokens matched (a longest common subsequence of the ids): rows are the
/// first sentence's tokens, columns the layers 0...L, each matched token's cell the cosine between its vector and
/// its match's at that layer (on the diverging scale, the value written in); unmatched tokens are a row of dashes.
enum CompareFigure {
    /// Builds the figure.
    static func make(
        _ c: EncodingComparison, palette p: FigurePalette, options: FigureOptions, font f: FigureFont
    ) throws -> Figure {
        let e = c.first.encoding
        let other = c.second.encoding
        let t = e.tokenCount
        guard t > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let layers = Array(c.layers)
        let table = layers.map { c.cosines(layer: $0) ?? Array(repeating: nil, count: t) }
        let m = FigureParts.margin
        let g = FigureParts.gap
        let ts = 2
        let cs = 1
        let cw = max(f.width("-0.00", scale: cs) + 10, 40)
        let ch = f.lineHeight(ts) + 6
        let labels = (0..<t).map { i -> String in
            let own = FigureParts.label(e.tokens[i])
            guard let j = c.matchOfFirst[i] else { return own }
            return j == i ? own : "\(own) ↔ \(j)"
        }
        let labelW = labels.map { f.width($0, scale: ts, bold: true) }.max() ?? 0
        let gridX = m + labelW + g
        let gridW = cw * layers.count
        let barX = gridX + gridW + 24
        let caption = "cosine"
        let width = max(
            FigureParts.minWidth,
            barX + FigureParts.colorBarWidth(lo: -1, hi: 1, caption: caption, scale: ts, font: f) + m)
        let title = "Compare · the same tokens in two sentences, layer by layer"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        let top = FigureParts.header(
            into: &fig, title: title, encoding: e, palette: p, font: f,
            extra: ["compared with \u{201C}\(other.input.textA)\u{201D} (encoded alone)"])
        // layer labels over the columns
        let labelY = top + f.ascent(ts)
        for (k, l) in layers.enumerated() {
            fig.add(
                .text(
                    FigureText(
                        l == 0 ? "emb" : "L\(l)", x: gridX + k * cw + cw / 2, baseline: labelY, scale: ts,
                        color: p.muted, anchor: .middle)))
        }
        let gridY = labelY + f.descent(ts) + g
        var colors: [RGB] = []
        for i in 0..<t {
            for k in layers.indices {
                colors.append(table[k][i].map { p.diverging.color(at: (Double($0) + 1) / 2) } ?? p.background)
            }
        }
        fig.add(.outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridW + 2, height: ch * t + 2), color: p.axis))
        let grid = CellGrid(
            x: gridX, y: gridY, columns: layers.count, rows: t, cellWidth: cw, cellHeight: ch, colors: colors)
        fig.add(.cells(grid))
        for i in 0..<t {
            let matched = c.matchOfFirst[i] != nil
            let (color, bold) = FigureParts.labelStyle(i, e.tokens[i], selected: options.selectedToken, palette: p)
            fig.add(
                .text(
                    FigureText(
                        labels[i], x: gridX - g, baseline: gridY + i * ch + ch / 2 + FigureParts.centring(ts, font: f),
                        scale: ts, color: matched ? color : p.muted, anchor: .end, bold: bold)))
            for k in layers.indices {
                let r = grid.cellRect(column: k, row: i)
                let text: String
                let ink: RGB
                if let v = table[k][i] {
                    text = Fixed.string(Double(v), decimals: 2)
                    ink = colors[i * layers.count + k].luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255)
                } else {
                    text = k == 0 ? "unmatched" : "–"
                    ink = p.muted
                }
                fig.add(
                    .text(
                        FigureText(
                            text, x: k == 0 && table[k][i] == nil ? r.x + 4 : r.x + cw / 2,
                            baseline: r.y + ch / 2 + FigureParts.centring(cs, font: f), scale: cs, color: ink,
                            anchor: k == 0 && table[k][i] == nil ? .start : .middle)))
            }
            if options.selectedToken == i {
                fig.add(
                    .outline(
                        PixelRect(x: gridX - 1, y: gridY + i * ch - 1, width: gridW + 2, height: ch + 2),
                        color: p.accent))
            }
        }
        let barHeight = max(ch * t, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barHeight),
            scale: p.diverging, lo: -1, hi: 1, caption: caption, textScale: ts, palette: p, font: f)
        let matched = c.pairs.count
        let notes = [
            "rows: the tokens of \u{201C}\(e.input.textA)\u{201D}; columns: hidden_states[l], l = 0 (embeddings) ... \(layers.last ?? 0)",
            "tokens matched by identity in order (a longest common subsequence of the ids): \(matched) of \(t) matched"
                + ", \(other.tokenCount - matched) of the other's \(other.tokenCount) unmatched; ↔ j: matched with its token j",
            "cell: cos(h_l of the token, h_l of its match); a token at the same position starts identical at layer 0",
        ]
        let notesY = gridY + max(ch * t, barHeight) + g
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }
}
