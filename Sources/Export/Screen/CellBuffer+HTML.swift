import ScopeUI

extension CellBuffer {
    /// The buffer as a standalone HTML page: one `<pre>` with a `<span>` per run of equal style, colours
    /// resolved to the theme's (`colors` fills in terminal defaults), every character escaped.
    public func html(colors: ScreenColors = .standard, title: String = "bertscope") -> String {
        var out = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<title>" + XMLText.escape(title) + "</title>\n<style>\n"
        out += "body { margin: 0; background: \(colors.background.hex); }\n"
        out += "pre.bertscope { margin: 0; padding: 8px; font-family: \(Figure.svgFontFamily); font-size: 14px; "
        out += "line-height: 1.2; color: \(colors.foreground.hex); background: \(colors.background.hex); }\n"
        out += "</style>\n</head>\n<body>\n<pre class=\"bertscope\">"
        for y in 0..<height {
            var x = 0
            while x < width {
                let style = self[x, y].style
                var text = ""
                while x < width && self[x, y].style == style {
                    text += self[x, y].text
                    x += 1
                }
                let css = Self.css(style, colors: colors)
                if css.isEmpty {
                    out += XMLText.escape(text)
                } else {
                    out += "<span style=\"" + css + "\">" + XMLText.escape(text) + "</span>"
                }
            }
            out += "\n"
        }
        out += "</pre>\n</body>\n</html>\n"
        return out
    }

    /// Inline CSS for a style; empty for the default look.
    static func css(_ style: Style, colors: ScreenColors) -> String {
        guard style != .plain else { return "" }
        let (fg, bg) = colors.resolve(style)
        var parts: [String] = []
        if fg != colors.foreground { parts.append("color:\(fg.hex)") }
        if bg != colors.background { parts.append("background:\(bg.hex)") }
        if style.attributes.contains(.bold) { parts.append("font-weight:bold") }
        if style.attributes.contains(.italic) { parts.append("font-style:italic") }
        if style.attributes.contains(.underline) { parts.append("text-decoration:underline") }
        return parts.joined(separator: ";")
    }
}
