/// The activation heatmap's geometry: the heatmap (its data columns are bins in the fitted view) and how many
/// dimensions each data column holds.
struct ActivationGeometry {
    /// The heatmap inside the view.
    let heatmap: HeatmapGeometry
    /// Dimensions per data column (1 in the 1:1 view).
    let bin: Int
}

/// How each heatmap view fills its rectangle: pure functions of the state and the rectangle, shared by drawing,
/// hit-testing and the clamps through `FrameGeometry`.
enum ViewGeometry {
    // MARK: attention

    /// Lines under the attention heatmap: the value read-out (with the legend at its right when there is room).
    static let attentionFooterLines = 1
    /// The largest text lines a token row gets: past this, bigger cells only spread the picture out.
    static let maxRowLines = 4

    /// Token x token cell sizes, largest first: for each height (text lines a row) from `maxRowLines` down, widths
    /// from 3x the height (slightly wide) down to 2x (square on a terminal, whose cells are about twice as tall as
    /// wide); then half-block rows (two tokens a line) and last one-character cells.
    static let tokenScales: [HeatmapGeometry.Scale] = {
        var scales: [HeatmapGeometry.Scale] = []
        for rowLines in stride(from: maxRowLines, through: 1, by: -1) {
            let widest = rowLines == 1 ? 5 : 3 * rowLines
            for w in stride(from: widest, through: 2 * rowLines, by: -1) {
                scales.append(HeatmapGeometry.Scale(rowLines: rowLines, cellWidth: w))
            }
        }
        return scales + [
            HeatmapGeometry.Scale(rowLines: 0, cellWidth: 2), HeatmapGeometry.Scale(rowLines: 0, cellWidth: 1),
            HeatmapGeometry.Scale(rowLines: 1, cellWidth: 1),
        ]
    }()

    /// Rows taller than the fitter ever chooses, for zooming in: up to 7 lines, each about square.
    static let zoomOnlyRowLines = 7

    /// A cell's size on screen in half-lines x columns (a half-block row is half a line), to order sizes by.
    static func screenArea(_ s: HeatmapGeometry.Scale) -> Int { s.cellWidth * (s.rowLines == 0 ? 1 : 2 * s.rowLines) }

    /// Every token-cell size `+`/`-` steps through, smallest first: the sizes the fitter chooses from
    /// (`tokenScales`, one per area on screen and kind of row, the squarest kept), then taller ones up to `zoomOnlyRowLines` lines.
    /// One list, so a zoom step always lands on a size the fitter knows, and `+` from any fitted size grows it.
    static let zoomLadder: [HeatmapGeometry.Scale] = {
        let taller = stride(from: maxRowLines + 1, through: zoomOnlyRowLines, by: 1).map {
            HeatmapGeometry.Scale(rowLines: $0, cellWidth: 2 * $0 + 1)
        }
        func squareness(_ s: HeatmapGeometry.Scale) -> Int { abs(s.cellWidth - 2 * max(1, s.rowLines)) }
        var ladder: [HeatmapGeometry.Scale] = []
        for s in (tokenScales + taller).sorted(by: {
            (screenArea($0), squareness($0), $0.rowLines) < (screenArea($1), squareness($1), $1.rowLines)
        }) where !ladder.contains(where: { screenArea($0) == screenArea(s) && ($0.rowLines == 0) == (s.rowLines == 0) })
        {
            // one size per area (half-block and full rows apart, as mono has no half blocks)
            ladder.append(s)
        }
        return ladder
    }()

