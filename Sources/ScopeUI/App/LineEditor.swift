/// One editable line of text with a cursor, edited the way readline does it.
///
/// The cursor counts grapheme clusters (what a person sees as one character: `é`, `🐕`, `狗`), so
/// left/right and Backspace never split an emoji or a combining sequence.
///
/// Each edit also measures the text once (`characters`, `column(of:)`, `scalarOffset(of:)`), so drawing a frame
/// reaches the visible characters directly instead of walking a long paste several times a frame.
public struct LineEditor: Sendable, Hashable {
    /// The text.
    public private(set) var text: String {
        didSet { measure() }
    }
    /// Cursor position in grapheme clusters, 0...text.count.
    public private(set) var cursor: Int
    /// `text` as grapheme clusters (what the cursor counts).
    public private(set) var characters: [Character] = []
    /// columns[i]: terminal columns taken by characters[..<i] (count + 1 entries, non-decreasing).
    private var columns: [Int] = [0]
    /// scalars[i]: unicode scalars in characters[..<i] (count + 1 entries), for token spans.
    private var scalars: [Int] = [0]

    /// Creates an editor holding `text` with the cursor at the end.
    public init(_ text: String = "") {
        self.text = LineEditor.clean(text)
        cursor = 0
        measure()
        cursor = characters.count
    }

    /// Replaces the text, cursor at the end.
    public mutating func setText(_ newText: String) {
        text = LineEditor.clean(newText)
        cursor = text.count
    }

    /// Terminal columns taken by the first `index` characters (clamped to the text).
    public func column(of index: Int) -> Int { columns[min(max(0, index), characters.count)] }

    /// Terminal columns of the whole text.
    public var width: Int { columns[characters.count] }

    /// Unicode scalars in the first `index` characters (clamped): token spans count scalars.
    public func scalarOffset(of index: Int) -> Int { scalars[min(max(0, index), characters.count)] }

    /// The first character whose start lies at or right of terminal column `col` (`characters.count` when none):
    /// a binary search, so a frame finds its first visible character without walking the text.
    public func firstCharacter(atOrAfterColumn col: Int) -> Int {
        var lo = 0
        var hi = characters.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if columns[mid] < col { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The character covering terminal column `col` (clamped to 0...count): for a click.
    public func character(atColumn col: Int) -> Int {
        guard col >= 0 else { return 0 }
        // the last character starting at or before `col` whose columns reach past it
        var lo = 0
        var hi = characters.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if columns[mid + 1] <= col { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Re-measures `text`: once per edit, never per frame.
    private mutating func measure() {
        characters = Array(text)
        var cols = [Int](repeating: 0, count: characters.count + 1)
        var scal = [Int](repeating: 0, count: characters.count + 1)
        var c = 0
        var u = 0
        for (i, ch) in characters.enumerated() {
            c += DisplayWidth.of(ch)
            u += ch.unicodeScalars.count
            cols[i + 1] = c
            scal[i + 1] = u
        }
        columns = cols
        scalars = scal
    }

    /// Inserts `string` at the cursor (newlines and tabs become spaces, other control characters are dropped).
    public mutating func insert(_ string: String) {
        let clean = LineEditor.clean(string)
        guard !clean.isEmpty else { return }
        let chars = Array(text)
        let before = String(chars[..<cursor]) + clean
        text = before + String(chars[cursor...])
        // Counting the joined prefix keeps the cursor right when the insertion merges with a neighbour
        // (a combining accent typed after its base letter).
        cursor = min(before.count, text.count)
    }

    /// Deletes the character before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        var chars = Array(text)
        chars.remove(at: cursor - 1)
        text = String(chars)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public mutating func deleteForward() {
        var chars = Array(text)
        guard cursor < chars.count else { return }
        chars.remove(at: cursor)
        text = String(chars)
    }

    /// Moves the cursor one character left.
    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    /// Moves the cursor one character right.
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    /// Moves the cursor to the start.
    public mutating func moveHome() { cursor = 0 }
    /// Moves the cursor to the end.
    public mutating func moveEnd() { cursor = text.count }
    /// Puts the cursor at `index`, clamped.
    public mutating func moveTo(_ index: Int) { cursor = min(max(0, index), text.count) }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func killToStart() {
        let chars = Array(text)
        text = String(chars[cursor...])
        cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    public mutating func killToEnd() {
        text = String(Array(text)[..<cursor])
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces between it and the cursor), as readline's
    /// unix-word-rubout does: words are separated by whitespace.
    public mutating func deleteWordBackward() {
        var chars = Array(text)
        var start = cursor
        while start > 0 && chars[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !chars[start - 1].isWhitespace { start -= 1 }
        chars.removeSubrange(start..<cursor)
        text = String(chars)
        cursor = start
    }

    /// Text with line breaks and tabs turned into spaces and other control characters removed.
    static func clean(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var lastWasCR = false
        for ch in s {
            if ch == "\r\n" || ch == "\n" || ch == "\r" || ch == "\t" {
                if !(ch == "\n" && lastWasCR) { out.append(" ") }
                lastWasCR = ch == "\r"
                continue
            }
            lastWasCR = false
            if ch.unicodeScalars.allSatisfy({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) { continue }
            out.append(ch)
        }
        return out
    }
}
