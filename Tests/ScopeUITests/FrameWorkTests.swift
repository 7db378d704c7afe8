import BertKit
import ScopeUI
import TestSupport
import XCTest

/// A frame only looks numbers up: the statistics it shows are computed once per encoding, for what is on screen,
/// and later frames compute nothing new. (How long a frame takes is measured by `bertscope bench`, not here.)
final class FrameWorkTests: XCTestCase {
    func testLaterFramesComputeNoStatisticsForEveryView() throws {
        let size = Size(width: 120, height: 40)
        for keys in [[], [Key.character("g")], [.character("v")], [.character("f")], [.character("m")]] {
            var core = Fixtures.miniLMCore(size: size)
            Fixtures.press([.escape] + keys, &core)
            let analysis = try XCTUnwrap(core.state.prepared)
            let first = core.render(size: size)
            let computed = analysis.computedCount
            // the grid shows single heads only (and no side panel at this width): nothing to compute there
            if keys != [.character("g")] {
                XCTAssertGreaterThan(computed, 0, "\(keys): the first frame asks for its statistics")
            }
            for _ in 0..<5 {
                let again = core.render(size: size)
                XCTAssertEqual(again, first, "\(keys): the same state draws the same frame")
            }
            XCTAssertEqual(analysis.computedCount, computed, "\(keys): frames after the first compute nothing")
        }
    }

    func testOnlyTheLayerOnScreenIsSummarised() throws {
        let size = Size(width: 120, height: 40)
        var core = Fixtures.miniLMCore(size: size)
        Fixtures.press([.escape, .character("v")], &core)
        let analysis = try XCTUnwrap(core.state.prepared)
        _ = core.render(size: size)
        let layer = core.state.layer
        func summarised(_ l: Int) -> Bool {
            analysis.hasComputed(.init("activation.summary", ActivationKind.hidden.rawValue, l))
        }
        XCTAssertTrue(summarised(layer))
        for l in 0...core.state.layerCount where l != layer {
            XCTAssertFalse(summarised(l), "layer \(l) is not on screen")
        }
        _ = core.handle(.key(.pageDown))
        _ = core.render(size: size)
        XCTAssertTrue(summarised(core.state.layer), "stepping the layer summarises the new one")
    }
}

/// Long inputs (up to the model's 512 tokens) scroll to the selection in every view.
final class LongInputTests: XCTestCase {
    func testA512TokenEncodingScrollsTheSelectedLastTokenIntoEveryView() {
        let config = BertConfig(
            vocabSize: 100, hiddenSize: 64, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 128,
            maxPositionEmbeddings: 512)
        let pieces = (0..<510).map { $0 % 7 == 3 ? "##ing" : "w\($0)" }
        let enc = SyntheticEncoding.make(pieces: pieces, config: config)
        XCTAssertEqual(enc.tokenCount, 512)
        let size = Size(width: 120, height: 40)
        var core = Fixtures.core(Fixtures.options(config: config), showing: enc, size: size)
        Fixtures.press([.escape, .end], &core)
        for view in [Key.character("a"), .character("g"), .character("v"), .character("z"), .character("f")] {
            Fixtures.press([view], &core)
            let b = core.render(size: size)
            let text = (0..<b.height).map { b.line($0) }.joined(separator: "\n")
            XCTAssertTrue(text.contains("[SEP]"), "the selected last token is scrolled into view (\(view))")
        }
    }
}
