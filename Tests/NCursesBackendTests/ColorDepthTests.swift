import NCursesBackend
import ScopeUI
import XCTest

final class ColorDepthTests: XCTestCase {
    /// A terminfo database with the usual entries (and, optionally, xterm-direct).
    func database(withDirect: Bool) -> (String) -> TerminfoColors? {
        { name in
            switch name {
            case "xterm-256color", "tmux-256color", "screen-256color": return TerminfoColors(colors: 256, hasRGB: false)
            case "xterm", "screen", "linux": return TerminfoColors(colors: 8, hasRGB: false)
            case "vt100": return TerminfoColors(colors: -1, hasRGB: false)
            case "xterm-direct", "tmux-direct": return withDirect ? TerminfoColors(colors: 1 << 24, hasRGB: true) : nil
            case "kitty-direct": return TerminfoColors(colors: 256, hasRGB: true)
            default: return nil
            }
        }
    }

    func resolve(_ request: ColorRequest, _ env: [String: String], term: String, direct: Bool = true) -> ColorSetup {
        ColorDepth.resolve(request: request, environment: env, term: term, lookup: database(withDirect: direct))
    }

    func testAutoUses256ColoursFromTerminfoWithoutColorterm() {
        XCTAssertEqual(
            resolve(.auto, [:], term: "xterm-256color"), ColorSetup(mode: .palette256, terminfoName: "xterm-256color"))
    }

    func testNoColorGivesMonoInAutoButAnExplicitRequestWins() {
        XCTAssertEqual(resolve(.auto, ["NO_COLOR": "1"], term: "xterm-256color").mode, .mono)
        XCTAssertEqual(
            resolve(.auto, ["NO_COLOR": ""], term: "xterm-256color").mode, .palette256, "empty NO_COLOR is ignored")
        XCTAssertEqual(resolve(.fixed(.palette256), ["NO_COLOR": "1"], term: "xterm-256color").mode, .palette256)
    }

    func testColortermTruecolorSwitchesToTheDirectSiblingEntry() {
        XCTAssertEqual(
            resolve(.auto, ["COLORTERM": "truecolor"], term: "xterm-256color"),
            ColorSetup(mode: .truecolor, terminfoName: "xterm-direct"))
        XCTAssertEqual(
            resolve(.auto, ["COLORTERM": "24bit"], term: "tmux-256color"),
            ColorSetup(mode: .truecolor, terminfoName: "tmux-direct"))
    }

    func testColortermTruecolorStaysOn256WithANoteWhenNoDirectEntryExists() {
        let setup = resolve(.auto, ["COLORTERM": "truecolor"], term: "xterm-256color", direct: false)
        XCTAssertEqual(setup.mode, .palette256)
        XCTAssertEqual(setup.terminfoName, "xterm-256color")
        XCTAssertTrue(
            setup.note?.contains("ncurses-term") == true, "the status bar says why: \(setup.note ?? "no note")")
    }

    func testColortermTruecolorWorksInTmuxAndXtermWhateverTheirTERMSays() {
        // tmux sets TERM=screen-256color (or screen) for its panes unless told otherwise.
        XCTAssertEqual(
            resolve(.auto, ["COLORTERM": "truecolor", "TMUX": "/tmp/tmux-0/default,1,0"], term: "screen-256color"),
            ColorSetup(mode: .truecolor, terminfoName: "tmux-direct"))
        XCTAssertEqual(resolve(.auto, ["COLORTERM": "truecolor"], term: "screen").terminfoName, "tmux-direct")
        // An xterm-compatible terminal that says COLORTERM=truecolor with a plain TERM=xterm.
        XCTAssertEqual(
            resolve(.auto, ["COLORTERM": "truecolor"], term: "xterm"),
            ColorSetup(mode: .truecolor, terminfoName: "xterm-direct"))
    }

    func testAnEntryWithTheRGBFlagIsTrueColourByItself() {
        XCTAssertEqual(
            resolve(.auto, [:], term: "kitty-direct"), ColorSetup(mode: .truecolor, terminfoName: "kitty-direct"))
    }

    func testEightColourAndColourlessEntries() {
        XCTAssertEqual(resolve(.auto, [:], term: "xterm").mode, .ansi16)
        XCTAssertEqual(resolve(.auto, [:], term: "vt100").mode, .mono)
    }

    func testExplicitRequestsAreLoweredToWhatTheTerminalCanShowWithANote() {
        let lowered = resolve(.fixed(.palette256), [:], term: "xterm")
        XCTAssertEqual(lowered.mode, .ansi16)
        XCTAssertNotNil(lowered.note)
        let noDirect = resolve(.fixed(.truecolor), [:], term: "xterm-256color", direct: false)
        XCTAssertEqual(noDirect.mode, .palette256)
        XCTAssertTrue(noDirect.note?.contains("xterm-direct") == true, noDirect.note ?? "")
        XCTAssertEqual(
            resolve(.fixed(.truecolor), [:], term: "xterm-256color"),
            ColorSetup(mode: .truecolor, terminfoName: "xterm-direct"))
        XCTAssertEqual(
            resolve(.fixed(.ansi16), [:], term: "xterm-256color"),
            ColorSetup(mode: .ansi16, terminfoName: "xterm-256color"))
        XCTAssertEqual(resolve(.fixed(.mono), [:], term: "vt100").mode, .mono)
    }

    func testDirectCandidatesTryTheMostSpecificNameFirst() {
        XCTAssertEqual(ColorDepth.directCandidates(for: "xterm-256color"), ["xterm-256color-direct", "xterm-direct"])
        XCTAssertEqual(
            ColorDepth.directCandidates(for: "tmux-256color"), ["tmux-256color-direct", "tmux-direct", "xterm-direct"])
        XCTAssertEqual(
            ColorDepth.directCandidates(for: "screen-256color"),
            ["screen-256color-direct", "screen-direct", "tmux-direct", "xterm-direct"])
        XCTAssertEqual(ColorDepth.directCandidates(for: "xterm-direct"), ["xterm-direct-direct"])
    }

    func testColorsArgumentParsing() {
        XCTAssertEqual(ColorRequest(argument: "auto"), .auto)
        XCTAssertEqual(ColorRequest(argument: "truecolor"), .fixed(.truecolor))
        XCTAssertEqual(ColorRequest(argument: "256"), .fixed(.palette256))
        XCTAssertEqual(ColorRequest(argument: "16"), .fixed(.ansi16))
        XCTAssertEqual(ColorRequest(argument: "MONO"), .fixed(.mono))
        XCTAssertNil(ColorRequest(argument: "lots"))
    }
}
