import BertKit
import ScopeUI

/// `last_hidden_state[:, 0]` (the [CLS] vector) against `pooler_output`: statistics, cosines, histograms of
/// both, the cosine between the pooler and [CLS] at every layer, and where the two differ most.
enum PoolerFigure {
    static let histogramBins = 24

    static func make(_ analysis: EncodingAnalysis, palette p: FigurePalette, options: FigureOptions) throws -> Figure {
        let e = analysis.encoding
        guard e.tokenCount > 0, !e.hiddenStates.isEmpty else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let m = FigureParts.margin, g = FigureParts.gap, s = 2
        let line = PixelFont.lineHeight * s + 2
        let width = max(FigureParts.minWidth, min(options.maxWidth ?? 800, 1600))
        let c = analysis.pooler
        let cls = c.cls
        let pooler = c.pooler
        let title = "[CLS] vs pooler_output"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        var y = FigureParts.header(into: &fig, title: title, encoding: e, palette: p)

        func text(_ str: String, _ x: Int, _ color: RGB, bold: Bool = false, scale: Int = s, anchor: TextAnchor = .start) {
            fig.add(.text(FigureText(str, x: x, baseline: y + PixelFont.capHeight * scale, scale: scale, color: color, anchor: anchor, bold: bold)))
        }

        // Statistics table.
        let a = c.clsStats
        let b = c.poolerStats
        let col1 = m + 26 * PixelFont.advance * s, col2 = col1 + 12 * PixelFont.advance * s
        text("[CLS]", col1, p.text, bold: true, anchor: .end)
        text("pooler", col2, p.text, bold: true, anchor: .end)
        y += line
        let rows: [(String, (VectorStats) -> String)] = [
            ("L2 norm", { Fixed.compact(Double($0.norm)) }), ("mean", { Fixed.compact(Double($0.mean)) }), ("std", { Fixed.compact(Double($0.std)) }),
            ("min", { Fixed.compact(Double($0.min)) }), ("max", { Fixed.compact(Double($0.max)) }),
            ("|x| > \(EncodingAnalysis.saturationThreshold)", { "\($0.saturated) of \($0.count)" }),
        ]
        for (name, f) in rows {
            text(name, m, p.muted)
            text(f(a), col1, p.text, anchor: .end)
            text(b.map(f) ?? "—", col2, p.text, anchor: .end)
            y += line
        }
        y += g
        var cosines: [(String, Double?)] = [
            ("cosine([CLS], pooler)", c.cosine.map(Double.init)),
            ("cosine(mean-pooled, [CLS])", Double(c.meanPooledCosineCLS)),
            ("cosine(mean-pooled, pooler)", c.meanPooledCosinePooler.map(Double.init)),
        ]
        if pooler == nil { cosines.removeAll { $0.1 == nil } }
        for (name, v) in cosines {
            text(name, m, p.muted)
            text(v.map { Fixed.string($0, decimals: 3) } ?? "—", col2, p.accent, bold: true, anchor: .end)
            y += line
        }
        if pooler == nil {
            text("this checkpoint has no pooler weights: pooler_output is absent", m, p.accent)
            y += line
        }
        y += 2 * g

        // Histograms of both vectors.
        let panelW = (width - 2 * m - 3 * g) / 2, panelH = 100
        if let h = analysis.histogram(.cls, bins: histogramBins) {
            histogram(
                into: &fig, h, title: "[CLS] values (\(cls.count))", x: m, y: y, width: panelW,
                height: panelH, color: p.clsBars, palette: p)
        }
        if let pooler, let h = analysis.histogram(.pooler, bins: histogramBins) {
            histogram(
                into: &fig, h, title: "pooler_output values (\(pooler.count))", x: m + panelW + 3 * g,
                y: y, width: panelW, height: panelH, color: p.poolerBars, palette: p)
        }
        y += panelH + 12 + 2 * line + 2 * g

        // Cosine between the pooler and [CLS] at every layer.
        if pooler != nil {
            let values = c.layerCosines.map(Double.init)
            text("cosine(pooler_output, [CLS] of each layer)", m, p.text, bold: true)
            y += line + g
            layerBars(into: &fig, values, x: m, y: y, width: width - 2 * m, height: 90, palette: p)
            y += 90 + line + 2 * g
        }

        var notes: [String] = []
        if !c.topDifferences.isEmpty {
            let diffs = c.topDifferences.prefix(5)
            notes.append(
                "largest |pooler − [CLS]|: dims "
                    + diffs.map { "\($0.dim) (\(Fixed.compact(Double($0.pooler))) vs \(Fixed.compact(Double($0.cls))))" }
                    .joined(separator: ", "))
        }
        notes.append("pooler_output = tanh(W · h[CLS] + b), trained for next-sentence prediction; mean-pooled = mean of last_hidden_state over tokens")
        fig.height = FigureParts.footnotes(into: &fig, notes, y: y - g, scale: FigureParts.noteScale(fig), palette: p) + m
        return fig
    }

