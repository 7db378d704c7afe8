import BertKit
@testable import ScopeUI
import TestSupport
import XCTest

/// The activation heatmap keeps to its share of the wire budget, so a layer step over SSH stays small whatever the
/// input's length.
final class ByteBudgetTests: XCTestCase {
    /// A core at `size` showing a MiniLM-shaped encoding of `tokens` tokens, with `keys` pressed.
    func core(tokens: Int, size: Size, mode: ColorMode = .palette256, keys: [Key]) -> ExplorerCore {
        let pieces = (0..<(tokens - 2)).map { Fixtures.longPieces[$0 % Fixtures.longPieces.count] }
        let enc = SyntheticEncoding.make(pieces: pieces, config: Fixtures.miniLMConfig, modelName: "all-MiniLM-L6-v2")
        var core = Fixtures.core(
            Fixtures.options(config: Fixtures.miniLMConfig, sentence: Fixtures.sentence(of: pieces), mode: mode),
            showing: enc, size: size)
        Fixtures.press([.escape] + keys, &core)
        return core
    }

    func geometry(_ core: ExplorerCore) throws -> (HeatmapGeometry, bin: Int) {
        let state = core.state
        let rect = try XCTUnwrap(ActivationWidget.rect(in: state), "the activation view is on screen")
        return try XCTUnwrap(ActivationWidget.geometry(state: state, rect: rect, dims: state.activationDimensionCount))
    }

    func testEveryActivationViewFitsItsShareOfTheBudget() throws {
        let views: [(String, [Key])] = [
            ("fitted", [.character("v")]), ("1:1", [.character("v"), .character("z")]),
            ("FFN", [.character("v"), .character("f"), .right]), ("under attention", []),
        ]
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            for tokens in [3, 8, 16, 24, 32, 48, 64, 128] {
                for (name, keys) in views {
                    let c = core(tokens: tokens, size: size, keys: keys)
                    guard let rect = ActivationWidget.rect(in: c.state) else { continue }  // no room under attention
                    let (g, _) = try geometry(c)
                    let budget = ActivationWidget.byteBudget(rect, state: c.state)
                    XCTAssertLessThanOrEqual(
                        g.repaintBytes(colored: true), budget, "\(name) at \(size.width)x\(size.height), \(tokens) tokens")
                }
            }
        }
    }

    func testTheBudgetIsFifteenThousandBytesUpTo120x40AndGrowsWithTheScreen() {
        XCTAssertEqual(ActivationWidget.frameBudget(Size(width: 80, height: 24)), 15_000)
        XCTAssertEqual(ActivationWidget.frameBudget(Size(width: 120, height: 40)), 15_000)
        XCTAssertEqual(ActivationWidget.frameBudget(Size(width: 240, height: 40)), 30_000)
    }

    func testShortInputsKeepTheFinestCellsAndLongOnesGiveUpDimensionsNotTokens() throws {
        let size = Size(width: 120, height: 40)
        let short = try geometry(core(tokens: 8, size: size, keys: [.character("v")]))
        XCTAssertEqual(short.bin, 6, "384 dimensions in 64 one-character cells")
        XCTAssertEqual(short.0.cellWidth, 1)
        XCTAssertEqual(short.0.rowLines, 2, "few tokens keep tall rows")

        let long = try geometry(core(tokens: 32, size: size, keys: [.character("v")]))
        XCTAssertEqual(long.0.visibleRows, 32, "every token is still shown")
        XCTAssertEqual(long.bin, 12, "two-character cells of 12 dimensions")
        XCTAssertEqual(long.0.cellWidth, 2)

        let wide = try geometry(core(tokens: 32, size: Size(width: 200, height: 60), keys: [.character("v")]))
        XCTAssertLessThan(wide.bin, long.bin, "a larger screen keeps more detail")
    }

    func testTheOneToOneViewNarrowsItsWindowRatherThanItsRows() throws {
        let g12 = try geometry(core(tokens: 12, size: Size(width: 120, height: 40), keys: [.character("v"), .character("z")]))
        XCTAssertEqual(g12.bin, 1)
        XCTAssertEqual(g12.0.rowLines, 1, "one line per token instead of two")
        XCTAssertEqual(g12.0.visibleCols, 72)
        let g32 = try geometry(core(tokens: 32, size: Size(width: 120, height: 40), keys: [.character("v"), .character("z")]))
        XCTAssertEqual(g32.0.visibleRows, 32)
        XCTAssertEqual(g32.0.cellWidth, 2)
    }

    func testAnExplicitZoomIsKeptWhenItFits() throws {
        let g = try geometry(core(tokens: 8, size: Size(width: 120, height: 40), keys: [.character("v"), .character("=")]))
        XCTAssertEqual(g.0.cellWidth, 2)
    }
}
