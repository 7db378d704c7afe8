import BertKit

/// hidden_states[layer] (or the FFN intermediate after GELU) as tokens x dimensions on a diverging scale centred
/// on 0 and clipped at the 99th percentile of |x|, so one outlier dimension does not wash out the rest. The
/// outlier dimensions are named and marked `▼` above their columns. Fitted: dimensions binned into the width
/// (each cell the bin's value of largest magnitude); 1:1: one cell per dimension, panned with `,` `.`. In both,
/// cells are as fine as the wire budget allows (`geometry`), since a layer step repaints nearly all of them.
public enum ActivationWidget {
    /// The matrix shown and its precomputed summary; nil at layer 0 for the intermediate, or before an encoding.
    static func source(_ state: AppState) -> (matrix: Matrix, summary: ActivationSummary, name: String)? {
        guard let analysis = state.prepared else { return nil }
        let kind = state.activationSource.kind
        guard let m = analysis.activations(kind, layer: state.layer),
            let summary = analysis.summary(kind, layer: state.layer)
        else { return nil }
        switch kind {
        case .hidden: return (m, summary, "hidden_states[\(state.layer)]")
        case .intermediate: return (m, summary, "FFN intermediate · layer \(state.layer) · after GELU")
        }
    }

    /// Footer lines: the value read-out (with the legend at its right on wide panels), the legend on its own line
    /// on narrow tall panels, and the named outliers when there is room.
    static func footerLines(_ rect: Rect) -> Int {
        1 + (rect.height >= 12 ? 1 : 0) + (legendOwnLine(rect) ? 1 : 0)
    }

    /// True when the legend does not fit beside the read-out but has a line of its own.
    static func legendOwnLine(_ rect: Rect) -> Bool { rect.width < 72 && rect.height >= 16 }

    /// Dimensions per cell in the fitted view for `dims` dimensions in `width` columns.
    static func binSize(dims: Int, width: Int) -> Int { max(1, (dims + max(1, width) - 1) / max(1, width)) }

    /// Bytes one frame's heatmaps may cost on the wire (see `HeatmapGeometry.repaintBytes`): 15,000 on screens up
    /// to 120x40, so that a layer step, with the slider, titles and status bar that change with it, stays under
    /// 16 KB; as much per character cell on larger screens, so they keep their detail. Activations change in
    /// nearly every cell on a layer step, so their heatmap's size in cells is its cost over SSH.
    static func frameBudget(_ screen: Size) -> Int {
        let reference = 120 * 40
        return 15_000 * max(reference, screen.width * screen.height) / reference
    }

    /// The activation heatmap's share of the frame budget: all of it as the main view, in proportion to its area
    /// under the attention view (which mostly sends long runs of one dark colour).
    static func byteBudget(_ rect: Rect, state: AppState) -> Int {
        let layout = ScreenLayout(size: state.size, state: state)
        let heatmaps = layout.main.width * layout.main.height + (layout.secondary.map { $0.width * $0.height } ?? 0)
        let area = rect.width * rect.height
        return frameBudget(state.size) * area / max(1, heatmaps, area)
    }

