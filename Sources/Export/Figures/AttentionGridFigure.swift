import BertKit
import ScopeUI

/// Every layer x head as small multiples (bertviz's model view), all on one colour scale.
enum AttentionGridFigure {
    /// Side of one panel in pixels when nothing asks otherwise.
    static let defaultPanel = 96

    static func make(_ a: EncodingAnalysis, palette p: FigurePalette, options: FigureOptions, font f: FigureFont) throws
        -> Figure
    {
        let e = a.encoding
        try AttentionValues.check(e, layer: 1)
        guard e.tokenCount > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let hi = a.largestWeightOfAnyHead
        let vmax = options.attentionScale == .unit || !(hi > 0) ? 1 : Double(hi)
        func build(_ target: Int) -> Figure {
            layout(e, target: target, vmax: vmax, scale: options.attentionScale, palette: p, font: f)
        }
        if options.maxWidth == nil && options.maxHeight == nil { return build(defaultPanel) }
        return FigureFit.largest(in: 8...256, maxWidth: options.maxWidth, maxHeight: options.maxHeight, build: build)
    }

    /// The figure with panels about `target` pixels square.
    static func layout(
        _ e: Encoding, target: Int, vmax: Double, scale: AttentionScale, palette p: FigurePalette, font f: FigureFont
    ) -> Figure {
        let t = e.tokenCount
        let layers = e.layerCount
        let heads = e.config.numAttentionHeads
        let m = FigureParts.margin
        let g = FigureParts.gap
        let panelGap = 6
        // Tokens binned (mean of each b x b block) only when there are more tokens than panel pixels.
        let bin = t <= target ? 1 : (t + target - 1) / target
        let cells = (t + bin - 1) / bin
        let cell = max(1, target / cells)
        let panel = cells * cell

        let ls = panel >= 48 ? 2 : 1
        let rowLabel: (Int) -> String = { panel >= 48 ? "layer \($0)" : "\($0)" }
        let rowLabelW = (1...layers).map { f.width(rowLabel($0), scale: ls) }.max() ?? 0
        // "head 3" where it fits the panel, "3" where only that fits, nothing where even that would touch.
        let headLabel: (Int) -> String = { h in
            if f.width("head \(h)", scale: ls) + panelGap <= panel { return "head \(h)" }
            return f.width("\(h)", scale: ls) + panelGap <= panel + panelGap / 2 ? "\(h)" : ""
        }
        let gridX = m + rowLabelW + g
        let gridW = heads * panel + (heads - 1) * panelGap
        let gridH = layers * panel + (layers - 1) * panelGap
        let barX = gridX + gridW + 24
        let caption = "attention weight"
        let width = max(
            FigureParts.minWidth,
            barX + FigureParts.colorBarWidth(lo: 0, hi: vmax, caption: caption, scale: 2, font: f) + m)

        let title = "Attention · all \(layers) layers × \(heads) heads · \(scale.label)"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        let top = FigureParts.header(into: &fig, title: title, encoding: e, palette: p, font: f)
        let gridY = top + f.lineHeight(ls) + g

        for h in 0..<heads where !headLabel(h + 1).isEmpty {
            let x = gridX + h * (panel + panelGap) + panel / 2
            fig.add(
                .text(
                    FigureText(headLabel(h + 1), x: x, baseline: gridY - g, scale: ls, color: p.muted, anchor: .middle))
            )
        }
        // Every layer labelled when a line fits beside a panel, every second (third, ...) when not.
        let rowStride = max(1, (f.lineHeight(ls) + 2 + panel + panelGap - 1) / (panel + panelGap))
        for l in 0..<layers {
            let y = gridY + l * (panel + panelGap)
            if l % rowStride == 0 {
                fig.add(
                    .text(
                        FigureText(
                            rowLabel(l + 1), x: gridX - g, baseline: y + panel / 2 + FigureParts.centring(ls, font: f),
                            scale: ls,
                            color: p.muted, anchor: .end)))
            }
            for h in 0..<heads {
                let x = gridX + h * (panel + panelGap)
                let values = binned(e.attentions[l][h], tokens: t, bin: bin, cells: cells)
                let colors = values.map { p.sequential.color(at: Double($0) / vmax) }
                fig.add(.outline(PixelRect(x: x - 1, y: y - 1, width: panel + 2, height: panel + 2), color: p.axis))
                fig.add(
                    .cells(
                        CellGrid(
                            x: x, y: y, columns: cells, rows: cells, cellWidth: cell, cellHeight: cell, colors: colors))
                )
            }
        }
        let barH = max(120, min(gridH, 320))
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(2), height: barH),
            scale: p.sequential,
            lo: 0, hi: vmax, caption: caption, textScale: 2, palette: p, font: f)

        var notes = [
            "each panel: rows = query tokens, columns = key tokens (\(t) tokens)",
            scale == .unit
                ? "colour: 0 to 1, the same in every head and layer"
                : "colour: 0 to \(Fixed.compact(vmax)), the largest weight in any head",
        ]
        if bin > 1 { notes.append("tokens binned by \(bin) to fit: each cell is the mean of a \(bin)×\(bin) block") }
        let notesY = gridY + max(gridH, barH + f.lineHeight(2) / 2)
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }

    /// A (T, T) matrix reduced to (cells, cells) by the mean of each `bin` x `bin` block.
    static func binned(_ a: Matrix, tokens t: Int, bin: Int, cells: Int) -> [Float] {
        if bin == 1 { return Array(a.scalars) }
        var out = [Float](repeating: 0, count: cells * cells)
        for r in 0..<cells {
            for c in 0..<cells {
                var sum: Float = 0
                var n = 0
                for i in (r * bin)..<min(t, (r + 1) * bin) {
                    for j in (c * bin)..<min(t, (c + 1) * bin) {
                        sum += a[i, j]
                        n += 1
                    }
                }
                out[r * cells + c] = n > 0 ? sum / Float(n) : 0
            }
        }
        return out
    }
}
