import BertKit

/// The side panel comparing `last_hidden_state[:, 0]` (the final [CLS] vector) with `pooler_output`: cosine,
/// norms and moments, tanh saturation, the dimensions that differ most, histograms of both, the cosine between
/// the pooler and every layer's [CLS] vector, the mean-pooled sentence vector, a reminder of what the pooler is,
/// and the check that hidden_states[-1] is last_hidden_state. Blocks are dropped or shortened, least important
/// first, when the panel is short.
public enum PoolerPanelWidget {
    /// One block of the panel: alternative renderings from tallest to shortest, and how much it matters.
    struct Block {
        let priority: Int
        /// Each variant: its height and how to draw it at (x, y) in `width` columns.
        let variants: [(height: Int, draw: (inout CellBuffer, Int, Int, Int) -> Void)]
    }

    /// The reminder for the model on screen: a sentence-transformers model (its `modules.json`) says which
    /// vector its users actually use, since its pooler is not its sentence embedding.
    static func reminder(_ pooling: SentencePooling?) -> (long: String, short: String) {
        SentencePooling.poolerNote(pooling)
    }

    /// Draws the panel into `rect`; `leftRule` draws a separator on the left edge (side panel).
    public static func draw(state: AppState, palette: Palette, rect: Rect, leftRule: Bool, buffer: inout CellBuffer) {
        guard rect.height >= 2, rect.width >= 12 else { return }
        let border = palette.style(.border)
        if leftRule {
            for y in rect.y..<rect.maxY { buffer[rect.x, y] = Cell("│", style: border) }
        }
        let inner = Rect(
            x: rect.x + (leftRule ? 1 : 0), y: rect.y, width: rect.width - (leftRule ? 1 : 0), height: rect.height)
        Chrome.titleRule(
            "[CLS] vs pooler_output", info: nil, focused: false, palette: palette,
            rect: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), buffer: &buffer)
        if leftRule { buffer[rect.x, rect.y] = Cell("┬", style: border) }
        let body = Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, height: inner.height - 1)
        guard let prepared = state.prepared else {
            buffer.put(
                "waiting for the first encoding…", x: body.x, y: body.y, style: palette.style(.dimText),
                maxWidth: body.width)
            return
        }
        let blocks = makeBlocks(prepared, state: state, palette: palette, width: body.width)
        // choose variants: the shortest of each block by priority, then grow the important ones
        var chosen = [Int?](repeating: nil, count: blocks.count)
        var used = 0
        let order = blocks.indices.sorted { blocks[$0].priority > blocks[$1].priority }
        for i in order {
            let h = blocks[i].variants.last?.height ?? 0
            if used + h <= body.height {
                chosen[i] = blocks[i].variants.count - 1
                used += h
            }
        }
        for i in order {
            guard let current = chosen[i] else { continue }
            for v in 0..<current {
                let extra = blocks[i].variants[v].height - blocks[i].variants[current].height
                if used + extra <= body.height {
                    chosen[i] = v
                    used += extra
                    break
                }
            }
        }
        let shown = chosen.compactMap { $0 }.count
        let spacing = body.height - used >= shown - 1 && shown > 1 ? 1 : 0
        var y = body.y
        for (i, b) in blocks.enumerated() {
            guard let v = chosen[i] else { continue }
            b.variants[v].draw(&buffer, body.x, y, body.width)
            y += b.variants[v].height + spacing
        }
    }

    static func makeBlocks(_ analysis: EncodingAnalysis, state: AppState, palette: Palette, width: Int) -> [Block] {
        let c = analysis.pooler
        let text = palette.style(.text)
        let dim = palette.style(.dimText)
        let bold = palette.style(.text, [.bold])
        let accent = palette.style(.accent, [.bold])
        let warn = palette.style(.warning, [.bold])
        var blocks: [Block] = []

        // the reminder: what the pooler is, and which vector the model's users take
        let note = reminder(state.sentencePooling)
        let wrapped = Chrome.wrap(note.long, width: width)
        blocks.append(
            Block(
                priority: 9,
                variants: [
                    (
                        wrapped.count,
                        { buf, x, y, w in
                            for (k, l) in wrapped.enumerated() {
                                buf.put(l, x: x, y: y + k, style: palette.style(.dimText, [.italic]), maxWidth: w)
                            }
                        }
                    ),
                    (
                        1,
                        { buf, x, y, w in
                            buf.put(
                                Chrome.truncate(note.short, to: w), x: x, y: y,
                                style: palette.style(.dimText, [.italic]), maxWidth: w)
                        }
                    ),
                ]))

        // cosine, or the missing pooler
        if let cos = c.cosine {
            blocks.append(
                Block(
                    priority: 10,
                    variants: [
                        (
                            1,
                            { buf, x, y, w in
                                var cx = buf.put("cos([CLS], pooler) ", x: x, y: y, style: text, maxWidth: w)
                                cx = buf.put(Chrome.number(cos, 3), x: cx, y: y, style: accent, maxWidth: x + w - cx)
                                let barWidth = x + w - cx - 2
                                if barWidth >= 6 {
                                    bar(cos, x: cx + 1, y: y, width: barWidth, palette: palette, buffer: &buf)
                                }
                            }
                        )
                    ]))
        } else {
            let lines = Chrome.wrap(
                "this checkpoint has no pooler (no pooler.dense weights): pooler_output is None", width: width)
            blocks.append(
                Block(
                    priority: 10,
                    variants: [
                        (
                            lines.count,
                            { buf, x, y, w in
                                for (k, l) in lines.enumerated() {
                                    buf.put(l, x: x, y: y + k, style: warn, maxWidth: w)
                                }
                            }
                        )
                    ]))
        }

        if let nsp = nextSentenceBlock(analysis, state: state, palette: palette, width: width) { blocks.append(nsp) }

        // the stats table
        let p = c.poolerStats
        let sat = c.saturated
        let clsSat = c.clsStats.saturated
        let rows: [(String, Float, Float?)] = [
            ("‖x‖", c.clsStats.norm, p?.norm), ("mean", c.clsStats.mean, p?.mean), ("std", c.clsStats.std, p?.std),
            ("min", c.clsStats.min, p?.min), ("max", c.clsStats.max, p?.max),
        ]
        let colW = max(8, min(10, (width - 6) / 2))
        let tableWidth = min(width, 8 + 2 * colW + 4)
        let dimsCount = c.cls.count
        blocks.append(
            Block(
                priority: 9,
                variants: [
                    (
                        rows.count + 2,
                        { buf, x, y, fullWidth in
                            let w = min(fullWidth, tableWidth)
                            buf.put(
                                pad("[CLS]", colW), x: x + w - 2 * colW, y: y,
                                style: palette.style(.specialToken, [.bold]))
                            if p != nil {
                                buf.put(
                                    pad("pooler", colW), x: x + w - colW, y: y,
                                    style: palette.style(.histogramPooler, [.bold]))
                            }
                            for (k, r) in rows.enumerated() {
                                buf.put(r.0, x: x, y: y + 1 + k, style: dim, maxWidth: w - 2 * colW)
                                buf.put(pad(Chrome.number(r.1), colW), x: x + w - 2 * colW, y: y + 1 + k, style: text)
                                if let v = r.2 {
                                    buf.put(pad(Chrome.number(v), colW), x: x + w - colW, y: y + 1 + k, style: text)
                                }
                            }
                            let sy = y + 1 + rows.count
                            buf.put(EncodingAnalysis.saturationLabel, x: x, y: sy, style: dim, maxWidth: w - 2 * colW)
                            buf.put(pad("\(clsSat)", colW), x: x + w - 2 * colW, y: sy, style: text)
                            if let sat {
                                buf.put(
                                    pad("\(sat)/\(dimsCount)", colW), x: x + w - colW, y: sy,
                                    style: palette.style(sat > dimsCount / 2 ? .outlier : .text, [.bold]))
                            }
                        }
                    ),
                    (
                        2,
                        { buf, x, y, w in
                            var line = "‖x‖ \(Chrome.number(c.clsStats.norm))"
                            if let p { line += " vs \(Chrome.number(p.norm))" }
                            buf.put(line, x: x, y: y, style: text, maxWidth: w)
                            if let sat {
                                buf.put(
                                    "saturated \(EncodingAnalysis.saturationLabel): \(sat)/\(dimsCount)", x: x,
                                    y: y + 1,
                                    style: text, maxWidth: w)
                            } else {
                                buf.put(
                                    "mean \(Chrome.number(c.clsStats.mean)) std \(Chrome.number(c.clsStats.std))", x: x,
                                    y: y + 1, style: text, maxWidth: w)
                            }
                        }
                    ),
                ]))

        // where they differ most
        if !c.topDifferences.isEmpty {
            func diffLines(_ n: Int) -> (Int, (inout CellBuffer, Int, Int, Int) -> Void) {
                (
                    n + 1,
                    { buf, x, y, w in
                        buf.put("differ most  [CLS] → pooler", x: x, y: y, style: dim, maxWidth: w)
                        for (k, d) in c.topDifferences.prefix(n).enumerated() {
                            var cx = buf.put(
                                pad("d\(d.dim)", 6, left: true), x: x, y: y + 1 + k, style: palette.style(.outlier),
                                maxWidth: w)
                            cx = buf.put(
                                pad(Chrome.number(d.cls), 8), x: cx, y: y + 1 + k, style: text, maxWidth: x + w - cx)
                            cx = buf.put(" → ", x: cx, y: y + 1 + k, style: dim, maxWidth: x + w - cx)
                            buf.put(Chrome.number(d.pooler), x: cx, y: y + 1 + k, style: text, maxWidth: x + w - cx)
                        }
                    }
                )
            }
            var compact = "differ most:"
            for d in c.topDifferences where DisplayWidth.of(compact) + " d\(d.dim)".count <= width {
                compact += " d\(d.dim)"
            }
            blocks.append(
                Block(
                    priority: 6,
                    variants: [
                        diffLines(5), diffLines(3),
                        (1, { buf, x, y, w in buf.put(compact, x: x, y: y, style: dim, maxWidth: w) }),
                    ]))
        }

        // histograms
        let clsRange = analysis.histogramRange(.cls)
        let poolerRange = analysis.histogramRange(.pooler)
        // with axes each histogram has its own range; without, both share the wider one and name it, so one-row
        // histograms whose ranges differ five-fold do not look alike
        func histograms(_ h: Int, axis: Bool) -> (Int, (inout CellBuffer, Int, Int, Int) -> Void) {
            let count = (c.pooler == nil ? 1 : 2) * (h + (axis ? 1 : 0))
            let top = max(clsRange.upperBound, c.pooler == nil ? 0 : poolerRange.upperBound)
            let shared = -top...top
            let rangeText = " ±" + Chrome.number(top, 1)
            return (
                count,
                { buf, x, y, w in
                    var cy = y
                    let bins = max(4, w - 7 - (axis ? 0 : rangeText.count))
                    if let clsHist = analysis.histogram(.cls, bins: bins, range: axis ? nil : shared) {
                        histogram(
                            clsHist.counts, label: "[CLS]", role: .histogramCLS, height: h, x: x, y: cy, width: w,
                            palette: palette, buffer: &buf)
                    }
                    if !axis {
                        buf.put(
                            rangeText, x: x + 7 + bins, y: cy, style: palette.style(.dimText), maxWidth: w - 7 - bins)
                    }
                    cy += h
                    if axis {
                        axisLine(
                            lo: clsRange.lowerBound, hi: clsRange.upperBound, x: x + 7, y: cy, width: bins,
                            palette: palette, buffer: &buf)
                        cy += 1
                    }
                    if let ph = analysis.histogram(.pooler, bins: bins, range: axis ? nil : shared) {
                        histogram(
                            ph.counts, label: "pooler", role: .histogramPooler, height: h, x: x, y: cy, width: w,
                            palette: palette, buffer: &buf)
                        cy += h
                        if axis {
                            axisLine(
                                lo: poolerRange.lowerBound, hi: poolerRange.upperBound, x: x + 7, y: cy, width: bins,
                                palette: palette, buffer: &buf)
                        }
                    }
                }
            )
        }
        blocks.append(
            Block(
                priority: 5,
                variants: [histograms(3, axis: true), histograms(2, axis: true), histograms(1, axis: false)]))

        // pooler vs every layer's [CLS]
        let cosines = c.layerCosines
        blocks.append(
            Block(
                priority: 8,
                variants: [
                    (
                        cosines.count + 1,
                        { buf, x, y, w in
                            buf.put(
                                c.layerCosinesAgainstPooler
                                    ? "cos(pooler, [CLS] of layer)" : "cos(last CLS, CLS of layer)", x: x, y: y,
                                style: dim, maxWidth: w)
                            for (l, v) in cosines.enumerated() {
                                let current = l == state.layer
                                let label = pad("L\(l)", 4, left: true)
                                var cx = buf.put(label, x: x, y: y + 1 + l, style: current ? palette.selection : dim)
                                cx = buf.put(
                                    pad(Chrome.number(v, 3), 7), x: cx, y: y + 1 + l, style: current ? bold : text)
                                let bw = x + w - cx - 1
                                if bw >= 4 {
                                    bar(v, x: cx + 1, y: y + 1 + l, width: bw, palette: palette, buffer: &buf)
                                }
                            }
                        }
                    ),
                    (
                        2,
                        { buf, x, y, w in
                            buf.put(
                                c.layerCosinesAgainstPooler
                                    ? "cos(pooler, [CLS] of layer)" : "cos(last CLS, CLS of layer)", x: x, y: y,
                                style: dim, maxWidth: w)
                            var cx = buf.put("L0 ", x: x, y: y + 1, style: dim, maxWidth: w)
                            let ramp = Array("▁▂▃▄▅▆▇█")
                            for (l, v) in cosines.enumerated() where cx < x + w - 10 {
                                let i = min(7, max(0, Int(saturating: ((v + 1) / 2) * 8)))
                                cx = buf.put(
                                    String(ramp[i]), x: cx, y: y + 1,
                                    style: l == state.layer ? palette.selection : palette.style(.accent))
                            }
                            cx = buf.put(" L\(cosines.count - 1)", x: cx, y: y + 1, style: dim, maxWidth: x + w - cx)
                            if let last = cosines.last {
                                buf.put(
                                    " " + Chrome.number(last, 2), x: cx, y: y + 1, style: text, maxWidth: x + w - cx)
                            }
                        }
                    ),
                ]))

        // mean-pooled sentence vector
        let mean = c.meanPooledStats
        let meanIsEmbedding = state.sentencePooling?.modes == [.mean]
        let norm = Chrome.number(mean.norm)
        // The heading, in the longest form that fits (at 80 columns the panel is 30 wide: the norm stays on it).
        let headings =
            meanIsEmbedding
            ? ["mean-pooled (the embedding) ‖x‖ \(norm)", "embedding (mean) ‖x‖ \(norm)"]
            : ["mean-pooled vector ‖x‖ \(norm)", "mean-pooled ‖x‖ \(norm)"]
        func heading(_ w: Int) -> String { headings.first { DisplayWidth.of($0) <= w } ?? headings[headings.count - 1] }
        var meanLines = [
            "  cos with [CLS]   \(Chrome.number(c.meanPooledCosineCLS, 3))"
        ]
        if let cp = c.meanPooledCosinePooler { meanLines.append("  cos with pooler  \(Chrome.number(cp, 3))") }
        blocks.append(
            Block(
                priority: meanIsEmbedding ? 8 : 4,
                variants: [
                    (
                        meanLines.count + 1,
                        { buf, x, y, w in
                            buf.put(heading(w), x: x, y: y, style: text, maxWidth: w)
                            for (k, l) in meanLines.enumerated() {
                                buf.put(l, x: x, y: y + 1 + k, style: dim, maxWidth: w)
                            }
                        }
                    ),
                    (1, { buf, x, y, w in buf.put(heading(w), x: x, y: y, style: text, maxWidth: w) }),
                ]))

        // the check
        let ok = c.lastHiddenMaxDifference == 0
        let msg =
            ok
            ? "hidden_states[-1] == last_hidden_state"
            : "hidden_states[-1] ≠ last_hidden_state (max |Δ| \(Chrome.number(c.lastHiddenMaxDifference, 4)))"
        let checkLines = Chrome.wrap(msg, width: max(1, width - 2))
        blocks.append(
            Block(
                priority: 7,
                variants: [
                    (
                        checkLines.count,
                        { buf, x, y, w in
                            buf.put(ok ? "✓" : "✗", x: x, y: y, style: ok ? accent : warn)
                            for (k, l) in checkLines.enumerated() {
                                buf.put(l, x: x + 2, y: y + k, style: ok ? dim : warn, maxWidth: w - 2)
                            }
                        }
                    )
                ]))
        return blocks
    }

    /// `s` padded with spaces to `n` columns (right-aligned unless `left`).
    static func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
        let w = DisplayWidth.of(s)
        guard w < n else { return s }
        let spaces = String(repeating: " ", count: n - w)
        return left ? s + spaces : spaces + s
    }

    /// A horizontal bar for a value in -1...1 (cosines): filled from the middle.
    static func bar(_ v: Float, x: Int, y: Int, width: Int, palette: Palette, buffer: inout CellBuffer) {
        let mid = x + width / 2
        let track = palette.style(.border)
        for i in 0..<width { buffer[x + i, y] = Cell("·", style: track) }
        buffer[mid, y] = Cell("│", style: track)
        // a value that rounds to no cells still gets one, so the marker never vanishes (0 exactly and NaN get none)
        let n = v.isNaN ? 0 : max(v == 0 ? 0 : 1, Int(saturating: (abs(Double(v)) * Double(width / 2)).rounded()))
        let fill = palette.style(v >= 0 ? .accent : .segmentA)
        for i in 0..<n {
            let cx = v >= 0 ? mid + 1 + i : mid - 1 - i
            if cx >= x && cx < x + width { buffer[cx, y] = Cell("■", style: fill) }
        }
    }

    /// A vertical-bar histogram `height` lines tall with a label on the left.
    static func histogram(
        _ counts: [Int], label: String, role: ThemeRole, height: Int, x: Int, y: Int, width: Int, palette: Palette,
        buffer: inout CellBuffer
    ) {
        buffer.put(label, x: x, y: y + height - 1, style: palette.style(.dimText), maxWidth: 6)
        let maxCount = max(1, counts.max() ?? 1)
        let glyphs = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let style = palette.style(role)
        for (i, n) in counts.enumerated() where x + 7 + i < x + width {
            var eighths =
                n == 0 ? 0 : max(1, Int(saturating: (Double(n) / Double(maxCount) * Double(height * 8)).rounded()))
            for line in 0..<height {
                let e = min(8, eighths)
                eighths -= e
                buffer[x + 7 + i, y + height - 1 - line] = Cell(glyphs[e], style: style)
            }
        }
    }

    /// `lo` at the left, 0 in the middle, `hi` at the right.
    static func axisLine(lo: Float, hi: Float, x: Int, y: Int, width: Int, palette: Palette, buffer: inout CellBuffer) {
        let dim = palette.style(.dimText)
        buffer.put(Chrome.number(lo, 1), x: x, y: y, style: dim, maxWidth: width)
        let mid = x + width / 2
        if width >= 16 { buffer.put("0", x: mid, y: y, style: dim) }
        let hiText = Chrome.number(hi, 1, sign: true)
        buffer.put(hiText, x: x + width - hiText.count, y: y, style: dim)
    }
}
