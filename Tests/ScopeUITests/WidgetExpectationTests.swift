import BertKit
import TestSupport
import XCTest

@testable import ScopeUI

/// Small widgets drawn into small buffers, checked line by line (text, then style letters).
final class WidgetExpectationTests: XCTestCase {
    let palette = Palette(theme: .builtIn, mode: .palette256)

    func testACosineBarFillsFromTheMiddleTowardsItsSign() {
        var b = CellBuffer(width: 9, height: 2)
        PoolerPanelWidget.bar(0.5, x: 0, y: 0, width: 9, palette: palette, buffer: &b)
        PoolerPanelWidget.bar(-1, x: 0, y: 1, width: 9, palette: palette, buffer: &b)
        assertBuffer(
            b, lines: ["····│■■··", "■■■■│····"],
            styles: ["tttttpptt", "nnnnttttt"],
            legend: ["t": palette.style(.border), "p": palette.style(.accent), "n": palette.style(.segmentA)])
    }

    func testAOneLineHistogramScalesItsBarsToTheTallest() {
        var b = CellBuffer(width: 11, height: 1)
        PoolerPanelWidget.histogram(
            [0, 1, 2, 4], label: "[CLS]", role: .histogramCLS, height: 1, x: 0, y: 0, width: 11, palette: palette,
            buffer: &b)
        assertBuffer(
            b, lines: ["[CLS]   ▂▄█"], styles: ["ddddd··hhhh"],
            legend: ["d": palette.style(.dimText), "h": palette.style(.histogramCLS)])
    }

    func testATwoLineHistogramStacksEighths() {
        var b = CellBuffer(width: 9, height: 2)
        PoolerPanelWidget.histogram(
            [1, 2], label: "x", role: .histogramPooler, height: 2, x: 0, y: 0, width: 9, palette: palette,
            buffer: &b)
        assertBuffer(b, lines: ["        █", "x      ██"])
    }

    func testHalfBlockCellsCarryTwoRowsALine() {
        // a 3 x 2 heatmap in half-block cells two characters wide: rows 0 and 1 share the first line, row 2 has the
        // background below it
        let g = HeatmapGeometry(
            rect: Rect(x: 0, y: 0, width: 8, height: 2), rows: 3, cols: 2, labelWidth: 3, cellWidth: 2, rowLines: 0,
            headerHeight: 0, labelStyle: .none, rowStart: 0, visibleRows: 3, colStart: 0, visibleCols: 2)
        var b = CellBuffer(width: 8, height: 2)
        let painter = HeatmapPainter(
            geometry: g, palette: palette, diverging: false, selectedRow: nil, selectedCol: nil, cursor: nil)
        painter.drawCells(buffer: &b) { r, c in r == c ? 1 : 0 }
        let hot = palette.sequentialColor(1)
        let cold = palette.sequentialColor(0)
        assertBuffer(
            b, lines: ["   ▀▀▀▀ ", "   ▀▀▀▀ "],
            styles: ["···hhcc·", "···BBBB·"],
            legend: [
                "h": Style(fg: hot, bg: cold), "c": Style(fg: cold, bg: hot),
                "B": Style(fg: cold, bg: palette.background),
            ])
    }

    func testTokenScalesRunFromTallToFlatAndStayAboutSquare() {
        let scales = ViewGeometry.tokenScales
        XCTAssertEqual(scales.first, HeatmapGeometry.Scale(rowLines: 4, cellWidth: 12))
        for s in scales where s.rowLines >= 2 {
            XCTAssertGreaterThanOrEqual(s.cellWidth, 2 * s.rowLines, "no narrower than square: \(s)")
            XCTAssertLessThanOrEqual(s.cellWidth, 3 * s.rowLines, "at most 1.5 times as wide as tall: \(s)")
        }
        let lines = scales.map { $0.rowLines == 0 ? 0.5 : Double($0.rowLines) }
        XCTAssertEqual(Array(lines.prefix(lines.count - 1)), lines.prefix(lines.count - 1).sorted(by: >))
    }
}

