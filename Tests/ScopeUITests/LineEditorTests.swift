import ScopeUI
import XCTest

/// Line editing: graphemes (emoji, CJK, combining marks) move and delete as one; readline's Ctrl keys.
final class LineEditorTests: XCTestCase {
    func testInsertAtCursorAndMoveByGraphemes() {
        var e = LineEditor("dog")
        e.moveHome()
        e.insert("🐕 ")
        XCTAssertEqual(e.text, "🐕 dog")
        XCTAssertEqual(e.cursor, 2)
        e.moveLeft()
        e.moveLeft()
        XCTAssertEqual(e.cursor, 0)
        e.moveRight()
        e.insert("狗")
        XCTAssertEqual(e.text, "🐕狗 dog")
    }

    func testBackspaceRemovesWholeEmojiAndFlag() {
        var e = LineEditor("hi 👩‍👩‍👧 🇫🇷")
        e.backspace()
        XCTAssertEqual(e.text, "hi 👩‍👩‍👧 ")
        e.backspace()
        e.backspace()
        XCTAssertEqual(e.text, "hi ")
    }

    func testCombiningMarkJoinsItsLetter() {
        var e = LineEditor("cafe")
        e.insert("\u{301}")
        XCTAssertEqual(e.text, "café")
        XCTAssertEqual(e.text.count, 4)
        XCTAssertEqual(e.cursor, 4)
        e.backspace()
        XCTAssertEqual(e.text, "caf")
    }

    func testDeleteForwardAndEnds() {
        var e = LineEditor("abc")
        e.moveHome()
        e.deleteForward()
        XCTAssertEqual(e.text, "bc")
        e.moveEnd()
        e.deleteForward()
        XCTAssertEqual(e.text, "bc")
        e.moveLeft()
        e.moveRight()
        e.moveRight()
        XCTAssertEqual(e.cursor, 2)
    }

    func testCtrlWDeletesTheWordBeforeTheCursorAndTrailingSpaces() {
        var e = LineEditor("the lazy  dog   ")
        e.deleteWordBackward()
        XCTAssertEqual(e.text, "the lazy  ")
        e.deleteWordBackward()
        XCTAssertEqual(e.text, "the ")
        e.moveHome()
        e.deleteWordBackward()
        XCTAssertEqual(e.text, "the ")
    }

    func testCtrlWInTheMiddleKeepsTheRest() {
        var e = LineEditor("我的 狗 很可爱")
        e.moveTo(4)
        e.deleteWordBackward()
        XCTAssertEqual(e.text, "我的  很可爱")
        XCTAssertEqual(e.cursor, 3)
    }

    func testCtrlUAndCtrlK() {
        var e = LineEditor("hello world")
        e.moveTo(5)
        e.killToEnd()
        XCTAssertEqual(e.text, "hello")
        e.moveTo(2)
        e.killToStart()
        XCTAssertEqual(e.text, "llo")
        XCTAssertEqual(e.cursor, 0)
    }

    func testPastedNewlinesBecomeSpacesAndControlsAreDropped() {
        var e = LineEditor()
        e.insert("one\ntwo\r\nthree\tfour\u{7}")
        XCTAssertEqual(e.text, "one two three four")
    }

    func testHistoryWalksBackAndReturnsToTheDraft() {
        var h = LineHistory(entries: ["first", "second"])
        XCTAssertEqual(h.previous(current: "draft"), "second")
        XCTAssertEqual(h.previous(current: "second"), "first")
        XCTAssertNil(h.previous(current: "first"))
        XCTAssertEqual(h.next(), "second")
        XCTAssertEqual(h.next(), "draft")
        XCTAssertNil(h.next())
    }

    func testHistorySkipsTheEntryAlreadyOnScreenAndRepeats() {
        var h = LineHistory(entries: ["a", "b"])
        XCTAssertEqual(h.previous(current: "b"), "a")
        h.record("c")
        h.record("c")
        h.record("   ")
        XCTAssertEqual(h.entries, ["a", "b", "c"])
    }

    func testHistoryKeepsAtMostItsEntriesAndBytes() {
        var h = LineHistory(limit: 200, byteLimit: 10_000)
        for i in 0..<1_000 { h.record("sentence number \(i)") }
        XCTAssertEqual(h.entries.count, 200)
        XCTAssertEqual(h.entries.last, "sentence number 999")
        XCTAssertEqual(h.bytes, h.entries.reduce(0) { $0 + $1.utf8.count })
        let book = String(repeating: "a long pasted line ", count: 200)  // 3,800 bytes each
        for i in 0..<50 { h.record(book + "\(i)") }
        XCTAssertLessThanOrEqual(h.bytes, 10_000, "the byte budget holds")
        XCTAssertEqual(h.entries.last, book + "49")
        h.record(String(repeating: "x", count: 20_000))
        XCTAssertEqual(h.entries.last, book + "49", "a line beyond the whole budget is not kept")
    }
}
