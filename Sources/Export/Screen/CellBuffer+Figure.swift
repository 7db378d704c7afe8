import ScopeUI

extension CellBuffer {
    /// Size of the terminal font in a screen figure, in pixels.
    public static let figureFontSize = 15.0

    /// The buffer as a figure, for PNG and PDF screen exports: the terminal grid in true colour, a background
    /// rectangle per run of equal background and each cell's text set in a monospace font at its own column,
    /// so wide characters and fallback fonts cannot shift the grid. The cell is as wide as the font's advance.
    public func figure(colors: ScreenColors = .standard, title: String = "bertscope", font: FigureFont = .system)
        -> Figure
    {
        let cw = max(1, Int(font.width("M", size: Self.figureFontSize, family: .mono).rounded()))
        let ch = Self.svgCellHeight
        let ascent = font.ascent(size: Self.figureFontSize, family: .mono)
        let descent = font.descent(size: Self.figureFontSize, family: .mono)
        // The text's line box centred in the cell.
        let baselineOffset = Int(((Double(ch) - ascent - descent) / 2 + ascent).rounded())
        var fig = Figure(title: title, width: width * cw, height: height * ch, background: colors.background)
        for y in 0..<height {
            var x = 0
            while x < width {
                let bg = colors.resolve(self[x, y].style).bg
                var end = x + 1
                while end < width && colors.resolve(self[end, y].style).bg == bg { end += 1 }
                if bg != colors.background {
                    fig.add(.rect(PixelRect(x: x * cw, y: y * ch, width: (end - x) * cw, height: ch), fill: bg))
                }
                x = end
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation { continue }
                let style = cell.style
                let fg = colors.resolve(style).fg
                let columns = max(1, DisplayWidth.of(cell.text))
                if style.attributes.contains(.underline) {
                    fig.add(.rect(PixelRect(x: x * cw, y: y * ch + ch - 3, width: columns * cw, height: 1), fill: fg))
                }
                guard !cell.text.allSatisfy({ $0 == " " }) else { continue }
                fig.add(
                    .text(
                        FigureText(
                            cell.text, x: x * cw + columns * cw / 2, baseline: y * ch + baselineOffset,
                            size: Self.figureFontSize,
                            color: fg, anchor: .middle, bold: style.attributes.contains(.bold), family: .mono)))
            }
        }
        return fig
    }

    /// The buffer as plain text: one line per row, no escapes, trailing blanks dropped.
    public func plainText() -> String {
        var out = ""
        for y in 0..<height {
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
