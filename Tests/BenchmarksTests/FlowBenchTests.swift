import Benchmarks
import BertKit
import Foundation
import TestSupport
import XCTest

/// The analysis benchmark reports a measured figure for every analysis it says it times (how long each takes is
/// for `bertscope bench`, not tests).
final class FlowBenchTests: XCTestCase {
    func testEveryAnalysisOfTheMiddleLayerIsTimedOnTheInputAskedFor() throws {
        let model = try BertModel(directory: ModelFixtures.tinyBERT)
        let r = FlowBench.layer(model: model, tokens: 12, minRuns: 3, seconds: 0)
        XCTAssertEqual(r.tokens, 12)
        XCTAssertEqual(r.layer, max(1, (model.config.numHiddenLayers + 1) / 2))
        let figures = [
            ("rollout", r.rolloutMs), ("norms", r.normsMs), ("similarity", r.similarityMs),
            ("token change", r.tokenChangeMs), ("head roles", r.headRolesMs), ("encode", r.encodeMs),
        ]
        for (name, ms) in figures {
            // An empty sample set has median 0: a figure above 0 was measured, and a finite one is a time.
            XCTAssertTrue(ms.isFinite && ms > 0, "\(name): \(ms) ms")
        }
    }

    func testFlowIsTimedAtEveryLayer() throws {
        let model = try BertModel(directory: ModelFixtures.tinyBERT)
        let r = FlowBench.flow(model: model, tokens: 8, runs: 1)
        XCTAssertEqual(r.tokens, 8)
        XCTAssertEqual(r.layerMs.count, model.config.numHiddenLayers)
        XCTAssertTrue(r.layerMs.allSatisfy { $0.isFinite && $0 >= 0 }, "\(r.layerMs)")
    }
}
