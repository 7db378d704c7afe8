import BertKit
import ScopeUI

/// Heatmap figures as terminal text, for `render --format ansi|html` of the attention and activation views:
/// one line per token, coloured cells (two columns wide when they fit), key labels stacked vertically
/// under the grid, and a colour-bar line with its numbers. In mono the cells become a glyph ramp.
public enum TextHeatmap {
    /// The glyph ramp used when there is no colour, light to dense.
    public static let ramp: [String] = [" ", "░", "▒", "▓", "█"]
    /// Longest label under a column, in characters (stacked vertically).
    static let columnLabelLines = 6

    /// Draws `kind` (attention, activations or intermediate) into a buffer at most `maxWidth` columns wide.
    public static func render(
        _ kind: FigureKind, encoding e: Encoding, palette p: FigurePalette, mode: ColorMode, maxWidth: Int = 160
    ) throws -> CellBuffer {
        try render(kind, analysis: EncodingAnalysis(e), palette: p, mode: mode, maxWidth: maxWidth)
    }

    /// Draws `kind` from an analysis (the numbers the screen and the figures read).
    public static func render(
        _ kind: FigureKind, analysis a: EncodingAnalysis, palette p: FigurePalette, mode: ColorMode, maxWidth: Int = 160
    ) throws -> CellBuffer {
        let e = a.encoding
        switch kind {
        case .attention(let layer, let head):
            let values = try AttentionValues.matrix(a, layer: layer, head: head)
            let top = Double(AttentionValues.largest(a, layer: layer, head: head))
            let hi = top > 0 ? top : 1
            let title =
                "Attention · layer \(layer)/\(e.layerCount) · \(head.label(headCount: e.config.numAttentionHeads))"
            return draw(
                title: title, encoding: e, rows: e.tokenCount, columns: e.tokenCount, palette: p, mode: mode,
                maxWidth: maxWidth,
                columnLabels: e.tokens.map(FigureParts.label), scaleLabels: ("0", Fixed.compact(hi)),
                scale: p.sequential,
                note: "rows: queries · columns: keys · colour 0 to \(Fixed.compact(hi))"
            ) { r, c in values[r * e.tokenCount + c] / Float(hi) }
        case .norms, .rollout, .flow:
            let (layer, head, source): (Int, HeadSelection, AttentionSource)
            switch kind {
            case .norms(let l, let h): (layer, head, source) = (l, h, .norms)
            case .rollout(let l): (layer, head, source) = (l, .mean, .rollout)
            case .flow(let l): (layer, head, source) = (l, .mean, .flow)
            default: throw ExportError.nothingToShow("not an attention reading")
            }
            let values = try AttentionValues.matrix(a, layer: layer, head: head, source: source)
            let top = Double(values.lazy.filter(\.isFinite).max() ?? 0)
            let hi = top > 0 ? top : 1
            var which = "all heads"
            if source == .norms {
                if case .single = head {
                    which = head.label(headCount: e.config.numAttentionHeads)
                } else {
                    which = "sum over heads"
                }
            }
            let title =
                "\(source.label.prefix(1).uppercased() + source.label.dropFirst()) · layer \(layer)/\(e.layerCount) · \(which)"
            return draw(
                title: title, encoding: e, rows: e.tokenCount, columns: e.tokenCount, palette: p, mode: mode,
                maxWidth: maxWidth,
                columnLabels: e.tokens.map(FigureParts.label), scaleLabels: ("0", Fixed.compact(hi)),
                scale: p.sequential,
                note:
                    "rows: queries · columns: \(source == .norms ? "keys" : "input tokens") · colour 0 to \(Fixed.compact(hi))"
            ) { r, c in values[r * e.tokenCount + c] / Float(hi) }
        case .activations(let layer), .intermediate(let layer):
            let isHidden: Bool
            if case .activations = kind { isHidden = true } else { isHidden = false }
            let matrix: Matrix
            if isHidden {
                guard layer >= 0, layer < e.hiddenStates.count else {
                    throw ExportError.invalidOption(
                        "layer \(layer) does not exist: \(e.modelName) has hidden states 0 to \(e.layerCount)")
                }
                matrix = e.hiddenStates[layer]
            } else {
                guard layer >= 1, layer <= e.intermediates.count else {
                    throw ExportError.invalidOption("the FFN exists for layers 1 to \(e.layerCount), not \(layer)")
                }
                matrix = e.intermediates[layer - 1]
            }
            let kind: ActivationKind = isHidden ? .hidden : .intermediate
            let labelW = min(
                FigureParts.maxLabelCharacters, e.tokens.map { DisplayWidth.of(FigureParts.label($0)) }.max() ?? 0)
            let room = max(8, maxWidth - labelW - 1)
            let bin = (matrix.cols + room - 1) / room
            let columns = (matrix.cols + bin - 1) / bin
            let groups = a.binned(kind, layer: layer, bin: bin)
            let scale = groups?.scale ?? .diverging(clip: 1)
            let (lo, hi) = (Double(scale.range.low), Double(scale.range.high))
            let title =
                (isHidden ? "Hidden states" : "FFN intermediate (after GELU)") + " · layer \(layer)/\(e.layerCount)"
            let how = groups?.binning == .mean ? "mean" : "largest |x|"
            let binned = bin > 1 ? " · \(matrix.cols) dims binned by \(bin) (\(how))" : " · \(matrix.cols) dims"
            let note =
                scale.isDiverging
                ? "colour centred on 0, clipped at ±\(Fixed.compact(hi)) (99th percentile of |x|)"
                : "colour from \(Fixed.compact(lo)) (GELU's minimum) to \(Fixed.compact(hi)) (99th percentile of the cells)"
            return draw(
                title: title, encoding: e, rows: matrix.rows, columns: columns, palette: p, mode: mode,
                maxWidth: maxWidth,
                columnLabels: nil,
                scaleLabels: (Fixed.compact(lo), (scale.isDiverging ? "+" : "") + Fixed.compact(hi)),
                scale: scale.isDiverging ? p.diverging : p.sequential,
                note: note + binned,
                diverging: scale.isDiverging
            ) { r, c in
                Float(scale.position(groups?[r, c] ?? 0))
            }
        case .similarity(let layer):
            guard let s = a.similarity(layer: layer) else {
                throw ExportError.invalidOption(
                    "layer \(layer) does not exist: \(e.modelName) has hidden states 0 to \(e.layerCount)")
            }
            return draw(
                title:
                    "Token similarity · hidden_states[\(layer)] · mean cos \(Fixed.string(Double(s.meanOffDiagonal), decimals: 3))",
                encoding: e, rows: s.tokens, columns: s.tokens, palette: p, mode: mode, maxWidth: maxWidth,
                columnLabels: e.tokens.map(FigureParts.label), scaleLabels: ("-1", "+1"), scale: p.diverging,
                note:
                    "cell (i, j): cos(h_i, h_j) · mean off-diagonal \(Fixed.string(Double(s.meanOffDiagonal), decimals: 3))",
                diverging: true
            ) { r, c in s[r, c] }
        case .attentionGrid, .pooler, .predictions, .headRoles:
            let name: String
            switch kind {
            case .pooler: name = "pooler"
            case .predictions: name = "predictions"
            case .headRoles: name = "head roles"
            default: name = "attention grid"
            }
            throw ExportError.invalidOption(
                "the \(name) figure exists as png, pdf or svg; for text use --view screen")
        }
    }

