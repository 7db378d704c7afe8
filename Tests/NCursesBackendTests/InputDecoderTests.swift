import CNCursesW
import NCursesBackend
import ScopeUI
import XCTest

final class InputDecoderTests: XCTestCase {
    var decoder = InputDecoder()

    func decode(_ raws: [RawInput], now: Double = 0) -> [InputEvent] {
        InputDecoder.mergeGraphemes(raws.flatMap { decoder.decode($0, now: now) })
    }

    func char(_ s: String) -> [RawInput] { s.unicodeScalars.map { .character($0.value) } }

    func testControlCharactersBecomeNamedKeysOrCtrlLetters() {
        XCTAssertEqual(decode([.character(13)]), [.key(.enter)])
        XCTAssertEqual(decode([.character(10)]), [.key(.enter)])
        XCTAssertEqual(decode([.character(9)]), [.key(.tab)])
        XCTAssertEqual(decode([.character(127)]), [.key(.backspace)])
        XCTAssertEqual(decode([.character(8)]), [.key(.backspace)])
        XCTAssertEqual(decode([.character(27)]), [.key(.escape)])
        XCTAssertEqual(decode([.character(3)]), [.key(.ctrl("c"))])
        XCTAssertEqual(decode([.character(21)]), [.key(.ctrl("u"))])
        XCTAssertEqual(decode([.character(23)]), [.key(.ctrl("w"))])
        XCTAssertEqual(decode([.character(0)]), [])
        XCTAssertEqual(decode([.character(0x85)]), [], "C1 controls are dropped")
    }

