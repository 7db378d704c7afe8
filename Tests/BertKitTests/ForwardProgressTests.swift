import BertKit
import TestSupport
import XCTest

/// The forward pass's cancellation points: which layers an observer sees, in what order, what a prefix holds, and
/// that `.stop` ends the pass before its last layer. Counts and values, never times.
final class ForwardProgressTests: XCTestCase {
    func testTheObserverSeesEveryLayerInOrderAndTheResultIsTheSameAsAPlainEncode() throws {
        let model = try ModelFixtures.miniLM()
        let plain = try model.encode("The bank raised its rates.", pair: "She sat on the river bank.")
        var seen: [Int] = []
        let observed = try XCTUnwrap(
            try model.encode("The bank raised its rates.", pair: "She sat on the river bank.") { progress in
                XCTAssertEqual(progress.totalLayers, 6)
                seen.append(progress.computedLayers)
                return .proceed
            })
        XCTAssertEqual(seen, Array(0...6), "after the embeddings, then after each layer")
        XCTAssertTrue(observed.isComplete)
        XCTAssertEqual(observed.hiddenStates.map { Array($0.scalars) }, plain.hiddenStates.map { Array($0.scalars) })
        XCTAssertEqual(
            observed.attentions.map { $0.map { Array($0.scalars) } },
            plain.attentions.map { $0.map { Array($0.scalars) } })
        XCTAssertEqual(observed.intermediates.map { Array($0.scalars) }, plain.intermediates.map { Array($0.scalars) })
        XCTAssertEqual(observed.poolerOutput, plain.poolerOutput)
    }

    func testStoppingEndsThePassAtThatLayerAndReturnsNothing() throws {
        let model = try ModelFixtures.miniLM()
        for stopAt in [0, 2, 5] {
            var seen: [Int] = []
            let result = try model.encode("Hello, my dog is cute", pair: nil) { progress in
                seen.append(progress.computedLayers)
                return progress.computedLayers == stopAt ? .stop : .proceed
            }
            XCTAssertNil(result, "stopped after layer \(stopAt)")
            XCTAssertEqual(seen, Array(0...stopAt), "no layer after the stop was computed")
        }
        // The model is usable again at once: the next encode runs to the end.
        XCTAssertTrue(try model.encode("Hello", pair: nil) { _ in .proceed }?.isComplete ?? false)
    }

    func testAPrefixHoldsTheFinishedLayersAndNeverChangesAfterwards() throws {
        let model = try ModelFixtures.miniLM()
        let input = model.tokenizer.encode("A prefix stays as it was taken.", pair: nil, maxLength: 512)
        let full = model.encode(input)
        var prefixes: [Encoding] = []
        var snapshots: [[[Float]]] = []
        let result = model.encode(input) { progress in
            let prefix = progress.encoding()
            prefixes.append(prefix)
            snapshots.append(prefix.hiddenStates.map { Array($0.scalars) })
            return .proceed
        }
        XCTAssertNotNil(result)
        XCTAssertEqual(prefixes.count, 7)
        for (k, prefix) in prefixes.enumerated() {
            XCTAssertEqual(prefix.computedLayers, k)
            XCTAssertEqual(prefix.hiddenStates.count, k + 1)
            XCTAssertEqual(prefix.attentions.count, k)
            XCTAssertEqual(prefix.intermediates.count, k)
            XCTAssertEqual(prefix.isComplete, k == 6)
            XCTAssertNil(prefix.poolerOutput, "the pooler comes after the last layer")
            XCTAssertTrue(prefix.hasLayer(k))
            XCTAssertFalse(prefix.hasLayer(k + 1))
            XCTAssertEqual(prefix.tokens, full.tokens)
            XCTAssertEqual(
                prefix.hiddenStates.map { Array($0.scalars) }, snapshots[k], "layer \(k): unchanged by later layers")
            XCTAssertEqual(
                prefix.hiddenStates.map { Array($0.scalars) }, full.hiddenStates.prefix(k + 1).map { Array($0.scalars) }
            )
        }
    }
}
