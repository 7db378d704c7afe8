import TestSupport
import XCTest

@testable import ScopeUI

/// A frame of the input line costs what is visible: the editor measures its text once per edit, and drawing,
/// the cursor and clicks reach the visible characters through those measures (a 1,000,000-character paste).
final class InputLineCostTests: XCTestCase {
    let palette = Palette(theme: .builtIn, mode: .palette256)
    let rect = Rect(x: 0, y: 0, width: 40, height: 1)

    func state(_ editor: LineEditor) -> AppState {
        var s = AppState(options: Fixtures.options())
        s.inputA = editor
        return s
    }

    func testAMillionCharacterLineDrawsOnlyTheCharactersThatFit() {
        let text = String(repeating: "abc狗 ", count: 200_000)
        var ed = LineEditor(text)
        XCTAssertEqual(ed.characters.count, 1_000_000)
        for cursor in [0, 500_000, 1_000_000] {
            ed.moveTo(cursor)
            let g = InputLineWidget.geometry(.a, state: state(ed), rect: rect)
            // at most one character a column (plus the one at the edge the loop stops on)
            XCTAssertLessThanOrEqual(g.visible.count, g.textWidth + 1, "cursor \(cursor)")
            XCTAssertTrue(g.visible.contains(cursor) || cursor == ed.characters.count, "the cursor is visible")
        }
    }

    func testTheVisibleWindowOfALongLineDrawsLikeTheSameWindowCut() {
        // the end of a long line with the cursor at its end draws like a line holding just its last characters
        let tail = "the quick brown 狗 jumps over the lazy dog"
        let long = LineEditor(String(repeating: "x", count: 300_000) + tail)
        var a = CellBuffer(width: rect.width, height: 1)
        InputLineWidget.draw(.a, state: state(long), palette: palette, rect: rect, buffer: &a)
        let short = LineEditor("x" + tail)
        var b = CellBuffer(width: rect.width, height: 1)
        InputLineWidget.draw(.a, state: state(short), palette: palette, rect: rect, buffer: &b)
        XCTAssertEqual(a.line(0), b.line(0))
        XCTAssertTrue(a.line(0).contains("…") && a.line(0).contains("lazy dog"), a.line(0))
        // the cursor column equals the measured width of the prefix, minus the scroll
        let g = InputLineWidget.geometry(.a, state: state(long), rect: rect)
        let p = InputLineWidget.cursorPosition(.a, state: state(long), rect: rect)
        XCTAssertEqual(p.x, g.textX + DisplayWidth.of(long.text) - g.scroll)
        XCTAssertLessThan(p.x, rect.maxX)
    }

    func testMeasuresMatchAWalkOfTheText() {
        let text = "a狗🐕 é\u{301}x🇫🇷"
        let ed = LineEditor(text)
        let chars = Array(text)
        XCTAssertEqual(ed.characters, chars)
        var col = 0
        var scalars = 0
        for i in 0...chars.count {
            XCTAssertEqual(ed.column(of: i), col, "column of \(i)")
            XCTAssertEqual(ed.scalarOffset(of: i), scalars, "scalars before \(i)")
            if i < chars.count {
                for c in col..<(col + DisplayWidth.of(chars[i])) {
                    XCTAssertEqual(ed.character(atColumn: c), i, "column \(c) is character \(i)")
                }
                col += DisplayWidth.of(chars[i])
                scalars += chars[i].unicodeScalars.count
            }
        }
        XCTAssertEqual(ed.width, col)
        XCTAssertEqual(ed.character(atColumn: col + 5), chars.count, "past the end: the end")
        XCTAssertEqual(ed.character(atColumn: -3), 0)
    }

    func testEditsKeepTheMeasuresInStep() {
        var ed = LineEditor("hello")
        ed.insert("狗")
        ed.moveHome()
        ed.deleteForward()
        ed.moveEnd()
        ed.backspace()
        XCTAssertEqual(ed.text, "ello")
        XCTAssertEqual(ed.width, 4)
        ed.setText("🐕🐕")
        XCTAssertEqual(ed.width, 4)
        XCTAssertEqual(ed.column(of: 1), 2)
    }
}
