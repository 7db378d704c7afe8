import BertKit

/// How alike the tokens' vectors are at the slider's layer: the token x token cosine matrix of
/// `hidden_states[layer]` on the diverging scale (−1 to 1; anisotropy shows as a warm square), its mean
/// off-diagonal cosine in the title, and beside it the token-change column: for the selected token, per layer
/// 0...L, the cosine of its vector to its layer-0 vector and to the layer before, the slider's row highlighted.
/// Every number is read from the analysis layer (`similarity(layer:)`, `tokenChange(token:)`).
public enum SimilarityWidget {
    /// `token similarity · layer 3/6 · mean cos i≠j 0.43`, shortened to fit `width` columns.
    static func title(_ state: AppState, mean: Float?, width: Int = .max) -> String {
        let layer = "\(state.layer)/\(state.layerCount)"
        let m = mean.map { Chrome.number($0, 2) }
        let candidates = [
            "token similarity · cos of hidden_states[\(state.layer)] · layer \(layer)"
                + (m.map { " · mean cos i≠j \($0)" } ?? ""),
            "token similarity · layer \(layer)" + (m.map { " · mean i≠j \($0)" } ?? ""),
            "cos L\(layer)" + (m.map { " mean \($0)" } ?? ""),
        ]
        return candidates.first { DisplayWidth.of($0) <= width - 5 } ?? candidates[candidates.count - 1]
    }

    /// Draws the view into `rect`; `geometry` is the matrix's place in it (`FrameGeometry`).
    static func draw(
        state: AppState, palette: Palette, rect: Rect, geometry: HeatmapGeometry?, buffer: inout CellBuffer
    ) {
        guard rect.height >= 2, rect.width >= 10 else { return }
        let similarity = state.prepared?.similarity(layer: state.layer)
        let body = Chrome.panel(
            title(state, mean: similarity?.meanOffDiagonal, width: rect.width),
            info: rect.width >= 100 ? "rows · columns: tokens" : nil,
            focused: state.focus == .heatmap && state.mainView == .similarity, palette: palette, rect: rect,
            buffer: &buffer)
        guard let enc = state.encoding else {
            Chrome.waitingForFirstEncoding(in: body, palette: palette, buffer: &buffer)
            return
        }
        guard let similarity, let g = geometry else { return }
        let point = state.hover ?? HeatmapPoint(row: state.selectedToken, col: state.keyCursor)
        let painter = HeatmapPainter(
            geometry: g, palette: palette, diverging: true, selectedRow: state.selectedToken,
            selectedCol: state.keyCursor, cursor: point)
        let labels = enc.tokens.map(\.text)
        painter.drawRowLabels(labels, role: { AttentionWidget.role(enc.tokens[$0]) }, buffer: &buffer)
        painter.drawColumnLabels(labels, role: { AttentionWidget.role(enc.tokens[$0]) }, buffer: &buffer)
        painter.drawCells(buffer: &buffer) { Double(similarity[$0, $1]) }
        let change = state.prepared?.tokenChange(token: state.selectedToken)
        if var column = ViewGeometry.tokenChangeRect(rect), let change {
            // beside the matrix when its cells stop growing before the panel's edge
            column.x = min(column.x, g.gridX + g.gridWidth + 2)
            drawTokenChange(
                change, label: labels[change.token], state: state, palette: palette, rect: column, buffer: &buffer)
        }

        // footer: the cell's value, the slider's row of the change (when the column is not shown), the legend
        let footerY = rect.maxY - ViewGeometry.similarityFooterLines
        guard point.row < enc.tokenCount, point.col < enc.tokenCount else { return }
        let bold = palette.style(.text, [.bold])
        let dim = palette.style(.dimText)
        var x = buffer.put(" \(labels[point.row])", x: rect.x, y: footerY, style: bold, maxWidth: rect.width)
        x = buffer.put(" · ", x: x, y: footerY, style: dim, maxWidth: rect.maxX - x)
        x = buffer.put(labels[point.col], x: x, y: footerY, style: bold, maxWidth: rect.maxX - x)
        x = buffer.put(
            "  cos " + Chrome.number(similarity[point.row, point.col], 3), x: x, y: footerY,
            style: palette.style(.accent, [.bold]), maxWidth: rect.maxX - x)
        let legendWidth = 21
        if ViewGeometry.tokenChangeRect(rect) == nil, let change, change.layers.contains(state.layer) {
            let text =
                "  \(labels[change.token]) to L0 \(Chrome.number(change.toEmbeddings[state.layer], 2))"
                + (state.layer > 0 ? ", to prev \(Chrome.number(change.toPrevious[state.layer], 2))" : "")
            if rect.maxX - x > DisplayWidth.of(text) + legendWidth + 2 {
                x = buffer.put(text, x: x, y: footerY, style: dim, maxWidth: rect.maxX - x)
            }
        }
        if rect.maxX - x > legendWidth + 16 {
            x = buffer.put("  (i \(point.row), j \(point.col))", x: x, y: footerY, style: dim, maxWidth: rect.maxX - x)
        }
        Chrome.footerTail(
            windowNote: g.windowNote, legendWidth: legendWidth, x: x, y: footerY, rect: rect, palette: palette,
            buffer: &buffer
        ) { lx, buffer in
            Legend.diverging(clip: 1, palette: palette, x: lx, y: footerY, maxX: rect.maxX, buffer: &buffer)
        }
    }

