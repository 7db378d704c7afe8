import Benchmarks
import BertKit
import ScopeUI
import TestSupport
import XCTest

/// What a layer step sends to the terminal with the real model, through real ncurses (as xterm-256color, into a
/// file): the 16 KB at 120x40, in the attention and in the activation view. Bytes, not time: deterministic.
final class LayerStepBytesTests: XCTestCase {
    static let limit = 16_000.0

    func testALayerStepAt120x40StaysUnder16KBInEveryView() throws {
        let model = try ModelFixtures.miniLM()
        for tokens in [8, 32, 64] {
            let report = try UIBench.run(
                model: model, size: Size(width: 120, height: 40), tokens: tokens, iterations: 2)
            XCTAssertEqual(Set(report.layerStepBytesByView.keys), ["attention", "activations"])
            XCTAssertEqual(report.tokens, tokens, "the sentence has the tokens asked for")
            for (view, bytes) in report.layerStepBytesByView {
                XCTAssertGreaterThan(bytes.median, 500, "\(view), \(tokens) tokens: a step repaints the heatmap")
                XCTAssertLessThanOrEqual(bytes.max, Self.limit, "\(view), \(tokens) tokens")
            }
        }
    }
}