    /// Lays out title, sentence, labelled rows of cells, stacked column labels and a colour-bar line.
    /// `value(r, c)` is in 0...1 (sequential) or -1...1 (diverging).
    static func draw(
        title: String, encoding e: Encoding, rows: Int, columns: Int, palette p: FigurePalette, mode: ColorMode,
        maxWidth: Int,
        columnLabels: [String]?, scaleLabels: (String, String), scale: ColorScale, note: String,
        diverging: Bool = false,
        value: (Int, Int) -> Float
    ) -> CellBuffer {
        let labelW = min(
            FigureParts.maxLabelCharacters, e.tokens.map { DisplayWidth.of(FigureParts.label($0)) }.max() ?? 0)
        let cellW = labelW + 1 + 2 * columns <= maxWidth ? 2 : 1
        let gridX = labelW + 1
        let labelLines = columnLabels == nil ? 0 : min(columnLabelLines, columnLabels?.map { $0.count }.max() ?? 0)
        let texts = [title + " · " + e.modelName, FigureParts.sentenceLine(e), note]
        let natural = max(gridX + columns * cellW, gridX + 30, texts.map(DisplayWidth.of).max() ?? 0)
        let width = max(20, min(maxWidth, natural))
        let height = 2 + rows + labelLines + 3
        var b = CellBuffer(width: width, height: height)
        let textStyle = Style(fg: p.text)
        let muted = Style(fg: p.muted)
        b.put(title + " · " + e.modelName, x: 0, y: 0, style: Style(fg: p.text, attributes: [.bold]), maxWidth: width)
        b.put(FigureParts.sentenceLine(e), x: 0, y: 1, style: muted, maxWidth: width)
        func cell(_ v: Double) -> Cell {
            let t = diverging ? (min(1, max(-1, v)) + 1) / 2 : min(1, max(0, v))
            if mode == .mono {
                let magnitude = diverging ? abs(min(1, max(-1, v))) : t
                let glyph = ramp[min(ramp.count - 1, Int(saturating: magnitude * Double(ramp.count - 1) + 0.5))]
                return Cell(glyph)
            }
            return Cell(" ", style: Style(bg: scale.color(at: t)))
        }
        for r in 0..<rows {
            let y = 2 + r
            let token = e.tokens[r]
            let (color, _) = FigureParts.labelStyle(r, token, selected: nil, palette: p)
            let label = FigureParts.label(token)
            b.put(label, x: labelW - DisplayWidth.of(label), y: y, style: Style(fg: color), maxWidth: labelW)
            for c in 0..<columns {
                let x = gridX + c * cellW
                guard x + cellW <= width else { break }
                let v = Double(value(r, c))
                for k in 0..<cellW { b[x + k, y] = cell(v) }
            }
        }
        if let columnLabels {
            for (c, label) in columnLabels.enumerated() {
                let x = gridX + c * cellW
                guard x < width else { break }
                for (i, ch) in label.prefix(labelLines).enumerated() where DisplayWidth.of(ch) == 1 {
                    b.put(String(ch), x: x, y: 2 + rows + i, style: muted)
                }
            }
        }
        // Colour bar: low label, 20 cells of the scale, high label.
        let barY = 2 + rows + labelLines + 1
        var x = b.put(scaleLabels.0 + " ", x: gridX, y: barY, style: textStyle)
        for i in 0..<20 {
            let t = Double(i) / 19
            b[x, barY] = cell(diverging ? t * 2 - 1 : t)
            x += 1
        }
        b.put(" " + scaleLabels.1, x: x, y: barY, style: textStyle)
        b.put(note, x: 0, y: barY + 1, style: muted, maxWidth: width)
        return b
    }
}
