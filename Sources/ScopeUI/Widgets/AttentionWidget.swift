import BertKit

/// One layer's attention as a heatmap: query tokens down, key tokens across, for one head or the mean/max over
/// heads. The selected token's row and the key cursor's column stand out; the footer reads the value of the cell
/// under the mouse (or the keyboard cursor). Layer 0 is the embeddings and has no attention: it says so.
public enum AttentionWidget {
    /// The (T, T) values shown, as a lookup; nil at layer 0, before the first encoding, and while the source has
    /// nothing to show (flow not computed yet or too long, a long input's norms not computed yet, norms of an
    /// encoding without value vectors).
    static func values(_ state: AppState) -> ((Int, Int) -> Float)? {
        guard let analysis = state.prepared else { return nil }
        let t = analysis.tokenCount
        switch state.attentionSource {
        case .weights:
            break
        case .norms:
            guard state.normsReady else { return nil }
            if case .single(let h) = state.head {
                guard let m = analysis.attentionNorms(layer: state.layer, head: h) else { return nil }
                return { m[$0 * t + $1] }
            }
            guard let n = analysis.attentionNorms(layer: state.layer) else { return nil }
            return { n.summed[$0 * t + $1] }
        case .rollout:
            guard let r = analysis.rollout(layer: state.layer) else { return nil }
            return { r[$0 * t + $1] }
        case .flow:
            guard case .ready(let f) = state.flowStatus else { return nil }
            return { f[$0 * t + $1] }
        }
        if let reduction = state.head.reduction {
            guard let a = analysis.attention(layer: state.layer, reduction) else { return nil }
            return { a[$0 * t + $1] }
        }
        guard case .single(let h) = state.head, let m = analysis.attention(layer: state.layer, head: h) else {
            return nil
        }
        return { m[$0, $1] }
    }

    /// `attention · layer 3/6 · head 2/12 · 0–1`, shortened to fit `width` columns (the view's name goes first,
    /// then the words, never the scale); at layer 0 (no attention) no head or scale is named. Norms name the head or
    /// say they are summed over heads, and always run 0 to their maximum; rollout and flow name no head (every head
    /// and the residual are in them) and say which layers they pass through.
    static func title(_ state: AppState, width: Int = .max) -> String {
        let layer = "\(state.layer)/\(state.layerCount)"
        let source = state.attentionSource
        guard state.layer >= 1 else { return "\(source.label) · layer \(layer) · embeddings" }
        // The zoom is named so a step that lands on the largest or smallest size still visibly took effect.
        let zoom = state.zoom != 0 ? " · zoom \(AppState.zoomLabel(state.zoom))" : ""
        let shortZoom = zoom.isEmpty ? "" : " z\(AppState.zoomLabel(state.zoom))"
        let scale = source == .norms ? "0–max" : state.attentionScale.label
        let head: String
        switch state.head {
        case .single(let h): head = "h\(h + 1)"
        case .mean: head = "mean"
        case .max: head = "max"
        }
        let candidates: [String]
        switch source {
        case .weights:
            candidates = [
                "attention · layer \(layer) · \(state.headLabel) · \(scale)\(zoom)",
                "layer \(layer) · \(state.headLabel) · \(scale)\(zoom)",
                "L\(layer) \(head) \(scale)\(shortZoom)",
            ]
        case .norms:
            let which: String
            if case .single = state.head { which = state.headLabel } else { which = "summed over heads" }
            let norm: String
            if case .single = state.head { norm = "‖αf‖" } else { norm = "‖Σαf‖" }
            candidates = [
                "value-weighted norms \(norm) · layer \(layer) · \(which) · \(scale)\(zoom)",
                "norms \(norm) · layer \(layer) · \(which) · \(scale)\(zoom)",
                "\(norm) L\(layer) \(state.head.reduction == nil ? head : "Σh") \(scale)\(shortZoom)",
            ]
        case .rollout, .flow:
            let layers = state.layer == 1 ? "layer 1" : "layers 1–\(state.layer)"
            let what = source == .rollout ? "attention rollout" : "attention flow"
            candidates = [
                "\(what) · \(layers) of \(state.layerCount) · all heads + residual, no head · \(scale)\(zoom)",
                "\(what) · \(layers) · no head · \(scale)\(zoom)",
                "\(source.shortLabel) L1–\(state.layer) \(scale)\(shortZoom)",
            ]
        }
        return candidates.first { DisplayWidth.of($0) <= width - 5 } ?? candidates[candidates.count - 1]
    }

