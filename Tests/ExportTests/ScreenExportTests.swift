import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

/// A small hand-drawn screen with every kind of cell a real one has: colours, attributes, half-block
/// heat cells, a wide character, an emoji, terminal-default cells.
func sampleScreen() -> CellBuffer {
    var b = CellBuffer(width: 32, height: 6)
    let bar = Style(fg: RGB(0x16, 0x18, 0x1d), bg: RGB(0x7f, 0xdb, 0xca), attributes: [.bold])
    b.fill(Rect(x: 0, y: 0, width: 32, height: 1), with: Cell(" ", style: bar))
    b.put(" bertscope · layer 3/6", x: 0, y: 0, style: bar)
    b.put("[CLS] hello , my dog", x: 1, y: 2, style: .plain)
    b.setStyle(Style(fg: RGB(0xff, 0xd1, 0x66), attributes: [.reverse]), in: Rect(x: 13, y: 2, width: 2, height: 1))
    let heat = [
        RGB(0, 0, 4), RGB(0x42, 0x0a, 0x68), RGB(0x93, 0x26, 0x67), RGB(0xdd, 0x51, 0x3a), RGB(0xfc, 0xa5, 0x0a),
        RGB(0xfc, 0xff, 0xa4),
    ]
    for (i, c) in heat.enumerated() {
        b[1 + i, 3] = Cell("▀", style: Style(fg: c, bg: heat[heat.count - 1 - i]))
    }
    b.put("犬 🐶 <&>", x: 9, y: 3, style: Style(attributes: [.underline]))
    b.put("dim note", x: 1, y: 4, style: Style(fg: RGB(0x9a, 0xa0, 0xa6), attributes: [.dim, .italic]))
    b.put("q quit", x: 24, y: 5, style: Style(fg: RGB(255, 0, 0)))
    return b
}

final class ScreenExportTests: XCTestCase {
    func testANSIGoldensForEveryColourMode() {
        for mode in ColorMode.allCases {
            Golden.assertText(sampleScreen().ansi(mode: mode), matches: Golden.url("screen-\(mode.rawValue).ansi"))
        }
    }

    func testHTMLGolden() {
        Golden.assertText(sampleScreen().html(title: "bertscope sample"), matches: Golden.url("screen.html"))
    }

    func testSVGGolden() {
        let svg = sampleScreen().svg(title: "bertscope sample")
        XCTAssertNil(xmlParseError(svg))
        Golden.assertText(svg, matches: Golden.url("screen.svg"))
    }

    func testTruecolorUsesTwentyFourBitSequences() {
        let ansi = sampleScreen().ansi(mode: .truecolor)
        XCTAssertTrue(ansi.contains("\u{1B}[0;1;38;2;22;24;29;48;2;127;219;202m bertscope"))
    }

    func testPalette256UsesTheXtermReduction() {
        let ansi = sampleScreen().ansi(mode: .palette256)
        XCTAssertTrue(ansi.contains("38;5;\(ColorReduction.xterm256(RGB(0xfc, 0xff, 0xa4)))"))
        XCTAssertFalse(ansi.contains("38;2;"))
    }

    func testSixteenColoursUseTheClassicCodes() {
        var b = CellBuffer(width: 2, height: 1)
        b[0, 0] = Cell("x", style: Style(fg: ColorReduction.ansi16Palette[9], bg: ColorReduction.ansi16Palette[4]))
        XCTAssertEqual(b.ansi(mode: .ansi16), "\u{1B}[0;91;44mx\u{1B}[0m\n")
    }

    func testMonoKeepsAttributesAndDropsColours() {
        let ansi = sampleScreen().ansi(mode: .mono)
        XCTAssertFalse(ansi.contains("38;"))
        XCTAssertFalse(ansi.contains("48;"))
        XCTAssertTrue(ansi.contains("\u{1B}[0;1m bertscope"), "bold survives")
        XCTAssertTrue(ansi.contains("\u{1B}[0;7m"), "reverse survives")
    }

    func testEveryLineEndsInTheDefaultStyle() {
        // The last SGR of every line must be a plain reset, so nothing bleeds into the next line or the shell.
        for line in sampleScreen().ansi(mode: .truecolor).split(separator: "\n") where line.contains("\u{1B}[") {
            let last = line.components(separatedBy: "\u{1B}[").last ?? ""
            XCTAssertTrue(last.hasPrefix("0m"), "\(line.debugDescription)")
        }
    }

    func testWideCharactersAreWrittenOnce() {
        let ansi = sampleScreen().ansi(mode: .mono)
        XCTAssertEqual(ansi.components(separatedBy: "犬").count, 2)
    }

    func testHTMLResolvesReverseAndDefaults() {
        let html = sampleScreen().html()
        // Reverse with a yellow foreground and the default background: background becomes yellow.
        XCTAssertTrue(html.contains("color:\(ScreenColors.standard.background.hex);background:#ffd166"), html)
    }
}
