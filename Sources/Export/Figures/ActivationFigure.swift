import BertKit
import ScopeUI

/// Tokens x dimensions on the diverging scale, centred on 0 and clipped at the 99th percentile of |x| so one
/// outlier dimension does not wash out the rest. Wide matrices are binned: each column then shows the value
/// of largest magnitude in its bin, so outliers stay visible.
enum ActivationFigure {
    /// Widest heatmap (in pixels) chosen without a size request.
    static let defaultGridWidth = 1152

    /// What is being shown.
    enum Source {
        case hidden(layer: Int)
        case intermediate(layer: Int)
    }

    static func make(_ a: EncodingAnalysis, source: Source, palette p: FigurePalette, options: FigureOptions) throws
        -> Figure
    {
        let e = a.encoding
        let matrix: Matrix
        let kind: ActivationKind
        let shownLayer: Int
        let title: String
        let axisName: String
        switch source {
        case .hidden(let layer):
            guard layer >= 0, layer < e.hiddenStates.count else {
                throw ExportError.invalidOption(
                    "layer \(layer) does not exist: \(e.modelName) has hidden states 0 (embeddings) to \(e.layerCount)")
            }
            matrix = e.hiddenStates[layer]
            (kind, shownLayer) = (.hidden, layer)
            title = "Hidden states · layer \(layer)/\(e.layerCount)" + (layer == 0 ? " (embeddings)" : "")
            axisName = "hidden dimension"
        case .intermediate(let layer):
            guard e.layerCount > 0, layer >= 1, layer <= e.intermediates.count else {
                throw ExportError.invalidOption(
                    layer == 0
                        ? "layer 0 is the embeddings: there is no FFN there; choose a layer from 1 to \(e.layerCount)"
                        : "layer \(layer) does not exist: \(e.modelName) has layers 1 to \(e.layerCount)")
            }
            matrix = e.intermediates[layer - 1]
            (kind, shownLayer) = (.intermediate, layer)
            title = "FFN intermediate (after GELU) · layer \(layer)/\(e.layerCount)"
            axisName = "intermediate dimension"
        }
        let t = matrix.rows, d = matrix.cols
        guard t > 0, d > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }

        guard let summary = a.summary(kind, layer: shownLayer) else {
            throw ExportError.nothingToShow("the sentence has no tokens")
        }
        let clip = Double(summary.clip)
        let clipped = summary.clippedCount

        let m = FigureParts.margin, g = FigureParts.gap
        var rowH = t <= 32 ? 20 : min(20, max(2, 640 / t))
        if let h = options.maxHeight { rowH = min(rowH, max(1, (h - 360) / t)) }
        let ls = rowH >= 20 ? 2 : 1
        let ts = 2  // axis, ticks and colour bar keep a readable size whatever the rows do
        let labelW = FigureParts.labelWidth(e.tokens, scale: ls)
        let caption = "activation"
        let barW = FigureParts.colorBarWidth(lo: -clip, hi: clip, caption: caption, scale: ts)
        let fixedX = 2 * m + labelW + g + 24 + barW
        let maxGridW = max(64, options.maxWidth.map { $0 - fixedX } ?? defaultGridWidth)
        // Dimensions binned only when two pixels a dimension would not fit.
        let bin = d * 2 <= maxGridW ? 1 : (d * 2 + maxGridW - 1) / maxGridW
        let columns = (d + bin - 1) / bin
        let colW = max(1, min(rowH, maxGridW / columns))

        let gridX = m + labelW + g
        let gridW = columns * colW, gridH = t * rowH
        let barX = gridX + gridW + 24
        let width = max(FigureParts.minWidth, barX + barW + m)
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        let top = FigureParts.header(into: &fig, title: title, encoding: e, palette: p)
        let gridY = top + 8  // room for the outlier markers above the grid

        var colors = [RGB]()
        colors.reserveCapacity(t * columns)
        let binned = a.binned(kind, layer: shownLayer, bin: bin)
        for r in 0..<t {
            for c in 0..<columns {
                let v = binned?[r, c] ?? 0
                colors.append(p.diverging.divergingColor(min(1, max(-1, Double(v) / clip))))
            }
        }
        fig.add(.outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridW + 2, height: gridH + 2), color: p.axis))
        fig.add(.cells(CellGrid(x: gridX, y: gridY, columns: columns, rows: t, cellWidth: colW, cellHeight: rowH, colors: colors)))
        if let s = options.selectedToken, s >= 0, s < t {
            fig.add(.outline(PixelRect(x: gridX - 1, y: gridY + s * rowH - 1, width: gridW + 2, height: rowH + 2), color: p.accent))
        }
        FigureParts.rowLabels(
            into: &fig, tokens: e.tokens, rightX: gridX - g, top: gridY, cell: rowH, scale: ls, selected: options.selectedToken,
            palette: p)

        // The largest-magnitude dimensions, marked above the grid and named in the notes.
        let outliers = summary.outliers.prefix(3).map { ($0.dim, $0.value, $0.token) }
        for (dim, _, _) in outliers {
            let x = gridX + (dim / bin) * colW + colW / 2
            fig.add(.rect(PixelRect(x: x - 1, y: gridY - 7, width: 3, height: 5), fill: p.accent))
        }

        // Dimension axis: nice ticks under the grid.
        let ticks = Ticks(lo: 0, hi: Double(d - 1), target: max(2, min(8, gridW / 80)))
        let tickY = gridY + gridH + 1
        for v in ticks.values {
            let dim = Int(v)
            let x = gridX + (dim / bin) * colW + colW / 2
            fig.add(.rect(PixelRect(x: x, y: tickY, width: 1, height: 4), fill: p.axis))
            fig.add(
                .text(
                    FigureText(
                        "\(dim)", x: x, baseline: tickY + 6 + PixelFont.capHeight * ts, scale: ts, color: p.text, anchor: .middle)))
        }
        let axisBaseline = tickY + 6 + PixelFont.lineHeight * ts + g + PixelFont.capHeight * ts
        fig.add(
            .text(
                FigureText(
                    "\(axisName) (\(d))", x: gridX + gridW / 2, baseline: axisBaseline, scale: ts, color: p.muted,
                    anchor: .middle)))

        let barH = max(gridH, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barH),
            scale: p.diverging, lo: -clip, hi: clip, caption: caption, textScale: ts, palette: p)

        var notes = [
            "colour centred on 0, clipped at ±\(Fixed.compact(clip)) (99th percentile of |x|); \(clipped) of \(t * d) values lie beyond and are drawn at the ends"
        ]
        if bin > 1 { notes.append("\(d) dimensions binned by \(bin) to fit: each column shows the value of largest |x| in its bin") }
        let named = outliers.map { dim, value, token in
            "\(dim) (\(Fixed.compact(Double(value))) at \(FigureParts.label(e.tokens[token])))"
        }
        notes.append("largest |x| (marked above): dims " + named.joined(separator: ", "))
        let notesY = max(axisBaseline + PixelFont.descent * ts, gridY + barH + PixelFont.capHeight * ts)
        fig.height = FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p) + m
        return fig
    }
}
