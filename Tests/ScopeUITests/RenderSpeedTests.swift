import BertKit
import Dispatch
import ScopeUI
import TestSupport
import XCTest

/// A keypress must render fast: a full frame at 120x40 of a 32-token MiniLM-sized encoding in well under 4 ms
/// (release). Debug builds only get a loose bound, so the test still catches an accidental per-frame recomputation.
final class RenderSpeedTests: XCTestCase {
    #if DEBUG
    static let frameBudget = 0.060
    #else
    static let frameBudget = 0.004
    #endif

    func medianSeconds(_ runs: Int, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return times.sorted()[runs / 2]
    }

    func testFrameAt120x40IsFastForEveryView() {
        let size = Size(width: 120, height: 40)
        for keys in [[], [Key.character("g")], [.character("v")], [.character("f")], [.character("m")]] {
            var core = Fixtures.miniLMCore(size: size)
            Fixtures.press([.escape] + keys, &core)
            var sink = 0
            let t = medianSeconds(15) {
                sink &+= core.render(size: size).cells.count
                _ = core.handle(.key(.pageDown))
            }
            XCTAssertGreaterThan(sink, 0)
            XCTAssertLessThan(t, Self.frameBudget, "\(keys): \(t * 1000) ms per frame")
            print("render \(keys) 120x40: \(String(format: "%.3f", t * 1000)) ms")
        }
    }

    func testPreparingAnEncodingIsDoneOnceNotPerFrame() {
        let enc = SyntheticEncoding.make(pieces: Fixtures.longPieces, config: Fixtures.miniLMConfig)
        let t = medianSeconds(5) { _ = PreparedEncoding(enc) }
        print("prepare MiniLM 32 tokens: \(String(format: "%.3f", t * 1000)) ms")
        XCTAssertLessThan(t, 0.5)
    }
}

/// Long inputs (up to the model's 512 tokens) scroll instead of slowing every frame down.
final class LongInputTests: XCTestCase {
    func testA512TokenEncodingRendersEveryViewQuickly() {
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
            let t0 = DispatchTime.now().uptimeNanoseconds
            let b = core.render(size: size)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            XCTAssertLessThan(ms, RenderSpeedTests.frameBudget * 1000 * 4, "\(view): \(ms) ms")
            let text = (0..<b.height).map { b.line($0) }.joined(separator: "\n")
            XCTAssertTrue(text.contains("[SEP]"), "the selected last token is scrolled into view (\(view))")
        }
    }
}
