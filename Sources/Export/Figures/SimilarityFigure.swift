import BertKit
import ScopeUI

/// The token x token cosine matrix of `hidden_states[layer]` (anisotropy made visible) on the diverging scale
/// -1...1, and beside it every layer's mean off-diagonal cosine and intra-sentence similarity (Ethayarajh 2019) as
/// bars, the figure's layer marked.
enum SimilarityFigure {
    /// Builds the figure; `layer` is 0...L.
    static func make(
        _ a: EncodingAnalysis, layer: Int, palette p: FigurePalette, options: FigureOptions, font f: FigureFont
    ) throws -> Figure {
        let e = a.encoding
        guard let s = a.similarity(layer: layer) else {
            throw ExportError.nothingToShow("--view similarity: layer \(layer) is not one of 0...\(e.layerCount)")
        }
        let t = e.tokenCount
        guard t > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let colors = s.cosines.map { p.diverging.color(at: (Double($0) + 1) / 2) }
        let byLayer = a.similarityByLayer
        func build(_ cell: Int) -> Figure {
            layout(a, s: s, byLayer: byLayer, colors: colors, cell: cell, palette: p, options: options, font: f)
        }
        if options.maxWidth == nil && options.maxHeight == nil { return build(min(32, max(3, 640 / t))) }
        return FigureFit.largest(in: 1...64, maxWidth: options.maxWidth, maxHeight: options.maxHeight, build: build)
    }

    static func layout(
        _ a: EncodingAnalysis, s: LayerSimilarity, byLayer: [LayerSimilarity], colors: [RGB], cell: Int,
        palette p: FigurePalette, options: FigureOptions, font f: FigureFont
    ) -> Figure {
        let e = a.encoding
        let t = e.tokenCount
        let ts = 2
        let ls = cell >= 20 ? 2 : 1
        let m = FigureParts.margin
        let g = FigureParts.gap
        let caption = "cosine"
        let labelW = FigureParts.labelWidth(e.tokens, scale: ls, font: f)
        let gridSize = t * cell
        let gridX = m + labelW + g
        let barX = gridX + gridSize + 24
        let barsX = barX + FigureParts.colorBarWidth(lo: -1, hi: 1, caption: caption, scale: ts, font: f) + 24
        let rowLabelW = f.width("L\(e.layerCount)", scale: ts)
        let barsW = 200
        let valueW = f.width("-0.000", scale: ts)
        let width = max(FigureParts.minWidth, barsX + rowLabelW + g + barsW + g + valueW + m)
        let layerName = s.layer == 0 ? "layer 0 (embeddings)" : "layer \(s.layer)/\(e.layerCount)"
        let title = "Token similarity · hidden_states[\(s.layer)] · \(layerName)"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        let gridY = FigureParts.header(into: &fig, title: title, encoding: e, palette: p, font: f)
        fig.add(
            .outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridSize + 2, height: gridSize + 2), color: p.axis))
        fig.add(
            .cells(CellGrid(x: gridX, y: gridY, columns: t, rows: t, cellWidth: cell, cellHeight: cell, colors: colors))
        )
        if let sel = options.selectedToken, sel >= 0, sel < t {
            fig.add(
                .outline(
                    PixelRect(x: gridX - 1, y: gridY + sel * cell - 1, width: gridSize + 2, height: cell + 2),
                    color: p.accent))
        }
        FigureParts.rowLabels(
            into: &fig, tokens: e.tokens, rightX: gridX - g, top: gridY, cell: cell, scale: ls,
            selected: options.selectedToken, palette: p, font: f)
        FigureParts.columnLabels(
            into: &fig, tokens: e.tokens, left: gridX, topY: gridY + gridSize + g, cell: cell, scale: ls,
            selected: options.selectedToken, palette: p, font: f)
        let barHeight = max(gridSize, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barHeight),
            scale: p.diverging, lo: -1, hi: 1, caption: caption, textScale: ts, palette: p, font: f)
        // per layer: the mean off-diagonal cosine as a bar (0...1; a negative mean draws none), its value beside
        let rowH = f.lineHeight(ts) + 6
        var y = gridY
        fig.add(
            .text(
                FigureText(
                    "mean cos, i ≠ j", x: barsX, baseline: y + f.ascent(ts), scale: ts, color: p.text, bold: true)))
        y += rowH
        for ls in byLayer {
            let current = ls.layer == s.layer
            let baseline = y + rowH / 2 + FigureParts.centring(ts, font: f)
            fig.add(
                .text(
                    FigureText(
                        "L\(ls.layer)", x: barsX + rowLabelW, baseline: baseline, scale: ts,
                        color: current ? p.accent : p.muted, anchor: .end, bold: current)))
            let x0 = barsX + rowLabelW + g
            fig.add(.outline(PixelRect(x: x0, y: y + 3, width: barsW, height: rowH - 6), color: p.axis))
            let filled = Int((Double(max(0, min(1, ls.meanOffDiagonal))) * Double(barsW - 2)).rounded())
            if filled > 0 {
                fig.add(
                    .rect(
                        PixelRect(x: x0 + 1, y: y + 4, width: filled, height: rowH - 8),
                        fill: current ? p.accent : p.poolerBars))
            }
            fig.add(
                .text(
                    FigureText(
                        Fixed.string(Double(ls.meanOffDiagonal), decimals: 3), x: x0 + barsW + g, baseline: baseline,
                        scale: ts, color: current ? p.accent : p.text, bold: current)))
            y += rowH
        }
        let notes = [
            "cell (i, j): cos(h_i, h_j) of hidden_states[\(s.layer)], every token ([CLS] and [SEP] too); colour -1 (cool) to 1 (warm)",
            "mean cos, i ≠ j: the mean off-diagonal cosine of each layer, \(Fixed.string(Double(s.meanOffDiagonal), decimals: 3)) here: "
                + "near 1, every vector points the same way (anisotropy)",
            "intra-sentence similarity (Ethayarajh 2019, the mean cos of each token with the sentence's mean vector): "
                + Fixed.string(Double(s.intraSentence), decimals: 3),
        ]
        let keyBaseline = gridY + gridSize + g + labelW + g
        let notesY = max(keyBaseline, max(gridY + barHeight, y) + g)
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }
}