    /// The heatmap geometry inside the widget's `rect` (data columns are bins in the fitted view): the finest cells
    /// (fewest dimensions per cell, or the narrowest 1:1 cells, from the zoom level when one is set) whose repaint
    /// fits `byteBudget`, giving up taller rows before dimensions. The choice depends on sizes only, not on values,
    /// so it stays put while the layer changes.
    static func geometry(state: AppState, rect: Rect, dims: Int) -> (HeatmapGeometry, bin: Int)? {
        let labels = state.encoding?.tokens.map(\.text) ?? []
        let content = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - footerLines(rect))
        guard content.height >= 2, content.width >= 10, !labels.isEmpty else { return nil }
        let canHalf = state.colorMode.hasColor
        let needsHalf = canHalf && labels.count + 1 > content.height
        let labelWidth = HeatmapGeometry.labelWidth(labels, half: needsHalf, rect: content, maxLabelWidth: 14)
        let availW = max(1, content.width - labelWidth - 1)
        let fitted = state.activationZoom == .fitted
        let budget = byteBudget(rect, state: state)
        var coarsest: (HeatmapGeometry, bin: Int)?
        // k: the cell width asked for (the bins follow from it in the fitted view)
        for k in max(1, state.zoom)...max(1, state.zoom, 8) {
            let bin = fitted ? binSize(dims: dims, width: availW / k) : 1
            let cols = (dims + bin - 1) / bin
            let cw = fitted && state.zoom == 0 ? max(k, min(3, availW / cols)) : k
            // the tallest rows that fit first, then flatter ones
            let rowLines = canHalf ? [2, 1, 0] : [2, 1]
            for first in rowLines.indices {
                let scales = rowLines[first...].map { HeatmapGeometry.Scale(rowLines: $0, cellWidth: cw) }
                let g = HeatmapGeometry.make(
                    rect: content, rows: labels.count, cols: cols, rowLabels: labels, header: .fixed(1), scales: scales,
                    focusRow: state.hover?.row ?? state.selectedToken, focusCol: 0,
                    colStartOverride: fitted ? 0 : state.activationPan, columnsScroll: !fitted)
                if g.repaintBytes(colored: canHalf) <= budget { return (g, bin) }
                coarsest = (g, bin)
                // already flatter than asked: the flatter lists would choose the same rows
                if g.rowLines != rowLines[first] { break }
            }
            if cw * 2 > availW { break }
        }
        return coarsest
    }

    /// The rectangle the activation view has on the current screen (main or secondary), if shown.
    static func rect(in state: AppState) -> Rect? {
        let layout = ScreenLayout(size: state.size, state: state)
        if state.mainView == .activations { return layout.main }
        if let s = layout.secondary, ScreenLayout.secondaryView == .activations { return s }
        return nil
    }

    /// How many dimensions the 1:1 view shows at once on the current screen (for clamping the pan).
    static func visibleDimensions(in state: AppState) -> Int {
        guard let r = rect(in: state) else { return 1 }
        var s = state
        s.activationZoom = .oneToOne
        s.activationPan = 0
        return geometry(state: s, rect: r, dims: state.activationDimensionCount)?.0.visibleCols ?? 1
    }

    /// Draws the panel into `rect`.
    public static func draw(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard rect.height >= 2, rect.width >= 10 else { return }
        let focused = state.focus == .heatmap && state.mainView == .activations
        let titleRect = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard let enc = state.encoding else {
            Chrome.titleRule("activations", focused: focused, palette: palette, rect: titleRect, buffer: &buffer)
            Chrome.putCentered("waiting for the first encoding…", rect: body, y: body.y + body.height / 2,
                style: palette.style(.dimText), buffer: &buffer)
            return
        }
        guard let src = source(state) else {
            Chrome.titleRule("FFN intermediate · layer 0", focused: focused, palette: palette, rect: titleRect,
                buffer: &buffer)
            var y = body.y + max(0, body.height / 2 - 1)
            for (i, line) in [
                "layer 0 is the embeddings: it has no FFN",
                "intermediate activations exist for layers 1–\(state.layerCount); f shows hidden states",
            ].enumerated() {
                for part in Chrome.wrap(line, width: body.width - 2) where y < body.maxY {
                    Chrome.putCentered(part, rect: body, y: y, style: palette.style(i == 0 ? .warning : .dimText),
                        buffer: &buffer)
                    y += 1
                }
            }
            return
        }
        let m = src.matrix
        let dims = m.cols
        guard let (g, bin) = geometry(state: state, rect: rect, dims: dims) else {
            Chrome.titleRule(src.name, focused: focused, palette: palette, rect: titleRect, buffer: &buffer)
            return
        }
        let zoomText = state.activationZoom == .fitted
            ? (bin > 1 ? "\(bin) dims/cell" : "fitted")
            : "1:1, d\(g.colStart)–\(min(dims, g.colStart + g.visibleCols) - 1)"
        let rowsText = g.visibleRows < g.rows && rect.width >= 90 ? " · rows \(g.rowStart)–\(g.rowStart + g.visibleRows - 1)" : ""
        Chrome.titleRule(src.name, info: "\(m.rows)×\(dims) · \(zoomText)\(rowsText)", focused: focused, palette: palette,
            rect: titleRect, buffer: &buffer)

        // binned values (fitted) or a direct lookup (1:1)
        let cols = g.cols
        let binned = bin > 1 ? state.prepared?.binned(state.activationSource.kind, layer: state.layer, bin: bin) : nil
        func raw(_ r: Int, _ c: Int) -> Float { binned?[r, c] ?? m[r, c] }
        let clip = src.summary.clip
        let labels = enc.tokens.map(\.text)
        let point = state.hover.flatMap { $0.row < m.rows && $0.col < cols ? $0 : nil }
        let painter = HeatmapPainter(
            geometry: g, palette: palette, diverging: true, selectedRow: state.selectedToken, selectedCol: nil,
            cursor: point)
        painter.drawRowLabels(labels, role: { AttentionWidget.role(enc.tokens[$0]) }, buffer: &buffer)
        painter.drawCells(buffer: &buffer) { r, c in
            let v = Double(raw(r, c) / clip)
            return min(max(v, -1), 1)
        }

        // header: dimension ticks, then outlier markers
        let dim = palette.style(.dimText)
        let headerY = g.rect.y
        // outlier markers, then dimension ticks wherever they do not cover a marker
        let outlier = palette.style(.outlier, [.bold])
        var marks = Set<Int>()
        for o in src.summary.outliers {
            if let x = g.x(ofColumn: o.dim / bin) {
                buffer.put("▼", x: x, y: headerY, style: outlier)
                marks.insert(x)
            }
        }
        func putTick(_ text: String, at x: Int) -> Bool {
            guard x >= g.gridX, x + text.count <= g.gridX + g.gridWidth,
                !(x..<(x + text.count)).contains(where: { marks.contains($0) })
            else { return false }
            buffer.put(text, x: x, y: headerY, style: dim)
            return true
        }
        let lastDim = min(dims, (g.colStart + g.visibleCols) * bin) - 1
        let lastLabel = String(lastDim)
        let lastX = g.gridX + g.gridWidth - lastLabel.count
        var nextFree = g.gridX
        if putTick("d\(g.colStart * bin)", at: g.gridX) { nextFree = g.gridX + String(g.colStart * bin).count + 3 }
        // round steps at least 8 columns apart
        let minStep = 8 * bin / g.cellWidth
        let step = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096].first { $0 >= minStep } ?? 4096
        var d = (g.colStart * bin / step + 1) * step
        while d < lastDim {
            if let x = g.x(ofColumn: d / bin), x >= nextFree, x + String(d).count + 2 <= lastX,
                putTick(String(d), at: x)
            {
                nextFree = x + String(d).count + 2
            }
            d += step
        }
        if lastX >= nextFree { _ = putTick(lastLabel, at: lastX) }

        // footer: read-out and legend; outliers
        let readY = rect.maxY - 1
        var x = rect.x + 1
        let row = point?.row ?? state.selectedToken
        if row < m.rows {
            x = buffer.put(labels[row], x: x, y: readY, style: palette.style(.text, [.bold]), maxWidth: 16)
            if let p = point {
                let d0 = p.col * bin, d1 = min(dims, d0 + bin) - 1
                let what = bin > 1 ? " d\(d0)–\(d1) max|x| " : " d\(d0) "
                x = buffer.put(what, x: x, y: readY, style: dim, maxWidth: rect.maxX - x)
                x = buffer.put(Chrome.number(raw(p.row, p.col), 3), x: x, y: readY,
                    style: palette.style(.accent, [.bold]), maxWidth: rect.maxX - x)
            } else {
                let best = state.prepared?.largest(state.activationSource.kind, layer: state.layer, token: row)
                    ?? (dim: 0, value: 0)
                x = buffer.put(" max|x| ", x: x, y: readY, style: dim, maxWidth: rect.maxX - x)
                x = buffer.put(Chrome.number(best.value, 2), x: x, y: readY, style: palette.style(.accent, [.bold]),
                    maxWidth: rect.maxX - x)
                x = buffer.put(" at d\(best.dim)", x: x, y: readY, style: dim, maxWidth: rect.maxX - x)
            }
        }
        let legendWidth = 11 + 2 * (Chrome.number(clip).count + 2) + 9
        if legendOwnLine(rect) {
            let after = Legend.diverging(clip: clip, palette: palette, x: rect.x + 1, y: readY - 1, maxX: rect.maxX,
                buffer: &buffer)
            buffer.put(" (p99 of |x|)", x: after, y: readY - 1, style: dim, maxWidth: rect.maxX - after)
        } else if rect.maxX - x > legendWidth + 2 {
            let lx = rect.maxX - legendWidth
            let after = Legend.diverging(clip: clip, palette: palette, x: lx, y: readY, maxX: rect.maxX, buffer: &buffer)
            buffer.put(" p99 |x|", x: after, y: readY, style: dim, maxWidth: rect.maxX - after)
        }
        if rect.height >= 12 {
            let oy = rect.maxY - footerLines(rect)
            var ox = buffer.put(rect.width >= 60 ? " outlier dims " : " outliers ", x: rect.x, y: oy, style: dim)
            for o in src.summary.outliers {
                let text = "d\(o.dim) \(Chrome.number(o.value, 1))"
                guard ox + text.count + 2 <= rect.maxX else { break }
                ox = buffer.put("▼", x: ox, y: oy, style: outlier)
                ox = buffer.put(text + "  ", x: ox, y: oy, style: palette.style(.text))
            }
            if bin == 1 && state.activationZoom == .oneToOne && ox + 14 < rect.maxX {
                Chrome.putRight(", . pan  z fit ", rect: rect, y: oy, style: dim, buffer: &buffer)
            } else if state.activationZoom == .fitted && ox + 8 < rect.maxX {
                Chrome.putRight("z 1:1 ", rect: rect, y: oy, style: dim, buffer: &buffer)
            }
        }
    }
}
