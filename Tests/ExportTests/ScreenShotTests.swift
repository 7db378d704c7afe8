import BertKit
import ScopeUI
import TestSupport
import XCTest

@testable import Export

final class ScreenShotTests: XCTestCase {
    let encoding = SyntheticEncoding.make()

    func options(head: HeadSelection = .mean, mode: ColorMode = .truecolor) -> ExplorerOptions {
        ExplorerOptions(
            modelName: encoding.modelName, config: encoding.config, sentence: encoding.input.textA, layer: 2,
            head: head,
            colorMode: mode)
    }

    func testTheScreenShowsTheEncodingAtTheRequestedLayerAndHead() {
        let buffer = ScreenShot.render(
            encoding, options: options(head: .single(2)), view: .attention, size: Size(width: 120, height: 40))
        XCTAssertEqual(buffer.width, 120)
        XCTAssertEqual(buffer.height, 40)
        let text = (0..<buffer.height).map(buffer.line).joined(separator: "\n")
        XCTAssertTrue(text.contains("layer 2/2"), text)
        XCTAssertTrue(text.contains("head 3/4"), text)
        XCTAssertTrue(text.contains("[CLS]"), text)
    }

    func testScreenSVGIsAWellFormedPictureOfEveryCell() {
        let buffer = ScreenShot.render(encoding, options: options(), view: .grid, size: Size(width: 80, height: 24))
        let svg = buffer.svg(colors: ScreenColors(theme: .builtIn))
        XCTAssertNil(xmlParseError(svg))
        XCTAssertTrue(
            svg.contains("width=\"\(80 * CellBuffer.svgCellWidth)\" height=\"\(24 * CellBuffer.svgCellHeight)\""))
    }

    func testTheSameStateGivesTheSameScreenBytes() {
        let a = ScreenShot.render(encoding, options: options(), view: .activations, size: Size(width: 100, height: 30))
        let b = ScreenShot.render(encoding, options: options(), view: .activations, size: Size(width: 100, height: 30))
        XCTAssertEqual(a.ansi(mode: .palette256), b.ansi(mode: .palette256))
        XCTAssertEqual(a.html(), b.html())
    }

    func testFigurePaletteTakesTheThemesRolesAndScales() {
        let p = FigurePalette(theme: .builtIn)
        XCTAssertEqual(p.text, Theme.builtIn.color(.text))
        XCTAssertEqual(p.muted, Theme.builtIn.color(.dimText))
        XCTAssertEqual(p.segmentB, Theme.builtIn.color(.segmentB))
        XCTAssertEqual(p.sequential, Theme.builtIn.sequential)
        XCTAssertEqual(p.diverging, Theme.builtIn.diverging)
        // The built-in theme keeps the terminal's background; a file gets a dark page behind its light text.
        XCTAssertNil(Theme.builtIn.color(.background))
        XCTAssertLessThan(p.background.luminance, 0.2)
    }
}

final class TextHeatmapTests: XCTestCase {
    let encoding = SyntheticEncoding.make()

    func testAttentionAsTextGolden() throws {
        let buffer = try TextHeatmap.render(
            .attention(layer: 1, head: .single(0)), encoding: encoding, palette: .standard, mode: .truecolor)
        Golden.assertText(buffer.debugDescription, matches: Golden.url("text-attention-layer1-head1.txt"))
    }

    func testMonoUsesTheGlyphRampAndNoColour() throws {
        let buffer = try TextHeatmap.render(.activations(layer: 2), encoding: encoding, palette: .standard, mode: .mono)
        let ansi = buffer.ansi(mode: .mono)
        XCTAssertTrue(ansi.contains("█"), "the outlier dimension is dense")
        XCTAssertFalse(ansi.contains("48;"))
        Golden.assertText(buffer.ansi(mode: .mono), matches: Golden.url("text-activations-layer2-mono.ansi"))
    }

    func testNarrowWidthsBinTheDimensions() throws {
        let config = BertConfig(
            vocabSize: 100, hiddenSize: 384, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64,
            maxPositionEmbeddings: 64)
        let e = SyntheticEncoding.make(config: config)
        let buffer = try TextHeatmap.render(
            .activations(layer: 1), encoding: e, palette: .standard, mode: .truecolor, maxWidth: 100)
        XCTAssertLessThanOrEqual(buffer.width, 100)
        XCTAssertTrue((0..<buffer.height).map(buffer.line).joined().contains("binned by"))
    }

    func testGridAndPoolerAskForAFigureFormat() {
        XCTAssertThrowsError(try TextHeatmap.render(.pooler, encoding: encoding, palette: .standard, mode: .truecolor))
        { error in
            XCTAssertTrue("\(error)".contains("png, pdf or svg"))
        }
    }
}
