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
        let look = TerminalColors(mode: .ansi16, paletteSize: 8).look(
            for: Style(fg: RGB(255, 0, 0), bg: RGB(255, 255, 255)))
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

    func testNoTextIsDrawnInItsOwnBackgroundColour() {
        // The dark theme's status bar (#1c1c1c on #87afd7) and dim text on 8 colours: before, the
        // grey background became black under black text.
        let status = Style(fg: RGB(0x1c, 0x1c, 0x1c), bg: RGB(0x87, 0xaf, 0xd7))
        let grey = Style(fg: RGB(0x1c, 0x1c, 0x1c), bg: RGB(127, 127, 127))
        let dimOnDefault = Style(fg: RGB(0x6c, 0x6c, 0x6c))
        for size in [8, 16] {
            let reducer = TerminalColors(mode: .ansi16, paletteSize: size)
            for style in [status, grey, dimOnDefault] {
                let look = reducer.look(for: style)
                let bg = look.colors.bg >= 0 ? look.colors.bg : 0
                XCTAssertNotEqual(look.colors.fg, bg, "\(size) colours: \(style) drew \(look)")
            }
        }
        let sameIn256 = TerminalColors(mode: .palette256, paletteSize: 256).look(
            for: Style(fg: RGB(0, 0, 1), bg: RGB(0, 0, 0)))
        XCTAssertEqual(sameIn256.colors, ColorPairKey(fg: 231, bg: 16), "near-black on black becomes white on black")
        let onYellow = TerminalColors(mode: .ansi16, paletteSize: 16).look(
            for: Style(fg: RGB(230, 230, 0), bg: RGB(205, 205, 0)))
        XCTAssertEqual(onYellow.colors, ColorPairKey(fg: 0, bg: 3), "on a light background the text turns black")
    }
}
