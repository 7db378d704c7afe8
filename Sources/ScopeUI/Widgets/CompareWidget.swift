import BertKit

/// Sentence A against the compare sentence (`C`), each encoded alone: sentence A's tokens down, layers 0...L
/// across, each matched token's cell the cosine between its vector and its match's at that layer (the diverging
/// scale, −1 to 1, the value written in when the cell has room); unmatched tokens are a dim row saying so. The
/// slider's layer is the highlighted column. The match and the cosines come from `EncodingComparison`.
public enum CompareWidget {
    /// `compare · "the bank of the river" vs "the bank raised its rates"`, shortened to fit `width` columns.
    static func title(_ state: AppState, width: Int = .max) -> String {
        let b = state.inputC.text
        let a = state.encoding?.input.textA ?? state.inputA.text
        // each sentence gets half of what the words around them leave
        func both(_ rest: String) -> String {
            let room = max(8, (width - 5 - DisplayWidth.of("compare · “” vs “”" + rest)) / 2)
            return "compare · “\(Chrome.truncate(a, to: room))” vs “\(Chrome.truncate(b, to: room))”" + rest
        }
        let candidates = [
            "compare · “\(a)” vs “\(b)” · cos per token and layer", both(""),
            "compare · vs “\(Chrome.truncate(b, to: max(4, width - 24)))”",
            "compare",
        ]
        return candidates.first { DisplayWidth.of($0) <= width - 5 } ?? candidates[candidates.count - 1]
    }

    /// What stands in the heatmap's place before there is a comparison (nil: there is one).
    static func placeholder(_ state: AppState) -> [String]? {
        guard state.comparison == nil else { return nil }
        if !state.compareMode { return ["no compare sentence", "C opens a line for a second sentence"] }
        if let error = state.compareError { return ["the compare sentence failed to encode", error] }
        if state.inputC.text.isEmpty {
            return [
                "type a sentence to compare with", "each is encoded alone; matched tokens are compared layer by layer",
            ]
        }
        return ["encoding the compare sentence…"]
    }

    /// Draws the view into `rect`; `geometry` is the heatmap's place in it (`FrameGeometry`).
    static func draw(
        state: AppState, palette: Palette, rect: Rect, geometry: HeatmapGeometry?, buffer: inout CellBuffer
    ) {
        guard rect.height >= 2, rect.width >= 10 else { return }
        let body = Chrome.panel(
            title(state, width: rect.width), info: rect.width >= 110 ? "rows: tokens · columns: layers" : nil,
            focused: state.focus == .heatmap && state.mainView == .compare, palette: palette, rect: rect,
            buffer: &buffer)
        guard let enc = state.encoding else {
            Chrome.waitingForFirstEncoding(in: body, palette: palette, buffer: &buffer)
            return
        }
        if let lines = placeholder(state) {
            var y = body.y + max(0, (body.height - lines.count) / 2)
            for (i, l) in lines.enumerated() where y < body.maxY {
                for part in Chrome.wrap(l, width: body.width - 2) where y < body.maxY {
                    Chrome.putCentered(
                        part, rect: body, y: y, style: palette.style(i == 0 ? .title : .dimText, i == 0 ? [.bold] : []),
                        buffer: &buffer)
                    y += 1
                }
            }
            return
        }
        guard let comparison = state.comparison, let g = geometry else { return }
        let columns = ViewGeometry.compareColumnLabels(layers: state.layerCount)
        let table = columns.indices.map { comparison.cosines(layer: $0) }
        let point = state.hover ?? HeatmapPoint(row: state.selectedToken, col: state.layer)
        let painter = HeatmapPainter(
            geometry: g, palette: palette, diverging: true, selectedRow: state.selectedToken,
            selectedCol: state.layer, cursor: nil)
        let labels = enc.tokens.map(\.text)
        painter.drawRowLabels(
            labels, role: { comparison.matchOfFirst[$0] == nil ? .dimText : AttentionWidget.role(enc.tokens[$0]) },
            buffer: &buffer)
        // the layer names centred over the cells, as the values are
        let centred = columns.map { name -> String in
            String(repeating: " ", count: max(0, (g.cellWidth - 1 - DisplayWidth.of(name)) / 2)) + name
        }
        painter.drawColumnLabels(centred, role: { _ in .dimText }, buffer: &buffer)
        drawCells(table, comparison: comparison, geometry: g, point: point, palette: palette, buffer: &buffer)

        // footer: the cell's reading and the legend, then what was matched
        let footerY = rect.maxY - ViewGeometry.compareFooterLines(rect)
        let dim = palette.style(.dimText)
        let legendWidth = 21
        var x = rect.x
        if point.row < enc.tokenCount, point.col < columns.count {
            let bold = palette.style(.text, [.bold])
            x = buffer.put(" \(labels[point.row])", x: x, y: footerY, style: bold, maxWidth: rect.width)
            x = buffer.put(" · \(columns[point.col])", x: x, y: footerY, style: dim, maxWidth: rect.maxX - x)
            if let j = comparison.matchOfFirst[point.row] {
                let v = table[point.col]?[point.row] ?? nil
                x = buffer.put(
                    "  cos " + (v.map { Chrome.number($0, 3) } ?? "…"), x: x, y: footerY,
                    style: palette.style(.accent, [.bold]), maxWidth: rect.maxX - x)
                if rect.maxX - x > legendWidth + 24 {
                    x = buffer.put(
                        "  (token \(point.row) ↔ \(j) of the other)", x: x, y: footerY, style: dim,
                        maxWidth: rect.maxX - x)
                }
            } else {
                x = buffer.put("  unmatched", x: x, y: footerY, style: dim, maxWidth: rect.maxX - x)
            }
        }
        Chrome.footerTail(
            windowNote: g.windowNote, legendWidth: legendWidth, x: x, y: footerY, rect: rect, palette: palette,
            buffer: &buffer
        ) { lx, buffer in
            Legend.diverging(clip: 1, palette: palette, x: lx, y: footerY, maxX: rect.maxX, buffer: &buffer)
        }
        guard ViewGeometry.compareFooterLines(rect) > 1 else { return }
        let matched = comparison.pairs.count
        let other = comparison.second.tokenCount
        let summary =
            " \(matched) of \(enc.tokenCount) tokens matched with the other's \(other) (the same ids in order); "
            + "each sentence encoded alone"
        buffer.put(Chrome.truncate(summary, to: rect.width - 1), x: rect.x, y: footerY + 1, style: dim)
    }

