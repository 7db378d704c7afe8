import BertKit
import ScopeUI

/// The attention heatmap of one layer: queries down, keys across, one head or the mean or max over heads; or one
/// of issue 13's readings of it (`source`): value-weighted norms, rollout, flow.
enum AttentionFigure {
    /// Builds the figure; `layer` is 1...L.
    static func make(
        _ a: EncodingAnalysis, layer: Int, head: HeadSelection, source: AttentionSource = .weights,
        palette p: FigurePalette, options: FigureOptions, font f: FigureFont
    ) throws -> Figure {
        let e = a.encoding
        let values = try AttentionValues.matrix(a, layer: layer, head: head, source: source)
        let t = e.tokenCount
        guard t > 0, values.count == t * t else { throw ExportError.nothingToShow("the sentence has no tokens") }
        // Norms are lengths, not probabilities: their scale always runs to the largest one shown.
        let vmax =
            source == .weights
            ? Double(AttentionValues.largest(a, layer: layer, head: head))
            : Double(values.lazy.filter(\.isFinite).max() ?? 0)
        let toMax = options.attentionScale == .toMax || !source.isProbability
        let hi = !toMax || !(vmax > 0) ? 1 : vmax
        let colors = values.map { p.sequential.color(at: Double($0) / hi) }
        func build(_ cell: Int) -> Figure {
            layout(
                e, layer: layer, head: head, source: source,
                shares: source == .norms
                    ? a.attentionShares(layer: layer) : nil, colors: colors, hi: hi, toMax: toMax, cell: cell,
                palette: p, options: options, font: f)
        }
        if options.maxWidth == nil && options.maxHeight == nil { return build(min(32, max(3, 640 / t))) }
        return FigureFit.largest(in: 1...64, maxWidth: options.maxWidth, maxHeight: options.maxHeight, build: build)
    }

    /// The figure with cells `cell` pixels square.
    static func layout(
        _ e: Encoding, layer: Int, head: HeadSelection, source: AttentionSource = .weights,
        shares: AttentionShares? = nil, colors: [RGB], hi: Double, toMax: Bool, cell: Int, palette p: FigurePalette,
        options: FigureOptions, font f: FigureFont
    ) -> Figure {
        let t = e.tokenCount
        let heads = e.config.numAttentionHeads
        let caption: String
        let title: String
        let scaleLabel = toMax ? "0–max" : "0–1"
        switch source {
        case .weights:
            caption = "attention weight"
            title = "Attention · layer \(layer)/\(e.layerCount) · \(head.label(headCount: heads)) · \(scaleLabel)"
        case .norms:
            caption = "‖α·f(x)‖"
            let which: String
            if case .single = head { which = head.label(headCount: heads) } else { which = "sum over heads" }
            title = "Value-weighted norms · layer \(layer)/\(e.layerCount) · \(which) · \(scaleLabel)"
        case .rollout:
            caption = "rollout share"
            title = "Attention rollout · layers 1–\(layer) of \(e.layerCount) · all heads · \(scaleLabel)"
        case .flow:
            caption = "flow share"
            title = "Attention flow · layer \(layer)/\(e.layerCount) to the input · all heads · \(scaleLabel)"
        }
        // Token labels shrink with the cells; axis titles and the colour bar keep a readable size.
        let ts = 2
        let ls = cell >= 20 ? 2 : 1
        let m = FigureParts.margin
        let g = FigureParts.gap
        let labelW = FigureParts.labelWidth(e.tokens, scale: ls, font: f)
        let axisTitle = f.lineHeight(ts)
        let gridSize = t * cell
        let gridX = m + axisTitle + g + labelW + g
        let barX = gridX + gridSize + 24
        let contentRight = barX + FigureParts.colorBarWidth(lo: 0, hi: hi, caption: caption, scale: ts, font: f)
        let width = max(FigureParts.minWidth, contentRight + m)
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)

        let gridY = FigureParts.header(into: &fig, title: title, encoding: e, palette: p, font: f)
        let grid = CellGrid(x: gridX, y: gridY, columns: t, rows: t, cellWidth: cell, cellHeight: cell, colors: colors)
        fig.add(
            .outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridSize + 2, height: gridSize + 2), color: p.axis))
        fig.add(.cells(grid))
        if let s = options.selectedToken, s >= 0, s < t {
            fig.add(
                .outline(
                    PixelRect(x: gridX - 1, y: gridY + s * cell - 1, width: gridSize + 2, height: cell + 2),
                    color: p.accent))
            fig.add(
                .outline(
                    PixelRect(x: gridX + s * cell - 1, y: gridY - 1, width: cell + 2, height: gridSize + 2),
                    color: p.accent))
        }

        FigureParts.rowLabels(
            into: &fig, tokens: e.tokens, rightX: gridX - g, top: gridY, cell: cell, scale: ls,
            selected: options.selectedToken, palette: p, font: f)
        FigureParts.columnLabels(
            into: &fig, tokens: e.tokens, left: gridX, topY: gridY + gridSize + g, cell: cell, scale: ls,
            selected: options.selectedToken, palette: p, font: f)
        // Axis titles: "query" up the left side (no longer than the grid), "key" under the column labels.
        let query = TextFit.truncate("query", maxWidth: gridSize, scale: ts, font: f)
        if !query.isEmpty {
            fig.add(
                .text(
                    FigureText(
                        query, x: m + f.ascent(ts), baseline: gridY + gridSize / 2, scale: ts, color: p.muted,
                        anchor: .middle, orientation: .vertical)))
        }
        let keyBaseline = gridY + gridSize + g + labelW + g + f.ascent(ts)
        fig.add(
            .text(
                FigureText(
                    source == .rollout || source == .flow ? "input token" : "key", x: gridX + gridSize / 2,
                    baseline: keyBaseline, scale: ts, color: p.muted, anchor: .middle)))

        let barHeight = max(gridSize, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(ts), height: barHeight),
            scale: p.sequential, lo: 0, hi: hi, caption: caption, textScale: ts, palette: p, font: f)

        // what a row holds: a softmax (sums to 1), the mean of softmaxes (still sums to 1), or a max (does not)
        let rows: String
        switch (source, head) {
        case (.weights, .single): rows = "each row sums to 1"
        case (.weights, .mean): rows = "each cell is the mean over the \(heads) heads: each row sums to 1"
        case (.weights, .max): rows = "each cell is the largest weight over the \(heads) heads, so rows do not sum to 1"
        case (.norms, .single):
            rows = "each cell is α·‖f(x_key)‖, f = the head's value vector through its slice of the output dense"
        case (.norms, _):
            rows = "each cell is ‖Σ_heads α·f(x_key)‖, the key's contribution to the layer's attention output"
        case (.rollout, _):
            rows =
                "rollout (Abnar & Zuidema 2020): A = ½·mean over heads + ½·I per layer, multiplied down; rows sum to 1"
        case (.flow, _):
            rows =
                "max flow (Abnar & Zuidema 2020) from each query to each input token through A = ½·mean + ½·I; rows sum to 1"
        }
        var notes = [
            "rows: query tokens · columns: " + (source == .weights || source == .norms ? "key tokens" : "input tokens")
                + " · " + rows,
            !toMax
                ? "colour: 0 to 1, the same in every head and layer"
                : "colour: 0 to \(Fixed.compact(hi)), the largest \(source == .weights ? "weight" : "value") in this figure",
        ]
        if let shares { notes.append(shares.summary + " (Kobayashi et al. 2020)") }
        let notesY = max(keyBaseline + f.descent(ts), gridY + barHeight + f.lineHeight(ts))
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }
}