    /// The value the brightest colour stands for: 1, or the largest value of the layer's matrix shown (norms are
    /// not probabilities: always their largest value).
    static func scaleTop(_ state: AppState) -> Float {
        guard let analysis = state.prepared else { return 1 }
        let head: Int? = { if case .single(let h) = state.head { return h } else { return nil } }()
        let top: Float
        switch state.attentionSource {
        case .norms:
            guard state.normsReady else { return 1 }
            if let head {
                top = analysis.attentionNorms(layer: state.layer, head: head)?.max() ?? 0
            } else {
                top = analysis.attentionNorms(layer: state.layer)?.summedMax ?? 0
            }
            return top > 0 && top.isFinite ? top : 1
        case .weights:
            guard state.attentionScale == .toMax else { return 1 }
            top = analysis.largestWeight(layer: state.layer, head: head, reduction: state.head.reduction)
        case .rollout:
            guard state.attentionScale == .toMax else { return 1 }
            top = analysis.rollout(layer: state.layer)?.max() ?? 0
        case .flow:
            guard state.attentionScale == .toMax, case .ready(let f) = state.flowStatus else { return 1 }
            top = f.max() ?? 0
        }
        return top > 0 ? top : 1
    }

    static func role(_ token: Token) -> ThemeRole {
        token.isSpecial ? .specialToken : (token.segment == 1 ? .segmentB : .text)
    }

    /// Draws the panel (title, heatmap, footer) into `rect`; `geometry` is the heatmap's place in it
    /// (`FrameGeometry`).
    static func draw(
        state: AppState, palette: Palette, rect: Rect, geometry: HeatmapGeometry?, buffer: inout CellBuffer
    ) {
        guard rect.height >= 2, rect.width >= 10 else { return }
        let body = Chrome.panel(
            title(state, width: rect.width), info: rect.width >= 70 ? "rows query · columns key" : nil,
            focused: state.focus == .heatmap && state.mainView == .attention, palette: palette, rect: rect,
            buffer: &buffer)
        guard let enc = state.encoding else {
            Chrome.waitingForFirstEncoding(in: body, palette: palette, buffer: &buffer)
            return
        }
        guard state.layer >= 1 else {
            drawLayerZeroMessage(state: state, palette: palette, rect: body, buffer: &buffer)
            return
        }
        guard let value = values(state), let g = geometry else {
            drawUnavailable(state: state, palette: palette, rect: body, buffer: &buffer)
            return
        }
        let point = state.hover ?? HeatmapPoint(row: state.selectedToken, col: state.keyCursor)
        let painter = HeatmapPainter(
            geometry: g, palette: palette, diverging: false, selectedRow: state.selectedToken,
            selectedCol: state.keyCursor, cursor: point)
        let labels = enc.tokens.map(\.text)
        painter.drawRowLabels(labels, role: { role(enc.tokens[$0]) }, buffer: &buffer)
        painter.drawColumnLabels(labels, role: { role(enc.tokens[$0]) }, buffer: &buffer)
        let top = Double(scaleTop(state))
        painter.drawCells(buffer: &buffer) { min(1, Double(value($0, $1)) / top) }

        // footer: the value read-out, then the legend
        let footerY = rect.maxY - ViewGeometry.attentionFooterLines
        if point.row < enc.tokenCount, point.col < enc.tokenCount {
            let q = enc.tokens[point.row].text
            let k = enc.tokens[point.col].text
            var x = buffer.put(
                " \(q)", x: rect.x, y: footerY, style: palette.style(.text, [.bold]), maxWidth: rect.width)
            x = buffer.put(" → ", x: x, y: footerY, style: palette.style(.dimText), maxWidth: rect.maxX - x)
            x = buffer.put(k, x: x, y: footerY, style: palette.style(.text, [.bold]), maxWidth: rect.maxX - x)
            x = buffer.put(
                "  " + Chrome.number(value(point.row, point.col), 3), x: x, y: footerY,
                style: palette.style(.accent, [.bold]), maxWidth: rect.maxX - x)
            let legendWidth = 14 + (top == 1 ? 0 : 3)
            // Norms: the paper's headline beside the value, where it fits (long form, then shorter ones).
            if state.attentionSource == .norms, state.normsReady,
                let shares = state.prepared?.attentionShares(layer: state.layer)
            {
                let short =
                    "[CLS]/[SEP]/punct \(AttentionShares.percent(shares.totalByWeight)) by weight, "
                    + "\(AttentionShares.percent(shares.totalByNorm)) by norm"
                // At 120 columns beside the side panel only this fits: specials' share by weight → by norm.
                let shortest =
                    "specials \(AttentionShares.percent(shares.totalByWeight))→"
                    + "\(AttentionShares.percent(shares.totalByNorm)) by norm"
                for text in [shares.summary, short, shortest]
                where rect.maxX - x > DisplayWidth.of(text) + legendWidth + 4 {
                    x = buffer.put(
                        "  " + text, x: x, y: footerY, style: palette.style(.dimText), maxWidth: rect.maxX - x)
                    break
                }
            }
            if rect.maxX - x > legendWidth + 20 {
                x = buffer.put(
                    "  (q \(point.row), k \(point.col))", x: x, y: footerY, style: palette.style(.dimText),
                    maxWidth: rect.maxX - x)
            }
            Chrome.footerTail(
                windowNote: g.windowNote, legendWidth: legendWidth, x: x, y: footerY, rect: rect, palette: palette,
                buffer: &buffer
            ) { lx, buffer in
                Legend.sequential(
                    top: Float(top), palette: palette, x: lx, y: footerY, maxX: rect.maxX, buffer: &buffer)
            }
        }
    }

