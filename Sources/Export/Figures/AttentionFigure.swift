import BertKit
import ScopeUI

/// The attention heatmap of one layer: queries down, keys across, one head or the mean or max over heads.
enum AttentionFigure {
    /// Builds the figure; `layer` is 1...L.
    static func make(
        _ a: EncodingAnalysis, layer: Int, head: HeadSelection, palette p: FigurePalette, options: FigureOptions
    ) throws -> Figure {
        let e = a.encoding
        let values = try AttentionValues.matrix(a, layer: layer, head: head)
        let t = e.tokenCount
        guard t > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let vmax = Double(values.max() ?? 0)
        let hi = vmax > 0 ? vmax : 1
        let caption = "attention weight"
        // Token labels shrink with the cells; axis titles and the colour bar keep a readable size.
        let ts = 2

        // Cell size: a comfortable default, or what fits the requested size; labels shrink with the cells.
        func overhead(_ ls: Int) -> (x: Int, y: Int) {
            let labelW = FigureParts.labelWidth(e.tokens, scale: ls)
            let axisTitle = PixelFont.lineHeight * ts
            let x = 2 * FigureParts.margin + axisTitle + 2 * FigureParts.gap + labelW + 24
                + FigureParts.colorBarWidth(lo: 0, hi: hi, caption: caption, scale: ts)
            let y = 2 * FigureParts.margin + 120 + 2 * FigureParts.gap + labelW + axisTitle + 40
            return (x, y)
        }
        var cell = min(32, max(3, 640 / t))
        var ls = cell >= 20 ? 2 : 1
        if options.maxWidth != nil || options.maxHeight != nil {
            for scale in [2, 1] {
                let o = overhead(scale)
                let fitW = options.maxWidth.map { ($0 - o.x) / t } ?? Int.max
                let fitH = options.maxHeight.map { ($0 - o.y) / t } ?? Int.max
                cell = min(64, max(1, min(fitW, fitH)))
                ls = scale
                if scale == 1 || cell >= 20 { break }
            }
        }

        let m = FigureParts.margin, g = FigureParts.gap
        let labelW = FigureParts.labelWidth(e.tokens, scale: ls)
        let axisTitle = PixelFont.lineHeight * ts
        let gridSize = t * cell
        let gridX = m + axisTitle + g + labelW + g
        let barX = gridX + gridSize + 24
        let contentRight = barX + FigureParts.colorBarWidth(lo: 0, hi: hi, caption: caption, scale: ts)
        let width = max(FigureParts.minWidth, contentRight + m)
        let heads = e.config.numAttentionHeads
        let title = "Attention · layer \(layer)/\(e.layerCount) · \(head.label(headCount: heads))"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)

        let gridY = FigureParts.header(into: &fig, title: title, encoding: e, palette: p)
        let colors = values.map { p.sequential.color(at: Double($0) / hi) }
        let grid = CellGrid(x: gridX, y: gridY, columns: t, rows: t, cellWidth: cell, cellHeight: cell, colors: colors)
        fig.add(.outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridSize + 2, height: gridSize + 2), color: p.axis))
        fig.add(.cells(grid))
        if let s = options.selectedToken, s >= 0, s < t {
            fig.add(.outline(PixelRect(x: gridX - 1, y: gridY + s * cell - 1, width: gridSize + 2, height: cell + 2), color: p.accent))
            fig.add(.outline(PixelRect(x: gridX + s * cell - 1, y: gridY - 1, width: cell + 2, height: gridSize + 2), color: p.accent))
        }

        FigureParts.rowLabels(
            into: &fig, tokens: e.tokens, rightX: gridX - g, top: gridY, cell: cell, scale: ls,
            selected: options.selectedToken, palette: p)
        FigureParts.columnLabels(
            into: &fig, tokens: e.tokens, left: gridX, topY: gridY + gridSize + g, cell: cell, scale: ls,
            selected: options.selectedToken, palette: p)
        // Axis titles: "query" up the left side, "key" under the column labels.
        fig.add(
            .text(
                FigureText(
                    "query", x: m + PixelFont.capHeight * ts, baseline: gridY + gridSize / 2, scale: ts, color: p.muted,
                    anchor: .middle, orientation: .vertical)))
        let keyBaseline = gridY + gridSize + g + labelW + g + PixelFont.capHeight * ts
        fig.add(.text(FigureText("key", x: gridX + gridSize / 2, baseline: keyBaseline, scale: ts, color: p.muted, anchor: .middle)))

        let barHeight = max(gridSize, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barHeight),
            scale: p.sequential, lo: 0, hi: hi, caption: caption, textScale: ts, palette: p)

        let notes = [
            "rows: query tokens · columns: key tokens · each row sums to 1",
            "colour: 0 to \(Fixed.compact(hi)), the largest weight in this figure",
        ]
        let notesY = max(keyBaseline + PixelFont.descent * ts, gridY + barHeight + PixelFont.capHeight * ts)
        fig.height = FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p) + m
        return fig
    }
}
