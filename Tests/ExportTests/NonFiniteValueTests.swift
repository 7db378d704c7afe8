import BertKit
import Export
import ScopeUI
import TestSupport
import XCTest

/// A checkpoint with NaN or Inf weights gives NaN outputs: every figure, text heatmap and screen draws them
/// without trapping (the pooler figure converted NaN to Int), and shows "nan" where it prints the numbers.
final class NonFiniteValueTests: XCTestCase {
    /// The synthetic encoding with every value of every tensor replaced by `value` (or only some, `every`).
    func poisoned(_ value: Float, every stride: Int = 1) -> Encoding {
        let e = SyntheticEncoding.make()
        func poison(_ m: Matrix) -> Matrix {
            var v = Array(m.scalars)
            for i in Swift.stride(from: 0, to: v.count, by: stride) { v[i] = value }
            return Matrix(rows: m.rows, cols: m.cols, base: v)
        }
        return Encoding(
            modelName: e.modelName, config: e.config, input: e.input, hiddenStates: e.hiddenStates.map(poison),
            attentions: e.attentions.map { $0.map(poison) }, intermediates: e.intermediates.map(poison),
            poolerOutput: e.poolerOutput.map { p in p.enumerated().map { $0.offset % stride == 0 ? value : $0.element }
            },
            forwardSeconds: e.forwardSeconds)
    }

    let kinds: [FigureKind] = [
        .attention(layer: 1, head: .single(0)), .attention(layer: 2, head: .mean), .attention(layer: 2, head: .max),
        .attentionGrid, .activations(layer: 0), .activations(layer: 2), .intermediate(layer: 1), .pooler,
    ]

    func testEveryFigureDrawsNaNAndInfinity() throws {
        for value in [Float.nan, .infinity, -.infinity, 3e38] {
            for stride in [1, 3] {
                let e = poisoned(value, every: stride)
                for kind in kinds {
                    let figure = try Figures.make(kind, encoding: e, palette: .standard, options: FigureOptions())
                    XCTAssertFalse(try figure.png().isEmpty)
                    XCTAssertFalse(try figure.svg().isEmpty)
                    if case .pooler = kind, value.isNaN {
                        XCTAssertTrue(try figure.svg().contains("nan"), "the pooler figure prints NaN as nan")
                    }
                }
                for kind in kinds.prefix(7) where kind != .attentionGrid {
                    for mode in [ColorMode.truecolor, .mono] {
                        _ = try TextHeatmap.render(kind, encoding: e, palette: .standard, mode: mode)
                    }
                }
            }
        }
    }

    func testTheScreenDrawsNaN() {
        let e = poisoned(.nan)
        let options = ExplorerOptions(modelName: e.modelName, config: e.config, sentence: e.input.textA)
        for view in [ScreenShot.View.attention, .grid, .activations, .intermediate, .pooler] {
            let buffer = ScreenShot.render(e, options: options, view: view, size: Size(width: 120, height: 40))
            XCTAssertEqual(buffer.width, 120)
        }
    }

    func testStatisticsOfNaNAreNaN() {
        let s = VectorStats([1, .nan, 3])
        XCTAssertTrue(s.mean.isNaN && s.std.isNaN && s.min.isNaN && s.max.isNaN && s.norm.isNaN)
        XCTAssertTrue(VectorMath.cosine([1, .nan], [1, 2]).isNaN)
        XCTAssertTrue(VectorMath.maxAbsDifference([1, .nan], [1, 2]).isNaN)
        XCTAssertEqual(VectorMath.histogram([0.5, .nan, .infinity], bins: 2, range: -1...1), [0, 1])
    }
}