    /// The attention heatmap's geometry inside the view's `rect`, or nil when there is nothing to draw (no
    /// encoding yet, layer 0).
    static func attention(state: AppState, rect: Rect) -> HeatmapGeometry? {
        guard let enc = state.encoding, state.layer >= 1, state.layer <= enc.layerCount else { return nil }
        let content = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - attentionFooterLines)
        return tokenMatrix(state: state, content: content, labels: enc.tokens.map(\.text))
    }

    /// A token x token heatmap (attention, cosine similarity) in `content`: the largest cells that fit (squarish,
    /// growing with the room), or the zoom level's size with a window that follows the selection.
    static func tokenMatrix(state: AppState, content: Rect, labels: [String]) -> HeatmapGeometry? {
        guard content.height >= 1, content.width >= 8, !labels.isEmpty else { return nil }
        let focusCol = state.hover?.col ?? state.keyCursor
        let focusRow = state.hover?.row ?? state.selectedToken
        let scales = tokenScales.filter { state.colorMode.hasColor || $0.rowLines > 0 }
        let fitted = HeatmapGeometry.make(
            rect: content, rows: labels.count, cols: labels.count, rowLabels: labels, header: .labels(labels),
            scales: scales, focusRow: focusRow, focusCol: focusCol)
        guard state.zoom != 0 else { return fitted }
        // zoomed: one size per step away from the fitted one; larger cells than fit get a window that follows
        let scale = HeatmapGeometry.zoomed(fitted.scale, by: state.zoom, allowHalf: state.colorMode.hasColor)
        return HeatmapGeometry.make(
            rect: content, rows: labels.count, cols: labels.count, rowLabels: labels, header: .labels(labels),
            scales: [scale], focusRow: focusRow, focusCol: focusCol)
    }

    /// Text lines per token row the attention view wants at `width` columns for `tokens` tokens: square cells that
    /// span the width, at most `maxRowLines`, at least what short inputs always had (2 up to 12 tokens, else 1).
    static func attentionRowLines(tokens: Int, width: Int) -> Int {
        let t = max(tokens, 1)
        let least = t <= 12 ? 2 : 1
        let grid = max(0, width - min(16, max(3, width / 3)) - 1)
        return max(least, min(maxRowLines, grid / t / 2))
    }

    // MARK: activations

    /// Lines under the activation heatmap: the value read-out (with the legend at its right on wide panels), the
    /// legend on its own line on narrow tall panels, and the named outliers when there is room.
    static func activationFooterLines(_ rect: Rect) -> Int {
        1 + (rect.height >= 12 ? 1 : 0) + (activationLegendOwnLine(rect) ? 1 : 0)
    }

    /// True when the legend does not fit beside the read-out but has a line of its own.
    static func activationLegendOwnLine(_ rect: Rect) -> Bool { rect.width < 72 && rect.height >= 16 }

    /// Dimensions per cell in the fitted view for `dims` dimensions in `width` columns.
    static func binSize(dims: Int, width: Int) -> Int { max(1, (dims + max(1, width) - 1) / max(1, width)) }

    /// Bytes one frame's heatmaps may cost on the wire (see `HeatmapGeometry.repaintBytes`) under a byte budget of
    /// `budget` bytes a layer step: all of it on screens up to 120x40 (so a step, with the slider, titles and
    /// status bar that change with it, stays under 16 KB at 15,000), as much per character cell on larger screens,
    /// so they keep their detail.
    static func frameBudget(_ screen: Size, budget: Int) -> Int {
        let reference = 120 * 40
        return budget * max(reference, screen.width * screen.height) / reference
    }

    /// The activation heatmap's share of the frame budget (nil: no budget): all of it as the main view, in
    /// proportion to its area under the attention view (which mostly sends long runs of one dark colour).
    /// `heatmapArea` is the cells of every heatmap view on screen.
    static func activationBudget(_ rect: Rect, state: AppState, heatmapArea: Int) -> Int? {
        guard let budget = state.byteBudget else { return nil }
        let area = rect.width * rect.height
        return frameBudget(state.size, budget: budget) * area / max(1, heatmapArea, area)
    }

    /// The tallest rows the activation view tries: as many lines as each token can have, from 2 up to
    /// `maxActivationRowLines`, so a short input uses the rows of a tall panel.
    static func activationMaxRowLines(rows: Int, height: Int) -> Int {
        max(2, min(maxActivationRowLines, height / max(1, rows)))
    }

    /// The most text lines a token row of the activation view gets (rows of dimensions are not square anyway).
    static let maxActivationRowLines = 6

    /// The activation heatmap's geometry inside the view's `rect`: the finest cells (fewest dimensions per cell,
    /// or the narrowest 1:1 cells, from the zoom level when one is set) and the tallest rows, giving up taller rows
    /// before dimensions while the repaint exceeds `budget` (nil: no budget, full resolution). The choice depends
    /// on sizes only, not on values, so it stays put while the layer changes.
    static func activations(state: AppState, rect: Rect, budget: Int?) -> ActivationGeometry? {
        guard state.zoom != 0 else { return activations(state: state, rect: rect, budget: budget, minWidth: 1) }
        // zoomed: cells `zoom` characters wider (or narrower) than the fitted ones, whatever the budget says
        var fitted = state
        fitted.zoom = 0
        guard let base = activations(state: fitted, rect: rect, budget: budget, minWidth: 1) else { return nil }
        let width = max(1, base.heatmap.cellWidth + state.zoom)
        return activations(state: state, rect: rect, budget: nil, minWidth: width, exact: true)
    }

    /// The finest cells at least `minWidth` wide within `budget` (`exact`: exactly `minWidth` wide).
    static func activations(
        state: AppState, rect: Rect, budget: Int?, minWidth: Int, exact: Bool = false
    ) -> ActivationGeometry? {
        let dims = state.activationDimensionCount
        let labels = state.encoding?.tokens.map(\.text) ?? []
        let content = Rect(
            x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - activationFooterLines(rect))
        guard content.height >= 2, content.width >= 10, !labels.isEmpty, dims > 0 else { return nil }
        let canHalf = state.colorMode.hasColor
        let needsHalf = canHalf && labels.count + 1 > content.height
        let labelWidth = HeatmapGeometry.labelWidth(labels, half: needsHalf, rect: content, maxLabelWidth: 14)
        let availW = max(1, content.width - labelWidth - 1)
        let fitted = state.activationZoom == .fitted
        let tallest = activationMaxRowLines(rows: labels.count, height: content.height - 1)
        let rowLines = Array(stride(from: tallest, through: 1, by: -1)) + (canHalf ? [0] : [])
        var coarsest: ActivationGeometry?
        // k: the cell width asked for (the bins follow from it in the fitted view)
        for k in minWidth...max(minWidth, exact ? minWidth : 8) {
            let bin = fitted ? binSize(dims: dims, width: availW / k) : 1
            let cols = (dims + bin - 1) / bin
            let cw = fitted && !exact ? max(k, min(3, availW / cols)) : k
            // the tallest rows that fit first, then flatter ones
            for first in rowLines.indices {
                let scales = rowLines[first...].map { HeatmapGeometry.Scale(rowLines: $0, cellWidth: cw) }
                let g = HeatmapGeometry.make(
                    rect: content, rows: labels.count, cols: cols, rowLabels: labels, header: .fixed(1),
                    scales: scales, focusRow: state.hover?.row ?? state.selectedToken, focusCol: 0,
                    colStartOverride: fitted ? 0 : state.activationPan, columnsScroll: !fitted)
                let candidate = ActivationGeometry(heatmap: g, bin: bin)
                guard let budget else { return candidate }
                if g.repaintBytes(colored: canHalf) <= budget { return candidate }
                coarsest = candidate
                // already flatter than asked: the flatter lists would choose the same rows
                if g.rowLines != rowLines[first] { break }
            }
            if cw * 2 > availW { break }
        }
        return coarsest
    }
}
