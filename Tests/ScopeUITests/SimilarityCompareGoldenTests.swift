import BertKit
import TestSupport
import XCTest

@testable import ScopeUI

/// Whole-screen goldens of the similarity and compare views at 80x24 and 120x40 (text grid, style letters,
/// legend), in 256 colours and, for compare, in mono (NO_COLOR). "the bank of the river" against
/// "so the bank raised its rates": [CLS], the, bank and [SEP] match; bank moved by one position, so its vectors
/// differ from layer 0 on in these synthetic encodings (the real model's bank, at the same position, starts
/// identical: the end-to-end test checks that).
final class SimilarityCompareGoldenTests: XCTestCase {
    func check(_ core: ExplorerCore, _ size: Size, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        Golden.assertText(core.render(size: size).debugDescription, matches: Golden.url(name), file: file, line: line)
    }

    func testSimilarityViewAt80x24() {
        var core = SimilarityCompareTests.riverCore()
        Fixtures.press([.escape, .character("o"), .right, .down, .down, .character("."), .character(".")], &core)
        check(core, Size(width: 80, height: 24), "similarity-80x24.txt")
    }

    func testSimilarityViewAt120x40() {
        let size = Size(width: 120, height: 40)
        var core = SimilarityCompareTests.riverCore(size: size)
        Fixtures.press([.escape, .character("o"), .right, .right, .down, .down], &core)
        check(core, size, "similarity-120x40.txt")
    }

    func testCompareViewAt80x24() {
        var core = SimilarityCompareTests.riverCore()
        SimilarityCompareTests.comparing(&core)
        Fixtures.press([.escape, .down, .down, .right], &core)
        check(core, Size(width: 80, height: 24), "compare-80x24.txt")
    }

    func testCompareViewAt120x40() {
        let size = Size(width: 120, height: 40)
        var core = SimilarityCompareTests.riverCore(size: size)
        SimilarityCompareTests.comparing(&core)
        check(core, size, "compare-120x40.txt")
    }

    func testCompareViewInMono() {
        var core = SimilarityCompareTests.riverCore(mode: .mono)
        SimilarityCompareTests.comparing(&core)
        Fixtures.press([.escape, .down, .down], &core)
        check(core, Size(width: 80, height: 24), "compare-mono-80x24.txt")
    }
}

/// The all-heads grid with head roles: a small encoding whose heads each have a clear role (layer 1: [CLS],
/// previous, self, next; layer 2: [SEP], punctuation, none, [CLS]), so every letter and the blank show.
final class GridRolesTests: XCTestCase {
    /// The small synthetic encoding ("hello , my dog is cute") with its attention rows replaced: each head puts
    /// 0.8 of every row on its role's token and spreads the rest evenly (the third head of layer 2 spreads all).
    static func roleEncoding() -> Encoding {
        let base = SyntheticEncoding.make()
        let t = base.tokenCount
        let sep = t - 1
        let comma = 2
        // the key each head favours for query q (nil: none)
        let roles: [[(Int) -> Int?]] = [
            [{ _ in 0 }, { q in q > 0 ? q - 1 : nil }, { q in q }, { q in q + 1 < t ? q + 1 : nil }],
            [{ _ in sep }, { _ in comma }, { _ in nil }, { _ in 0 }],
        ]
        let attentions = roles.map { layer in
            layer.map { favourite -> Matrix in
                var m = [Float](repeating: 0, count: t * t)
                for q in 0..<t {
                    let k = favourite(q)
                    for j in 0..<t { m[q * t + j] = k == nil ? 1 / Float(t) : (j == k ? 0.8 : 0.2 / Float(t - 1)) }
                }
                return Matrix(rows: t, cols: t, base: m)
            }
        }
        return Encoding(
            modelName: base.modelName, config: base.config, input: base.input, hiddenStates: base.hiddenStates,
            attentions: attentions, intermediates: base.intermediates, poolerOutput: base.poolerOutput,
            forwardSeconds: base.forwardSeconds)
    }

    func testEveryTileCarriesItsDominantRoleLetter() {
        let size = Size(width: 80, height: 24)
        var core = Fixtures.core(Fixtures.options(), showing: Self.roleEncoding(), size: size)
        Fixtures.press([.escape, .character("g")], &core)
        let screen = core.render(size: size)
        guard let g = FrameGeometry(state: core.state, size: size).grid, let roles = core.state.prepared?.headRoles
        else { return XCTFail("no grid") }
        var letters: [String] = []
        for l in 1...2 {
            for h in 0..<4 {
                let expected = roles.dominant(layer: l, head: h)?.letter.map(String.init)
                let shown = screen[g.x(ofHead: h), g.y(ofLayer: l)].text
                XCTAssertEqual(shown == "▀" ? nil : shown, expected, "layer \(l) head \(h + 1)")
                letters.append(expected ?? "-")
            }
        }
        XCTAssertEqual(letters.joined(), "C<=>SP-C", "the roles this encoding was made with")
        Golden.assertText(screen.debugDescription, matches: Golden.url("grid-roles-80x24.txt"))
    }
}
