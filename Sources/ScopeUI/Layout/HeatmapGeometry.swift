/// A labelled heatmap of a (rows x cols) matrix: geometry (how big the cells are, which part is visible) and
/// painting. Rows get one text line each when they fit, else half-block cells (two rows per line: `▀` with the
/// upper row's colour in front and the lower row's behind); in mono, one glyph per cell and a scrolled window.
struct HeatmapGeometry {
    /// What goes above the columns.
    enum Header {
        /// Token labels: across when they fit the cells, staggered over two lines, or written downwards.
        case labels([String])
        /// A caller-drawn header of this many lines.
        case fixed(Int)
    }

    /// How column labels are laid out.
    enum LabelStyle { case across, staggered, downwards, none }

    /// A cell size: text lines per data row (0 = half-block, two rows per line) and characters per column.
    struct Scale: Hashable {
        let rowLines: Int
        let cellWidth: Int
    }

    let rect: Rect
    let rows: Int
    let cols: Int
    /// Columns of row labels (marker included) before the grid.
    let labelWidth: Int
    /// Characters per data column.
    let cellWidth: Int
    /// Text lines per data row; 0 means half-block (two rows per line).
    let rowLines: Int
    let headerHeight: Int
    let labelStyle: LabelStyle
    /// The visible window of data rows and columns.
    let rowStart: Int
    let visibleRows: Int
    let colStart: Int
    let visibleCols: Int

    var half: Bool { rowLines == 0 }
    var gridX: Int { rect.x + labelWidth }
    var gridY: Int { rect.y + headerHeight }
    /// Text lines the grid takes.
    var lines: Int { half ? (visibleRows + 1) / 2 : visibleRows * rowLines }
    var gridWidth: Int { visibleCols * cellWidth }

    /// The scale `steps` sizes larger (or, negative, smaller) than `fitted` on `ViewGeometry.zoomLadder`, by area
    /// (clamped at its ends); `allowHalf` false skips half-block sizes (mono has no half blocks).
    static func zoomed(_ fitted: Scale, by steps: Int, allowHalf: Bool) -> Scale {
        guard steps != 0 else { return fitted }
        let area = ViewGeometry.screenArea
        let ladder = ViewGeometry.zoomLadder.filter { allowHalf || $0.rowLines > 0 }
        if steps > 0 {
            let larger = ladder.filter { area($0) > area(fitted) }
            return larger.isEmpty ? fitted : larger[min(steps, larger.count) - 1]
        }
        let smaller = ladder.filter { area($0) < area(fitted) }
        return smaller.isEmpty ? fitted : smaller[max(0, smaller.count + steps)]
    }

    /// The scale this geometry drew with.
    var scale: Scale { Scale(rowLines: rowLines, cellWidth: cellWidth) }

    /// Text lines `rows` data rows take at `rowLines`.
    static func lines(rows: Int, rowLines: Int) -> Int { rowLines == 0 ? (rows + 1) / 2 : rows * rowLines }

    /// Label column width for `labels` (pairs `a/b` in half-block mode).
    static func labelWidth(_ labels: [String], half: Bool, rect: Rect, maxLabelWidth: Int) -> Int {
        let widest = min(maxLabelWidth, max(3, rect.width / 3))
        // measuring stops once a label fills the widest column (long inputs have hundreds of labels)
        var longest = 0
        var i = 0
        while i < labels.count && longest + 2 < widest {
            let label = half ? labels[i] + (i + 1 < labels.count ? "/" + labels[i + 1] : "") : labels[i]
            longest = max(longest, DisplayWidth.of(label))
            i += half ? 2 : 1
        }
        return max(3, min(longest + 2, widest))
    }

    /// How the column labels go for cells `cw` wide, and the lines that takes at least.
    static func labelStyle(_ header: Header, cw: Int) -> (LabelStyle, Int) {
        guard case .labels(let labels) = header else {
            if case .fixed(let n) = header { return (.none, n) }
            return (.none, 0)
        }
        let longest = labels.reduce(1) { max($0, DisplayWidth.of($1)) }
        if longest <= cw - 1 { return (.across, 1) }
        if cw >= 3 { return (.staggered, 2) }
        return (.downwards, 1)
    }

