import BertKit
import ScopeUI
import TestSupport
import XCTest

/// Golden snapshots of the other views and states: grid, activations (fitted, 1:1, FFN), layer 0, help, too small,
/// mono, pair mode, truncation, a checkpoint without pooler.
final class ViewGoldenTests: XCTestCase {
    let small = Size(width: 80, height: 24)

    func check(_ core: ExplorerCore, _ size: Size, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        Golden.assertText(core.render(size: size).debugDescription, matches: Golden.url(name), file: file, line: line)
    }

    func explore(_ core: inout ExplorerCore, _ keys: [Key]) {
        Fixtures.press([.escape] + keys, &core)
    }

    func testGridViewShowsEveryLayerAndHead() {
        var core = Fixtures.miniLMCore(size: Size(width: 120, height: 40))
        explore(&core, [.character("g"), .right, .character("]")])
        check(core, Size(width: 120, height: 40), "grid-120x40.txt")
    }

    func testGridViewAt80x24() {
        var core = Fixtures.miniLMCore(size: small)
        explore(&core, [.character("g")])
        check(core, small, "grid-80x24.txt")
    }

    func testActivationViewFitted() {
        var core = Fixtures.miniLMCore(size: small)
        explore(&core, [.character("v"), .right, .right])
        check(core, small, "activations-fitted-80x24.txt")
    }

    func testActivationViewOneToOnePanned() {
        var core = Fixtures.miniLMCore(size: Size(width: 120, height: 40))
        explore(&core, [.character("v"), .character("z"), .character("."), .character(".")])
        check(core, Size(width: 120, height: 40), "activations-1to1-120x40.txt")
    }

    func testOneToOneViewGivesShortInputsFullRows() {
        let pieces = Array(Fixtures.longPieces.prefix(10))
        let enc = SyntheticEncoding.make(pieces: pieces, config: Fixtures.miniLMConfig, modelName: "all-MiniLM-L6-v2")
        let size = Size(width: 120, height: 40)
        var core = Fixtures.core(
            Fixtures.options(config: Fixtures.miniLMConfig, sentence: Fixtures.sentence(of: pieces)), showing: enc,
            size: size)
        explore(&core, [.character("v"), .character("z"), .character(".")])
        check(core, size, "activations-1to1-12tokens-120x40.txt")
    }

    func testIntermediateView() {
        var core = Fixtures.miniLMCore(size: small)
        explore(&core, [.character("f")])
        check(core, small, "intermediate-80x24.txt")
    }

    func testLayerZeroSaysThereIsNoAttention() {
        var core = Fixtures.smallCore()
        explore(&core, [.pageUp])
        XCTAssertEqual(core.state.layer, 0)
        check(core, small, "layer0-80x24.txt")
    }

    func testHelpOverlay() {
        var core = Fixtures.smallCore()
        explore(&core, [.character("?")])
        check(core, small, "help-80x24.txt")
    }

    func testHelpOverlaySmall() {
        var core = Fixtures.smallCore(size: Size(width: 40, height: 12))
        explore(&core, [.character("?")])
        check(core, Size(width: 40, height: 12), "help-40x12.txt")
    }

    func testTooSmall() {
        check(Fixtures.smallCore(size: Size(width: 20, height: 6)), Size(width: 20, height: 6), "too-small-20x6.txt")
    }

    func testMonoUsesGlyphsAndAttributes() {
        var core = Fixtures.smallCore(mode: .mono)
        explore(&core, [.down, .down, .character(".")])
        check(core, small, "mono-80x24.txt")
    }

    func testMonoActivations() {
        var core = Fixtures.smallCore(mode: .mono)
        explore(&core, [.character("v")])
        check(core, small, "mono-activations-80x24.txt")
    }

    func testPairModeShowsBothSentencesAndSegments() {
        var options = Fixtures.options(sentence: "my dog")
        options.pair = "is cute!"
        var core = Fixtures.core(options, showing: Fixtures.pairEncoding(), size: small)
        explore(&core, [.down, .down, .down, .down, .down, .character("i")])
        check(core, small, "pair-80x24.txt")
    }

    func testTruncationNoticeAndNoPooler() {
        let base = SyntheticEncoding.make()
        let input = TokenizedInput(
            textA: base.input.textA, textB: nil, tokens: base.tokens,
            truncation: Truncation(requestedTokens: 731, keptTokens: 512, droppedA: 219, droppedB: 0))
        let core = Fixtures.core(
            Fixtures.options(), showing: Fixtures.variant(of: base, input: input, pooler: .some(nil)), size: small)
        check(core, small, "truncated-nopooler-80x24.txt")
    }

    func testPoolerViewOnNarrowScreen() {
        var core = Fixtures.smallCore(size: Size(width: 60, height: 30))
        explore(&core, [.character("p")])
        XCTAssertEqual(core.state.mainView, .pooler)
        check(core, Size(width: 60, height: 30), "pooler-60x30.txt")
    }
}
