/// One terminal cell: a grapheme cluster and its style. A wide character occupies two cells;
/// the second is a continuation (`isContinuation`) with empty text.
public struct Cell: Sendable, Hashable {
    /// The grapheme drawn here (" " for blank, "" for the right half of a wide character).
    public var text: String
    /// How it looks.
    public var style: Style
    /// True for the right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }

    /// Creates a cell.
    public init(_ text: String = " ", style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// A blank cell.
    public static let blank = Cell()
}

/// An off-screen grid of cells that widgets draw into; the backend and the exporters read it.
public struct CellBuffer: Sendable, Hashable {
    /// Size in cells.
    public let width: Int
    public let height: Int
    /// Row-major cells.
    public private(set) var cells: [Cell]

    /// A blank buffer of the given size.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); out-of-range reads give a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Sets the style of every cell in `rect` (clipped), keeping the text.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].style = style }
        }
    }

    /// Fills `rect` (clipped) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = cell }
        }
    }

    /// Writes `string` starting at (x, y), clipped to `maxWidth` columns and the buffer's edge.
    /// Wide characters take two cells; one that would straddle the limit is replaced by a space.
    /// Control characters are shown as `�`-free placeholders (`·`). Returns the x after the last column written.
    @discardableResult
    public mutating func put(_ string: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var cx = x
        for ch in string {
            var w = DisplayWidth.of(ch)
            var text = String(ch)
            if w == 0 {
                // Control characters and lone combining marks would corrupt the grid: show a placeholder.
                if ch.unicodeScalars.allSatisfy({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) {
                    text = "·"
                    w = 1
                } else {
                    continue
                }
            }
            if cx + w > limit {
                if w == 2 && cx < limit && cx >= 0 { self[cx, y] = Cell(" ", style: style) }
                break
            }
            if cx >= 0 {
                self[cx, y] = Cell(text, style: style)
                if w == 2 { self[cx + 1, y] = Cell("", style: style) }
            }
            cx += w
        }
        return max(cx, x)
    }

    /// The text of row `y` (continuation cells skipped).
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        for x in 0..<width { s += cells[y * width + x].text }
        return s
    }
}