    /// What stands in the heatmap's place when its source has nothing yet: flow being computed or too long, norms
    /// of an encoding that kept no value vectors.
    static func drawUnavailable(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        let lines: [String]
        switch (state.attentionSource, state.flowStatus) {
        case (.flow, .computing?):
            lines = ["computing flow…", "maximum flows through layers 1–\(state.layer), in the background"]
        case (.flow, .tooLong(let n)?):
            lines = [
                "too long for flow (\(n) tokens)",
                "flow is computed up to \(EncodingAnalysis.flowTokenLimit) tokens; rollout (r) works at any length",
            ]
        case (.norms, _) where state.prepared?.carriesValueVectors == true && !state.normsReady:
            lines = [
                "computing value-weighted norms…",
                "‖α f(x)‖ for every head of layer \(state.layer), in the background (over "
                    + "\(EncodingAnalysis.foregroundTokenLimit) tokens)",
            ]
        case (.norms, _):
            lines = ["no value-weighted norms here", "they need the value vectors a forward pass keeps"]
        default:
            return
        }
        var y = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, l) in lines.enumerated() where y < rect.maxY {
            for part in Chrome.wrap(l, width: rect.width - 2) where y < rect.maxY {
                Chrome.putCentered(
                    part, rect: rect, y: y, style: palette.style(i == 0 ? .warning : .dimText, i == 0 ? [.bold] : []),
                    buffer: &buffer)
                y += 1
            }
        }
    }

    static func drawLayerZeroMessage(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        let lines = [
            "layer 0 is the embeddings: no attention",
            "(word + position + token type, then LayerNorm)",
            "step to layer 1 with PageDown, or → outside the input line",
        ]
        var y = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, l) in lines.enumerated() where y < rect.maxY {
            for part in Chrome.wrap(l, width: rect.width - 2) where y < rect.maxY {
                Chrome.putCentered(
                    part, rect: rect, y: y, style: palette.style(i == 0 ? .warning : .dimText, i == 0 ? [.bold] : []),
                    buffer: &buffer)
                y += 1
            }
        }
    }
}

/// Colour-scale legends under heatmaps.
enum Legend {
    /// `0 ▇▇▇▇▇▇▇▇ 1` in the sequential scale (mono: the glyph ramp); `top` is the value of the brightest step.
    static func sequential(top: Float = 1, palette: Palette, x: Int, y: Int, maxX: Int, buffer: inout CellBuffer) {
        let dim = palette.style(.dimText)
        var cx = buffer.put("0 ", x: x, y: y, style: dim, maxWidth: maxX - x)
        let n = 10
        for i in 0..<n where cx < maxX - 2 {
            let t = Double(i) / Double(n - 1)
            buffer[cx, y] = palette.hasColor ? palette.sequentialCell(t) : Cell(Palette.sequentialGlyph(t == 0 ? 0 : t))
            cx += 1
        }
        buffer.put(" " + (top == 1 ? "1" : Chrome.number(top, 2)), x: cx, y: y, style: dim, maxWidth: maxX - cx)
    }

    /// `−2.91 ▇▇▇▇ 0 ▇▇▇▇ +2.91` in the diverging scale. Returns the x after it.
    @discardableResult
    static func diverging(clip: Float, palette: Palette, x: Int, y: Int, maxX: Int, buffer: inout CellBuffer) -> Int {
        let dim = palette.style(.dimText)
        var cx = buffer.put(Chrome.number(-clip) + " ", x: x, y: y, style: dim, maxWidth: maxX - x)
        let n = 11
        for i in 0..<n where cx < maxX - 8 {
            let v = Double(i) / Double(n - 1) * 2 - 1
            buffer[cx, y] = palette.divergingCell(v)
            cx += 1
        }
        return buffer.put(" " + Chrome.number(clip, sign: true), x: cx, y: y, style: dim, maxWidth: maxX - cx)
    }

    /// `−0.17 ▇▇▇▇▇▇▇▇▇▇ 2.41` in the sequential scale from `low` to `high`. Returns the x after it.
    @discardableResult
    static func range(
        low: Float, high: Float, palette: Palette, x: Int, y: Int, maxX: Int, buffer: inout CellBuffer
    ) -> Int {
        let dim = palette.style(.dimText)
        var cx = buffer.put(Chrome.number(low) + " ", x: x, y: y, style: dim, maxWidth: maxX - x)
        let n = 10
        for i in 0..<n where cx < maxX - 8 {
            buffer[cx, y] = palette.sequentialCell(Double(i) / Double(n - 1))
            cx += 1
        }
        return buffer.put(" " + Chrome.number(high), x: cx, y: y, style: dim, maxWidth: maxX - cx)
    }
}
