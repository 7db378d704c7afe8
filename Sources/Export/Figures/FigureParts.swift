import BertKit
import Foundation
import ScopeUI

/// Pieces every figure shares: margins, the header (title, model, sentence), token labels, colour bars and
/// footnotes. Text is measured with the figure's font and placed in whole pixels, so PNG, PDF and SVG agree.
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

    /// Adds the title (wrapped at its ` · ` separators), the model line and the sentence (wrapped) at the
    /// top; returns the y below them.
    static func header(
        into fig: inout Figure, title: String, encoding e: Encoding, palette p: FigurePalette, font f: FigureFont,
        extra: [String] = []
    ) -> Int {
        let x = margin
        let width = fig.width - 2 * margin
        var y = margin
        var lines: [(String, RGB, Bool)] = []
        for line in TextFit.wrapPhrases(title, maxWidth: width, scale: 2, maxLines: 2, font: f, bold: true) {
            lines.append((line, p.text, true))
        }
        for s in TextFit.wrapPhrases(modelLine(e), maxWidth: width, scale: 2, maxLines: 2, font: f) {
            lines.append((s, p.muted, false))
        }
        for s in TextFit.wrap(sentenceLine(e), maxWidth: width, scale: 2, maxLines: 3, font: f) {
            lines.append((s, p.text, false))
        }
        if let t = e.input.truncation { lines.append((t.notice, p.accent, false)) }
        for s in extra { lines.append((s, p.muted, false)) }
        for (i, (s, color, bold)) in lines.enumerated() {
            if i > 0 && lines[i - 1].2 && !bold { y += 4 }
            y += f.ascent(2)
            let text = TextFit.truncate(s, maxWidth: width, scale: 2, font: f, bold: bold)
            fig.add(.text(FigureText(text, x: x, baseline: y, scale: 2, color: color, bold: bold)))
            y += f.descent(2) + 2
        }
        return y + 10
    }

    /// `all-MiniLM-L6-v2 · 6 layers · hidden 384 · 12 heads · 9 tokens`.
    static func modelLine(_ e: Encoding) -> String {
        let c = e.config
        return
            "\(e.modelName) · \(c.numHiddenLayers) layers · hidden \(c.hiddenSize) · \(c.numAttentionHeads) heads · \(e.tokenCount) tokens"
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

    /// Widest label at `scale` (bold, so the selected token's label fits too).
    static func labelWidth(_ tokens: [Token], scale: Int, font f: FigureFont) -> Int {
        tokens.map { f.width(label($0), scale: scale, bold: true) }.max() ?? 0
    }

    /// Show every `stride`-th label so labels at `scale` never overlap in cells `cell` pixels apart.
    static func labelStride(cell: Int, scale: Int, font f: FigureFont) -> Int {
        let need = f.lineHeight(scale) + 1
        return max(1, (need + cell - 1) / max(1, cell))
    }

    /// The tokens whose labels are drawn on an axis: every `labelStride`-th, plus the selected one, which
    /// displaces any regular label too close to it. Both axes use this, so they always label the same tokens.
    static func shownLabels(count: Int, cell: Int, scale: Int, selected: Int?, font f: FigureFont) -> [Int] {
        let stride = labelStride(cell: cell, scale: scale, font: f)
        return (0..<count).filter { i in
            if i == selected { return true }
            guard i % stride == 0 else { return false }
            if let s = selected, s >= 0, s < count, abs(i - s) < stride { return false }
            return true
        }
    }

    /// Baseline offset that centres a line at `scale` on a row's middle.
    static func centring(_ scale: Int, font f: FigureFont) -> Int {
        (f.ascent(scale) - f.descent(scale)) / 2
    }

    /// Row labels, right-aligned at `rightX`, centred on rows `cell` pixels tall from `top`.
    static func rowLabels(
        into fig: inout Figure, tokens: [Token], rightX: Int, top: Int, cell: Int, scale: Int, selected: Int?,
        palette p: FigurePalette, font f: FigureFont
    ) {
        for i in shownLabels(count: tokens.count, cell: cell, scale: scale, selected: selected, font: f) {
            let t = tokens[i]
            let (color, bold) = labelStyle(i, t, selected: selected, palette: p)
            let baseline = top + i * cell + cell / 2 + centring(scale, font: f)
            fig.add(
                .text(
                    FigureText(
                        label(t), x: rightX, baseline: baseline, scale: scale, color: color, anchor: .end, bold: bold)))
        }
    }

    /// Column labels rotated to read upwards, hanging from `topY` (just below the grid), centred on columns.
    static func columnLabels(
        into fig: inout Figure, tokens: [Token], left: Int, topY: Int, cell: Int, scale: Int, selected: Int?,
        palette p: FigurePalette, font f: FigureFont
    ) {
        for i in shownLabels(count: tokens.count, cell: cell, scale: scale, selected: selected, font: f) {
            let t = tokens[i]
            let (color, bold) = labelStyle(i, t, selected: selected, palette: p)
            // Rotated -90°: the line's ascent runs to the left of x, its descent to the right.
            let x = left + i * cell + cell / 2 + centring(scale, font: f)
            fig.add(
                .text(
                    FigureText(
                        label(t), x: x, baseline: topY, scale: scale, color: color, anchor: .end,
                        orientation: .vertical,
                        bold: bold)))
        }
    }

    // MARK: Colour bar

    /// The labelled marks of a colour bar `height` pixels tall: both ends (where the scale stops: the clip
    /// value, the largest weight) and the nice ticks between that keep a line's height clear of every
    /// other label.
    static func colorBarMarks(lo: Double, hi: Double, height: Int, scale: Int, font f: FigureFont) -> [(
        Double, String, Int
    )] {
        let ticks = Ticks(lo: lo, hi: hi)
        func offset(_ v: Double) -> Int {
            let t = hi > lo ? (v - lo) / (hi - lo) : 0
            return height - 1 - Int(saturating: (t * Double(max(0, height - 1))).rounded())
        }
        let room = f.lineHeight(scale) + 4
        var marks: [(Double, String, Int)] = [(lo, Fixed.compact(lo), offset(lo))]
        if hi > lo { marks.append((hi, Fixed.compact(hi), offset(hi))) }
        for v in ticks.values {
            let y = offset(v)
            guard marks.allSatisfy({ abs($0.2 - y) >= room }) else { continue }
            marks.append((v, ticks.label(v), y))
        }
        return marks.sorted { $0.0 < $1.0 }
    }

    /// Width of a colour bar with its tick labels and caption.
    static func colorBarWidth(lo: Double, hi: Double, caption: String, scale: Int, font f: FigureFont) -> Int {
        let ticks = Ticks(lo: lo, hi: hi)
        let texts = ticks.values.map { ticks.label($0) } + [Fixed.compact(lo), Fixed.compact(hi)]
        let labels = texts.map { f.width($0, scale: scale) }.max() ?? 0
        return barWidth(scale) + 6 + labels + gap + (caption.isEmpty ? 0 : f.lineHeight(scale))
    }

    /// Width of the colour ramp itself.
    static func barWidth(_ scale: Int) -> Int { 8 + 6 * scale }

    /// A vertical colour bar in `rect` (low at the bottom) for `lo...hi`, with its end values and the nice
    /// ticks that fit between them at its right, and the caption running upwards beside them.
    static func colorBar(
        into fig: inout Figure, rect: PixelRect, scale: ColorScale, lo: Double, hi: Double, caption: String,
        textScale: Int, palette p: FigurePalette, font f: FigureFont
    ) {
        fig.add(.gradient(rect, scale: scale, vertical: true))
        fig.add(
            .outline(
                PixelRect(x: rect.x - 1, y: rect.y - 1, width: rect.width + 2, height: rect.height + 2), color: p.axis))
        var labelRight = rect.maxX + 6
        let centre = centring(textScale, font: f)
        for (_, text, offset) in colorBarMarks(lo: lo, hi: hi, height: rect.height, scale: textScale, font: f) {
            let y = rect.y + offset
            fig.add(.rect(PixelRect(x: rect.maxX, y: y, width: 4, height: 1), fill: p.axis))
            fig.add(.text(FigureText(text, x: rect.maxX + 6, baseline: y + centre, scale: textScale, color: p.text)))
            labelRight = max(labelRight, rect.maxX + 6 + f.width(text, scale: textScale))
        }
        if !caption.isEmpty {
            let x = labelRight + gap + f.ascent(textScale)
            let fitted = TextFit.truncate(caption, maxWidth: rect.height, scale: textScale, font: f)
            fig.add(
                .text(
                    FigureText(
                        fitted, x: x, baseline: rect.y + rect.height / 2, scale: textScale, color: p.muted,
                        anchor: .middle,
                        orientation: .vertical)))
        }
    }

    // MARK: Footnotes

    /// Footnotes are small in small figures and grow with big ones so they stay readable when scaled down.
    static func noteScale(_ fig: Figure) -> Int { fig.width >= 1000 ? 2 : 1 }

    /// Footnote lines wrapped to the figure's width (at most 3 lines each).
    static func wrapFootnotes(_ notes: [String], width: Int, scale: Int, font f: FigureFont) -> [String] {
        notes.flatMap { TextFit.wrap($0, maxWidth: width - 2 * margin, scale: scale, maxLines: 3, font: f) }
    }

    /// Height of `count` footnote lines at `scale`.
    static func footnoteHeight(_ count: Int, scale: Int, font f: FigureFont) -> Int {
        count == 0 ? 0 : count * (f.lineHeight(scale) + 2) + gap
    }

    /// Adds footnotes (muted, wrapped to the figure's width) below `y`; returns the y below them.
    @discardableResult
    static func footnotes(
        into fig: inout Figure, _ notes: [String], y: Int, scale: Int, palette p: FigurePalette, font f: FigureFont
    ) -> Int {
        let lines = wrapFootnotes(notes, width: fig.width, scale: scale, font: f)
        var baseline = y + gap
        for line in lines {
            baseline += f.ascent(scale)
            fig.add(.text(FigureText(line, x: margin, baseline: baseline, scale: scale, color: p.muted)))
            baseline += f.descent(scale) + 2
        }
        return y + footnoteHeight(lines.count, scale: scale, font: f)
    }
}
