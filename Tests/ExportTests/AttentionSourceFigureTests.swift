import BertKit
import ScopeUI
import TestSupport
import XCTest

@testable import Export

/// `render --view norms|rollout|flow`: the figures say what they show, and refuse what they cannot show in one line.
final class AttentionSourceFigureTests: XCTestCase {
    func title(_ kind: FigureKind, _ e: Encoding) throws -> String {
        try Figures.make(kind, encoding: e, font: .system).title
    }

    func testRolloutAndFlowTitlesNameNoHead() throws {
        let e = SyntheticEncoding.make()
        let rollout = try title(.rollout(layer: 2), e)
        XCTAssertTrue(rollout.hasPrefix("Attention rollout · layers 1–2 of 2 · all heads"), rollout)
        XCTAssertFalse(rollout.contains("head 1"), rollout)
        let flow = try title(.flow(layer: 2), e)
        XCTAssertTrue(flow.hasPrefix("Attention flow · layer 2/2 to the input · all heads"), flow)
    }

    func testRolloutFigureColoursTheAnalysisLayersRollout() throws {
        // The figure's cells are the analysis layer's rollout on the 0-1 scale (rows sum to 1, so 1 is the top).
        let e = SyntheticEncoding.make()
        let a = EncodingAnalysis(e)
        let rollout = try XCTUnwrap(a.rollout(layer: 2))
        let fig = try Figures.make(
            .rollout(layer: 2), analysis: a, options: FigureOptions(attentionScale: .unit), font: .system)
        let grids = fig.elements.compactMap { item -> CellGrid? in
            if case .cells(let g) = item { return g } else { return nil }
        }
        let grid = try XCTUnwrap(grids.first)
        let p = FigurePalette.standard
        XCTAssertEqual(grid.colors, rollout.map { p.sequential.color(at: Double($0)) })
    }

    func testNormsNeedTheValueVectorsOfARealForwardPass() {
        // A hand-built encoding keeps no value vectors: a one-line error, not an empty figure.
        XCTAssertThrowsError(try title(.norms(layer: 1, head: .mean), SyntheticEncoding.make())) { error in
            XCTAssertTrue("\(error)".contains("value-weighted norms"), "\(error)")
        }
    }

    func testFlowIsRefusedBeyondItsLengthLimit() {
        let long = SyntheticEncoding.make(pieces: (0..<EncodingAnalysis.flowTokenLimit).map { "w\($0)" })
        XCTAssertGreaterThan(long.tokenCount, EncodingAnalysis.flowTokenLimit)
        XCTAssertThrowsError(try title(.flow(layer: 1), long)) { error in
            XCTAssertTrue("\(error)".contains("too long for flow (\(long.tokenCount) tokens)"), "\(error)")
        }
    }
}