    func testNcursesKeyCodesMapToTheAppsKeys() {
        let cases: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right), (KEY_HOME, .home),
            (KEY_END, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_DC, .delete),
            (KEY_BACKSPACE, .backspace), (KEY_ENTER, .enter), (KEY_BTAB, .backTab), (KEY_F0 + 1, .function(1)),
            (KEY_F0 + 12, .function(12)),
        ]
        for (code, key) in cases { XCTAssertEqual(decode([.keyCode(code)]), [.key(key)], "code \(code)") }
        XCTAssertEqual(decode([.keyCode(KEY_F0 + 30)]), [], "keys the app does not use are dropped")
    }

    func testTextArrivesAsCharactersAndCombiningMarksJoinTheirLetter() {
        XCTAssertEqual(decode(char("dé")), [.key(.character("d")), .key(.character("é"))])
        XCTAssertEqual(decode(char("e\u{301}x")), [.key(.character("e\u{301}")), .key(.character("x"))])
        XCTAssertEqual(decode(char("🇫🇷")), [.key(.character("🇫🇷"))], "a flag is one grapheme")
        XCTAssertEqual(decode(char("犬")), [.key(.character("犬"))])
    }

    func testBracketedPasteIsOneEventWithLineBreaksAsSpaces() {
        let raws: [RawInput] =
            [.keyCode(InputDecoder.pasteBeginCode)] + char("one\r\ntwo\rthree\tq") + [
                .keyCode(InputDecoder.pasteEndCode)
            ]
        XCTAssertEqual(decode(raws), [.paste("one two three q")])
        XCTAssertFalse(decoder.isPasting)
    }

    func testKeysInsideAPasteDoNotActAsCommands() {
        let raws: [RawInput] =
            [.keyCode(InputDecoder.pasteBeginCode), .keyCode(KEY_PPAGE)] + char("q") + [
                .keyCode(InputDecoder.pasteEndCode)
            ]
        XCTAssertEqual(decode(raws), [.paste("q")])
    }

    func testAPasteWithoutItsEndMarkerIsDeliveredAfterTheTimeout() {
        XCTAssertEqual(decode([.keyCode(InputDecoder.pasteBeginCode)] + char("abc"), now: 10), [])
        XCTAssertEqual(decoder.flushStaleSequence(now: 10.1), [])
        XCTAssertEqual(decoder.flushStaleSequence(now: 10 + InputDecoder.sequenceTimeout), [.paste("abc")])
        XCTAssertEqual(decode(char("x")), [.key(.character("x"))])
    }

    func sgr(_ report: String) -> [RawInput] { [.keyCode(InputDecoder.sgrMouseCode)] + char(report) }
    func x10(_ cb: Int, _ x: Int, _ y: Int) -> [RawInput] {
        [
            .keyCode(InputDecoder.x10MouseCode), .character(UInt32(cb + 32)), .character(UInt32(x + 32)),
            .character(UInt32(y + 32)),
        ]
    }
    func mouse(_ kind: MouseEvent.Kind, _ x: Int, _ y: Int) -> InputEvent { .mouse(MouseEvent(kind: kind, x: x, y: y)) }

    func testSGRMouseReportsArePressDragReleaseAndWheelInZeroBasedCells() {
        XCTAssertEqual(
            decode(sgr("0;5;3M") + sgr("32;7;3M") + sgr("0;7;3m") + sgr("64;2;2M") + sgr("65;2;2M") + sgr("35;9;9M")),
            [
                mouse(.press, 4, 2), mouse(.drag, 6, 2), mouse(.release, 6, 2), mouse(.wheelUp, 1, 1),
                mouse(.wheelDown, 1, 1), mouse(.move, 8, 8),
            ])
        XCTAssertEqual(
            decode(sgr("2;5;3M") + sgr("2;5;3m") + sgr("66;1;1M")), [], "right button and horizontal wheel are not used"
        )
    }

    func testX10MouseReports() {
        XCTAssertEqual(
            decode(x10(0, 5, 3) + x10(32, 6, 3) + x10(3, 6, 3)),
            [mouse(.press, 4, 2), mouse(.drag, 5, 2), mouse(.release, 5, 2)])
        XCTAssertEqual(decode(x10(65, 1, 1)), [mouse(.wheelDown, 0, 0)])
    }

    func testAMouseReportSplitAcrossReadsIsJoinedAndABrokenOneGivesItsKeyBack() {
        XCTAssertEqual(decode(sgr("0;12")), [])
        XCTAssertTrue(decoder.isInsideSequence)
        XCTAssertEqual(decode(char(";4M")), [mouse(.press, 11, 3)])
        XCTAssertEqual(decode(sgr("0;1") + char("x")), [.key(.character("x"))])
        XCTAssertEqual(decode(sgr("0;1")), [])
        XCTAssertEqual(decoder.flushStaleSequence(now: InputDecoder.sequenceTimeout), [])
        XCTAssertFalse(decoder.isInsideSequence)
    }

    func testAMillionCharacterPasteArrivesWholeAsOneEvent() {
        // Collecting a paste appends in place: a copy per character would make this take minutes.
        let line = "the quick brown fox jumps over the lazy dog, 東京 🐶\n"
        let count = 1_000_000 / line.unicodeScalars.count + 1
        let scalars = Array(String(repeating: line, count: count).unicodeScalars)
        var events = decoder.decode(.keyCode(InputDecoder.pasteBeginCode), now: 0)
        for s in scalars { events += decoder.decode(.character(s.value), now: 0) }
        XCTAssertTrue(decoder.isPasting)
        events += decoder.decode(.keyCode(InputDecoder.pasteEndCode), now: 0)
        XCTAssertFalse(decoder.isPasting)
        XCTAssertEqual(events.count, 1)
        guard case .paste(let text)? = events.first else { return XCTFail("no paste: \(events.prefix(3))") }
        XCTAssertGreaterThanOrEqual(scalars.count, 1_000_000)
        XCTAssertEqual(text.unicodeScalars.count, scalars.count, "every character, line breaks as spaces")
        XCTAssertFalse(text.contains("\n"))
        XCTAssertTrue(text.hasPrefix("the quick brown fox jumps over the lazy dog, 東京 🐶 the quick"))
    }
}
