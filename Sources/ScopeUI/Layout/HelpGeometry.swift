/// The help overlay's lines and box on a screen of a given size: what `HelpOverlayWidget` draws and the bound of the
/// help scroll, so the clamp in `FrameGeometry` never asks the widget.
enum HelpGeometry {
    /// Width of the keys column.
    static let keyWidth = 11

    /// The help as lines: (keys, summary) pairs, section titles (keys == nil), blank lines between sections.
    static func columns(twoColumns: Bool, presenting: Bool) -> [[(keys: String?, text: String)]] {
        var sections: [[(keys: String?, text: String)]] = []
        for s in KeyMap.help(presenting: presenting) {
            var lines: [(keys: String?, text: String)] = [(nil, s.title)]
            lines += s.bindings.map { ($0.keys, $0.summary) }
            sections.append(lines)
        }
        guard twoColumns, sections.count >= 2 else {
            var all: [(keys: String?, text: String)] = []
            for (i, s) in sections.enumerated() {
                if i > 0 { all.append((nil, "")) }
                all += s
            }
            return [all]
        }
        // the last (longest) section on the right, the rest on the left
        var left: [(keys: String?, text: String)] = []
        for (i, s) in sections.dropLast().enumerated() {
            if i > 0 { left.append((nil, "")) }
            left += s
        }
        return [left, sections[sections.count - 1]]
    }

    static func columnWidth(presenting: Bool) -> Int {
        keyWidth + 1
            + KeyMap.help(presenting: presenting).flatMap(\.bindings).reduce(0) {
                max($0, DisplayWidth.of($1.summary))
            }
    }

    /// The largest help scroll that still shows something (for clamping).
    static func maxScroll(size: Size, presenting: Bool) -> Int {
        let (cols, box) = plan(size: size, presenting: presenting)
        let longest = cols.map(\.count).max() ?? 0
        return max(0, longest - (box.height - 3))
    }

    static func plan(size: Size, presenting: Bool) -> ([[(keys: String?, text: String)]], Rect) {
        let cw = columnWidth(presenting: presenting)
        let two = size.width >= 2 * cw + 7
        let cols = columns(twoColumns: two, presenting: presenting)
        let longest = cols.map(\.count).max() ?? 0
        let width = min(size.width - 2, two ? 2 * cw + 7 : cw + 4)
        let height = min(size.height - 2, longest + 3)
        let box = Rect(
            x: max(0, (size.width - width) / 2), y: max(0, (size.height - height) / 2), width: width,
            height: height)
        return (cols, box)
    }
}
