import BertKit
import ScopeUI

/// The logit lens of a sentence: layers 0...L down, tokens across; each cell holds the MLM head's top word at
/// `hidden_states[l]` for that token, coloured by its probability; cells where the top word already is the
/// final layer's answer are outlined.
enum PredictionsFigure {
    /// Characters of a word a cell keeps (longer words are cut with `…`).
    static let maxWordCharacters = 12

    /// Builds the figure; throws when the checkpoint has no MLM head.
    static func make(_ a: EncodingAnalysis, palette p: FigurePalette, options: FigureOptions, font f: FigureFont)
        throws -> Figure
    {
        let e = a.encoding
        guard e.heads.inventory.maskedLM else {
            throw ExportError.nothingToShow(
                "--view predictions: \(HeadInventory.absence("MLM")), so there is no logit lens to draw")
        }
        let t = e.tokenCount
        guard t > 0 else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let lenses = (0..<t).compactMap { a.logitLens(at: $0) }
        guard lenses.count == t else {
            throw ExportError.nothingToShow("--view predictions: the logit lens is unavailable")
        }
        let layers = e.hiddenStates.count
        let m = FigureParts.margin
        let g = FigureParts.gap

        // Text scale 1 inside the cells when they must be narrow, 2 when there is room.
        func words(_ scale: Int) -> [[String]] {
            lenses.map { lens in
                lens.steps.map {
                    TextFit.truncate(
                        $0.top.first?.token ?? "",
                        maxWidth: f.width(String(repeating: "m", count: maxWordCharacters), scale: scale),
                        scale: scale, font: f)
                }
            }
        }
        func cellWidth(_ scale: Int) -> Int {
            let widest = words(scale).flatMap { $0 }.map { f.width($0, scale: scale) }.max() ?? 0
            let labels = e.tokens.map { f.width(FigureParts.label($0), scale: scale) }.max() ?? 0
            let cap = f.width(String(repeating: "m", count: maxWordCharacters), scale: scale)
            return max(widest, min(labels, cap)) + 6 * scale
        }
        let rowLabelScale = 2
        let rowLabelW = max(f.width("L\(layers - 1)", scale: rowLabelScale), f.width("emb", scale: rowLabelScale))
        let barWidth = FigureParts.colorBarWidth(lo: 0, hi: 1, caption: "probability", scale: 2, font: f)
        var ts = 2
        if let maxW = options.maxWidth, m * 2 + rowLabelW + g + cellWidth(2) * t + 24 + barWidth > maxW { ts = 1 }
        let cw = cellWidth(ts)
        let ch = f.lineHeight(ts) + 8
        let cellWords = words(ts)

        let gridX = m + rowLabelW + g
        let gridW = cw * t
        let barX = gridX + gridW + 24
        let width = max(FigureParts.minWidth, barX + barWidth + m)
        let title = "Logit lens · the MLM head on every layer's hidden state"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        let top = FigureParts.header(into: &fig, title: title, encoding: e, palette: p, font: f)

        // Token labels over the columns (the selected one in the accent colour).
        let labelY = top + f.ascent(ts)
        for (i, token) in e.tokens.enumerated() {
            let (color, bold) = FigureParts.labelStyle(i, token, selected: options.selectedToken, palette: p)
            let label = TextFit.truncate(FigureParts.label(token), maxWidth: cw - 4, scale: ts, font: f)
            fig.add(
                .text(
                    FigureText(
                        label, x: gridX + i * cw + cw / 2, baseline: labelY, scale: ts, color: color, anchor: .middle,
                        bold: bold)))
        }
        let gridY = labelY + f.descent(ts) + g
        var colors: [RGB] = []
        for l in 0..<layers {
            for lens in lenses {
                colors.append(p.sequential.color(at: Double(lens.steps[l].top.first?.probability ?? 0)))
            }
        }
        fig.add(
            .outline(PixelRect(x: gridX - 1, y: gridY - 1, width: gridW + 2, height: ch * layers + 2), color: p.axis))
        let grid = CellGrid(x: gridX, y: gridY, columns: t, rows: layers, cellWidth: cw, cellHeight: ch, colors: colors)
        fig.add(.cells(grid))
        for l in 0..<layers {
            let name = l == 0 ? "emb" : "L\(l)"
            fig.add(
                .text(
                    FigureText(
                        name, x: gridX - g, baseline: gridY + l * ch + (ch + f.capHeight(rowLabelScale)) / 2,
                        scale: rowLabelScale, color: p.muted, anchor: .end)))
            for (i, lens) in lenses.enumerated() {
                let step = lens.steps[l]
                let bg = colors[l * t + i]
                let ink = bg.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255)
                let cell = grid.cellRect(column: i, row: l)
                if step.top.first?.id == lens.answer?.id && l < layers - 1 {
                    fig.add(
                        .outline(
                            PixelRect(x: cell.x + 1, y: cell.y + 1, width: cell.width - 2, height: cell.height - 2),
                            color: p.accent))
                }
                fig.add(
                    .text(
                        FigureText(
                            cellWords[i][l], x: cell.x + cw / 2, baseline: cell.y + (ch + f.capHeight(ts)) / 2,
                            scale: ts, color: ink, anchor: .middle)))
            }
        }
        let barHeight = max(ch * layers, 120)
        FigureParts.colorBar(
            into: &fig, rect: PixelRect(x: barX, y: gridY, width: FigureParts.barWidth(2), height: barHeight),
            scale: p.sequential, lo: 0, hi: 1, caption: "probability", textScale: 2, palette: p, font: f)
        let notes = [
            "rows: hidden_states[l], l = 0 (embeddings) ... \(layers - 1) · columns: tokens",
            "cell: the top word of the MLM head (transform, then the decoder) applied to that layer; colour: its probability",
            "outlined: the top word already is the last layer's answer",
        ]
        let notesY = max(gridY + ch * layers, gridY + barHeight) + g
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: notesY, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }
}
