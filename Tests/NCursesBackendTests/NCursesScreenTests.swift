import Foundation
import NCursesBackend
import ScopeUI
import XCTest

/// Real ncurses, no terminal: output to a temporary file (to count bytes), input from a pipe.
final class NCursesScreenTests: XCTestCase {
    var outputFD: Int32 = -1
    var inputRead: Int32 = -1
    var inputWrite: Int32 = -1
    var outputPath = ""

    override func setUpWithError() throws {
        outputPath = NSTemporaryDirectory() + "bertscope-screen-\(getpid())-\(UUID().uuidString)"
        outputFD = open(outputPath, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(outputFD, 0)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        (inputRead, inputWrite) = (fds[0], fds[1])
    }

    override func tearDown() {
        close(outputFD)
        close(inputRead)
        close(inputWrite)
        unlink(outputPath)
    }

    func makeScreen(width: Int = 40, height: Int = 10, colors: ColorMode = .palette256) throws -> NCursesScreen {
        try NCursesScreen.offscreen(
            term: "xterm-256color", colors: colors, size: Size(width: width, height: height), inputFD: inputRead,
            outputFD: outputFD)
    }

    var bytesWritten: Int { Int(lseek(outputFD, 0, SEEK_END)) }

    func send(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(inputWrite, $0.baseAddress, $0.count) }
    }

    func sampleBuffer(width: Int, height: Int, label: String = "layer 3/6") -> CellBuffer {
        var b = CellBuffer(width: width, height: height)
        b.put(label, x: 0, y: 0, style: Style(fg: RGB(255, 200, 0), attributes: [.bold]))
        b.put("犬 dog ##s", x: 0, y: 1, style: .plain)
        for x in 0..<width {
            b[x, height - 1] = Cell("▀", style: Style(fg: RGB(UInt8(x * 5 % 256), 0, 0), bg: RGB(0, 0, 200)))
        }
        return b
    }

    func testRedrawingTheSameFrameWritesNothingAndOneChangedCellWritesLittle() throws {
        let screen = try makeScreen()
        defer { screen.close() }
        let frame = sampleBuffer(width: 40, height: 10)
        screen.draw(frame)
        let afterFirst = bytesWritten
        XCTAssertGreaterThan(afterFirst, 40, "the first frame is painted")
        screen.draw(frame)
        XCTAssertEqual(bytesWritten, afterFirst, "an unchanged frame sends no bytes")
        screen.draw(sampleBuffer(width: 40, height: 10, label: "layer 4/6"))
        let delta = bytesWritten - afterFirst
        XCTAssertGreaterThan(delta, 0)
        XCTAssertLessThan(delta, 40, "one changed digit costs a cursor move and a character, not a repaint")
    }

    func testFramesLargerThanTheScreenAreClippedDownToOneByOne() throws {
        let screen = try makeScreen(width: 1, height: 1)
        defer { screen.close() }
        screen.draw(sampleBuffer(width: 120, height: 40))
        screen.draw(CellBuffer(width: 1, height: 1, fill: Cell("犬")))
        screen.draw(CellBuffer(width: 0, height: 0))
        XCTAssertEqual(screen.currentSize(), Size(width: 1, height: 1))
    }

    func testWideAndCombiningCharactersAndBrokenBuffersDrawWithoutDrift() throws {
        let screen = try makeScreen(width: 10, height: 2)
        defer { screen.close() }
        var b = CellBuffer(width: 10, height: 2)
        b.put("犬e\u{301}🇫🇷x", x: 0, y: 0, style: .plain)
        b[9, 1] = Cell("犬")  // a wide character in the last column, with no room for its right half
        b[3, 1] = Cell("")  // a continuation cell without a wide character before it
        screen.draw(b)
        let text = try String(contentsOfFile: outputPath, encoding: .utf8)
        XCTAssertTrue(text.contains("犬"), text)
        XCTAssertTrue(text.contains("e\u{301}"), "the combining accent stays with its letter")
    }

    func testManyDistinctTrueColoursOutgrowThePairTableAndStillDraw() throws {
        // xterm-direct (ncurses-term) sends 24-bit colours itself, in pairs of which it has 65,536: eight
        // frames of 12,000 distinct colour pairs walk through more than that, forcing a reset and repaint.
        let screen = try NCursesScreen.offscreen(
            term: "xterm-direct", colors: .truecolor, size: Size(width: 200, height: 60), inputFD: inputRead,
            outputFD: outputFD)
        defer { screen.close() }
        XCTAssertEqual(screen.colorMode, .truecolor)
        func color(_ x: Int, _ y: Int, _ frame: Int, _ salt: Int) -> RGB {
            let v = (x + y * 200 + frame * 12000) * 2 + salt  // distinct for every cell of every frame
            return RGB(UInt8(16 + v % 200), UInt8(16 + (v / 200) % 200), UInt8(16 + (v / 40000) % 200))
        }
        var last = CellBuffer(width: 200, height: 60)
        for frame in 0..<8 {
            var b = CellBuffer(width: 200, height: 60)
            for y in 0..<60 {
                for x in 0..<200 {
                    b[x, y] = Cell("▀", style: Style(fg: color(x, y, frame, 0), bg: color(x, y, frame, 1)))
                }
            }
            screen.draw(b)
            last = b
        }
        let output = try String(contentsOfFile: outputPath, encoding: .utf8)
        XCTAssertFalse(output.contains("48;5;") || output.contains("38;5;"), "no palette colours in true colour")
        // The last frame's corners, in xterm-direct's SGR form (ESC [ 48:2::R:G:B m), each reached the terminal.
        for (x, y) in [(0, 0), (199, 0), (0, 59), (199, 59)] {
            guard let bg = last[x, y].style.bg, let fg = last[x, y].style.fg else { return XCTFail("no colour") }
            XCTAssertTrue(output.contains("48:2::\(bg.r):\(bg.g):\(bg.b)m"), "background of (\(x), \(y)) \(bg)")
            XCTAssertTrue(output.contains("38:2::\(fg.r):\(fg.g):\(fg.b)m"), "foreground of (\(x), \(y)) \(fg)")
        }
    }