    /// Works out the geometry: the largest scale from `scales` that fits, else the smallest with a window that
    /// follows `focusRow`/`focusCol`. With `columnsScroll` only the rows have to fit (the columns are panned).
    static func make(
        rect: Rect, rows: Int, cols: Int, rowLabels: [String], header: Header, scales: [Scale],
        focusRow: Int, focusCol: Int, maxLabelWidth: Int = 14, colStartOverride: Int? = nil,
        columnsScroll: Bool = false
    ) -> HeatmapGeometry {
        precondition(!scales.isEmpty)
        // the label column depends only on whether rows are paired: measure each kind of row once
        let fullWidth =
            scales.contains { $0.rowLines > 0 }
            ? Self.labelWidth(rowLabels, half: false, rect: rect, maxLabelWidth: maxLabelWidth) : 0
        let halfWidth =
            scales.contains { $0.rowLines == 0 }
            ? Self.labelWidth(rowLabels, half: true, rect: rect, maxLabelWidth: maxLabelWidth) : 0
        func labelColumns(_ s: Scale) -> Int { s.rowLines == 0 ? halfWidth : fullWidth }
        // when nothing fits: the flattest rows, with the widest cells the width allows, and a window
        let flattest = scales.map(\.rowLines).min() ?? 1
        var chosen =
            scales.filter { $0.rowLines == flattest }.min { $0.cellWidth < $1.cellWidth } ?? scales[scales.count - 1]
        for s in scales where s.rowLines == flattest && s.cellWidth > chosen.cellWidth {
            let lw = labelColumns(s)
            if cols * s.cellWidth <= rect.width - lw - 1 { chosen = s }
        }
        var fits = false
        for s in scales {
            let lw = labelColumns(s)
            let (_, minHeader) = labelStyle(header, cw: s.cellWidth)
            let widthFits = columnsScroll || cols * s.cellWidth <= rect.width - lw - 1
            if widthFits && lines(rows: rows, rowLines: s.rowLines) + minHeader <= rect.height {
                chosen = s
                fits = true
                break
            }
        }
        let lw = labelColumns(chosen)
        let cw = chosen.cellWidth
        var (style, headerHeight) = labelStyle(header, cw: cw)
        let gridLines = lines(rows: rows, rowLines: chosen.rowLines)
        if style == .downwards {
            // as many lines as the longest label wants (at most 4), from what the rows leave
            let longest: Int
            if case .labels(let labels) = header {
                longest = labels.reduce(1) { max($0, DisplayWidth.of(stripPiece($1))) }
            } else {
                longest = 1
            }
            let spare = fits ? rect.height - gridLines : max(1, rect.height / 5)
            headerHeight = max(1, min(4, longest, spare))
        }
        headerHeight = min(headerHeight, max(0, rect.height - 1))
        let availW = max(0, rect.width - lw - 1)
        let availH = max(0, rect.height - headerHeight)
        let visibleCols = min(cols, max(1, availW / cw))
        let capacity = chosen.rowLines == 0 ? availH * 2 : availH / chosen.rowLines
        let visibleRows = min(rows, max(0, capacity))
        var rowStart = min(max(0, focusRow - visibleRows / 2), max(0, rows - visibleRows))
        if chosen.rowLines == 0 && rowStart % 2 == 1 && rowStart + visibleRows < rows { rowStart -= 1 }
        let colStart = min(max(0, colStartOverride ?? (focusCol - visibleCols / 2)), max(0, cols - visibleCols))
        return HeatmapGeometry(
            rect: rect, rows: rows, cols: cols, labelWidth: lw, cellWidth: cw, rowLines: chosen.rowLines,
            headerHeight: headerHeight, labelStyle: style, rowStart: rowStart, visibleRows: visibleRows,
            colStart: colStart, visibleCols: visibleCols)
    }

    /// A word piece without its `##`, a special token without brackets (for labels written downwards).
    static func stripPiece(_ s: String) -> String {
        if s.hasPrefix("##") && s.count > 2 { return String(s.dropFirst(2)) }
        if s.hasPrefix("[") && s.hasSuffix("]") && s.count > 2 { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// The data cell under screen position (x, y); in half-block mode the upper row of the pair.
    func point(x: Int, y: Int) -> HeatmapPoint? {
        guard x >= gridX, x < gridX + gridWidth, y >= gridY, y < gridY + lines else { return nil }
        let col = colStart + (x - gridX) / cellWidth
        let row = rowStart + (half ? (y - gridY) * 2 : (y - gridY) / rowLines)
        guard row < rows, col < cols else { return nil }
        return HeatmapPoint(row: row, col: col)
    }

    /// The screen column where data column `c` starts (nil when not visible).
    func x(ofColumn c: Int) -> Int? {
        guard c >= colStart, c < colStart + visibleCols else { return nil }
        return gridX + (c - colStart) * cellWidth
    }

    /// An upper bound on the bytes ncurses writes to repaint the grid in 256 colours, assuming every data cell
    /// differs from its left neighbour (as activations nearly always do): a colour escape (`ESC[48;5;NNNm`, 11
    /// bytes; two per cell in half-block mode, one for each row) per data cell, its glyphs (`▀` is 3 bytes in
    /// UTF-8), and a cursor move per line. In mono there are no colours, only glyphs of up to 3 bytes.
    func repaintBytes(colored: Bool) -> Int {
        let escape = 11
        let move = 8
        guard colored else { return lines * (gridWidth * 3 + move) }
        if half { return lines * (visibleCols * (2 * escape + 3 * cellWidth) + move) }
        return lines * (visibleCols * (escape + cellWidth) + move)
    }

    /// A note like "rows 0–15, cols 0–31 of 32" when only part of the matrix is shown.
    var windowNote: String? {
        guard visibleRows < rows || visibleCols < cols else { return nil }
        var parts: [String] = []
        if visibleRows < rows { parts.append("rows \(rowStart)–\(rowStart + visibleRows - 1)") }
        if visibleCols < cols { parts.append("cols \(colStart)–\(colStart + visibleCols - 1)") }
        return parts.joined(separator: ", ") + " of \(rows)"
    }
}
