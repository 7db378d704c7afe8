import BertKit
import ScopeUI
import TestSupport
import XCTest

/// A prefix of an encoding on screen: the layers that arrived are drawn, the rest is marked pending, and the
/// complete encoding of the same request then replaces it.
final class PendingLayersTests: XCTestCase {
    static let config = BertConfig(
        vocabSize: 100, hiddenSize: 16, numHiddenLayers: 4, numAttentionHeads: 4, intermediateSize: 32,
        maxPositionEmbeddings: 64)

    func core(layer: Int) -> ExplorerCore {
        var core = ExplorerCore(
            options: ExplorerOptions(
                modelName: "synthetic-bert", config: Self.config, sentence: "hello , my dog is cute", layer: layer,
                colorMode: .palette256))
        _ = core.handle(.resize(Size(width: 120, height: 40)))
        _ = core.start()
        return core
    }

    func text(_ core: ExplorerCore) -> String {
        let frame = core.render(size: Size(width: 120, height: 40))
        return (0..<frame.height).map { frame.line($0) }.joined(separator: "\n")
    }

    func testTheLayerOnScreenIsDrawnFromAPrefixAndTheRestIsMarkedPending() {
        let full = SyntheticEncoding.make(config: Self.config)
        var core = core(layer: 2)
        XCTAssertEqual(core.state.layerNeededFirst, 2)
        XCTAssertTrue(core.receive(SyntheticEncoding.prefix(of: full, layers: 2), request: 0))
        XCTAssertTrue(core.state.hasPendingLayers)
        XCTAssertTrue(core.state.isEncoding)
        XCTAssertTrue(core.state.isViewReady(.attention))
        XCTAssertFalse(core.state.isViewReady(.pooler))
        let screen = text(core)
        XCTAssertTrue(screen.contains("attention · layer 2/4 · head 1/4"), screen)
        XCTAssertTrue(screen.contains("[CLS] hello , my dog is cute [SEP]"), screen)
        XCTAssertTrue(screen.contains("[CLS] vs pooler_output"), "the side panel keeps its title")
        XCTAssertTrue(screen.contains("computing up to layer 4"), "the side panel waits for the pooler:\n\(screen)")
        XCTAssertTrue(screen.contains("encoding 2/4"), "the status bar says how far the encoder got:\n\(screen)")
        XCTAssertTrue(screen.contains("╌"), "the slider's track past layer 2 is dashed")
        XCTAssertFalse(screen.contains("cos([CLS], pooler)"), "no pooler numbers from a prefix")

        // Stepping past what arrived shows that layer as pending instead of drawing it.
        _ = core.apply(.setLayer(3))
        XCTAssertEqual(core.state.layerNeededFirst, 3)
        XCTAssertFalse(core.state.isViewReady(.attention))
        let pending = text(core)
        XCTAssertTrue(pending.contains("computing layer 3 of 4 · layers 0–2 done"), pending)
        XCTAssertTrue(pending.contains("pending"), pending)

        // The complete encoding of the same request fills everything in.
        XCTAssertTrue(core.receive(full, request: 0))
        XCTAssertFalse(core.state.hasPendingLayers)
        XCTAssertFalse(core.state.isEncoding)
        let done = text(core)
        XCTAssertTrue(done.contains("attention · layer 3/4"), done)
        XCTAssertFalse(done.contains("pending") || done.contains("╌") || done.contains("computing"), done)
    }

    func testAnOlderOrSmallerPrefixNeverReplacesWhatIsOnScreen() {
        let full = SyntheticEncoding.make(config: Self.config)
        var core = core(layer: 1)
        XCTAssertTrue(core.receive(SyntheticEncoding.prefix(of: full, layers: 3), request: 0))
        XCTAssertFalse(core.receive(SyntheticEncoding.prefix(of: full, layers: 1), request: 0), "fewer layers")
        XCTAssertFalse(core.receive(SyntheticEncoding.prefix(of: full, layers: 3), request: 0), "the same layers")
        XCTAssertEqual(core.state.computedLayers, 3)
        XCTAssertTrue(core.receive(full, request: 0))
        XCTAssertFalse(
            core.receive(SyntheticEncoding.prefix(of: full, layers: 3), request: 0), "after the complete one")
        XCTAssertEqual(core.state.computedLayers, 4)
    }

    func testTheGridAndThePoolerViewNeedEveryLayer() {
        let full = SyntheticEncoding.make(config: Self.config)
        var core = core(layer: 1)
        _ = core.apply(.setView(.grid))
        XCTAssertEqual(core.state.layerNeededFirst, 4)
        _ = core.receive(SyntheticEncoding.prefix(of: full, layers: 3), request: 0)
        let grid = text(core)
        XCTAssertTrue(grid.contains("attention · all 4 layers × 4 heads"), grid)
        XCTAssertTrue(grid.contains("computing up to layer 4 · layers 0–3 done"), grid)
        _ = core.apply(.setView(.pooler))
        XCTAssertEqual(core.state.layerNeededFirst, 4)
        XCTAssertTrue(text(core).contains("computing up to layer 4"))
        _ = core.apply(.setView(.activations))
        XCTAssertEqual(core.state.layerNeededFirst, 1)
        XCTAssertTrue(core.state.isViewReady(.activations))
        XCTAssertTrue(text(core).contains("hidden_states[1]"))
    }

    func testTheDeliveryPolicyHandsOverTheNeededLayerOnceAndAgainOnlyPastIt() {
        func deliveries(total: Int, fillIn: Bool = false, wanted: (Int) -> Int) -> [Int] {
            var policy = LayerDelivery(fillsInLaterLayers: fillIn)
            return (0...total).filter { policy.shouldDeliver(computed: $0, total: total, wanted: wanted($0)) }
        }
        XCTAssertEqual(deliveries(total: 12) { _ in 6 }, [6])
        XCTAssertEqual(deliveries(total: 12) { _ in 0 }, [0], "the embeddings, then only the complete encoding")
        XCTAssertEqual(deliveries(total: 12) { _ in 12 }, [], "the grid waits for the complete encoding")
        XCTAssertEqual(deliveries(total: 12) { k in k < 4 ? 2 : 9 }, [2, 9], "the user stepped up to layer 9")
        XCTAssertEqual(
            deliveries(total: 12) { k in k < 7 ? 5 : 1 }, [5], "stepping down to a delivered layer needs nothing")
        XCTAssertEqual(deliveries(total: 12) { k in k < 4 ? 5 : 1 }, [4], "stepping down to a computed layer: at once")
        XCTAssertEqual(deliveries(total: 6, fillIn: true) { _ in 2 }, [2, 3, 4, 5], "slow layers fill in one by one")
        XCTAssertEqual(deliveries(total: 6, fillIn: true) { _ in 6 }, [], "nothing before the needed layer")
    }

    func testSlowLayersFillInOnlyForLongInputsOnBigModels() {
        let bertBase = BertConfig(
            vocabSize: 28996, hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072)
        let miniLM = BertConfig(
            vocabSize: 30522, hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 1536)
        func fills(_ c: BertConfig, _ tokens: Int) -> Bool {
            c.layerFLOPs(tokens: tokens) >= LayerDelivery.fillInFLOPs
        }
        XCTAssertFalse(fills(bertBase, 32))
        XCTAssertTrue(fills(bertBase, 512))
        XCTAssertFalse(fills(miniLM, 128))
        XCTAssertTrue(fills(miniLM, 512))
    }
}
