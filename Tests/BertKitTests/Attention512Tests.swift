import BertKit
import Foundation
import TestSupport
import XCTest

/// A pair cut to 512 tokens through all-MiniLM-L6-v2 on each engine: attention probabilities within 1e-5 of HF
/// (the rows of reference/minilm-512.safetensors, make_attention512_fixture.py), and the same 512 ids.
final class Attention512Tests: XCTestCase {
    func model(_ engine: BertModel.Engine) throws -> BertModel {
        do {
            return try BertModel.load(spec: nil, environment: ProcessInfo.processInfo.environment, engine: engine)
        } catch {
            XCTFail("all-MiniLM-L6-v2 is not installed (\(error)); run `make model` first")
            throw error
        }
    }

    func assertAttentionMatchesHF(_ engine: BertModel.Engine, line: UInt = #line) throws {
        let reference = try XCTUnwrap(try ReferenceCase.load("minilm-512").first)
        let model = try model(engine)
        XCTAssertEqual(model.engine, engine)
        let (a, b) = try XCTUnwrap(ReferenceCase.sentences(reference.file).first)
        let tokenized = model.tokenizer.encode(a, pair: b, maxLength: 512)
        XCTAssertEqual(tokenized.inputIds, reference.inputIds, "the tokenizer's 512 ids", line: line)
        XCTAssertEqual(tokenized.tokenTypeIds, reference.tokenTypeIds, line: line)
        let encoding = model.encode(reference.tokenizedInput)
        XCTAssertEqual(encoding.tokenCount, 512)
        let rows = try XCTUnwrap(reference.file.tensors["0.attention_rows"]).shape[0]
        let rowIndex = [0, 1, 255, 256, 510, 511]
        XCTAssertEqual(rows, rowIndex.count)
        var worst: Float = 0
        for (l, heads) in encoding.attentions.enumerated() {
            let ref = try XCTUnwrap(reference.floats("attentions.\(l).rows"))
            XCTAssertEqual(ref.shape, [heads.count, rows, 512])
            for (h, matrix) in heads.enumerated() {
                for (k, r) in rowIndex.enumerated() {
                    let ours = Array(matrix.row(r))
                    let start = (h * rows + k) * 512
                    let d = maxAbsDifference(ours, ref.values[start..<(start + 512)])
                    worst = max(worst, d)
                    XCTAssertLessThanOrEqual(d, 1e-5, "\(engine) layer \(l) head \(h) row \(r)", line: line)
                }
            }
        }
        XCTAssertFalse(worst.isNaN)
    }

    func testAttentionAt512TokensMatchesHFOnTheBLASEngine() throws {
        try assertAttentionMatchesHF(.blas)
    }

    func testAttentionAt512TokensMatchesHFOnTheSIMDEngine() throws {
        try XCTSkipIf(
            BertModel.Engine.preferred != .simd, "this CPU has no AVX2 and FMA: the simd engine cannot run here")
        try assertAttentionMatchesHF(.simd)
    }
}
