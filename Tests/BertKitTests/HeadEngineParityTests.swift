import Foundation
import TestSupport
import XCTest

@testable import BertKit

/// The MLM head through both engines, forced: packed panels (CBertKernels) and OpenBLAS on the tied embeddings.
final class HeadEngineParityTests: XCTestCase {
    func logits(_ arch: String, layout: BertWeights.Layout) throws -> Float {
        let dir = TestPaths.fixtures.appendingPathComponent("models/heads-\(arch)-hf")
        let config = try BertConfig.load(from: dir.appendingPathComponent("config.json"))
        let heads = HeadConfig.load(from: dir.appendingPathComponent("config.json"))
        let weights = try BertWeights(directory: dir, config: config, heads: heads, layout: layout)
        let encoder = Encoder(config: config, weights: weights, threads: 2)
        let mlm = try XCTUnwrap(weights.heads.maskedLM)
        var worst: Float = 0
        for c in try ReferenceCase.load("heads-\(arch)") {
            let enc = encoder.run(input: c.tokenizedInput, modelName: arch)
            let last = enc.lastHiddenState
            let ours = encoder.maskedLMLogits(mlm, rows: (0..<last.rows).map { last.row($0) })
            let ref = try XCTUnwrap(c.floats("prediction_logits"))
            worst = max(worst, maxAbsDifference(ours, ref.values))
        }
        return worst
    }

    func testBLASEngineMatchesHuggingFaceOnTiedAndUntiedDecoders() throws {
        for arch in ["mlm", "pretraining"] {
            XCTAssertLessThanOrEqual(try logits(arch, layout: .rowMajor), 1e-4, arch)
        }
    }

    func testPanelEngineMatchesHuggingFaceOnTiedAndUntiedDecoders() throws {
        try XCTSkipUnless(KernelSupport.vectorKernels, "this CPU cannot run the simd engine (it needs AVX2 and FMA)")
        for arch in ["mlm", "pretraining"] {
            XCTAssertLessThanOrEqual(try logits(arch, layout: .panels), 1e-4, arch)
        }
    }
}

/// The explorer's frames never wait for the encoder: a lens asked for while the model is busy comes later.
final class LensWhileEncodingTests: XCTestCase {
    func testLensIsDeferredWhileTheModelIsBusyAndComputedOnceItIsFree() throws {
        let model = try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/heads-mlm-hf"))
        let analysis = EncodingAnalysis(try model.encode("the man went to the [MASK]."))
        model.lock.lock()
        XCTAssertNil(analysis.logitLens(at: 2, wait: false), "busy: no lens, and no waiting")
        XCTAssertFalse(
            analysis.hasComputed(EncodingAnalysis.Key("logitLens", 2)), "a deferred lens is not cached as missing")
        model.lock.unlock()
        let lens = try XCTUnwrap(analysis.logitLens(at: 2, wait: false))
        XCTAssertEqual(lens.steps.count, model.config.numHiddenLayers + 1)
        XCTAssertEqual(analysis.logitLens(at: 2)?.answer?.id, lens.answer?.id)
    }
}
