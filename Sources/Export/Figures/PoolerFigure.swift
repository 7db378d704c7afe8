import BertKit
import ScopeUI

/// `last_hidden_state[:, 0]` (the [CLS] vector) against `pooler_output`: statistics, cosines, histograms of
/// both, the cosine between the pooler and [CLS] at every layer, and where the two differ most.
enum PoolerFigure {
    static let histogramBins = 24

    static func make(_ analysis: EncodingAnalysis, palette p: FigurePalette, options: FigureOptions, font f: FigureFont)
        throws -> Figure
    {
        let e = analysis.encoding
        guard e.tokenCount > 0, !e.hiddenStates.isEmpty else {
            throw ExportError.nothingToShow("the sentence has no tokens")
        }
        let m = FigureParts.margin
        let g = FigureParts.gap
        let s = 2
        let line = f.lineHeight(s) + 2
        let width = max(FigureParts.minWidth, min(options.maxWidth ?? 800, 1600))
        let c = analysis.pooler
        let cls = c.cls
        let pooler = c.pooler
        let title = "[CLS] vs pooler_output"
        var fig = Figure(title: title + " · " + e.modelName, width: width, height: 0, background: p.background)
        var y = FigureParts.header(into: &fig, title: title, encoding: e, palette: p, font: f)

        func text(
            _ str: String, _ x: Int, _ color: RGB, bold: Bool = false, scale: Int = s, anchor: TextAnchor = .start
        ) {
            fig.add(
                .text(
                    FigureText(
                        str, x: x, baseline: y + f.ascent(scale), scale: scale, color: color, anchor: anchor, bold: bold
                    )))
        }

        // Statistics table: names, then two right-aligned columns as wide as their widest entry.
        let a = c.clsStats
        let b = c.poolerStats
        let nameW =
            ["cosine(mean-pooled, pooler)", "|x| > \(EncodingAnalysis.saturationThreshold)"].map {
                f.width($0, scale: s)
            }.max() ?? 0
        let valueW = f.width("000 of 0000", scale: s, bold: true)
        let col1 = m + nameW + 2 * g + valueW
        let col2 = col1 + 2 * g + valueW
        text("[CLS]", col1, p.text, bold: true, anchor: .end)
        text("pooler", col2, p.text, bold: true, anchor: .end)
        y += line
        let rows: [(String, (VectorStats) -> String)] = [
            ("L2 norm", { Fixed.compact(Double($0.norm)) }), ("mean", { Fixed.compact(Double($0.mean)) }),
            ("std", { Fixed.compact(Double($0.std)) }),
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
        let panelW = (width - 2 * m - 3 * g) / 2
        let panelH = 100
        if let h = analysis.histogram(.cls, bins: histogramBins) {
            histogram(
                into: &fig, h, title: "[CLS] values (\(cls.count))", x: m, y: y, width: panelW, height: panelH,
                color: p.clsBars, palette: p, font: f)
        }
        if let pooler, let h = analysis.histogram(.pooler, bins: histogramBins) {
            histogram(
                into: &fig, h, title: "pooler_output values (\(pooler.count))", x: m + panelW + 3 * g, y: y,
                width: panelW, height: panelH, color: p.poolerBars, palette: p, font: f)
        }
        y += histogramHeight(panelH, font: f) + 2 * g

        // Cosine between the pooler and [CLS] at every layer.
        if pooler != nil {
            let values = c.layerCosines.map(Double.init)
            text("cosine(pooler_output, [CLS] of each layer)", m, p.text, bold: true)
            y += line + g
            y =
                layerChart(into: &fig, values, x: m, y: y, width: width - 2 * m, height: 140, palette: p, font: f) + 2
                * g
        }

        var notes: [String] = []
        if !c.topDifferences.isEmpty {
            let diffs = c.topDifferences.prefix(5)
            notes.append(
                "largest |pooler − [CLS]|: dims "
                    + diffs.map {
                        "\($0.dim) (\(Fixed.compact(Double($0.pooler))) vs \(Fixed.compact(Double($0.cls))))"
                    }
                    .joined(separator: ", "))
        }
        notes.append(
            SentencePooling.poolerNote(analysis.encoding.sentencePooling).long
                + "; mean-pooled = mean of last_hidden_state over tokens")
        fig.height =
            FigureParts.footnotes(into: &fig, notes, y: y - g, scale: FigureParts.noteScale(fig), palette: p, font: f)
            + m
        return fig
    }

    /// Height of a histogram panel with its title, peak count and axis labels.
    static func histogramHeight(_ height: Int, font f: FigureFont) -> Int {
        f.lineHeight(2) + 4 + f.lineHeight(1) + height + 4 + f.lineHeight(1)
    }

    /// The bars of histogram `h` in `color`, the tallest bar's count written above it.
    static func histogram(
        into fig: inout Figure, _ h: Histogram, title: String, x: Int, y: Int, width: Int, height: Int, color: RGB,
        palette p: FigurePalette, font f: FigureFont
    ) {
        let counts = h.counts
        let n = counts.count
        let lo = Double(h.range.lowerBound)
        let hi = Double(h.range.upperBound)
        let peak = max(1, counts.max() ?? 1)
        let fitted = TextFit.truncate(title, maxWidth: width, scale: 2, font: f)
        fig.add(.text(FigureText(fitted, x: x, baseline: y + f.ascent(2), scale: 2, color: p.text)))
        let top = y + f.lineHeight(2) + 4 + f.lineHeight(1)
        let barW = max(1, width / n)
        for (i, c) in counts.enumerated() {
            let h = Int(saturating: (Double(c) / Double(peak) * Double(height)).rounded())
            fig.add(.rect(PixelRect(x: x + i * barW, y: top + height - h, width: barW - 1, height: h), fill: color))
        }
        fig.add(.rect(PixelRect(x: x, y: top + height, width: n * barW, height: 1), fill: p.axis))
        let base = top + height + 4 + f.ascent(1)
        fig.add(.text(FigureText(Fixed.compact(lo), x: x, baseline: base, color: p.muted)))
        fig.add(.text(FigureText("0", x: x + n * barW / 2, baseline: base, color: p.muted, anchor: .middle)))
        fig.add(.text(FigureText(Fixed.compact(hi), x: x + n * barW, baseline: base, color: p.muted, anchor: .end)))
        let peakBar = counts.firstIndex(of: peak) ?? 0
        let half = f.width("\(peak)", scale: 1) / 2 + 1
        let peakX = min(max(x + peakBar * barW + barW / 2, x + half), x + n * barW - half)
        fig.add(
            .text(FigureText("\(peak)", x: peakX, baseline: top - 3 - f.descent(1), color: p.muted, anchor: .middle)))
    }

    /// A dot-and-line chart of one cosine per layer: a y axis from -1 to 1 with labelled ticks, a zero
    /// line, a dot per layer joined by lines, each dot's value beside it, layers numbered below. Returns the
    /// y below the chart.
    static func layerChart(
        into fig: inout Figure, _ values: [Double], x: Int, y: Int, width: Int, height: Int, palette p: FigurePalette,
        font f: FigureFont
    ) -> Int {
        let n = values.count
        guard n > 0 else { return y }
        let axisLabelW = ["-1.0", "-0.5", "0.5", "1.0"].map { f.width($0, scale: 1) }.max() ?? 0
        let captionW = f.lineHeight(1)
        let plotX = x + captionW + 4 + axisLabelW + 6
        let top = y + f.lineHeight(1) / 2 + f.lineHeight(1)
        let plotW = max(40, min(width - (plotX - x) - 10, n * 72))
        let slot = Double(plotW) / Double(n)
        func px(_ l: Int) -> Int { plotX + Int((Double(l) + 0.5) * slot) }
        func py(_ v: Double) -> Int { top + Int(saturating: ((1 - max(-1, min(1, v))) / 2 * Double(height)).rounded()) }

        // Axis, ticks with labels, gridlines at ±0.5, the zero line.
        fig.add(.rect(PixelRect(x: plotX, y: top, width: 1, height: height + 1), fill: p.axis))
        for v in [-1.0, -0.5, 0, 0.5, 1.0] {
            let ty = py(v)
            fig.add(.rect(PixelRect(x: plotX - 4, y: ty, width: 4, height: 1), fill: p.axis))
            let line = v == 0 ? p.axis : p.axis.mixed(with: p.background, 0.7)
            fig.add(.rect(PixelRect(x: plotX + 1, y: ty, width: plotW, height: 1), fill: line))
            fig.add(
                .text(
                    FigureText(
                        Fixed.string(v, decimals: 1), x: plotX - 6, baseline: ty + FigureParts.centring(1, font: f),
                        color: p.muted, anchor: .end)))
        }
        fig.add(
            .text(
                FigureText(
                    "cosine", x: x + f.ascent(1), baseline: top + height / 2, color: p.muted, anchor: .middle,
                    orientation: .vertical)))
        // Lines between neighbouring dots, drawn as short runs of pixels so every renderer agrees.
        for l in 1..<max(1, n) {
            let x0 = px(l - 1)
            let y0 = py(values[l - 1])
            let x1 = px(l)
            let y1 = py(values[l])
            let steps = max(abs(x1 - x0), abs(y1 - y0))
            for k in 0...steps {
                let t = steps == 0 ? 0 : Double(k) / Double(steps)
                let sx = x0 + Int((Double(x1 - x0) * t).rounded())
                let sy = y0 + Int((Double(y1 - y0) * t).rounded())
                fig.add(.rect(PixelRect(x: sx, y: sy - 1, width: 1, height: 2), fill: p.poolerBars))
            }
        }
        // Dots, values above (below when the dot is near the top), layer numbers under the axis.
        let labelEvery = max(1, (f.width("-0.00", scale: 1) + 6 + Int(slot) - 1) / max(1, Int(slot)))
        for (l, v) in values.enumerated() {
            let cx = px(l)
            let cy = py(v)
            fig.add(.rect(PixelRect(x: cx - 3, y: cy - 3, width: 7, height: 7), fill: p.poolerBars))
            if l % labelEvery == 0 || l == n - 1 {
                let above = cy - 6 - f.descent(1)
                let baseline = above - f.ascent(1) < top ? cy + 6 + f.ascent(1) : above
                fig.add(
                    .text(
                        FigureText(
                            Fixed.string(v, decimals: 2), x: cx, baseline: baseline, color: p.text, anchor: .middle)))
                fig.add(
                    .text(
                        FigureText(
                            "\(l)", x: cx, baseline: top + height + 6 + f.ascent(1), color: p.muted, anchor: .middle)))
            }
        }
        let layerBaseline = top + height + 6 + f.ascent(1) + f.descent(1) + 4 + f.ascent(1)
        fig.add(
            .text(
                FigureText(
                    "layer (0 = embeddings)", x: plotX + plotW / 2, baseline: layerBaseline, color: p.muted,
                    anchor: .middle)))
        return layerBaseline + f.descent(1)
    }
}