    /// Rows of the token-change column before the layers: the token, then the column heads.
    static let tokenChangeHeaderLines = 2

    /// Lines per layer row in a column `height` lines tall for `layers` + 1 rows: 1 to 3, leaving room for the
    /// caption (the column grows with the panel, as the heatmap's cells do).
    static func tokenChangeRowLines(height: Int, layers: Int) -> Int {
        min(3, max(1, (height - tokenChangeHeaderLines - tokenChangeCaptionLines) / (layers + 1)))
    }

    /// Lines kept under the layer rows for the caption when there is room.
    static let tokenChangeCaptionLines = 5

    /// The token-change column in `rect` (its left rule included): the selected token, then one row per layer
    /// 0...L with the cosine to layer 0 and to the layer before (a colour cell and the value), the slider's layer
    /// marked; layers not computed yet read `…`.
    static func drawTokenChange(
        _ change: TokenChange, label: String, state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer
    ) {
        guard rect.width >= 20, rect.height >= 3 else { return }
        let border = palette.style(.border)
        for y in rect.y..<rect.maxY { buffer[rect.x, y] = Cell("│", style: border) }
        let x0 = rect.x + 2
        let dim = palette.style(.dimText)
        var x = buffer.put("change of ", x: x0, y: rect.y, style: dim, maxWidth: rect.maxX - x0)
        buffer.put(label, x: x, y: rect.y, style: palette.selection, maxWidth: rect.maxX - x - 1)
        x = buffer.put("   cos to L0", x: x0, y: rect.y + 1, style: dim, maxWidth: rect.maxX - x0)
        buffer.put("  to prev", x: x, y: rect.y + 1, style: dim, maxWidth: rect.maxX - x)
        let layers = state.layerCount
        let step = tokenChangeRowLines(height: rect.height, layers: layers)
        let room = max(1, (rect.height - tokenChangeHeaderLines) / step)
        // a window that keeps the slider's layer in view on deep models and short panels
        let first = min(max(0, state.layer - room / 2), max(0, layers + 1 - room))
        let last = min(layers, first + room - 1)
        // what the numbers are, in the room the rows leave
        let captionY = rect.y + tokenChangeHeaderLines + (last - first + 1) * step + 1
        let caption = Chrome.wrap(
            "cosine of the token's vector at each layer to its layer-0 vector (embeddings) and to the layer before",
            width: rect.width - 3)
        if rect.maxY - captionY >= caption.count {
            for (i, line) in caption.enumerated() {
                buffer.put(line, x: x0, y: captionY + i, style: dim, maxWidth: rect.maxX - x0)
            }
        }
        for l in first...last {
            let y = rect.y + tokenChangeHeaderLines + (l - first) * step
            let current = l == state.layer
            if current { buffer.put("▶", x: rect.x + 1, y: y, style: palette.style(.accent, [.bold])) }
            let name = l == 0 ? "emb" : "L\(l)"
            x = buffer.put(
                String(repeating: " ", count: max(0, 3 - name.count)) + name, x: x0, y: y,
                style: current ? palette.selection : dim)
            x += 1
            guard change.layers.contains(l) else {
                buffer.put("…", x: x + 1, y: y, style: dim)
                continue
            }
            x = cell(change.toEmbeddings[l], palette: palette, x: x, y: y, buffer: &buffer)
            x += 2
            if l == 0 {
                buffer.put("   —", x: x, y: y, style: dim)
            } else {
                cell(change.toPrevious[l], palette: palette, x: x, y: y, buffer: &buffer)
            }
        }
    }

    /// A two-column colour swatch of a cosine and its value (`▇▇ 0.83`); returns the x after it.
    @discardableResult
    static func cell(_ v: Float, palette: Palette, x: Int, y: Int, buffer: inout CellBuffer) -> Int {
        let swatch = palette.divergingCell(Double(v))
        buffer[x, y] = swatch
        buffer[x + 1, y] = swatch
        let text = Chrome.number(v, 2)
        let padded = String(repeating: " ", count: max(0, 5 - DisplayWidth.of(text))) + text
        return buffer.put(padded, x: x + 2, y: y, style: palette.style(.text))
    }
}
