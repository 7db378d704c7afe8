import BertKit
import Export
import Foundation
import TestSupport
import XCTest

/// `render --view predictions`: the logit-lens figure from a checkpoint with an MLM head.
final class PredictionsFigureTests: XCTestCase {
    func model(_ name: String) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/\(name)"))
    }

    func testEveryCellHoldsTheTopWordOfItsLayerAndToken() throws {
        let m = try model("heads-mlm-legacy")
        let e = try m.encode("the man went to the [MASK].")
        let analysis = EncodingAnalysis(e)
        let fig = try Figures.make(.predictions, analysis: analysis)
        let texts = fig.elements.compactMap { el -> String? in
            if case .text(let t) = el { return t.string }
            return nil
        }
        var grids = 0
        for el in fig.elements {
            if case .cells(let g) = el {
                grids += 1
                XCTAssertEqual([g.rows, g.columns], [m.config.numHiddenLayers + 1, e.tokenCount])
            }
        }
        XCTAssertEqual(grids, 1)
        for p in 0..<e.tokenCount {
            let lens = try XCTUnwrap(analysis.logitLens(at: p))
            for step in lens.steps {
                let word = try XCTUnwrap(step.top.first).token
                XCTAssertTrue(
                    texts.contains { $0 == word || ($0.hasSuffix("…") && word.hasPrefix(String($0.dropLast()))) }, word)
            }
        }
        XCTAssertFalse(try fig.png().isEmpty)
    }

    func testCheckpointWithoutAnMLMHeadIsAOneLineError() throws {
        let e = try model("heads-seqcls-hf").encode("a good day")
        XCTAssertThrowsError(try Figures.make(.predictions, encoding: e)) { error in
            XCTAssertEqual(
                "\(error)", "--view predictions: this checkpoint has no MLM head, so there is no logit lens to draw")
        }
    }
}
