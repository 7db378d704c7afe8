import Foundation
import TestSupport
import XCTest

/// The full-screen explorer as a user runs it: the real binary and the default model inside a
/// private tmux server, driven with `send-keys` and read back with `capture-pane`.
///
/// Needs `tmux`, the built binary (`swift build`; or `BERTSCOPE_BIN`) and all-MiniLM-L6-v2
/// (`make model`); a missing piece fails the test with the command that fixes it.
final class ExplorerEndToEndTests: XCTestCase {
    var sessions: [TmuxSession] = []

    override func setUpWithError() throws {
        let binary = BinaryRunner.binary.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw SetupError("no bertscope binary at \(binary): run `swift build` (or set BERTSCOPE_BIN) first")
        }
        _ = try ModelFixtures.miniLM()
        let which = Process()
        which.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        which.arguments = ["tmux", "-V"]
        which.standardOutput = FileHandle.nullDevice
        which.standardError = FileHandle.nullDevice
        do {
            try which.run()
            which.waitUntilExit()
        } catch {}
        if which.terminationStatus != 0 {
            throw SetupError("tmux is not installed: run `make deps` (or apt-get install tmux)")
        }
    }

    override func tearDown() {
        for s in sessions { s.kill() }
        sessions.removeAll()
    }

    /// Starts `bertscope args...` in a fresh tmux window and waits for the first frame.
    func start(
        width: Int = 120, height: Int = 40, _ arguments: [String] = [], prefix: String = "", waitForUI: Bool = true,
        reportTTY: Bool = false, file: StaticString = #filePath, line: UInt = #line
    ) throws -> TmuxSession {
        let command = TmuxSession.commandLine(
            binary: BinaryRunner.binary.path, arguments: arguments, prefix: prefix, reportTTY: reportTTY)
        let s = try TmuxSession(width: width, height: height, command: command, environment: ["LANG": "C.UTF-8"])
        sessions.append(s)
        if waitForUI { try s.waitFor(text: "[SEP]", file: file, line: line) }
        return s
    }

    /// Asserts the pane shows a normal shell screen again: out of the alternate screen, cursor
    /// visible, mouse reporting and application keypad off.
    func assertTerminalRestored(_ s: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        let modes = try s.format(
            "#{alternate_on} #{cursor_flag} #{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag} #{keypad_cursor_flag}#{keypad_flag}"
        )
        XCTAssertEqual(modes, "0 1 0000 00", "alternate screen, cursor, mouse, keypad", file: file, line: line)
    }

    func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    // MARK: - Typing and stepping

    func testTypingASentenceShowsItsTokens() throws {
        let s = try start()
        try s.waitFor(text: "[CLS] hello , my dog is cute [SEP]")
        try s.sendKeys("C-u")
        try s.type("The quick brown fox jumps")
        try s.waitFor(text: "[CLS] the quick brown fox jumps [SEP]")
        try s.type(" unaffable")
        try s.waitFor(text: "jumps una ##ffa ##ble [SEP]")
    }

    func testTypingFastEndsOnTheLastText() throws {
        let s = try start()
        try s.sendKeys("C-u")
        for word in "a fast typist never waits for the model to catch up at all".split(separator: " ") {
            try s.type(word + " ")
        }
        try s.waitFor(text: "[CLS] a fast ty ##pis ##t never waits for the model to catch up at all [SEP]")
    }

    func testPastedTextArrivesWholeWithLineBreaksAsSpaces() throws {
        let s = try start()
        try s.sendKeys("C-u")
        try s.paste("Paris is the capital\nof France.")
        try s.waitFor(text: "[CLS] paris is the capital of france . [SEP]")
        XCTAssertTrue(try s.screen().contains("Paris is the capital of France."))
    }

    func testALargePasteArrivesWholeAndTheExplorerStaysLive() throws {
        // 200,000 characters: the paste itself is read in large chunks and collected in linear time (the
        // decoder's test takes 1,000,000); in a debug build the input line's drawing, linear in the text's
        // length per frame, is what takes the time here.
        let s = try start(width: 100, height: 30)
        try s.sendKeys("C-u")
        let line = "It was the best of times, it was the worst of times, it was the age of wisdom. "
        let text = String(repeating: line, count: 200_000 / line.count + 1) + "THE END"
        XCTAssertGreaterThan(text.count, 200_000)
        try s.pasteLarge(text)
        // The paste arrives whole (its end is on the input line) and the model sees its first 512 positions.
        try s.waitFor("the end of the paste on the input line", timeout: 120) { $0.contains("THE END") }
        try s.waitFor("the truncated encoding", timeout: 120) { $0.contains("[CLS] it was the best of times") }
        // Still live: the next keys are handled.
        try s.sendKeys("Escape", "PageDown")
        try s.waitFor("layer 2/6 after the paste", timeout: 60) { self.lastLine($0).contains("layer 2/6") }
        try s.sendKeys("q")
        try s.waitForExit(status: 0)
    }

    func testPageUpAndPageDownStepTheLayer() throws {
        let s = try start()
        try s.waitFor(text: "layer 1/6")
        try s.sendKeys("PageDown")
        try s.waitFor("layer 2/6 in the status bar") { self.lastLine($0).contains("layer 2/6") }
        try s.sendKeys("PageDown", "PageDown")
        try s.waitFor("layer 4/6 in the status bar") { self.lastLine($0).contains("layer 4/6") }
        try s.sendKeys("PageUp")
        try s.waitFor("layer 3/6 in the status bar") { self.lastLine($0).contains("layer 3/6") }
        for _ in 0..<8 { try s.sendKeys("PageDown") }
        try s.waitFor("the slider to stop at layer 6/6") { self.lastLine($0).contains("layer 6/6") }
        for _ in 0..<8 { try s.sendKeys("PageUp") }
        try s.waitFor(text: "layer 0/6")
    }

    func testHeadsSwitchToSingleMeanAndMax() throws {
        let s = try start()
        try s.waitFor(text: "head 1/12")
        try s.sendKeys("Escape")  // leave the input line
        try s.sendKeys("]")
        try s.waitFor(text: "head 2/12")
        try s.sendKeys("m")
        try s.waitFor(text: "head mean")
        try s.sendKeys("x")
        try s.waitFor(text: "head max")
        try s.sendKeys("5")
        try s.waitFor(text: "head 5/12")
    }

    func testStartingOptionsPickLayerAndHead() throws {
        let s = try start(["--layer", "4", "--head", "mean", "A sentence to start with."])
        try s.waitFor(text: "[CLS] a sentence to start with . [SEP]")
        let status = lastLine(try s.screen())
        XCTAssertTrue(status.contains("layer 4/6"), status)
        XCTAssertTrue(status.contains("head mean"), status)
    }

    func testAMouseClickOnTheSliderSetsTheLayer() throws {
        let s = try start()
        let screen = try s.waitFor(text: "layer 1/6")
        // The slider row reads "layer 1/6  0━━━1───2───…": click on its "4".
        guard let row = screen.split(separator: "\n").firstIndex(where: { $0.contains("0━") }) else {
            return XCTFail("no slider on screen:\n\(screen)")
        }
        let line = Array(screen.split(separator: "\n")[row])
        guard let zero = line.firstIndex(of: "0"), let four = line[zero...].firstIndex(of: "4") else {
            return XCTFail("no 4 on the slider: \(String(line))")
        }
        let x = line.distance(from: line.startIndex, to: four) + 1
        try s.type("\u{1B}[<0;\(x);\(row + 1)M\u{1B}[<0;\(x);\(row + 1)m")
        try s.waitFor("layer 4/6 after the click") { self.lastLine($0).contains("layer 4/6") }
    }

    func testMovingThePointerOverTheHeatmapShowsTheValueUnderIt() throws {
        let s = try start()
        let before = try s.waitFor(text: "layer 1/6")
        let readout = { (screen: String) -> String in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 3 ? String(lines[lines.count - 3]) : ""
        }
        // Pointer motion without a button (any-event tracking), over the middle of the main heatmap.
        try s.type("\u{1B}[<35;40;12M")
        try s.waitFor("the readout under the heatmap to follow the pointer") { readout($0) != readout(before) }
    }

    // MARK: - Sizes

    func testEverySizeFromSmallToLargeShowsTheUI() throws {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let s = try start(width: w, height: h)
            let screen = try s.waitFor("the status bar at \(w)x\(h)") { self.lastLine($0).contains("layer 1/6") }
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertGreaterThanOrEqual(lines.count, h, "\(w)x\(h)")
            XCTAssertTrue(screen.contains("[CLS] hello , my dog is cute [SEP]"), "\(w)x\(h):\n\(screen)")
            s.kill()
        }
    }

    func testResizingDownToTooSmallAndBackNeverLosesTheUI() throws {
        let s = try start()
        try s.resize(width: 80, height: 24)
        try s.waitFor("the UI redrawn at 80x24") { screen in
            let lines = screen.split(separator: "\n")
            return self.lastLine(screen).contains("layer 1/6") && lines.count <= 24
        }
        try s.resize(width: 20, height: 5)
        try s.waitFor(text: "too small")
        try s.resize(width: 1, height: 1)
        try s.waitForSettledScreen()
        try s.resize(width: 7, height: 3)
        try s.waitForSettledScreen()
        try s.resize(width: 120, height: 40)
        let back = try s.waitFor("the full UI again at 120x40") { self.lastLine($0).contains("layer 1/6") }
        XCTAssertFalse(back.contains("too small"), back)
        XCTAssertTrue(back.contains("[CLS] hello , my dog is cute [SEP]"), back)
        // Many quick resizes in a row.
        for (w, h) in [(100, 30), (60, 20), (150, 50), (30, 9), (200, 60), (90, 25)] {
            try s.resize(width: w, height: h)
        }
        try s.waitFor("the UI after a burst of resizes") { self.lastLine($0).contains("layer 1/6") }
        try s.sendKeys("C-c")
        try s.waitForExit(status: 0)
    }

    func testDrawingOnlyWhatChangedLeavesTheSameScreenAsAFullRepaint() throws {
        let s = try start(width: 100, height: 30)
        try s.type(" and a cat 東京 🐶")
        for (w, h) in [(60, 20), (20, 5), (140, 45), (1, 1), (100, 30)] {
            try s.resize(width: w, height: h)
            try s.sendKeys("PageDown")
            try s.waitForSettledScreen(interval: 0.06)
        }
        try s.sendKeys("Escape", "v", "]")
        try s.waitFor("layer 6/6, activations") {
            self.lastLine($0).contains("layer 6/6") && $0.contains("─ hidden_states[6]")
        }
        let incremental = try s.waitForSettledScreen()
        // Ctrl-L repaints every cell from scratch; record what it writes to prove it did.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bertscope-repaint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: log) }
        try s.tmux(["pipe-pane", "-o", "-t", "e2e", "cat > \(TmuxSession.shellQuote(log.path))"])
        try s.sendKeys("C-l")
        try s.waitFor("the repaint to be written") { _ in ((try? Data(contentsOf: log).count) ?? 0) > 3000 }
        try s.waitForSettledScreen()
        try s.tmux(["pipe-pane", "-t", "e2e"])
        let repaintBytes = (try? Data(contentsOf: log).count) ?? 0
        XCTAssertGreaterThan(repaintBytes, 3000, "Ctrl-L repainted the whole 100x30 screen")
        let repainted = try s.waitForSettledScreen()
        XCTAssertEqual(incremental, repainted, "the diffed screen differs from a full repaint")
    }

    // MARK: - Compare and similarity

    /// The row of the compare view that starts with `token`, as its numbers (nil: no such row).
    func compareRow(_ token: String, in screen: String) -> [Double]? {
        guard
            let row = screen.split(separator: "\n").first(where: {
                $0.hasPrefix(" \(token) ") || $0.hasPrefix("▶\(token) ")
            })
        else { return nil }
        return row.split(separator: " ").compactMap { Double($0.replacingOccurrences(of: "−", with: "-")) }
    }

    func testTypingACompareSentenceShowsBankIdenticalAtLayer0AndDivergingLater() throws {
        let s = try start(["the bank of the river"])
        try s.waitFor(text: "[CLS] the bank of the river [SEP]")
        try s.sendKeys("Escape", "C")
        try s.waitFor(text: "type a sentence to compare with")
        try s.type("the bank raised its rates")
        try s.waitFor(text: "4 of 7 tokens matched with the other's 7")
        try s.waitForSettledScreen()
        let screen = try s.screen()
        XCTAssertTrue(screen.contains(" vs › the bank raised its rates"), screen)
        XCTAssertTrue(screen.contains("focus: compare"), "typing stayed on the compare line: \(screen)")
        guard let bank = compareRow("bank", in: screen), bank.count == 7 else {
            return XCTFail("no bank row with 7 layers:\n\(screen)")
        }
        // the same word at the same position: identical embeddings; context pulls the two apart later
        XCTAssertEqual(bank[0], 1, accuracy: 0.005, "\(bank)")
        XCTAssertLessThan(bank[6], 0.95, "\(bank)")
        XCTAssertNotNil(screen.range(of: "river  · unmatched ·"), screen)
        // the line keeps typing: one more word re-matches without leaving it
        try s.type(" today")
        try s.waitFor(text: "4 of 7 tokens matched with the other's 8")
        // o shows the similarity view with the token-change column; the status bar names no head there
        try s.sendKeys("Escape", "o")
        let similarity = try s.waitFor(text: "token similarity")
        XCTAssertTrue(similarity.contains("cos to L0"), similarity)
        XCTAssertFalse(lastLine(similarity).contains("head 1/"), lastLine(similarity))
    }

    // MARK: - Leaving

    func testQuitWithQRestoresTheShell() throws {
        let s = try start()
        try s.sendKeys("Escape")
        try s.sendKeys("q")
        let screen = try s.waitForExit(status: 0)
        XCTAssertFalse(screen.contains("[CLS]"), "the explorer's screen is gone:\n\(screen)")
        try assertTerminalRestored(s)
    }

    func testATerminalWithoutAnAlternateScreenIsLeftClean() throws {
        // vt100 has no smcup/rmcup and no colours: the UI runs in mono and clears up after itself.
        let s = try start(width: 80, height: 24, prefix: "TERM=vt100 ")
        XCTAssertFalse(try s.screenWithEscapes().contains("38;5;"), "vt100 has no colours")
        try s.sendKeys("PageDown")
        try s.waitFor(text: "layer 2/6")
        try s.sendKeys("C-c")
        try s.waitForExit(status: 0)
        let screen = try s.screen()  // the visible screen (scrollback may hold earlier frames)
        XCTAssertTrue(screen.hasPrefix("EXITED:0"), "the shell continues at the top of a cleared screen:\n\(screen)")
        XCTAssertFalse(
            screen.contains("[CLS]") || screen.contains("layer 2/6"), "the last frame was cleared:\n\(screen)")
        XCTAssertEqual(try s.format("#{cursor_flag} #{mouse_any_flag}#{mouse_button_flag}"), "1 00")
    }

    func testCtrlCQuitsFromTheInputLine() throws {
        let s = try start()
        try s.sendKeys("C-c")
        try s.waitForExit(status: 0)
        try assertTerminalRestored(s)
    }

    /// Asserts the shell found the line discipline sane again (cooked mode, echo, signals, CR/NL mapping).
    func assertTTYSane(_ s: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        try s.waitFor("the shell's stty report", history: true) { $0.contains("TTY:") }
        XCTAssertEqual(
            try s.reportedTTYFlags(), ["echo", "icanon", "icrnl", "isig", "opost"],
            "stty -a in the pane after the explorer ended", file: file, line: line)
    }

    /// True while `pid` exists and is not a zombie.
    func running(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// CPU time (user + system, in clock ticks) `pid` has used so far.
    func cpuTicks(_ pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After "(comm)": state is field 3, utime field 14, stime field 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    func testSignalsRestoreTheTerminalAndEndTheProcessBySignal() throws {
        for (signal, status) in [(SIGTERM, 143), (SIGHUP, 129), (SIGINT, 130), (SIGQUIT, 131)] {
            let s = try start(width: 80, height: 24, reportTTY: true)
            let children = try s.childPIDs()
            XCTAssertEqual(children.count, 1, "one bertscope process under the pane's shell")
            for pid in children { kill(pid, signal) }  // one signal, once
            try s.waitForExit(status: Int32(status))
            XCTAssertFalse(children.contains(where: running), "signal \(signal): the process is gone")
            try assertTerminalRestored(s)
            try assertTTYSane(s)
            s.kill()
        }
    }

    func testAnIdleExplorerUsesNoCPU() throws {
        let s = try start(width: 80, height: 24)
        try s.waitForSettledScreen()
        guard let pid = try s.childPIDs().first else { return XCTFail("no bertscope process") }
        let before = cpuTicks(pid)
        // Two seconds of nothing: a loop spinning on an undrained wake pipe would burn ~200 ticks.
        for _ in 0..<10 { try s.waitForSettledScreen(interval: 0.2) }
        let used = cpuTicks(pid) - before
        XCTAssertLessThan(used, 20, "clock ticks of CPU while idle")
        XCTAssertTrue(running(pid))
    }

    func testClosingTheTerminalEndsTheProgram() throws {
        // Like a dropped SSH connection: the pty goes away (tmux closes it). setsid keeps the kernel's
        // SIGHUP from reaching bertscope, so this tests the other way out: it must notice the hang-up
        // on its input and end, not spin on a dead descriptor (the signal path is tested above).
        let s = try start(width: 80, height: 24, prefix: "setsid ")
        let children = try s.childPIDs()
        XCTAssertEqual(children.count, 1)
        s.kill()
        let deadline = Date().addingTimeInterval(10)
        while children.contains(where: running) && Date() < deadline { usleep(50_000) }
        XCTAssertFalse(children.contains(where: running), "bertscope still runs after its terminal closed")
        for pid in children where running(pid) { kill(pid, SIGKILL) }
    }

    func testACrashStillRestoresTheTerminal() throws {
        // SIGSEGV stands in for any crash: the guard restores the terminal, then the process dies of it.
        let s = try start(width: 80, height: 24, prefix: "SWIFT_BACKTRACE=enable=no ", reportTTY: true)
        for pid in try s.childPIDs() { kill(pid, SIGSEGV) }
        try s.waitForExit(status: 139)
        try assertTerminalRestored(s)
        try assertTTYSane(s)
    }

    func testACrashReportPrintsOnARestoredTerminalWithoutAPrompt() throws {
        // Swift's backtracer is on (the default): its report lands on the shell's screen, after the
        // restore, and it does not stop to ask "Press space to interact" on the terminal.
        let s = try start(width: 100, height: 30, reportTTY: true)
        for pid in try s.childPIDs() { kill(pid, SIGSEGV) }
        let screen = try s.waitFor("the crash report and the exit", timeout: 60, history: true) {
            $0.contains("EXITED:139")
        }
        XCTAssertTrue(screen.contains("Program crashed"), "the backtracer reported:\n\(screen)")
        XCTAssertFalse(screen.contains("Press space"), "no interactive prompt:\n\(screen)")
        try assertTerminalRestored(s)
        try assertTTYSane(s)
    }

    // MARK: - Terminals that cannot

    func testDumbTerminalGetsOneLineAndStatusTwo() throws {
        let s = try start(width: 200, height: 24, prefix: "TERM=dumb ", waitForUI: false)
        let screen = try s.waitForExit(status: 2)
        let lines = screen.split(separator: "\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 2, screen)
        XCTAssertTrue(lines[0].hasPrefix("bertscope: TERM 'dumb' cannot run the full-screen UI"), screen)
        XCTAssertTrue(lines[0].contains("bertscope inspect"), screen)
        try assertTerminalRestored(s)
    }

    func testUnsetUnknownAndDumbTERMAreOneLineErrorsWithStatusTwo() throws {
        for term in ["", "dumb", "no-such-terminal-type"] {
            let r = try BinaryRunner.run([], environment: ["TERM": term])
            XCTAssertEqual(r.status, 2, "TERM='\(term)': \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix("bertscope: TERM"), r.stderr)
            XCTAssertEqual(r.stdout, "", "nothing is drawn")
        }
    }

    func testOutputThatIsNotATerminalIsRefused() throws {
        let r = try BinaryRunner.run([], environment: ["TERM": "xterm-256color"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("not a terminal"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    // MARK: - Colour

    func testColourModesReachTheTerminal() throws {
        let s256 = try start(width: 80, height: 24, ["--colors", "256"])
        XCTAssertTrue(try s256.screenWithEscapes().contains("38;5;"), "256-colour escapes on screen")
        s256.kill()
        let mono = try start(width: 80, height: 24, prefix: "NO_COLOR=1 ")
        let escapes = try mono.screenWithEscapes()
        XCTAssertFalse(escapes.contains("38;5;") || escapes.contains("48;5;"), "NO_COLOR: no colours")
        mono.kill()
    }

    /// Asserts no character on `screen` is drawn in its own background colour (the terminal's default
    /// background counts as black: the dark theme assumes it). Shade and block glyphs are colour, not text.
    func assertNoTextInItsOwnBackground(
        _ screen: CapturedScreen, _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let pictures: Set<String> = ["░", "▒", "▓", "▀", "▄", "█", "▁", "▂", "▃", "▅", "▆", "▇", " "]
        for (y, row) in screen.rows.enumerated() {
            for (x, cell) in row.enumerated() where !pictures.contains(cell.text) {
                guard let fg = cell.fg else { continue }
                XCTAssertNotEqual(
                    fg, cell.bg ?? 0,
                    "\(what): '\(cell.text)' at (\(x), \(y)) in its own background colour: \(screen.text(y))",
                    file: file, line: line)
            }
        }
    }

    /// The cells of the colour legend on the row that holds "0 ... 1" (the attention scale).
    func legendCells(_ screen: CapturedScreen) -> [CapturedScreen.Cell]? {
        for row in screen.rows.reversed() {
            let text = row.map(\.text).joined()
            guard let zero = text.range(of: " 0 ", options: .backwards), text.hasSuffix(" 1") || text.contains(" 1 ")
            else { continue }
            let start = text.distance(from: text.startIndex, to: zero.upperBound)
            let cells = Array(row[start...].prefix { $0.text != " " || $0.bg != nil })
            if cells.count >= 8 { return cells }
        }
        return nil
    }

    func testEightAndSixteenColourTerminalsShowEightLevelsAndReadableText() throws {
        for term in ["xterm", "xterm-16color"] {
            let s = try start(width: 100, height: 30, prefix: "TERM=\(term) ")
            let screen = CapturedScreen(try s.waitForSettledScreen())
            assertNoTextInItsOwnBackground(screen, term)
            guard let legend = legendCells(screen) else {
                XCTFail("\(term): no attention legend on screen:\n\(try s.screen())")
                continue
            }
            XCTAssertGreaterThanOrEqual(
                Set(legend).count, 8, "\(term): the 10-step legend shows 8 or more looks: \(legend)")
            XCTAssertTrue(
                legend.allSatisfy { ($0.bg ?? 0) < 8 && ($0.fg ?? 0) < 8 },
                "\(term): only the eight colours every terminal has")
            // The activation view's diverging scale: cool below 0, warm above.
            try s.sendKeys("Escape", "v")
            let activations = CapturedScreen(try s.waitForSettledScreen())
            assertNoTextInItsOwnBackground(activations, "\(term) activations")
            let cool: Set<Int> = [2, 4, 6]
            let warm: Set<Int> = [1, 3, 5]
            guard let row = activations.rows.last(where: { r in r.map(\.text).joined().contains("p99") }) else {
                XCTFail("\(term): no diverging legend:\n\(try s.screen())")
                continue
            }
            let scale = row.filter { $0.bg != nil && $0.bg != 0 && ($0.text == " " || "░▒▓".contains($0.text)) }
            let colours = scale.map { Set([$0.bg, $0.fg].compactMap { $0 }).subtracting([0]) }
            XCTAssertTrue(
                colours.first.map { !$0.isDisjoint(with: cool) && $0.isDisjoint(with: warm) } ?? false,
                "\(term): −p99 is cool: \(scale)")
            XCTAssertTrue(
                colours.last.map { !$0.isDisjoint(with: warm) && $0.isDisjoint(with: cool) } ?? false,
                "\(term): +p99 is warm: \(scale)")
            s.kill()
        }
    }

    func testALightTerminalStartsWithTheLightTheme() throws {
        /// How many cells of the input line have a light background painted (256-colour whites).
        func lightCells(_ s: TmuxSession) throws -> Int {
            CapturedScreen(try s.waitForSettledScreen()).rows[0].filter { $0.bg == 231 || $0.bg == 255 }.count
        }
        let dark = try start(width: 80, height: 24, prefix: "COLORFGBG='15;0' ")
        XCTAssertEqual(try lightCells(dark), 0, "the dark theme keeps the terminal's own background")
        dark.kill()
        let light = try start(width: 80, height: 24, prefix: "COLORFGBG='0;15' ")
        XCTAssertGreaterThan(try lightCells(light), 10, "the light theme paints its background")
        light.kill()
        let chosen = try start(width: 80, height: 24, ["--theme", "dark"], prefix: "COLORFGBG='0;15' ")
        XCTAssertEqual(try lightCells(chosen), 0, "--theme wins")
    }

    func testTrueColourThatCannotBeHadIsSaidInTheStatusBarAtOnce() throws {
        let s = try start(width: 120, height: 30, ["--colors", "truecolor"], prefix: "TERM=vt100 ")
        try s.waitFor("the status bar's note") {
            self.lastLine($0).contains("truecolor") && self.lastLine($0).contains("no colours")
        }
    }

    func testCOLORTERMTruecolorUsesTheDirectColourSiblingEntry() throws {
        // A private terminfo directory with tmux-direct (as ncurses-term ships it), compiled with tic.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bertscope-terminfo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("direct.src")
        try """
        tmux-direct|tmux with direct colour,
        \tRGB, colors#0x1000000, pairs#0x10000, initc@, initp@, ccc@,
        \tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48\\:2\\:\\:%p1%{65536}%/%d\\:%p1%{256}%/%{255}%&%d\\:%p1%{255}%&%d%;m,
        \tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38\\:2\\:\\:%p1%{65536}%/%d\\:%p1%{256}%/%{255}%&%d\\:%p1%{255}%&%d%;m,
        \tuse=tmux-256color,

        """.write(to: source, atomically: true, encoding: .utf8)
        let tic = Process()
        tic.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tic.arguments = ["tic", "-x", "-o", dir.path, source.path]
        try tic.run()
        tic.waitUntilExit()
        XCTAssertEqual(tic.terminationStatus, 0, "tic (ncurses-bin) compiles the entry")

        let s = try start(
            width: 80, height: 24,
            prefix: "TERMINFO_DIRS=\(dir.path):/etc/terminfo:/lib/terminfo:/usr/share/terminfo COLORTERM=truecolor ")
        let escapes = try s.screenWithEscapes()
        XCTAssertTrue(escapes.contains("48;2;"), "24-bit backgrounds in the heatmap")
        XCTAssertFalse(escapes.contains("48;5;"), "no palette colours left")
        try s.sendKeys("C-c")
        try s.waitForExit(status: 0)
        try assertTerminalRestored(s)
    }
}

/// A missing prerequisite, with the command that fixes it (fails the test; never a skip).
struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
