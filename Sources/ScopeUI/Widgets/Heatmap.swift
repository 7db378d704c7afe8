/// Paints a heatmap with a given geometry.
struct HeatmapPainter {
    let geometry: HeatmapGeometry
    let palette: Palette
    /// Values are -1...1 (diverging) rather than 0...1.
    let diverging: Bool
    /// The selected row and column (labels highlighted, marker drawn); nil for none.
    let selectedRow: Int?
    let selectedCol: Int?
    /// The cell to mark (keyboard cursor or mouse).
    let cursor: HeatmapPoint?

    func color(_ v: Double) -> RGB {
        diverging ? palette.divergingColor(v) : palette.sequentialColor(v)
    }

    func cell(_ v: Double) -> Cell { diverging ? palette.divergingCell(v) : palette.sequentialCell(v) }

    /// Row labels, with `▶` before the selected row; `role` colours each label.
    func drawRowLabels(_ labels: [String], role: (Int) -> ThemeRole, buffer: inout CellBuffer) {
        let g = geometry
        let width = g.labelWidth - 2
        guard width > 0 else { return }
        let step = g.half ? 2 : 1
        for i in stride(from: 0, to: g.visibleRows, by: step) {
            let r = g.rowStart + i
            let y = g.gridY + (g.half ? i / 2 : i * g.rowLines)
            let second = g.half && r + 1 < g.rowStart + g.visibleRows ? r + 1 : nil
            var text = r < labels.count ? labels[r] : ""
            if let second, second < labels.count { text += "/" + labels[second] }
            let isSelected = selectedRow == r || (second != nil && selectedRow == second)
            let style = isSelected ? palette.selection : palette.style(role(r))
            if isSelected { buffer.put("▶", x: g.rect.x, y: y, style: palette.style(.accent, [.bold])) }
            buffer.put(Chrome.truncate(text, to: width), x: g.rect.x + 1, y: y, style: style)
        }
    }

    /// Column labels from `labels` (tokens), across or downwards as the geometry says.
    func drawColumnLabels(_ labels: [String], role: (Int) -> ThemeRole, buffer: inout CellBuffer) {
        let g = geometry
        guard g.headerHeight > 0 else { return }
        for c in g.colStart..<(g.colStart + g.visibleCols) where c < labels.count {
            guard let x = g.x(ofColumn: c) else { continue }
            let selected = c == selectedCol
            let style = selected ? palette.selection : palette.style(role(c))
            switch g.labelStyle {
            case .across:
                buffer.put(labels[c], x: x, y: g.rect.y, style: style, maxWidth: g.cellWidth - 1)
            case .staggered:
                let line = (c - g.colStart) % 2
                guard line < g.headerHeight else { continue }
                let room =
                    c + 1 < g.colStart + g.visibleCols
                    ? 2 * g.cellWidth - 1 : g.cellWidth - 1 + (g.rect.maxX - x - g.cellWidth)
                buffer.put(Chrome.truncate(labels[c], to: room), x: x, y: g.rect.y + line, style: style, maxWidth: room)
            case .downwards:
                let chars = Array(HeatmapGeometry.stripPiece(labels[c]))
                for k in 0..<g.headerHeight {
                    let y = g.rect.y + k
                    if k < chars.count {
                        let ch = chars[k]
                        buffer.put(DisplayWidth.of(ch) == 1 ? String(ch) : "·", x: x, y: y, style: style, maxWidth: 1)
                    } else if selected {
                        buffer.put(" ", x: x, y: y, style: style)
                    }
                }
            case .none:
                break
            }
        }
    }

    /// The cells; `value(row, col)` gives 0...1 (or -1...1 when diverging).
    func drawCells(buffer: inout CellBuffer, value: (Int, Int) -> Double) {
        let g = geometry
        let cw = g.cellWidth
        if g.half && palette.hasColor {
            let back = palette.background
            for line in 0..<g.lines {
                let y = g.gridY + line
                let r = g.rowStart + line * 2
                for c in g.colStart..<(g.colStart + g.visibleCols) {
                    let upper = color(value(r, c))
                    let lower: RGB? =
                        r + 1 < g.rows && r + 1 < g.rowStart + g.visibleRows ? color(value(r + 1, c)) : back
                    let cell = Cell("▀", style: Style(fg: upper, bg: lower))
                    let x = g.gridX + (c - g.colStart) * cw
                    for k in 0..<cw { buffer[x + k, y] = cell }
                }
            }
            return
        }
        for i in 0..<g.visibleRows {
            let r = g.rowStart + i
            for c in g.colStart..<(g.colStart + g.visibleCols) {
                let v = value(r, c)
                var cell = self.cell(v)
                let x = g.gridX + (c - g.colStart) * cw
                if cursor?.row == r && cursor?.col == c {
                    if palette.hasColor {
                        let bg = color(v)
                        cell = Cell(
                            "•", style: Style(fg: bg.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255), bg: bg))
                    } else {
                        cell.style.attributes.insert(.reverse)
                        if cell.text == " " { cell.text = "•" }
                    }
                }
                for line in 0..<g.rowLines {
                    let y = g.gridY + i * g.rowLines + line
                    for k in 0..<cw {
                        let isMark = k == (cw - 1) / 2 && line == (g.rowLines - 1) / 2
                        buffer[x + k, y] = isMark || cell.text != "•" ? cell : Cell(" ", style: cell.style)
                    }
                }
            }
        }
    }
}
