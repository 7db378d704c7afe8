import BertKit
import Foundation
import TestSupport
import XCTest

/// The forward pass against HF transformers' BertModel outputs (fp32, eager attention), fed the reference ids.
final class ModelParityTests: XCTestCase {
    static let hiddenTolerance: Float = 1e-4
    static let attentionTolerance: Float = 1e-5

    func assertParity(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let cases = try ReferenceCase.load(reference)
        XCTAssertFalse(cases.isEmpty, "no cases in \(reference)", file: file, line: line)
        for c in cases {
            let enc = model.encode(c.tokenizedInput)
            let t = enc.tokenCount
            let h = model.config.hiddenSize
            XCTAssertEqual(enc.hiddenStates.count, model.config.numHiddenLayers + 1)
            for (i, hs) in enc.hiddenStates.enumerated() {
                let ref = try XCTUnwrap(
                    c.floats("hidden_states.\(i)"), "\(reference) case \(c.index) lacks hidden_states.\(i)")
                XCTAssertEqual(ref.shape, [t, h])
                let d = maxAbsDifference(hs.scalars, ref.values)
                XCTAssertLessThanOrEqual(
                    d, Self.hiddenTolerance, "\(reference) case \(c.index) hidden_states.\(i)", file: file, line: line)
            }
            let last = try XCTUnwrap(c.floats("last_hidden_state"))
            XCTAssertLessThanOrEqual(maxAbsDifference(enc.lastHiddenState.scalars, last.values), Self.hiddenTolerance)
            for (l, heads) in enc.attentions.enumerated() {
                let ref = try XCTUnwrap(c.floats("attentions.\(l)"))
                XCTAssertEqual(ref.shape, [model.config.numAttentionHeads, t, t])
                let ours = heads.flatMap { Array($0.scalars) }
                let d = maxAbsDifference(ours, ref.values)
                XCTAssertLessThanOrEqual(
                    d, Self.attentionTolerance, "\(reference) case \(c.index) attentions.\(l)", file: file, line: line)
            }
            for (l, im) in enc.intermediates.enumerated() {
                guard let ref = c.floats("intermediate.\(l)") else { continue }
                let d = maxAbsDifference(im.scalars, ref.values)
                XCTAssertLessThanOrEqual(
                    d, Self.hiddenTolerance, "\(reference) case \(c.index) intermediate.\(l)", file: file, line: line)
            }
            let pooler = try XCTUnwrap(c.floats("pooler_output"))
            let ours = try XCTUnwrap(enc.poolerOutput, "pooler missing")
            XCTAssertLessThanOrEqual(
                maxAbsDifference(ours, pooler.values), Self.hiddenTolerance,
                "\(reference) case \(c.index) pooler_output", file: file, line: line)
        }
    }

    func tinyModel(_ name: String) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/\(name)"))
    }

    func testTinyRandomBertMatchesHuggingFace() throws {
        try assertParity(model: try tinyModel("tiny-bert"), reference: "tiny-bert")
    }

    func testPretrainingNamingStyleLoadsAndMatches() throws {
        // bert. prefix, LayerNorm.gamma/beta, and a cls.* head that must be ignored.
        try assertParity(model: try tinyModel("tiny-bert-pretraining"), reference: "tiny-bert")
    }

    func testFloat16WeightsAreConvertedAtLoad() throws {
        try assertParity(model: try tinyModel("tiny-bert-f16"), reference: "tiny-bert-f16")
    }

    func testBFloat16WeightsAreConvertedAtLoad() throws {
        try assertParity(model: try tinyModel("tiny-bert-bf16"), reference: "tiny-bert-bf16")
    }

    func testRealMiniLMMatchesHuggingFace() throws {
        let model = try ModelFixtures.miniLM()
        try assertParity(model: model, reference: "minilm")
    }

    func testHiddenStatesLastIsLastHiddenState() throws {
        let enc = try tinyModel("tiny-bert").encode(try ReferenceCase.load("tiny-bert")[0].tokenizedInput)
        XCTAssertEqual(Array(enc.hiddenStates[enc.layerCount].scalars), Array(enc.lastHiddenState.scalars))
    }
}
