import Foundation
import TestSupport
import XCTest

/// `bertscope --present FILE` as a speaker runs it: the real binary in tmux, stepping the deck with n/p,
/// zooming the heatmap cells and hiding everything but the heatmaps with zen, at 80x24.
extension ExplorerEndToEndTests {
    /// Writes a deck to a temporary file and returns its path.
    func writeDeck(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deck-\(UUID().uuidString).tsv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testPresentationStepsSlidesWithNAndP() throws {
        let deck = try writeDeck(
            "The cat sat on the mat.\tIt was tired.\tlayer=3\thead=mean\n# a comment\nThe bank of the river.\tview=grid\nPooler time.\tlayer=6\thead=2\n"
        )
        let s = try start(width: 80, height: 24, ["--present", deck])
        try s.waitFor(text: "[CLS] the cat sat on the mat . [SEP] it was tired . [SEP]")
        var status = lastLine(try s.screen())
        XCTAssertTrue(status.contains("slide 1/3"), status)
        XCTAssertTrue(status.contains("layer 3/6") && status.contains("head mean"), status)
        try s.sendKeys("n")  // a presentation starts off the input line: n steps at once
        try s.waitFor(text: "[CLS] the bank of the river . [SEP]")
        try s.waitFor(text: "all 6 layers × 12 heads")
        try s.sendKeys("n")
        try s.waitFor(text: "[CLS] poole ##r time . [SEP]")
        status = lastLine(try s.screen())
        XCTAssertTrue(
            status.contains("slide 3/3") && status.contains("layer 6/6") && status.contains("head 2/12"), status)
        try s.sendKeys("n")  // the last slide stays
        try s.waitFor("slide 3/3 to stay") { self.lastLine($0).contains("slide 3/3") }
        try s.sendKeys("p", "p")
        try s.waitFor(text: "[CLS] the cat sat on the mat . [SEP]")
        try s.waitFor("slide 1/3 again") { self.lastLine($0).contains("slide 1/3") }
    }

    /// The screen once two captures in a row (with colours, `escapes`) are the same.
    func settledScreen(_ s: TmuxSession, escapes: Bool = false, file: StaticString = #filePath, line: UInt = #line)
        throws
        -> String
    {
        var last = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let now = try escapes ? s.screenWithEscapes() : s.screen()
            if now == last { return now }
            last = now
            usleep(100_000)
        }
        XCTFail("the screen never settled:\n\(last)", file: file, line: line)
        return last
    }

    /// The screen without its last line (the status bar, whose encode time differs from run to run).
    func withoutStatusBar(_ screen: String) -> String {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.dropLast().joined(separator: "\n")
    }

    func testASlideLooksTheSameReachedForwardOrBack() throws {
        let deck = try writeDeck(
            "The cat sat on the mat.\tlayer=3\thead=mean\r\nThe bank of the river.\tview=grid\r\n"
                + "Money in the bank.\tview=intermediate\thead=2\r\nPlain slide, deck defaults.\r\n")
        let s = try start(width: 120, height: 40, ["--present", deck])
        try s.waitFor(text: "[CLS] the cat sat on the mat . [SEP]")
        let tokens = [
            "[CLS] the cat sat on the mat . [SEP]", "[CLS] the bank of the river . [SEP]",
            "[CLS] money in the bank . [SEP]",
            "[CLS] plain slide , deck default ##s . [SEP]",
        ]
        func waitForSlide(_ i: Int) throws {
            try s.waitFor("slide \(i)/4 encoded") {
                self.lastLine($0).contains("slide \(i)/4") && !self.lastLine($0).contains("encoding")
                    && $0.contains(tokens[i - 1])
            }
        }
        var forward: [String] = []
        for i in 1...4 {
            try waitForSlide(i)
            forward.append(withoutStatusBar(try settledScreen(s, escapes: true)))
            // look elsewhere before moving on: none of it may stay for the next slide
            try s.sendKeys("z", "]", "Right")
            if i < 4 { try s.sendKeys("n") }
        }
        var backward: [String] = []
        for i in stride(from: 4, through: 1, by: -1) {
            if i == 4 {
                // back to slide 3 and forward again, so slide 4 is reached from the other side too
                try s.sendKeys("p")
                try waitForSlide(3)
                try s.sendKeys("n")
            } else {
                try s.sendKeys("p")
            }
            try waitForSlide(i)
            backward.insert(withoutStatusBar(try settledScreen(s, escapes: true)), at: 0)
            try s.sendKeys("g", "Left", "x")
        }
        for i in 0..<4 {
            let f = forward[i].split(separator: "\n", omittingEmptySubsequences: false)
            let b = backward[i].split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(f, b).enumerated().first { $0.element.0 != $0.element.1 }
            XCTAssertTrue(
                first == nil && f.count == b.count,
                "slide \(i + 1) differs forward and back at line \(first?.offset ?? -1):\n\(first.map { "\($0.element.0)\n\($0.element.1)" } ?? "")"
            )
        }
    }

    /// The area of one attention cell in character cells, read from the labels: the column labels' spacing on the
    /// line under the title (the cell width, or twice it when staggered) times the lines from the first row's
    /// label to the second's (the row height; 1 when two rows share a half-block line).
    func cellArea(_ screen: String) -> Int {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.firstIndex { $0.hasPrefix("▶[CLS]") }
        let second = lines.firstIndex { $0.hasPrefix(" big ") }
        let rowLines = first.flatMap { f in second.map { max(1, $0 - f) } } ?? 1
        return labelSpacing(screen) * rowLines
    }

    /// The smallest distance between the starts of the column labels on the line under the attention title:
    /// the cell width (labels across or downwards) or twice it (staggered), so it grows with the cells.
    func labelSpacing(_ screen: String) -> Int {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // the main view's title rule is the first line that starts with one
        guard let title = lines.firstIndex(where: { $0.hasPrefix("─ ") }), title + 1 < lines.count else { return 0 }
        let header = Array(lines[title + 1].prefix { $0 != "│" })
        var starts: [Int] = []
        for (i, ch) in header.enumerated() where ch != " " && (i == 0 || header[i - 1] == " ") { starts.append(i) }
        guard starts.count >= 2 else { return 1 }
        return zip(starts.dropFirst(), starts).map { $0 - $1 }.min() ?? 1
    }

    func testPlusGrowsTheCellsAndMinusShrinksThem() throws {
        let deck = try writeDeck("Big cells for the back row of the hall.\tlayer=2\thead=1\n")
        let s = try start(width: 80, height: 24, ["--present", deck])
        try s.waitFor(text: "[CLS] big cells for the back row of the hall . [SEP]")
        let fitted = cellArea(try settledScreen(s))
        try s.sendKeys("+")
        try s.waitFor(text: "zoom +1")
        let one = cellArea(try settledScreen(s))
        try s.sendKeys("+")
        try s.waitFor(text: "zoom +2")
        let two = cellArea(try settledScreen(s))
        XCTAssertGreaterThan(one, fitted, "+ makes the cells larger than the fitted size")
        XCTAssertGreaterThan(two, one)
        try s.sendKeys("-", "-")
        try s.waitFor("the fitted size again") { !$0.contains("zoom ") }
        XCTAssertEqual(cellArea(try settledScreen(s)), fitted)
    }

    func testPresentationZoomAndZen() throws {
        let deck = try writeDeck("Big cells for the back row of the hall.\tFourteen tokens.\tlayer=2\thead=1\n")
        let s = try start(width: 80, height: 24, ["--present", deck])
        try s.waitFor(text: "[CLS] big cells for the back row of the hall . [SEP]")
        let before = try s.screen()
        XCTAssertTrue(before.contains("[CLS] vs pooler_output"), before)
        // Two sizes larger than fitted (testPlusGrowsTheCellsAndMinusShrinksThem measures them).
        try s.sendKeys("=", "=")
        try s.waitFor(text: "zoom +2")
        try s.sendKeys("Z")  // zen: only the sentence and the heatmaps
        let zen = try s.waitFor("the side panel to go in zen mode") { !$0.contains("[CLS] vs pooler_output") }
        XCTAssertTrue(zen.contains("Big cells for the back row of the hall."), zen)
        XCTAssertFalse(zen.contains("0━"), "the layer slider hides in zen mode:\n\(zen)")
        try s.sendKeys("Z")
        try s.waitFor(text: "[CLS] vs pooler_output")
        try s.sendKeys("-", "-")
        try s.waitFor("the zoom to return to automatic") { !$0.contains("zoom ") }
        try s.sendKeys("q")
        try s.waitForExit(status: 0)
        try assertTerminalRestored(s)
    }

    func testABadDeckIsOneLineAndStatusTwo() throws {
        let deck = try writeDeck("Fine.\nBroken.\tlayer=42\n")
        let s = try start(width: 80, height: 24, ["--present", deck], waitForUI: false)
        // The line is longer than the pane, so tmux wraps it: compare without the wraps.
        let screen = try s.waitForExit(status: 2).replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(screen.contains("bertscope: --present \(deck): line 2: layer=42: use 0 to 6"), screen)
    }

    func testSKeySavesFiguresAndTheScreenAndSaysWhere() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shots-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let s = try start(width: 100, height: 30, ["--shots", dir.path, "--layer", "2", "Shots for the docs."])
        try s.waitFor(text: "[CLS] shots for the doc ##s . [SEP]")
        try s.sendKeys("Escape", "s")
        try s.waitFor("the status bar to say where the shots went") { self.lastLine($0).contains("saved 5 files") }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(files.count, 5, "\(files)")
        // what is on a 100x30 screen: the attention heatmap and the side panel, named with view and theme
        let base = "all-minilm-l6-v2_layer2_head1_dark_shots-for-the-docs"
        for suffix in ["attention.png", "attention.svg", "pooler.png", "pooler.svg", "screen.svg"] {
            XCTAssertTrue(files.contains("\(base)-\(suffix)"), "\(suffix) missing from \(files)")
        }
        // a second s adds files, it never overwrites
        try s.sendKeys("g", "s")
        try s.waitFor("the second save") { self.lastLine($0).contains("saved 3 files") }
        let after = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(after.count, 8, "\(after)")
        XCTAssertTrue(after.contains("\(base)_2-grid.png"), "\(after)")
    }
}
