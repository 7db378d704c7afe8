import BertKit
import ScopeUI

/// `last_hidden_state[:, 0]` (the [CLS] vector) against `pooler_output`: statistics, cosines, histograms of
/// both, the cosine between the pooler and [CLS] at every layer, and where the two differ most.
enum PoolerFigure {
    static let histogramBins = 24

    static func make(_ e: Encoding, palette p: FigurePalette, options: FigureOptions) throws -> Figure {
        guard e.tokenCount > 0, !e.hiddenStates.isEmpty else { throw ExportError.nothingToShow("the sentence has no tokens") }
        let m = FigureParts.margin, g = FigureParts.gap, s = 2
        let line = PixelFont.lineHeight * s + 2
        let width = max(FigureParts.minWidth, min(options.maxWidth ?? 800, 1600))
        let cls = e.clsVector
        let pooler = e.poolerOutput
        let meanPooled = meanOverTokens(e.lastHiddenState)
        let title = "[CLS] vs pooler_output"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        var y = FigureParts.header(into: &fig, title: title, encoding: e, palette: p)

        func text(_ str: String, _ x: Int, _ color: RGB, bold: Bool = false, scale: Int = s, anchor: TextAnchor = .start) {
            fig.add(.text(FigureText(str, x: x, baseline: y + PixelFont.capHeight * scale, scale: scale, color: color, anchor: anchor, bold: bold)))
        }

        // Statistics table.
        let a = VectorStats(cls)
        let b = pooler.map { VectorStats($0) }
        let col1 = m + 26 * PixelFont.advance * s, col2 = col1 + 12 * PixelFont.advance * s
        text("[CLS]", col1, p.text, bold: true, anchor: .end)
        text("pooler", col2, p.text, bold: true, anchor: .end)
        y += line
        let rows: [(String, (VectorStats) -> String)] = [
            ("L2 norm", { Fixed.compact(Double($0.norm)) }), ("mean", { Fixed.compact(Double($0.mean)) }), ("std", { Fixed.compact(Double($0.std)) }),
            ("min", { Fixed.compact(Double($0.min)) }), ("max", { Fixed.compact(Double($0.max)) }),
            ("|x| > 0.9", { "\($0.saturated) of \($0.count)" }),
        ]
        for (name, f) in rows {
            text(name, m, p.muted)
            text(f(a), col1, p.text, anchor: .end)
            text(b.map(f) ?? "—", col2, p.text, anchor: .end)
            y += line
        }
        y += g
        var cosines: [(String, Double?)] = [
            ("cosine([CLS], pooler)", pooler.map { Double(VectorMath.cosine(cls, $0)) }),
            ("cosine(mean-pooled, [CLS])", Double(VectorMath.cosine(meanPooled, cls))),
            ("cosine(mean-pooled, pooler)", pooler.map { Double(VectorMath.cosine(meanPooled, $0)) }),
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
        let clsRange = Double(max(a.max, -a.min, 1e-6))
        histogram(
            into: &fig, cls, lo: -clsRange, hi: clsRange, title: "[CLS] values (\(cls.count))", x: m, y: y, width: panelW,
            height: panelH, color: p.clsBars, palette: p)
        if let pooler {
            histogram(
                into: &fig, pooler, lo: -1, hi: 1, title: "pooler_output values (\(pooler.count))", x: m + panelW + 3 * g,
                y: y, width: panelW, height: panelH, color: p.poolerBars, palette: p)
        }
        y += panelH + 12 + 2 * line + 2 * g

        // Cosine between the pooler and [CLS] at every layer.
        if let pooler {
            let values = e.hiddenStates.map { Double(VectorMath.cosine($0.row(0), pooler)) }
            text("cosine(pooler_output, [CLS] of each layer)", m, p.text, bold: true)
            y += line + g
            layerBars(into: &fig, values, x: m, y: y, width: width - 2 * m, height: 90, palette: p)
            y += 90 + line + 2 * g
        }

        var notes: [String] = []
        if let pooler {
            let diffs = cls.indices.map { ($0, abs(Double(pooler[$0]) - Double(cls[$0]))) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(5)
            notes.append(
                "largest |pooler − [CLS]|: dims "
                    + diffs.map { "\($0.0) (\(Fixed.compact(Double(pooler[$0.0]))) vs \(Fixed.compact(Double(cls[$0.0]))))" }
                    .joined(separator: ", "))
        }
        notes.append("pooler_output = tanh(W · h[CLS] + b), trained for next-sentence prediction; mean-pooled = mean of last_hidden_state over tokens")
        fig.height = FigureParts.footnotes(into: &fig, notes, y: y - g, scale: FigureParts.noteScale(fig), palette: p) + m
        return fig
    }

    /// The mean of a matrix's rows.
    static func meanOverTokens(_ h: Matrix) -> [Float] {
        var out = [Float](repeating: 0, count: h.cols)
        for r in 0..<h.rows {
            for (k, v) in h.row(r).enumerated() { out[k] += v }
        }
        let n = Float(max(1, h.rows))
        return out.map { $0 / n }
    }

    /// A histogram of `values` over `lo...hi` with `histogramBins` bars in `color`, the tallest bar's count
    /// written above it.
    static func histogram(
        into fig: inout Figure, _ values: [Float], lo: Double, hi: Double, title: String, x: Int, y: Int, width: Int,
        height: Int, color: RGB, palette p: FigurePalette
    ) {
        let n = histogramBins
        // NaN and infinite values fall in no bar; the title says how many there are (a checkpoint with NaN
        // weights is shown as it is, never turned into a plausible picture or a trap).
        let (lo, hi) = lo.isFinite && hi.isFinite && hi > lo ? (lo, hi) : (-1, 1)
        let counts = VectorMath.histogram(values, bins: n, range: Float(lo)...Float(hi))
        let notFinite = values.count - counts.reduce(0, +)
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
        let zero = notFinite == 0 ? "0" : "0   (\(notFinite) NaN/inf, not drawn)"
        fig.add(.text(FigureText(zero, x: x + n * barW / 2, baseline: base, color: p.muted, anchor: .middle)))
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