    func testPalette256DrawsThroughThePaletteWhenThePairTableFills() throws {
        let screen = try makeScreen(width: 200, height: 60, colors: .palette256)
        defer { screen.close() }
        // 256-colour mode has at most 257 x 257 pairs; 12000 distinct keys per frame a few times force resets.
        for frame in 0..<8 {
            var b = CellBuffer(width: 200, height: 60)
            for y in 0..<60 {
                for x in 0..<200 {
                    let v = (x + y * 200 + frame * 12000) % 66049
                    b[x, y] = Cell(
                        "▀",
                        style: Style(
                            fg: ColorReduction.rgb(ofXterm: v % 257 == 256 ? 0 : v % 257),
                            bg: ColorReduction.rgb(ofXterm: (v / 257) % 256)))
                }
            }
            screen.draw(b)
        }
        let output = try String(contentsOfFile: outputPath, encoding: .utf8)
        XCTAssertTrue(output.contains("48;5;"), "palette backgrounds")
        XCTAssertFalse(output.contains("48:2::") || output.contains("48;2;"), "no 24-bit colours in 256-colour mode")
    }

    func testKeysTextPasteAndMouseComeThroughRealNcursesDecoding() throws {
        let screen = try makeScreen()
        defer { screen.close() }
        _ = screen.nextEvents(timeout: 0)  // the initial size report
        send("\u{1B}[A\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[Z\u{7F}\u{8}\u{15}é犬\r")
        var events: [InputEvent] = []
        for _ in 0..<20 where events.count < 11 { events += screen.nextEvents(timeout: 50) }
        XCTAssertEqual(
            events,
            [
                .key(.up), .key(.pageUp), .key(.pageDown), .key(.delete), .key(.backTab), .key(.backspace),
                .key(.backspace),
                .key(.ctrl("u")), .key(.character("é")), .key(.character("犬")), .key(.enter),
            ])
        send("\u{1B}[200~hello\r\nworld q\u{1B}[201~")
        events = []
        for _ in 0..<20 where events.isEmpty { events += screen.nextEvents(timeout: 50) }
        XCTAssertEqual(events, [.paste("hello world q")])
        // xterm SGR mouse reports (1-based): press at (5,3), drag to (7,3), release, wheel down.
        send("\u{1B}[<0;5;3M\u{1B}[<32;7;3M\u{1B}[<0;7;3m\u{1B}[<65;2;2M")
        events = []
        for _ in 0..<20 where events.count < 4 { events += screen.nextEvents(timeout: 50) }
        XCTAssertEqual(
            events,
            [
                .mouse(MouseEvent(kind: .press, x: 4, y: 2)), .mouse(MouseEvent(kind: .drag, x: 6, y: 2)),
                .mouse(MouseEvent(kind: .release, x: 6, y: 2)), .mouse(MouseEvent(kind: .wheelDown, x: 1, y: 1)),
            ])
    }

    func testALargePasteIsReadWholeAndWhatFollowsItStillArrives() throws {
        let screen = try makeScreen()
        defer { screen.close() }
        _ = screen.nextEvents(timeout: 0)
        // 40,000 bytes with multi-byte characters (cut across reads somewhere), then a key after the paste.
        let body = String(repeating: "naïve 東京 🐶 text ", count: 40_000 / 22)
        send("\u{1B}[200~" + body + "\u{1B}[201~x")
        var events: [InputEvent] = []
        for _ in 0..<40 where events.count < 2 { events += screen.nextEvents(timeout: 50) }
        XCTAssertEqual(events.count, 2, "\(events.map { "\($0)".prefix(40) })")
        XCTAssertEqual(events.first, .paste(body))
        XCTAssertEqual(events.last, .key(.character("x")), "the key typed after the paste")
    }

    func testAHungUpInputEndsTheLoopLikeSIGHUP() throws {
        let screen = try makeScreen()
        defer { screen.close() }
        _ = screen.nextEvents(timeout: 0)
        send("ab")
        close(inputWrite)
        inputWrite = -1
        var events: [InputEvent] = []
        for _ in 0..<5 { events += screen.nextEvents(timeout: 50) }
        XCTAssertEqual(events, [.key(.character("a")), .key(.character("b"))], "what was typed still arrives")
        XCTAssertEqual(screen.pendingSignal, SIGHUP)
    }

    func testTheFirstPollReportsTheSize() throws {
        let screen = try makeScreen(width: 120, height: 40)
        defer { screen.close() }
        XCTAssertEqual(screen.nextEvents(timeout: 0), [.resize(Size(width: 120, height: 40))])
        XCTAssertEqual(screen.nextEvents(timeout: 0), [])
    }
}
