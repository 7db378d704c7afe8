import BertKit
import ScopeUI
import TestSupport
import XCTest

@testable import Export

/// `render --view screen --colors 16` shows what a 16-colour terminal shows: only xterm's 16 colours, with the
/// ncurses backend's own reduction (so a picture of the 16-colour explorer is a picture of it, not of true colour).
final class ScreenDepthTests: XCTestCase {
    func render(_ mode: ColorMode) -> (CellBuffer, ScreenColors) {
        let theme = Theme.builtIn
        let e = SyntheticEncoding.make()
        let options = ExplorerOptions(
            modelName: e.modelName, config: e.config, sentence: e.input.textA, pair: nil, layer: 1, head: .mean,
            theme: theme, themes: [theme], colorMode: mode)
        let buffer = ScreenShot.render(e, options: options, view: .attention, size: Size(width: 80, height: 24))
        var colors = ScreenColors(theme: theme)
        if mode != .truecolor { colors.depth = TerminalColors(mode: mode, paletteSize: mode == .ansi16 ? 16 : 256) }
        return (buffer, colors)
    }

    func testSixteenColourScreensUseOnlyTheSixteenColours() {
        let (buffer, colors) = render(.ansi16)
        let allowed = Set(ColorReduction.ansi16Palette + [colors.foreground, colors.background])
        var shown = Set<RGB>()
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let (fg, bg) = colors.resolve(buffer[x, y].style)
                shown.insert(bg)
                if !buffer[x, y].text.trimmingCharacters(in: .whitespaces).isEmpty { shown.insert(fg) }
            }
        }
        // dim text is blended toward its background, as a terminal does: count only undimmed colours
        let undimmed = shown.filter { allowed.contains($0) }
        XCTAssertGreaterThanOrEqual(undimmed.count, 4, "a 16-colour screen still has colour")
        for y in 0..<buffer.height {
            for x in 0..<buffer.width where !buffer[x, y].style.attributes.contains(.dim) {
                let (fg, bg) = colors.resolve(buffer[x, y].style)
                XCTAssertTrue(allowed.contains(bg), "background \(bg) at \(x),\(y)")
                XCTAssertTrue(allowed.contains(fg), "foreground \(fg) at \(x),\(y)")
            }
        }
    }

    func testTrueColourScreensKeepTheCellsOwnColours() {
        let (buffer, colors) = render(.truecolor)
        var outside = 0
        let palette = Set(ColorReduction.ansi16Palette)
        for y in 0..<buffer.height {
            for x in 0..<buffer.width where !palette.contains(colors.resolve(buffer[x, y].style).bg) { outside += 1 }
        }
        XCTAssertGreaterThan(outside, 0)
    }
}
