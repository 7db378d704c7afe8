import BertKit

/// Next-sentence prediction in the pooler panel: what the pooler was trained for, computed.
extension PoolerPanelWidget {
    /// The NSP block: in pair mode with an NSP head, P(IsNext) and how it is made
    /// (pooler_output -> seq_relationship -> softmax); the missing head in pair mode; a hint without sentence B.
    static func nextSentenceBlock(_ analysis: EncodingAnalysis, state: AppState, palette: Palette, width: Int) -> Block?
    {
        let heads = analysis.encoding.heads
        let pair = analysis.encoding.input.textB != nil
        let dim = palette.style(.dimText)
        guard let nsp = heads.nextSentence else {
            guard pair else { return nil }
            // Said quietly: most sentence-embedding checkpoints have no NSP head, and the pooler figures matter more.
            let lines = Chrome.wrap(HeadInventory.absence("NSP") + ": no P(IsNext)", width: width)
            return Block(
                priority: 7,
                variants: [
                    (
                        lines.count,
                        { buf, x, y, w in
                            for (k, l) in lines.enumerated() { buf.put(l, x: x, y: y + k, style: dim, maxWidth: w) }
                        }
                    )
                ])
        }
        let p = nsp.isNext
        let logits = nsp.logits.map { Chrome.number($0, 2) }.joined(separator: " ")
        let how = Chrome.wrap("pooler_output → seq_relationship → softmax, index 0; logits \(logits)", width: width)
        let headline: (inout CellBuffer, Int, Int, Int) -> Void = { buf, x, y, w in
            var cx = buf.put("P(IsNext) ", x: x, y: y, style: palette.style(.text, [.bold]), maxWidth: w)
            cx = buf.put(Chrome.number(p, 3), x: cx, y: y, style: palette.style(.accent, [.bold]), maxWidth: x + w - cx)
            if !pair {
                buf.put(" (b: add sentence B)", x: cx, y: y, style: dim, maxWidth: x + w - cx)
            } else if x + w - cx > 4 {
                let barWidth = x + w - cx - 1
                buf.put(
                    PredictionsWidget.bar(p, width: barWidth), x: cx + 1, y: y, style: palette.style(.accent),
                    maxWidth: barWidth)
            }
        }
        return Block(
            priority: 10,
            variants: [
                (
                    1 + how.count,
                    { buf, x, y, w in
                        headline(&buf, x, y, w)
                        for (k, l) in how.enumerated() { buf.put(l, x: x, y: y + 1 + k, style: dim, maxWidth: w) }
                    }
                ),
                (1, headline),
            ])
    }
}
