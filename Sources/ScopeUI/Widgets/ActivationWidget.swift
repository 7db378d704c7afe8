import BertKit

/// hidden_states[layer] as tokens x dimensions on a diverging scale centred on 0 and clipped at the 99th
/// percentile of |x|, so one outlier dimension does not wash out the rest; or the FFN intermediate after GELU on a
/// sequential scale from GELU's minimum (-0.17) to the 99th percentile of its cells. The outlier dimensions are
/// named and marked `▼` above their columns. Fitted: dimensions binned into the width (hidden states: each cell
/// the bin's value of largest magnitude; the FFN: the bin's mean, see `ActivationBinning`); 1:1: one cell per
/// dimension, panned with `,` `.`. In both, cells are as fine as the wire budget allows (`geometry`), since a layer
/// step repaints nearly all of them.
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

    /// Draws the panel into `rect`; `geometry` is the heatmap's place in it (`FrameGeometry`).
    static func draw(
        state: AppState, palette: Palette, rect: Rect, geometry: ActivationGeometry?, buffer: inout CellBuffer
    ) {
        guard rect.height >= 2, rect.width >= 10 else { return }
        let focused = state.focus == .heatmap && state.mainView == .activations
        let titleRect = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard let enc = state.encoding else {
            Chrome.titleRule("activations", focused: focused, palette: palette, rect: titleRect, buffer: &buffer)
            Chrome.waitingForFirstEncoding(in: body, palette: palette, buffer: &buffer)
            return
        }
        guard let src = source(state) else {
            Chrome.titleRule(
                "FFN intermediate · layer 0", focused: focused, palette: palette, rect: titleRect,
                buffer: &buffer)
            var y = body.y + max(0, body.height / 2 - 1)
            for (i, line) in [
                "layer 0 is the embeddings: it has no FFN",
                "intermediate activations exist for layers 1–\(state.layerCount); f shows hidden states",
            ].enumerated() {
                for part in Chrome.wrap(line, width: body.width - 2) where y < body.maxY {
                    Chrome.putCentered(
                        part, rect: body, y: y, style: palette.style(i == 0 ? .warning : .dimText),
                        buffer: &buffer)
                    y += 1
                }
            }
            return
        }
        let m = src.matrix
        let dims = m.cols
        guard let g = geometry?.heatmap, let bin = geometry?.bin else {
            Chrome.titleRule(src.name, focused: focused, palette: palette, rect: titleRect, buffer: &buffer)
            return
        }
        let kind = state.activationSource.kind
        let mean = ActivationBinning.of(kind) == .mean
        let zoomText =
            (state.activationZoom == .fitted
                ? (bin > 1 ? (mean ? "mean of \(bin) dims/cell" : "\(bin) dims/cell") : "fitted")
                : "1:1, d\(g.colStart)–\(min(dims, g.colStart + g.visibleCols) - 1)")
            + (state.zoom != 0 ? " · zoom \(AppState.zoomLabel(state.zoom))" : "")
        let rowsText =
            g.visibleRows < g.rows && rect.width >= 90 ? " · rows \(g.rowStart)–\(g.rowStart + g.visibleRows - 1)" : ""
        Chrome.titleRule(
            src.name, info: "\(m.rows)×\(dims) · \(zoomText)\(rowsText)", focused: focused, palette: palette,
            rect: titleRect, buffer: &buffer)

        // binned values (fitted) or one value a cell (1:1), with the scale they are drawn on
        let cols = g.cols
        let binned = state.prepared?.binned(kind, layer: state.layer, bin: bin)
        func raw(_ r: Int, _ c: Int) -> Float { binned?[r, c] ?? m[r, c] }
        let scale = binned?.scale ?? .diverging(clip: src.summary.clip)
        let labels = enc.tokens.map(\.text)
        let point = state.hover.flatMap { $0.row < m.rows && $0.col < cols ? $0 : nil }
        let painter = HeatmapPainter(
            geometry: g, palette: palette, diverging: scale.isDiverging, selectedRow: state.selectedToken,
            selectedCol: nil,
            cursor: point)
        painter.drawRowLabels(labels, role: { AttentionWidget.role(enc.tokens[$0]) }, buffer: &buffer)
        painter.drawCells(buffer: &buffer) { r, c in scale.position(raw(r, c)) }

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
            // a column clear of markers on both sides, so a tick never reads as part of one (`▼224` for d223)
            guard x >= g.gridX, x + text.count <= g.gridX + g.gridWidth,
                !((x - 1)...(x + text.count)).contains(where: { marks.contains($0) })
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
                let d0 = p.col * bin
                let d1 = min(dims, d0 + bin) - 1
                let what = bin > 1 ? " d\(d0)–\(d1) \(mean ? "mean" : "max|x|") " : " d\(d0) "
                x = buffer.put(what, x: x, y: readY, style: dim, maxWidth: rect.maxX - x)
                x = buffer.put(
                    Chrome.number(raw(p.row, p.col), 3), x: x, y: readY,
                    style: palette.style(.accent, [.bold]), maxWidth: rect.maxX - x)
            } else {
                let best =
                    state.prepared?.largest(state.activationSource.kind, layer: state.layer, token: row)
                    ?? (dim: 0, value: 0)
                x = buffer.put(" max|x| ", x: x, y: readY, style: dim, maxWidth: rect.maxX - x)
                x = buffer.put(
                    Chrome.number(best.value, 2), x: x, y: readY, style: palette.style(.accent, [.bold]),
                    maxWidth: rect.maxX - x)
                x = buffer.put(" at d\(best.dim)", x: x, y: readY, style: dim, maxWidth: rect.maxX - x)
            }
        }
        let (low, high) = scale.range
        let legendWidth =
            11 + 9
            + (scale.isDiverging
                ? 2 * (Chrome.number(high).count + 2) : Chrome.number(low).count + Chrome.number(high).count + 2)
        func legend(x: Int, y: Int) -> Int {
            scale.isDiverging
                ? Legend.diverging(clip: high, palette: palette, x: x, y: y, maxX: rect.maxX, buffer: &buffer)
                : Legend.range(low: low, high: high, palette: palette, x: x, y: y, maxX: rect.maxX, buffer: &buffer)
        }
        if ViewGeometry.activationLegendOwnLine(rect) {
            let after = legend(x: rect.x + 1, y: readY - 1)
            let what = scale.isDiverging ? " (p99 of |x|)" : " (GELU min to p99)"
            buffer.put(what, x: after, y: readY - 1, style: dim, maxWidth: rect.maxX - after)
        } else if rect.maxX - x > legendWidth + 2 {
            let after = legend(x: rect.maxX - legendWidth, y: readY)
            buffer.put(
                scale.isDiverging ? " p99 |x|" : " p99", x: after, y: readY, style: dim, maxWidth: rect.maxX - after)
        }
        if rect.height >= 12 {
            let oy = rect.maxY - ViewGeometry.activationFooterLines(rect)
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