    /// The cells: a matched token's cosine per layer (its value written on the first line when the cell is 6 wide or more), a layer
    /// not computed as `…`, an unmatched token's row left empty but for `unmatched` in its first cell; `point` is
    /// marked.
    static func drawCells(
        _ table: [[Float?]?], comparison: EncodingComparison, geometry g: HeatmapGeometry, point: HeatmapPoint,
        palette: Palette, buffer: inout CellBuffer
    ) {
        let dim = palette.style(.dimText)
        for i in 0..<g.visibleRows {
            let r = g.rowStart + i
            let y0 = g.gridY + i * g.rowLines
            guard comparison.matchOfFirst[r] != nil else {
                let width = g.visibleCols * g.cellWidth
                buffer.put(
                    Chrome.truncate(width >= 14 ? "· unmatched ·" : "·", to: width), x: g.gridX + 1, y: y0, style: dim,
                    maxWidth: width - 1)
                continue
            }
            for c in g.colStart..<(g.colStart + g.visibleCols) {
                guard let x = g.x(ofColumn: c) else { continue }
                guard let v = table[c]?[r] ?? nil else {
                    buffer.put("…", x: x + g.cellWidth / 2, y: y0, style: dim)
                    continue
                }
                var cell = palette.divergingCell(Double(v))
                let marked = point.row == r && point.col == c
                if marked && !palette.hasColor { cell.style.attributes.insert(.reverse) }
                for line in 0..<g.rowLines {
                    for k in 0..<g.cellWidth - 1 { buffer[x + k, y0 + line] = cell }
                }
                guard g.cellWidth >= 6 || marked else { continue }
                let text = g.cellWidth >= 6 ? Chrome.number(v, 2) : "•"
                var style = cell.style
                if palette.hasColor {
                    let bg = palette.divergingColor(Double(v))
                    style = Style(fg: bg.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255), bg: bg)
                }
                if marked { style.attributes.insert(.bold) }
                let tx = x + max(0, (g.cellWidth - 1 - DisplayWidth.of(text)) / 2)
                buffer.put(text, x: tx, y: y0, style: style, maxWidth: g.cellWidth - 1)
            }
        }
    }
}
