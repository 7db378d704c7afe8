import BertKit
import Foundation
import TestSupport
import XCTest

@testable import Export

/// Golden SVGs of every figure for the fixed synthetic encoding. Review a changed golden like code:
/// open it in a browser. Record with RECORD_SNAPSHOTS=1.
final class GoldenFigureTests: XCTestCase {
    let encoding = SyntheticEncoding.make()

    func check(
        _ kind: FigureKind, _ name: String, options: FigureOptions = FigureOptions(), file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let svg = try Figures.make(kind, encoding: encoding, options: options).svg()
        Golden.assertText(svg, matches: Golden.url(name), file: file, line: line)
    }

    func testAttentionHeadFigure() throws {
        try check(
            .attention(layer: 1, head: .single(0)), "attention-layer1-head1.svg",
            options: FigureOptions(selectedToken: 3))
    }

    func testAttentionMeanFigure() throws {
        try check(.attention(layer: 2, head: .mean), "attention-layer2-mean.svg")
    }

    func testAttentionGridFigure() throws {
        try check(.attentionGrid, "attention-grid.svg")
    }

    func testActivationFigure() throws {
        try check(.activations(layer: 2), "activations-layer2.svg")
    }

    func testIntermediateFigure() throws {
        try check(.intermediate(layer: 1), "intermediate-layer1.svg")
    }

    func testPoolerFigure() throws {
        try check(.pooler, "pooler.svg")
    }
}
