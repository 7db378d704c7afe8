import NCursesBackend
import ScopeUI
import XCTest

final class TerminalBackgroundTests: XCTestCase {
    func testCOLORFGBGNamesALightOrDarkBackground() {
        XCTAssertEqual(TerminalBackground.isLight(colorFGBG: "15;0"), false)
        XCTAssertEqual(TerminalBackground.isLight(colorFGBG: "0;15"), true)
        XCTAssertEqual(TerminalBackground.isLight(colorFGBG: "0;default;7"), true, "rxvt's three fields")
        XCTAssertEqual(TerminalBackground.isLight(colorFGBG: "12;8"), false, "dark grey is dark")
        XCTAssertNil(TerminalBackground.isLight(colorFGBG: "default;default"))
        XCTAssertNil(TerminalBackground.isLight(colorFGBG: ""))
    }

    func testOSC11RepliesInEveryDigitCountAndTerminator() {
        let st = Array("\u{1B}]11;rgb:ffff/ffff/dddd\u{1B}\\".utf8)
        XCTAssertEqual(TerminalBackground.parseReply(st), RGB(255, 255, 221))
        let bel = Array("\u{1B}]11;rgb:1c/1c/1c\u{07}\u{1B}[?62;22c".utf8)
        XCTAssertEqual(TerminalBackground.parseReply(bel), RGB(0x1c, 0x1c, 0x1c))
        XCTAssertEqual(TerminalBackground.parseReply(Array("\u{1B}]11;rgb:f/0/8\u{07}".utf8)), RGB(255, 0, 136))
        XCTAssertNil(TerminalBackground.parseReply(Array("\u{1B}[?1;2c".utf8)), "only the device attributes: no colour")
        XCTAssertNil(TerminalBackground.parseReply(Array("\u{1B}]11;rgb:zz/00/00\u{07}".utf8)))
        XCTAssertNil(TerminalBackground.parseReply(Array("\u{1B}]11;rgb:ff/00".utf8)), "cut off")
    }

    func testLightMeansDarkTextReads() {
        XCTAssertTrue(TerminalBackground.isLight(RGB(255, 255, 255)))
        XCTAssertTrue(TerminalBackground.isLight(RGB(0xfd, 0xf6, 0xe3)), "solarized light")
        XCTAssertFalse(TerminalBackground.isLight(RGB(0x00, 0x2b, 0x36)), "solarized dark")
        XCTAssertFalse(TerminalBackground.isLight(RGB(0x1c, 0x1c, 0x1c)))
    }
}
