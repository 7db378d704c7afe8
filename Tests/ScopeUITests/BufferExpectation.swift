import ScopeUI
import TestSupport
import XCTest

/// ratatui's `Buffer::with_lines`, for small per-widget expectations: a buffer's text line by line, and its styles
/// as lines of letters with a legend (`·` is the plain style). A mismatch prints both as pictures, diffed.
func assertBuffer(
    _ buffer: CellBuffer, lines: [String], styles: [String]? = nil, legend: [Character: Style] = [:],
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(lines.count, buffer.height, "expected lines for every row", file: file, line: line)
    var expected = lines.map { text -> String in
        "|" + text + String(repeating: " ", count: max(0, buffer.width - DisplayWidth.of(text))) + "|"
    }
    var actual = (0..<buffer.height).map { "|" + buffer.line($0) + "|" }
    if let styles {
        XCTAssertEqual(styles.count, buffer.height, "style letters for every row", file: file, line: line)
        var names: [Style: Character] = [.plain: "·"]
        for (letter, style) in legend { names[style] = letter }
        expected.append("styles:")
        actual.append("styles:")
        for y in 0..<buffer.height {
            expected.append("|" + (y < styles.count ? styles[y] : "") + "|")
            actual.append("|" + String((0..<buffer.width).map { names[buffer[$0, y].style] ?? "?" }) + "|")
        }
    }
    guard expected != actual else { return }
    XCTFail(
        "the buffer differs:\n"
            + Golden.lineDiff(
                expected: expected.joined(separator: "\n"),
                actual: actual.joined(separator: "\n")),
        file: file, line: line)
}