    /// The bars of histogram `h` in `color`, the tallest bar's count written above it.
    static func histogram(
        into fig: inout Figure, _ h: Histogram, title: String, x: Int, y: Int, width: Int,
        height: Int, color: RGB, palette p: FigurePalette
    ) {
        let counts = h.counts
        let n = counts.count
        let lo = Double(h.range.lowerBound), hi = Double(h.range.upperBound)
        let peak = max(1, counts.max() ?? 1)
        fig.add(.text(FigureText(title, x: x, baseline: y + PixelFont.capHeight * 2, scale: 2, color: p.text)))
        let top = y + PixelFont.lineHeight * 2 + 16
        let barW = max(1, width / n)
        for (i, c) in counts.enumerated() {
            let h = Int(saturating: (Double(c) / Double(peak) * Double(height)).rounded())
            fig.add(.rect(PixelRect(x: x + i * barW, y: top + height - h, width: barW - 1, height: h), fill: color))
        }
        fig.add(.rect(PixelRect(x: x, y: top + height, width: n * barW, height: 1), fill: p.axis))
        let base = top + height + 4 + PixelFont.capHeight
        fig.add(.text(FigureText(Fixed.compact(lo), x: x, baseline: base, color: p.muted)))
        fig.add(.text(FigureText("0", x: x + n * barW / 2, baseline: base, color: p.muted, anchor: .middle)))
        fig.add(.text(FigureText(Fixed.compact(hi), x: x + n * barW, baseline: base, color: p.muted, anchor: .end)))
        let peakBar = counts.firstIndex(of: peak) ?? 0
        let peakX = min(max(x + peakBar * barW + barW / 2, x + 24), x + n * barW - 24)
        fig.add(.text(FigureText("\(peak)", x: peakX, baseline: top - 3, color: p.muted, anchor: .middle)))
    }

    /// Bars from a zero line (values in -1...1), one per layer, labelled with the layer and the value.
    static func layerBars(into fig: inout Figure, _ values: [Double], x: Int, y: Int, width: Int, height: Int, palette p: FigurePalette) {
        let n = values.count
        let slot = min(64, max(12, width / max(1, n)))
        let half = height / 2
        let zero = y + half
        fig.add(.rect(PixelRect(x: x, y: zero, width: slot * n, height: 1), fill: p.axis))
        for (l, v) in values.enumerated() {
            let h = v.isFinite ? Int((min(1, abs(v)) * Double(half - 12)).rounded()) : 0  // NaN: no bar, "nan" label
            let bx = x + l * slot + 3
            let rect = v >= 0 ? PixelRect(x: bx, y: zero - h, width: slot - 6, height: h) : PixelRect(x: bx, y: zero + 1, width: slot - 6, height: h)
            fig.add(.rect(rect, fill: p.poolerBars))
            let valueY = v >= 0 ? zero - h - 3 : zero + h + 3 + PixelFont.capHeight
            fig.add(.text(FigureText(Fixed.string(v, decimals: 2), x: bx + (slot - 6) / 2, baseline: valueY, color: p.text, anchor: .middle)))
            fig.add(
                .text(
                    FigureText(
                        "\(l)", x: bx + (slot - 6) / 2, baseline: y + height + 4 + PixelFont.capHeight * 2, scale: 2, color: p.muted,
                        anchor: .middle)))
        }
        fig.add(.text(FigureText("layer", x: x + slot * n + 8, baseline: y + height + 4 + PixelFont.capHeight * 2, scale: 2, color: p.muted)))
    }
}
