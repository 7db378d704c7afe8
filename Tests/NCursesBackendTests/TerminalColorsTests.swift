import NCursesBackend
import ScopeUI
import XCTest

final class TerminalColorsTests: XCTestCase {
    let style = Style(fg: RGB(255, 0, 0), bg: RGB(0, 0, 4), attributes: [.underline])

    func testMonoDropsColoursAndKeepsAttributes() {
        let look = TerminalColors(mode: .mono, paletteSize: 256).look(for: style)
        XCTAssertEqual(look.colors, .terminalDefault)
        XCTAssertEqual(look.attributes, [.underline])
    }

    func testPalette256ReducesThroughTheXtermCube() {
        let look = TerminalColors(mode: .palette256, paletteSize: 256).look(for: style)
        XCTAssertEqual(look.colors, ColorPairKey(fg: 196, bg: 16))
        XCTAssertEqual(TerminalColors(mode: .palette256, paletteSize: 256).look(for: .plain).colors, .terminalDefault)
    }

    func testBrightColoursOnAnEightColourTerminalBecomeBold() {
        let look = TerminalColors(mode: .ansi16, paletteSize: 8).look(for: Style(fg: RGB(255, 0, 0), bg: RGB(255, 255, 255)))
        XCTAssertEqual(look.colors, ColorPairKey(fg: 1, bg: 7))
        XCTAssertTrue(look.attributes.contains(.bold))
        let sixteen = TerminalColors(mode: .ansi16, paletteSize: 16).look(for: Style(fg: RGB(255, 0, 0)))
        XCTAssertEqual(sixteen.colors, ColorPairKey(fg: 9, bg: -1))
        XCTAssertFalse(sixteen.attributes.contains(.bold))
    }

    func testDirectColoursAreRGBNumbersAndNearBlacksAvoidTheANSISlots() {
        let look = TerminalColors(mode: .truecolor, paletteSize: 1 << 24).look(for: style)
        XCTAssertEqual(look.colors, ColorPairKey(fg: 0xFF0000, bg: 8))
    }
}
