import BertKit
import Foundation
import ScopeUI

/// Pieces every figure shares: margins, the header (title, model, sentence), token labels, colour bars and
/// footnotes. Everything is placed in whole pixels so PNG and SVG agree.
enum FigureParts {
    /// Space around the figure.
    static let margin = 20
    /// Space between neighbouring parts.
    static let gap = 8
    /// Narrowest figure (so the header has room).
    static let minWidth = 520
    /// Longest token label, in characters, before it is cut with `…`.
    static let maxLabelCharacters = 14

    // MARK: Header

    /// Adds the title, the model line and the sentence (wrapped) at the top; returns the y below them.
    static func header(
        into fig: inout Figure, title: String, encoding e: Encoding, palette p: FigurePalette, extra: [String] = []
    ) -> Int {
        let x = margin
        let width = fig.width - 2 * margin
        var y = margin
        for line in TextFit.wrap(title, maxWidth: width, scale: 2, maxLines: 2) {
            y += PixelFont.capHeight * 2
            fig.add(.text(FigureText(line, x: x, baseline: y, scale: 2, color: p.text, bold: true)))
            y += (PixelFont.lineHeight - PixelFont.capHeight) * 2 + 2
        }
        y += 4
        var lines: [(String, RGB)] = TextFit.wrap(modelLine(e), maxWidth: width, scale: 2, maxLines: 2).map { ($0, p.muted) }
        for s in TextFit.wrap(sentenceLine(e), maxWidth: width, scale: 2, maxLines: 3) { lines.append((s, p.text)) }
        if let t = e.input.truncation { lines.append((t.notice, p.accent)) }
        for s in extra { lines.append((s, p.muted)) }
        for (s, color) in lines {
            y += PixelFont.capHeight * 2
            fig.add(.text(FigureText(TextFit.truncate(s, maxWidth: width, scale: 2), x: x, baseline: y, scale: 2, color: color)))
            y += (PixelFont.lineHeight - PixelFont.capHeight) * 2 + 2
        }
        return y + 10
    }

    /// `all-MiniLM-L6-v2 · 6 layers · hidden 384 · 12 heads · 9 tokens`.
    static func modelLine(_ e: Encoding) -> String {
        let c = e.config
        return "\(e.modelName) · \(c.numHiddenLayers) layers · hidden \(c.hiddenSize) · \(c.numAttentionHeads) heads · \(e.tokenCount) tokens"
    }

    /// The sentence in quotes, or both sentences in pair mode.
    static func sentenceLine(_ e: Encoding) -> String {
        if let b = e.input.textB { return "A: \u{201C}\(e.input.textA)\u{201D}  B: \u{201C}\(b)\u{201D}" }
        return "\u{201C}\(e.input.textA)\u{201D}"
    }

    // MARK: Token labels

    /// A token's label: its vocabulary spelling, cut to `maxLabelCharacters`.
    static func label(_ t: Token) -> String {
        t.text.count <= maxLabelCharacters ? t.text : String(t.text.prefix(maxLabelCharacters - 1)) + "…"
    }

    /// Colour and weight of token `i`'s label: the selected token stands out, special tokens are muted,
    /// sentence B has its own colour.
    static func labelStyle(_ i: Int, _ t: Token, selected: Int?, palette p: FigurePalette) -> (RGB, Bool) {
        if i == selected { return (p.accent, true) }
        if t.isSpecial { return (p.muted, false) }
        return (t.segment == 1 ? p.segmentB : p.text, false)
    }

    /// Widest label at `scale`.
    static func labelWidth(_ tokens: [Token], scale: Int) -> Int {
        tokens.map { PixelFont.width(of: label($0), scale: scale) }.max() ?? 0
    }

    /// Show every `stride`-th label so labels `scale` high never overlap in cells `cell` pixels apart.
    static func labelStride(cell: Int, scale: Int) -> Int {
        let need = (PixelFont.lineHeight - 1) * scale
        return max(1, (need + cell - 1) / max(1, cell))
    }

    /// The tokens whose labels are drawn on an axis: every `labelStride`-th, plus the selected one, which
    /// displaces any regular label too close to it. Both axes use this, so they always label the same tokens.
    static func shownLabels(count: Int, cell: Int, scale: Int, selected: Int?) -> [Int] {
        let stride = labelStride(cell: cell, scale: scale)
        return (0..<count).filter { i in
            if i == selected { return true }
            guard i % stride == 0 else { return false }
            if let s = selected, abs(i - s) < stride { return false }
            return true
        }
    }

    /// Row labels, right-aligned at `rightX`, centred on rows `cell` pixels tall from `top`.
    static func rowLabels(
        into fig: inout Figure, tokens: [Token], rightX: Int, top: Int, cell: Int, scale: Int, selected: Int?,
        palette p: FigurePalette
    ) {
        for i in shownLabels(count: tokens.count, cell: cell, scale: scale, selected: selected) {
            let t = tokens[i]
            let (color, bold) = labelStyle(i, t, selected: selected, palette: p)
            let baseline = top + i * cell + cell / 2 + (PixelFont.capHeight * scale) / 2
            fig.add(.text(FigureText(label(t), x: rightX, baseline: baseline, scale: scale, color: color, anchor: .end, bold: bold)))
        }
    }

