import BertKit
import Export
import Foundation
import TestSupport
import XCTest

/// The head-roles, similarity and compare figures say what they show, with the analysis' own numbers.
final class HowTokensChangeFigureTests: XCTestCase {
    func texts(_ fig: Figure) -> [String] {
        fig.elements.compactMap { if case .text(let t) = $0 { return t.string } else { return nil } }
    }

    func testHeadRolesFigureNamesEveryDominantRole() throws {
        let e = SyntheticEncoding.make()
        let roles = EncodingAnalysis(e).headRoles
        let fig = try Figures.make(.headRoles, encoding: e)
        let strings = texts(fig)
        for column in [HeadRoles.Column.cls, .sep, .punctuation, .previous, .same, .next] {
            XCTAssertTrue(strings.contains { $0.hasSuffix(column.name) }, "panel \(column.name)")
        }
        var tagged = 0
        for l in 1...roles.layers {
            for h in 0..<roles.heads where roles.dominant(layer: l, head: h) != nil { tagged += 1 }
        }
        let letters = strings.filter { s in HeadRoles.Column.allCases.contains { $0.letter.map(String.init) == s } }
        XCTAssertEqual(letters.count, tagged, "one letter per tagged head in the role panel")
        XCTAssertEqual(strings.filter { $0 == "·" }.count, roles.layers * roles.heads - tagged)
    }

    func testSimilarityFigurePrintsEveryLayersMeanAndMarksTheLayer() throws {
        let e = SyntheticEncoding.make()
        let a = EncodingAnalysis(e)
        let fig = try Figures.make(.similarity(layer: 1), analysis: a)
        let strings = texts(fig)
        XCTAssertTrue(fig.title.hasPrefix("Token similarity · hidden_states[1]"), fig.title)
        for s in a.similarityByLayer {
            XCTAssertTrue(strings.contains(String(format: "%.3f", Double(s.meanOffDiagonal))), "layer \(s.layer)")
        }
        XCTAssertThrowsError(try Figures.make(.similarity(layer: e.layerCount + 1), encoding: e))
    }

    func testCompareFigureShowsUnmatchedTokensAsUnmatched() throws {
        let a = EncodingAnalysis(SyntheticEncoding.make(pieces: ["the", "bank", "of"]))
        let b = EncodingAnalysis(SyntheticEncoding.make(pieces: ["the", "bank"]))
        // synthetic ids are 10 + position: "the" and "bank" match, "of" (id 12) does not
        let c = EncodingComparison(a, b)
        XCTAssertEqual(c.matchOfFirst, [0, 1, 2, nil, 3])
        let fig = try Figures.compare(c)
        let strings = texts(fig)
        XCTAssertEqual(strings.filter { $0 == "unmatched" }.count, 1)
        XCTAssertTrue(strings.contains("1.00"), "layer 0 of a token matched with itself")
    }
}
