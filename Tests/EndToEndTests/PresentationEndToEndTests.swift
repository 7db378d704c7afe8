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
        let deck = try writeDeck("The cat sat on the mat.\tIt was tired.\tlayer=3\thead=mean\n# a comment\nThe bank of the river.\tview=grid\nPooler time.\tlayer=6\thead=2\n")
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
        XCTAssertTrue(status.contains("slide 3/3") && status.contains("layer 6/6") && status.contains("head 2/12"), status)
        try s.sendKeys("n")  // the last slide stays
        try s.waitFor("slide 3/3 to stay") { self.lastLine($0).contains("slide 3/3") }
        try s.sendKeys("p", "p")
        try s.waitFor(text: "[CLS] the cat sat on the mat . [SEP]")
        try s.waitFor("slide 1/3 again") { self.lastLine($0).contains("slide 1/3") }
    }

    func testPresentationZoomAndZen() throws {
        let deck = try writeDeck("Big cells for the back row of the hall.\tFourteen tokens.\tlayer=2\thead=1\n")
        let s = try start(width: 80, height: 24, ["--present", deck])
        try s.waitFor(text: "[CLS] big cells for the back row of the hall . [SEP]")
        let before = try s.screen()
        XCTAssertTrue(before.contains("[CLS] vs pooler_output"), before)
        func keyHeader(_ screen: String) -> String {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let title = lines.firstIndex(where: { $0.contains("attention · layer") }), title + 1 < lines.count else { return "" }
            return lines[title + 1]
        }
        // Automatic size at 80x24: 2-character cells, so the key labels run downwards ("C" over "L" over "S").
        XCTAssertFalse(keyHeader(before).contains("[CLS]"), before)
        try s.sendKeys("=", "=")  // zoom 2, then 3 characters per cell
        let zoomed = try s.waitFor(text: "zoom 3")
        // Wider cells: the key labels are written across, so "[CLS]" heads its column.
        XCTAssertTrue(keyHeader(zoomed).contains("[CLS]"), zoomed)
        try s.sendKeys("Z")  // zen: only the sentence and the heatmaps
        let zen = try s.waitFor("the side panel to go in zen mode") { !$0.contains("[CLS] vs pooler_output") }
        XCTAssertTrue(zen.contains("Big cells for the back row of the hall."), zen)
        XCTAssertFalse(zen.contains("0━"), "the layer slider hides in zen mode:\n\(zen)")
        try s.sendKeys("Z")
        try s.waitFor(text: "[CLS] vs pooler_output")
        try s.sendKeys("-", "-", "-")
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
        try s.waitFor("the status bar to say where the shots went") { self.lastLine($0).contains("saved 7 files") }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(files.count, 7, "\(files)")
        let base = "all-minilm-l6-v2_layer2_head1_shots-for-the-docs"
        for suffix in ["attention.png", "attention.svg", "activations.png", "activations.svg", "pooler.png", "pooler.svg", "screen.svg"] {
            XCTAssertTrue(files.contains("\(base)-\(suffix)"), "\(suffix) missing from \(files)")
        }
    }
}
