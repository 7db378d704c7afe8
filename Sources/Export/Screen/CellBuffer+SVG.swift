import ScopeUI

extension CellBuffer {
    /// Width of one terminal cell in an SVG screenshot, in pixels.
    public static let svgCellWidth = 9
    /// Height of one terminal cell in an SVG screenshot, in pixels.
    public static let svgCellHeight = 18

    /// The buffer as an SVG "screenshot": a background rectangle per run of equal background, and a
    /// `<text>` per run of equal style stretched to exactly its columns, so the grid lines up in any
    /// monospace font.
    public func svg(colors: ScreenColors = .standard, title: String = "bertscope") -> String {
        let cw = Self.svgCellWidth
        let ch = Self.svgCellHeight
        var w = SVGWriter(width: width * cw, height: height * ch, title: title)
        w.element("rect", [("width", "\(width * cw)"), ("height", "\(height * ch)"), ("fill", colors.background.hex)])
        w.begin("g", [("shape-rendering", "crispEdges")])
        for y in 0..<height {
            var x = 0
            while x < width {
                let bg = colors.resolve(self[x, y].style).bg
                var end = x + 1
                while end < width && colors.resolve(self[end, y].style).bg == bg { end += 1 }
                if bg != colors.background {
                    w.element(
                        "rect",
                        [
                            ("x", "\(x * cw)"), ("y", "\(y * ch)"), ("width", "\((end - x) * cw)"), ("height", "\(ch)"),
                            ("fill", bg.hex),
                        ])
                }
                x = end
            }
        }
        w.end()
        w.begin("g", [("font-family", Figure.svgFontFamily), ("font-size", "15"), ("xml:space", "preserve")])
        for y in 0..<height {
            var x = 0
            while x < width {
                let style = self[x, y].style
                var text = ""
                var end = x
                while end < width && self[end, y].style == style {
                    text += self[end, y].text
                    end += 1
                }
                // Runs of blanks need no text; trailing blanks are trimmed so textLength stays honest.
                let trimmed = String(text.reversed().drop { $0 == " " }.reversed())
                if !trimmed.isEmpty {
                    let columns = DisplayWidth.of(trimmed)
                    var attrs: [(String, String)] = [
                        ("x", "\(x * cw)"), ("y", "\(y * ch + 13)"), ("fill", colors.resolve(style).fg.hex),
                        ("textLength", "\(max(1, columns) * cw)"), ("lengthAdjust", "spacingAndGlyphs"),
                    ]
                    if style.attributes.contains(.bold) { attrs.append(("font-weight", "bold")) }
                    if style.attributes.contains(.italic) { attrs.append(("font-style", "italic")) }
                    if style.attributes.contains(.underline) { attrs.append(("text-decoration", "underline")) }
                    w.element("text", attrs, text: trimmed)
                }
                x = end
            }
        }
        w.end()
        return w.finish()
    }
}
