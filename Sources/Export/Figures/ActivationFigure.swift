import BertKit
import ScopeUI

/// Tokens x dimensions as the explorer shows them (`BinnedActivations`): hidden states on the diverging scale,
/// centred on 0 and clipped at the 99th percentile of |x| so one outlier dimension does not wash out the rest, wide
/// matrices binned by the value of largest magnitude so outliers stay visible; the FFN after GELU on a sequential
/// scale from GELU's minimum to the 99th percentile of the cells, binned by the mean.
enum ActivationFigure {
    /// Widest heatmap (in pixels) chosen without a size request.
    static let defaultGridWidth = 1152

    /// What is being shown.
    enum Source {
        case hidden(layer: Int)
        case intermediate(layer: Int)
    }

    static func make(
        _ a: EncodingAnalysis, source: Source, palette p: FigurePalette, options: FigureOptions, font f: FigureFont
    ) throws -> Figure {
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
        let t = matrix.rows
        let d = matrix.cols
        guard t > 0, d > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }

        guard let summary = a.summary(kind, layer: shownLayer) else {
            throw ExportError.nothingToShow("the sentence has no tokens")
        }
        let outliers = summary.outliers.prefix(3).map { ($0.dim, $0.value, $0.token) }
        let look = Look(
            analysis: a, kind: kind, layer: shownLayer, matrix: matrix, title: title, axisName: axisName,
            outliers: outliers)
        func build(_ rowH: Int) -> Figure { layout(e, look, rowH: rowH, palette: p, options: options, font: f) }
        if options.maxWidth == nil && options.maxHeight == nil { return build(t <= 32 ? 20 : min(20, max(2, 640 / t))) }
        return FigureFit.largest(in: 1...40, maxWidth: options.maxWidth, maxHeight: options.maxHeight, build: build)
    }

    /// What one activation figure shows, computed once for every size tried.
    struct Look {
        var analysis: EncodingAnalysis
        var kind: ActivationKind
        var layer: Int
        var matrix: Matrix
        var title: String
        var axisName: String
        var outliers: [(Int, Float, Int)]
    }

    /// The figure with rows `rowH` pixels tall.
    static func layout(
        _ e: Encoding, _ look: Look, rowH: Int, palette p: FigurePalette, options: FigureOptions, font f: FigureFont
    ) -> Figure {
        let matrix = look.matrix
        let title = look.title
        let axisName = look.axisName
        let outliers = look.outliers
        let t = matrix.rows
        let d = matrix.cols
        let m = FigureParts.margin
        let g = FigureParts.gap
        let ls = rowH >= 20 ? 2 : 1
        let ts = 2  // axis, ticks and colour bar keep a readable size whatever the rows do
        let labelW = FigureParts.labelWidth(e.tokens, scale: ls, font: f)
        let caption = look.kind == .hidden ? "activation" : "GELU output"
        // The bar's range depends on the binning, which depends on the width left beside the bar: size the bar for
        // the unbinned scale's labels (the widest the hidden states' ±clip can be), then bin.
        let unbinned = look.analysis.binned(look.kind, layer: look.layer, bin: 1)?.scale.range ?? (low: -1, high: 1)
        let barW = FigureParts.colorBarWidth(
            lo: Double(unbinned.low), hi: Double(unbinned.high), caption: caption, scale: ts, font: f)
        let fixedX = 2 * m + labelW + g + 24 + barW
        let maxGridW = max(64, options.maxWidth.map { $0 - fixedX } ?? defaultGridWidth)
        // Dimensions binned only when two pixels a dimension would not fit.
        let bin = d * 2 <= maxGridW ? 1 : (d * 2 + maxGridW - 1) / maxGridW
        let columns = (d + bin - 1) / bin
        let binned = look.analysis.binned(look.kind, layer: look.layer, bin: bin)
        let scale = binned?.scale ?? .diverging(clip: 1)
        let (lo, hi) = (Double(scale.range.low), Double(scale.range.high))
        // Columns no wider than the rows are tall, unless the rows are thin and the dimensions few.
        let colW = max(1, min(max(rowH, 8), maxGridW / columns))

        let gridX = m + labelW + g
        let gridW = columns * colW
        let gridH = t * rowH
        // The axis title is centred under the grid but never starts left of the margin; the colour bar
        // keeps clear of it.
        let axisTitle = "\(axisName) (\(d))"
        let axisW = f.width(axisTitle, scale: ts)
        let axisX = max(m + axisW / 2 + 1, gridX + gridW / 2)
        let barX = max(gridX + gridW + 24, axisX + axisW / 2 + 1 + g)
        let width = max(FigureParts.minWidth, barX + barW + m)
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        let top = FigureParts.header(into: &fig, title: title, encoding: e, palette: p, font: f)
        let gridY = top + 8  // room for the outlier markers above the grid

        var colors = [RGB]()
        colors.reserveCapacity(t * columns)
        for r in 0..<t {
            for c in 0..<columns {
                let x = scale.position(binned?[r, c] ?? 0)
                colors.append(scale.isDiverging ? p.diverging.divergingColor(x) : p.sequential.color(at: x))
            }
        }
        fig.add(.outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridW + 2, height: gridH + 2), color: p.axis))
        fig.add(
            .cells(
                CellGrid(
                    x: gridX, y: gridY, columns: columns, rows: t, cellWidth: colW, cellHeight: rowH, colors: colors)))
        if let s = options.selectedToken, s >= 0, s < t {
            fig.add(
                .outline(
                    PixelRect(x: gridX - 1, y: gridY + s * rowH - 1, width: gridW + 2, height: rowH + 2),
                    color: p.accent))
        }
        FigureParts.rowLabels(
            into: &fig, tokens: e.tokens, rightX: gridX - g, top: gridY, cell: rowH, scale: ls,
            selected: options.selectedToken,
            palette: p, font: f)

        // The largest-magnitude dimensions, marked above the grid and named in the notes.
        for (dim, _, _) in outliers {
            let x = gridX + (dim / bin) * colW + colW / 2
            fig.add(.rect(PixelRect(x: x - 1, y: gridY - 7, width: 3, height: 5), fill: p.accent))
        }

        // Dimension axis: nice ticks under the grid.
        let ticks = Ticks(lo: 0, hi: Double(d - 1), target: max(2, min(8, gridW / 80)))
        let tickY = gridY + gridH + 1
        // Tick labels that would touch their left neighbour are left out (the tick mark stays).
        var lastRight = Int.min
        for v in ticks.values {
            let dim = Int(v)
            let x = gridX + (dim / bin) * colW + colW / 2
            fig.add(.rect(PixelRect(x: x, y: tickY, width: 1, height: 4), fill: p.axis))
            let label = "\(dim)"
            let w = f.width(label, scale: ts)
            guard x - w / 2 - 1 > lastRight + 6, x + w / 2 + 1 <= fig.width - m else { continue }
            lastRight = x + (w + 1) / 2 + 1
            fig.add(
                .text(
                    FigureText(
                        label, x: x, baseline: tickY + 6 + f.ascent(ts), scale: ts, color: p.text, anchor: .middle)))
        }
        let axisBaseline = tickY + 6 + f.lineHeight(ts) + g + f.ascent(ts)
        fig.add(
            .text(
                FigureText(axisTitle, x: axisX, baseline: axisBaseline, scale: ts, color: p.muted, anchor: .middle)))

        let barH = max(gridH, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barH),
            scale: scale.isDiverging ? p.diverging : p.sequential, lo: lo, hi: hi, caption: caption, textScale: ts,
            palette: p, font: f)

        let cells = t * columns
        let clipped = binned?.clippedCount ?? 0
        let below = binned?.belowCount ?? 0
        var notes = [
            scale.isDiverging
                ? "colour centred on 0, clipped at ±\(Fixed.compact(hi)) (99th percentile of |x|); \(clipped) of \(cells) cells lie beyond and are drawn at the ends"
                : "colour from \(Fixed.compact(lo)) (GELU's minimum) to \(Fixed.compact(hi)) (99th percentile of the cells); \(clipped - below) of \(cells) cells lie above and are drawn at the top"
                    + (below > 0 ? ", \(below) below GELU's minimum at the bottom" : "")
        ]
        if bin > 1 {
            notes.append(
                binned?.binning == .mean
                    ? "\(d) dimensions binned by \(bin) to fit: each column shows the mean of its bin"
                    : "\(d) dimensions binned by \(bin) to fit: each column shows the value of largest |x| in its bin")
        }
        let named = outliers.map { dim, value, token in
            "\(dim) (\(Fixed.compact(Double(value))) at \(FigureParts.label(e.tokens[token])))"
        }
        notes.append("largest |x| (marked above): dims " + named.joined(separator: ", "))
        let notesY = max(axisBaseline + f.descent(ts), gridY + barH + f.lineHeight(ts))
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }
}
