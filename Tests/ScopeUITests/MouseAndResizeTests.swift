import BertKit
import ScopeUI
import TestSupport
import XCTest

/// The mouse on the slider, tokens and heatmaps; resizing to any size without a crash.
final class MouseAndResizeTests: XCTestCase {
    let size = Size(width: 120, height: 40)

    /// The screen column of digit `layer` on the slider line.
    func sliderX(_ core: ExplorerCore, layer: Int, y: Int) -> Int? {
        let line = Array(core.render(size: size).line(y))
        let digit = Character(String(layer))
        // skip the `layer N/L` label: digits on the track come after two spaces
        guard let trackStart = String(line).range(of: "  ")?.upperBound else { return nil }
        let offset = String(line).distance(from: String(line).startIndex, to: trackStart)
        return line[offset...].firstIndex(of: digit)
    }

    func sliderRow(_ core: ExplorerCore) -> Int {
        let b = core.render(size: size)
        return (0..<b.height).first { b.line($0).hasPrefix(" layer ") } ?? -1
    }

    func testClickAndDragOnTheSliderPickTheNearestLayer() throws {
        var core = Fixtures.miniLMCore(size: size)
        let y = sliderRow(core)
        let x4 = try XCTUnwrap(sliderX(core, layer: 4, y: y))
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: x4, y: y)))
        XCTAssertEqual(core.state.layer, 4)
        let x6 = try XCTUnwrap(sliderX(core, layer: 6, y: y))
        _ = core.handle(.mouse(MouseEvent(kind: .drag, x: x6 + 5, y: y + 3)))
        XCTAssertEqual(core.state.layer, 6, "a drag keeps following the pointer off the slider line")
        _ = core.handle(.mouse(MouseEvent(kind: .release, x: x6 - 1, y: y)))
        XCTAssertEqual(core.state.layer, 6)
        _ = core.handle(.mouse(MouseEvent(kind: .drag, x: x4, y: y + 3)))
        XCTAssertEqual(core.state.layer, 6, "after the release, drags elsewhere do not move the slider")
        XCTAssertTrue(core.render(size: size).line(39).contains("layer 6/6"))
    }

    func testWheelStepsTheLayerAndClamps() {
        var core = Fixtures.miniLMCore(size: size)
        for _ in 0..<3 { _ = core.handle(.mouse(MouseEvent(kind: .wheelDown, x: 10, y: 10))) }
        XCTAssertEqual(core.state.layer, 0)
        _ = core.handle(.mouse(MouseEvent(kind: .wheelUp, x: 10, y: 10)))
        XCTAssertEqual(core.state.layer, 1)
    }

    func testClickOnATokenSelectsIt() throws {
        var core = Fixtures.miniLMCore(size: size)
        let line = core.render(size: size).line(1)
        let x = try XCTUnwrap(line.range(of: "fox").map { line.distance(from: line.startIndex, to: $0.lowerBound) })
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: x + 1, y: 1)))
        XCTAssertEqual(core.state.selectedToken, 4)
        XCTAssertEqual(core.state.focus, .tokens)
    }

    func testClickInTheInputLineMovesTheCursor() {
        var core = Fixtures.smallCore(size: Size(width: 80, height: 24))
        Fixtures.press([.escape], &core)
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: 3, y: 0)))
        XCTAssertEqual(core.state.focus, .input)
        XCTAssertEqual(core.state.inputA.cursor, 0)
    }

    func testHoverOverTheAttentionHeatmapShowsThatCellsValue() {
        var core = Fixtures.smallCore(size: Size(width: 80, height: 24))
        let screen = core.render(size: Size(width: 80, height: 24))
        // the heatmap's first row starts under the header: find the row label "▶[CLS]"
        let y = (0..<24).first { screen.line($0).hasPrefix("▶[CLS]") } ?? -1
        XCTAssertGreaterThan(y, 0)
        // a cell in the 3rd key column, 2nd query row
        var found: HeatmapPoint?
        for x in 7..<47 {
            _ = core.handle(.mouse(MouseEvent(kind: .move, x: x, y: y + 2)))
            if let h = core.state.hover, h.col == 2 {
                found = h
                break
            }
        }
        XCTAssertEqual(found?.row, 1)
        let footer = core.render(size: Size(width: 80, height: 24)).line(22)
        XCTAssertTrue(footer.contains("hello → ,"), footer)
        _ = core.handle(.mouse(MouseEvent(kind: .move, x: 60, y: 0)))
        XCTAssertNil(core.state.hover)
    }

    func testClickInTheGridOpensThatHead() {
        var core = Fixtures.miniLMCore(size: size)
        Fixtures.press([.escape, .character("g")], &core)
        let screen = core.render(size: size)
        let y = (0..<40).first { screen.line($0).contains(" L3 ") } ?? -1
        // the 5th thumbnail: thumbnails start after the 5-column label area
        let line = Array(screen.line(y))
        var starts: [Int] = []
        for x in 5..<line.count where line[x] == "▀" && (x == 0 || line[x - 1] != "▀") { starts.append(x) }
        XCTAssertGreaterThanOrEqual(starts.count, 12)
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: starts[4], y: y)))
        XCTAssertEqual(core.state.layer, 3)
        XCTAssertEqual(core.state.head, .single(4))
        XCTAssertEqual(core.state.mainView, .attention)
    }

    func testAnySizeRendersWithoutACrash() {
        var cores = [Fixtures.smallCore(), Fixtures.miniLMCore()]
        var extra = Fixtures.smallCore(mode: .mono)
        Fixtures.press([.escape, .character("b"), .escape, .character("i"), .character("v"), .character("z")], &extra)
        cores.append(extra)
        for keys: [Key] in [[.character("v")], [.character("v"), .character("z"), .character(".")]] {
            var activations = Fixtures.miniLMCore()  // in colour: the byte budget picks the cells at every size
            Fixtures.press([.escape] + keys, &activations)
            cores.append(activations)
        }
        var help = Fixtures.miniLMCore()
        Fixtures.press([.escape, .character("g"), .character("?")], &help)
        cores.append(help)
        var empty = ExplorerCore(options: Fixtures.options())
        _ = empty.start()
        cores.append(empty)
        for var core in cores {
            for w in 0...50 {
                for h in 0...20 {
                    let s = Size(width: w, height: h)
                    _ = core.handle(.resize(s))
                    let b = core.render(size: s)
                    XCTAssertEqual(b.width, w)
                    XCTAssertEqual(b.height, h)
                    // mouse anywhere on any size
                    _ = core.handle(.mouse(MouseEvent(kind: .press, x: w / 2, y: h / 2)))
                    _ = core.handle(.mouse(MouseEvent(kind: .release, x: w / 2, y: h / 2)))
                }
            }
        }
    }

    func testBelowTheMinimumSizeTheScreenSaysSo() {
        let core = Fixtures.smallCore()
        let b = core.render(size: Size(width: 29, height: 8))
        let text = (0..<b.height).map { b.line($0) }.joined(separator: " ")
        XCTAssertTrue(text.contains("terminal too small"), text)
        XCTAssertTrue(text.contains("need 30x9"), text)
        XCTAssertEqual(core.render(size: Size(width: 1, height: 1)).line(0).count, 1)
    }
}
