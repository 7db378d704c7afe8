import ScopeUI

extension CellBuffer {
    /// The buffer as text with SGR escape sequences that `cat` replays in a terminal, in `mode`'s colours:
    /// truecolor `38;2;r;g;b`, 256-colour `38;5;n`, the 16 ANSI colours, or mono (attributes only).
    ///
    /// Every line starts from a reset and ends with one, so nothing bleeds past the figure; trailing blank
    /// default-styled cells are dropped.
    public func ansi(mode: ColorMode) -> String {
        var out = ""
        for y in 0..<height {
            var last = width
            while last > 0 && self[last - 1, y] == Cell.blank { last -= 1 }
            var current = Style.plain  // every line starts reset: the previous one ended so
            for x in 0..<last {
                let cell = self[x, y]
                if cell.isContinuation { continue }
                if cell.style != current {
                    out += Self.sgr(cell.style, mode: mode)
                    current = cell.style
                }
                out += cell.text
            }
            if current != .plain { out += "\u{1B}[0m" }
            out += "\n"
        }
        return out
    }

    /// One SGR sequence that sets exactly `style` (starting from a reset).
    static func sgr(_ style: Style, mode: ColorMode) -> String {
        var codes = ["0"]
        let attrs: [(Attributes, String)] = [
            (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7"),
        ]
        for (a, code) in attrs where style.attributes.contains(a) { codes.append(code) }
        if let fg = style.fg, let c = colorCode(fg, mode: mode, background: false) { codes.append(c) }
        if let bg = style.bg, let c = colorCode(bg, mode: mode, background: true) { codes.append(c) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The SGR parameters for one colour in `mode`; nil in mono.
    static func colorCode(_ c: RGB, mode: ColorMode, background: Bool) -> String? {
        switch mode {
        case .truecolor:
            return (background ? "48;2;" : "38;2;") + "\(c.r);\(c.g);\(c.b)"
        case .palette256:
            return (background ? "48;5;" : "38;5;") + "\(ColorReduction.xterm256(c))"
        case .ansi16:
            let i = ColorReduction.ansi16(c)
            let base = i < 8 ? (background ? 40 : 30) + i : (background ? 100 : 90) + i - 8
            return "\(base)"
        case .mono:
            return nil
        }
    }
}