    /// Column labels rotated to read upwards, ending at `topY` (just below the grid), centred on columns.
    static func columnLabels(
        into fig: inout Figure, tokens: [Token], left: Int, topY: Int, cell: Int, scale: Int, selected: Int?,
        palette p: FigurePalette
    ) {
        for i in shownLabels(count: tokens.count, cell: cell, scale: scale, selected: selected) {
            let t = tokens[i]
            let (color, bold) = labelStyle(i, t, selected: selected, palette: p)
            // Rotated -90°: the glyphs' cap height runs along +x from (x - cap) to x.
            let x = left + i * cell + cell / 2 + (PixelFont.capHeight * scale) / 2
            fig.add(
                .text(
                    FigureText(
                        label(t), x: x, baseline: topY, scale: scale, color: color, anchor: .end, orientation: .vertical,
                        bold: bold)))
        }
    }

    // MARK: Colour bar

    /// Width of a colour bar with its tick labels and caption.
    static func colorBarWidth(lo: Double, hi: Double, caption: String, scale: Int) -> Int {
        let ticks = Ticks(lo: lo, hi: hi)
        let texts = ticks.values.map { ticks.label($0) } + [Fixed.compact(lo), Fixed.compact(hi)]
        let labels = texts.map { PixelFont.width(of: $0, scale: scale) }.max() ?? 0
        return barWidth(scale) + 6 + labels + gap + (caption.isEmpty ? 0 : PixelFont.lineHeight * scale)
    }

    /// Width of the colour ramp itself.
    static func barWidth(_ scale: Int) -> Int { 8 + 6 * scale }

    /// A vertical colour bar in `rect` (low at the bottom) for `lo...hi`, with nice ticks and labels at its
    /// right and the caption running upwards beside them.
    static func colorBar(
        into fig: inout Figure, rect: PixelRect, scale: ColorScale, lo: Double, hi: Double, caption: String,
        textScale: Int, palette p: FigurePalette
    ) {
        fig.add(.gradient(rect, scale: scale, vertical: true))
        fig.add(.outline(PixelRect(x: rect.x - 1, y: rect.y - 1, width: rect.width + 2, height: rect.height + 2), color: p.axis))
        let ticks = Ticks(lo: lo, hi: hi)
        var labelRight = rect.maxX + 6
        func y(of v: Double) -> Int {
            let f = hi > lo ? (v - lo) / (hi - lo) : 0
            return rect.maxY - 1 - Int(saturating: (f * Double(rect.height - 1)).rounded())
        }
        // Nice ticks, plus the bar's two ends when no tick is near them: the ends are where the scale
        // stops (the clip value, the largest weight), the number a reader most needs.
        var marks = ticks.values.map { ($0, ticks.label($0)) }
        let room = PixelFont.lineHeight * textScale + 2
        for end in [lo, hi] where !ticks.values.contains(where: { abs(y(of: $0) - y(of: end)) < room }) {
            marks.append((end, Fixed.compact(end)))
        }
        marks.sort { $0.0 < $1.0 }
        for (v, text) in marks {
            let y = y(of: v)
            fig.add(.rect(PixelRect(x: rect.maxX, y: y, width: 4, height: 1), fill: p.axis))
            let baseline = min(rect.maxY + PixelFont.capHeight * textScale, max(rect.y + PixelFont.capHeight * textScale / 2, y + PixelFont.capHeight * textScale / 2))
            fig.add(.text(FigureText(text, x: rect.maxX + 6, baseline: baseline, scale: textScale, color: p.text)))
            labelRight = max(labelRight, rect.maxX + 6 + PixelFont.width(of: text, scale: textScale))
        }
        if !caption.isEmpty {
            let x = labelRight + gap + PixelFont.capHeight * textScale
            fig.add(
                .text(
                    FigureText(
                        caption, x: x, baseline: rect.y + rect.height / 2, scale: textScale, color: p.muted, anchor: .middle,
                        orientation: .vertical)))
        }
    }

    // MARK: Footnotes

    /// Footnotes are small in small figures and grow with big ones so they stay readable when scaled down.
    static func noteScale(_ fig: Figure) -> Int { fig.width >= 1000 ? 2 : 1 }

    /// Footnote lines wrapped to the figure's width (at most 3 lines each).
    static func wrapFootnotes(_ notes: [String], width: Int, scale: Int) -> [String] {
        notes.flatMap { TextFit.wrap($0, maxWidth: width - 2 * margin, scale: scale, maxLines: 3) }
    }

    /// Height of `count` footnote lines at `scale`.
    static func footnoteHeight(_ count: Int, scale: Int) -> Int {
        count == 0 ? 0 : count * (PixelFont.lineHeight * scale + 2) + gap
    }

    /// Adds footnotes (muted, wrapped to the figure's width) below `y`; returns the y below them.
    @discardableResult
    static func footnotes(into fig: inout Figure, _ notes: [String], y: Int, scale: Int, palette p: FigurePalette) -> Int {
        let lines = wrapFootnotes(notes, width: fig.width, scale: scale)
        var baseline = y + gap
        for line in lines {
            baseline += PixelFont.capHeight * scale
            fig.add(.text(FigureText(line, x: margin, baseline: baseline, scale: scale, color: p.muted)))
            baseline += (PixelFont.lineHeight - PixelFont.capHeight) * scale + 2
        }
        return y + footnoteHeight(lines.count, scale: scale)
    }
}