/// The heatmaps use the screen: cells grow with the panel, the activation view uses its rows, and hiding the side
/// panel gives its width to the heatmap.
final class ScreenFillTests: XCTestCase {
    /// A core showing an 8-token MiniLM-shaped encoding at `size`, with `keys` pressed.
    func core(size: Size, keys: [Key] = []) -> ExplorerCore {
        let pieces = ["the", "bank", "raised", "its", "rates", "."]
        let enc = SyntheticEncoding.make(pieces: pieces, config: Fixtures.miniLMConfig, modelName: "all-MiniLM-L6-v2")
        var core = Fixtures.core(
            Fixtures.options(config: Fixtures.miniLMConfig, sentence: Fixtures.sentence(of: pieces)), showing: enc,
            size: size)
        Fixtures.press([.escape] + keys, &core)
        return core
    }

    func frame(_ core: ExplorerCore) -> FrameGeometry { FrameGeometry(state: core.state, size: core.state.size) }

    func testAttentionCellsGrowWithTheScreen() throws {
        var widths: [Int] = []
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            let g = try XCTUnwrap(frame(core(size: size)).attention)
            XCTAssertEqual(g.visibleRows, 8)
            XCTAssertGreaterThanOrEqual(g.cellWidth, 2 * g.rowLines, "about square at \(size)")
            widths.append(g.gridWidth)
        }
        XCTAssertEqual(widths, widths.sorted(), "larger screens, larger heatmaps: \(widths)")
        XCTAssertGreaterThanOrEqual(widths[2], 96, "at 200x60 eight tokens take cells of the largest size")
        XCTAssertGreaterThan(widths[1], 40, "at 120x40 more than the 40 columns of before")
    }

    func testTheActivationViewUsesTheRowsItHas() throws {
        let f = frame(core(size: Size(width: 200, height: 60), keys: [.character("v")]))
        let g = try XCTUnwrap(f.activations).heatmap
        XCTAssertEqual(g.visibleRows, 8)
        XCTAssertEqual(g.rowLines, ViewGeometry.maxActivationRowLines, "eight tokens in a 50-line panel")
        XCTAssertGreaterThan(g.lines, f.layout.main.height * 3 / 4)
    }

    func testHidingTheSidePanelGivesItsWidthToTheHeatmap() throws {
        let size = Size(width: 120, height: 40)
        let with = frame(core(size: size, keys: [.character("v")]))
        let without = frame(core(size: size, keys: [.character("v"), .character("p")]))
        XCTAssertNotNil(with.layout.side)
        XCTAssertNil(without.layout.side)
        XCTAssertEqual(without.layout.main.width, size.width)
        let a = try XCTUnwrap(with.activations)
        let b = try XCTUnwrap(without.activations)
        XCTAssertGreaterThan(b.heatmap.gridWidth, a.heatmap.gridWidth)
        XCTAssertLessThan(b.bin, a.bin, "fewer dimensions a cell")
    }

    func testAClickLandsOnTheCellTheFrameDrew() throws {
        var c = core(size: Size(width: 120, height: 40))
        let g = try XCTUnwrap(frame(c).attention)
        let x = try XCTUnwrap(g.x(ofColumn: 5)) + g.cellWidth / 2
        let y = g.gridY + 3 * g.rowLines
        _ = c.handle(.mouse(MouseEvent(kind: .press, x: x, y: y)))
        XCTAssertEqual(c.state.selectedToken, 3)
        XCTAssertEqual(c.state.keyCursor, 5)
    }
}

/// The golden diff shows what changed, and only that.
final class GoldenDiffTests: XCTestCase {
    func testAnInsertedLineShiftsNothingAfterIt() {
        let expected = (1...10).map { "line \($0)" }.joined(separator: "\n")
        var lines = (1...10).map { "line \($0)" }
        lines.insert("new", at: 3)
        lines[8] = "changed"
        let diff = Golden.lineDiff(expected: expected, actual: lines.joined(separator: "\n"), context: 0)
        XCTAssertEqual(diff, ["@@ -4 +4 @@", "+ new", "@@ -8 +9 @@", "- line 8", "+ changed"].joined(separator: "\n"))
    }
}
