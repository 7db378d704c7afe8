import BertKit
import TestSupport
import XCTest

@testable import ScopeUI

/// Under a byte budget (a remote session, or `--budget`), the activation heatmap keeps to its share of it, so a
/// layer step over SSH stays small whatever the input's length; without one (a local terminal) it gets full
/// resolution.
final class ByteBudgetTests: XCTestCase {
    /// A core at `size` showing a MiniLM-shaped encoding of `tokens` tokens, with `keys` pressed.
    func core(
        tokens: Int, size: Size, mode: ColorMode = .palette256, budget: Int? = ExplorerOptions.remoteByteBudget,
        keys: [Key]
    ) -> ExplorerCore {
        let pieces = (0..<(tokens - 2)).map { Fixtures.longPieces[$0 % Fixtures.longPieces.count] }
        let enc = SyntheticEncoding.make(pieces: pieces, config: Fixtures.miniLMConfig, modelName: "all-MiniLM-L6-v2")
        var options = Fixtures.options(
            config: Fixtures.miniLMConfig, sentence: Fixtures.sentence(of: pieces), mode: mode)
        options.byteBudget = budget
        var core = Fixtures.core(options, showing: enc, size: size)
        Fixtures.press([.escape] + keys, &core)
        return core
    }

    func frame(_ core: ExplorerCore) -> FrameGeometry { FrameGeometry(state: core.state, size: core.state.size) }

    func geometry(_ core: ExplorerCore) throws -> ActivationGeometry {
        try XCTUnwrap(frame(core).activations, "the activation view is on screen")
    }

    func testEveryActivationViewFitsItsShareOfTheBudget() throws {
        let views: [(String, [Key])] = [
            ("fitted", [.character("v")]), ("1:1", [.character("v"), .character("z")]),
            ("FFN", [.character("v"), .character("f"), .right]), ("under attention", []),
        ]
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            for tokens in [3, 8, 16, 24, 32, 48, 64, 128] {
                for (name, keys) in views {
                    let f = frame(core(tokens: tokens, size: size, keys: keys))
                    guard let g = f.activations else { continue }  // no room under attention
                    let budget = try XCTUnwrap(f.activationBudget)
                    XCTAssertLessThanOrEqual(
                        g.heatmap.repaintBytes(colored: true), budget,
                        "\(name) at \(size.width)x\(size.height), \(tokens) tokens")
                }
            }
        }
    }

    func testTheBudgetIsTheGivenBytesUpTo120x40AndGrowsWithTheScreen() {
        XCTAssertEqual(ViewGeometry.frameBudget(Size(width: 80, height: 24), budget: 15_000), 15_000)
        XCTAssertEqual(ViewGeometry.frameBudget(Size(width: 120, height: 40), budget: 15_000), 15_000)
        XCTAssertEqual(ViewGeometry.frameBudget(Size(width: 240, height: 40), budget: 15_000), 30_000)
        XCTAssertEqual(ViewGeometry.frameBudget(Size(width: 120, height: 40), budget: 4_000), 4_000)
    }

    func testShortInputsKeepTheFinestCellsAndLongOnesGiveUpDimensionsNotTokens() throws {
        let size = Size(width: 120, height: 40)
        let short = try geometry(core(tokens: 8, size: size, keys: [.character("v")]))
        XCTAssertEqual(short.bin, 6, "384 dimensions in 64 one-character cells")
        XCTAssertEqual(short.heatmap.cellWidth, 1)
        XCTAssertGreaterThanOrEqual(short.heatmap.rowLines, 2, "few tokens keep tall rows")

        let long = try geometry(core(tokens: 32, size: size, keys: [.character("v")]))
        XCTAssertEqual(long.heatmap.visibleRows, 32, "every token is still shown")
        XCTAssertEqual(long.bin, 12, "two-character cells of 12 dimensions")
        XCTAssertEqual(long.heatmap.cellWidth, 2)

        let wide = try geometry(core(tokens: 32, size: Size(width: 200, height: 60), keys: [.character("v")]))
        XCTAssertLessThan(wide.bin, long.bin, "a larger screen keeps more detail")
    }

    func testALocalTerminalGetsFullResolution() throws {
        let size = Size(width: 120, height: 40)
        let remote = try geometry(core(tokens: 32, size: size, keys: [.character("v")]))
        let local = try geometry(core(tokens: 32, size: size, budget: nil, keys: [.character("v")]))
        XCTAssertLessThan(local.bin, remote.bin, "finer bins without a budget")
        XCTAssertEqual(local.heatmap.cellWidth, 1)
        XCTAssertGreaterThan(local.heatmap.repaintBytes(colored: true), 15_000, "more than SSH would be sent")
        XCTAssertNil(frame(core(tokens: 32, size: size, budget: nil, keys: [.character("v")])).activationBudget)
    }

    func testTheOneToOneViewNarrowsItsWindowRatherThanItsRows() throws {
        let g12 = try geometry(
            core(tokens: 12, size: Size(width: 120, height: 40), keys: [.character("v"), .character("z")]))
        XCTAssertEqual(g12.bin, 1)
        XCTAssertEqual(g12.heatmap.rowLines, 1, "one line per token instead of two")
        XCTAssertEqual(g12.heatmap.visibleCols, 72)
        let g32 = try geometry(
            core(tokens: 32, size: Size(width: 120, height: 40), keys: [.character("v"), .character("z")]))
        XCTAssertEqual(g32.heatmap.visibleRows, 32)
        XCTAssertEqual(g32.heatmap.cellWidth, 2)
    }

    func testAnExplicitZoomIsKeptWhenItFits() throws {
        let g = try geometry(
            core(tokens: 8, size: Size(width: 120, height: 40), keys: [.character("v"), .character("=")]))
        XCTAssertEqual(g.heatmap.cellWidth, 2)
    }
}
