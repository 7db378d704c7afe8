import BertKit

/// What BERT predicts (`w`): a classifier's label bars, fill-mask (the top predictions at every `[MASK]`, live),
/// and the logit lens for the selected token (the MLM head on `hidden_states[l]` for every layer: the top word and
/// its probability, and the final answer's rank and probability, the slider's layer highlighted). Where the
/// checkpoint lacks a head, the panel says so.
public enum PredictionsWidget {
    /// Draws the panel into `rect`.
    public static func draw(state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer) {
        guard rect.height >= 2, rect.width >= 12 else { return }
        let title = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        guard let analysis = state.prepared else {
            Chrome.titleRule(
                "predictions", focused: state.focus == .heatmap, palette: palette, rect: title, buffer: &buffer)
            buffer.put(
                "waiting for the first encoding…", x: rect.x + 1, y: rect.y + 1, style: palette.style(.dimText),
                maxWidth: rect.width - 2)
            return
        }
        let enc = analysis.encoding
        let token = enc.tokens.indices.contains(state.selectedToken) ? enc.tokens[state.selectedToken].text : "?"
        // The title names only what the panel can show, shortest first where the width is short.
        let lensTitle = enc.heads.inventory.maskedLM ? "fill-mask · logit lens at \(token)" : ""
        let full = lensTitle.isEmpty ? "predictions" : "predictions · " + lensTitle
        let shown = DisplayWidth.of(full) + 6 <= rect.width || lensTitle.isEmpty ? full : "logit lens at \(token)"
        Chrome.titleRule(shown, focused: state.focus == .heatmap, palette: palette, rect: title, buffer: &buffer)
        let body = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 1)
        // Side by side when wide enough, else the lens under the fill-mask list (and always where there is no lens:
        // its column would only repeat that the MLM head is missing).
        if body.width >= 72 && enc.heads.inventory.maskedLM {
            // The lens's table needs about 45 columns; the fill-mask list's bars take what is left.
            let leftWidth = max(28, min(body.width - 48, body.width * 2 / 5))
            let left = Rect(x: body.x, y: body.y, width: leftWidth, height: body.height)
            let right = Rect(
                x: body.x + leftWidth + 2, y: body.y, width: body.width - leftWidth - 2, height: body.height)
            for y in body.y..<body.maxY { buffer[body.x + leftWidth, y] = Cell("│", style: palette.style(.border)) }
            drawAnswers(analysis, state: state, palette: palette, rect: left, buffer: &buffer)
            drawLens(analysis, state: state, palette: palette, rect: right, buffer: &buffer)
        } else {
            let used = drawAnswers(analysis, state: state, palette: palette, rect: body, buffer: &buffer)
            let top = min(body.maxY, body.y + used + 1)
            drawLens(
                analysis, state: state, palette: palette,
                rect: Rect(x: body.x, y: top, width: body.width, height: body.maxY - top),
                buffer: &buffer)
        }
    }

    /// A probability bar of `width` cells (eighth blocks), in the accent colour.
    static func bar(_ p: Float, width: Int) -> String {
        guard width > 0 else { return "" }
        let eighths = Int((max(0, min(1, p)) * Float(width * 8)).rounded())
        let full = eighths / 8
        let rest = eighths % 8
        let parts = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: full) + (full < width ? parts[rest] : "")
    }

    /// The classifier's labels and the fill-mask lists; returns the lines used.
    @discardableResult
    static func drawAnswers(
        _ analysis: EncodingAnalysis, state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer
    )
        -> Int
    {
        let enc = analysis.encoding
        let heads = enc.heads
        let inventory = heads.inventory
        let text = palette.style(.text)
        let dim = palette.style(.dimText)
        let warn = palette.style(.warning, [.bold])
        let head = palette.style(.title, [.bold])
        let accent = palette.style(.accent)
        var y = rect.y
        /// A message, wrapped to the column's width (never cut off mid-sentence).
        func line(_ s: String, _ style: Style) {
            for part in Chrome.wrap(s, width: rect.width) {
                guard y < rect.maxY else { return }
                buffer.put(part, x: rect.x, y: y, style: style, maxWidth: rect.width)
                y += 1
            }
        }
        /// A "name  .412 ████" row.
        func scoreRow(_ name: String, _ score: Float, nameWidth: Int, selected: Bool = false) {
            guard y < rect.maxY else { return }
            let n = Chrome.truncate(name, to: nameWidth)
            var x = buffer.put(n, x: rect.x + 1, y: y, style: selected ? palette.selection : text, maxWidth: nameWidth)
            x = rect.x + 1 + nameWidth + 1
            x = buffer.put(EncodingAnalysis.probabilityLabel(score), x: x, y: y, style: text, maxWidth: rect.maxX - x)
            buffer.put(
                bar(score, width: max(0, rect.maxX - x - 1)), x: x + 1, y: y, style: accent, maxWidth: rect.maxX - x - 1
            )
            y += 1
        }
        if let labels = heads.sequenceLabels, let info = inventory.classifier {
            line(
                info.scoring == .sigmoid
                    ? "labels (sigmoid each, multi-label)" : "labels (softmax, from pooler_output)", head)
            let w = min(max(6, labels.map { DisplayWidth.of($0.label) }.max() ?? 6), rect.width / 3)
            let best = labels.max { $0.score < $1.score }?.index
            for l in labels {
                scoreRow(l.label, l.score, nameWidth: w, selected: l.index == best && info.scoring == .softmax)
            }
            y += 1
        } else if let info = inventory.classifier, info.kind == .token {
            line("token classification: tags under the tokens", head)
            y += 1
        }
        let maskCount = enc.tokens.filter { $0.text == "[MASK]" }.count
        if !inventory.maskedLM {
            if maskCount > 0 || inventory.classifier == nil {
                line(HeadInventory.absence("MLM") + (maskCount > 0 ? ": [MASK] stays unfilled" : ""), warn)
            }
            if inventory.isEmpty { line("(a plain BertModel: no cls.* or classifier tensors)", dim) }
            for note in inventory.notes { line(note, dim) }
            return y - rect.y
        }
        if heads.masks.isEmpty {
            line("fill-mask: type [MASK] in the sentence", head)
            line("(several are fine; each is filled live)", dim)
            return y - rect.y
        }
        // Share the lines among the masks: the header and up to `masksShown` predictions each.
        let free = rect.maxY - y
        let per = max(1, min(EncodingAnalysis.masksShown, free / max(1, heads.masks.count) - 1))
        let nameWidth = min(14, max(6, rect.width / 3))
        for m in heads.masks {
            guard y < rect.maxY else { break }
            let selected = m.position == state.selectedToken
            line(
                "[MASK] at \(m.position)" + (selected ? "  ◂ selected" : ""),
                selected ? palette.style(.accent, [.bold]) : head)
            for p in m.top.prefix(per) { scoreRow(p.token, p.probability, nameWidth: nameWidth) }
        }
        return y - rect.y
    }

    /// The logit lens of the selected token.
    static func drawLens(
        _ analysis: EncodingAnalysis, state: AppState, palette: Palette, rect: Rect, buffer: inout CellBuffer
    ) {
        guard rect.height > 0, rect.width > 8 else { return }
        let dim = palette.style(.dimText)
        let text = palette.style(.text)
        let head = palette.style(.title, [.bold])
        var y = rect.y
        func put(_ s: String, _ style: Style) {
            for part in Chrome.wrap(s, width: rect.width) {
                guard y < rect.maxY else { return }
                buffer.put(part, x: rect.x, y: y, style: style, maxWidth: rect.width)
                y += 1
            }
        }
        guard analysis.encoding.heads.inventory.maskedLM else {
            put(HeadInventory.absence("MLM") + ": no logit lens", dim)
            return
        }
        guard let lens = analysis.logitLens(at: state.selectedToken, wait: false), let answer = lens.answer else {
            put("logit lens: computing (the model is encoding)…", dim)
            return
        }
        put("logit lens: the MLM head on hidden_states[l]", head)
        put("final answer '\(answer.token)' · ↑↓ token · ←→ layer", dim)
        // Columns: layer, top word, its p, the answer's rank and p.
        let wordWidth = max(4, min(16, rect.width - 27))
        let header =
            "layer".padding(toLength: 6, withPad: " ", startingAt: 0)
            + "top".padding(toLength: wordWidth + 1, withPad: " ", startingAt: 0) + "   p    rank  p(ans)"
        guard y < rect.maxY else { return }
        buffer.put(Chrome.truncate(header, to: rect.width), x: rect.x, y: y, style: dim, maxWidth: rect.width)
        y += 1
        let rows = lens.steps
        // Keep the slider's layer visible when the layers do not all fit.
        let capacity = max(1, rect.maxY - y)
        let first = min(max(0, state.layer - capacity / 2), max(0, rows.count - capacity))
        for step in rows.dropFirst(first).prefix(capacity) {
            let selected = step.layer == state.layer
            let top = step.top.first
            let label = step.layer == 0 ? "emb" : "L\(step.layer)"
            let word = Chrome.truncate(top?.token ?? "", to: wordWidth)
            let rank = step.answerRank > 9999 ? ">9999" : String(step.answerRank)
            let row =
                label.padding(toLength: 6, withPad: " ", startingAt: 0)
                + word.padding(toLength: wordWidth + 1, withPad: " ", startingAt: 0)
                + EncodingAnalysis.probabilityLabel(top?.probability ?? 0).leftPadded(5)
                + rank.leftPadded(7) + EncodingAnalysis.probabilityLabel(step.answerProbability).leftPadded(7)
            guard y < rect.maxY else { break }
            if selected {
                buffer.fill(
                    Rect(x: rect.x, y: y, width: rect.width, height: 1), with: Cell(" ", style: palette.selection))
            }
            // The top word in the accent colour where it already is the final answer.
            let style = selected ? palette.selection : top?.id == answer.id ? palette.style(.accent, [.bold]) : text
            buffer.put(
                Chrome.truncate(row, to: rect.width), x: rect.x, y: y, style: selected ? palette.selection : text,
                maxWidth: rect.width)
            buffer.put(word, x: rect.x + 6, y: y, style: style, maxWidth: wordWidth)
            y += 1
        }
    }
}

extension String {
    /// Right-aligned in `width` columns.
    fileprivate func leftPadded(_ width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
