import BertKit
import Foundation
import TestSupport
import XCTest

/// `inspect` prints tensors as torch does and tells the truth about the outputs.
final class InspectReportTests: XCTestCase {
    func testSummarisedTensorMatchesTorchPrint() {
        // print(torch.sin(torch.arange(8*384, dtype=torch.float32)*0.37).reshape(1,8,384)*3) in torch 2.15.
        let expected = """
            tensor([[[ 0.0000,  1.0848,  2.0229,  ...,  1.1729,  0.0950, -0.9958],
                     [-1.9517, -2.6435, -2.9775,  ...,  0.9057,  1.8786,  2.5973],
                     [ 2.9644,  2.9304,  2.4997,  ..., -2.5484, -2.9484, -2.9493],
                     ...,
                     [ 1.1685,  2.0886,  2.7260,  ...,  0.0048, -1.0803, -2.0193],
                     [-2.6849, -2.9872, -2.8851,  ...,  1.9481,  2.6412,  2.9769],
                     [ 2.9097,  2.4487,  1.6563,  ..., -2.9637, -2.9314, -2.5023]]])
            """
        let got = TensorFormatter().format(shape: [1, 8, 384]) { sinf(Float($0) * 0.37) * 3 }
        XCTAssertEqual(got, expected)
    }

    func testSmallTensorIsPrintedWhole() {
        let expected = """
            tensor([[ 0.0000,  0.8415,  0.9093,  0.1411, -0.7568],
                    [-0.9589, -0.2794,  0.6570,  0.9894,  0.4121]])
            """
        XCTAssertEqual(TensorFormatter().format(shape: [2, 5]) { sinf(Float($0)) }, expected)
    }

    func testReportShowsShapesAndPoolerContrast() throws {
        let enc = SyntheticEncoding.make()
        let text = InspectReport(encoding: enc).text
        XCTAssertTrue(text.contains("last_hidden_state  (1, 8, 16)"), text)
        XCTAssertTrue(text.contains("hidden_states      tuple of 3 x (1, 8, 16)"), text)
        XCTAssertTrue(text.contains("attentions         tuple of 2 x (1, 4, 8, 8)"), text)
        XCTAssertTrue(text.contains("hidden_states[-1] equals last_hidden_state: True"), text)
        XCTAssertTrue(text.contains("pooler_output is not last_hidden_state[:, 0]"), text)
        let cos = VectorMath.cosine(enc.clsVector, try XCTUnwrap(enc.poolerOutput))
        XCTAssertTrue(text.contains(String(format: "cosine %.4f", Double(cos))), text)
    }

    func testPerLayerCLSLinesPrintTheRowsNormAndMean() {
        // Each layer's line carries that layer's [CLS] row: its norm and mean as numbers, not zeros.
        let enc = SyntheticEncoding.make()
        let text = InspectReport(encoding: enc).text
        for (i, h) in enc.hiddenStates.enumerated() {
            let row = Array(h.row(0))
            let norm = sqrt(row.reduce(0) { $0 + Double($1) * Double($1) })
            let mean = row.reduce(0) { $0 + Double($1) } / Double(row.count)
            XCTAssertGreaterThan(norm, 0.01)
            let expected = String(format: "|h_CLS| %7.3f  mean %7.4f", norm, mean)
            XCTAssertTrue(text.contains("[\(i)] ") && text.contains(expected), "layer \(i): \(expected)\n\(text)")
        }
    }

    func testSaveWritesHFNamedTensorsThatReadBack() throws {
        let enc = SyntheticEncoding.make()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("save-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try enc.safetensors().write(to: url)
        let file = try SafeTensorsFile(url: url)
        var expected = [
            "input_ids", "token_type_ids", "attention_mask", "offsets", "last_hidden_state", "pooler_output",
        ]
        expected +=
            (0...2).map { "hidden_states.\($0)" } + (0..<2).map { "attentions.\($0)" }
            + (0..<2).map { "intermediate.\($0)" }
        expected += (0..<2).map { "rollout.\($0)" } + ["head_roles"]
        XCTAssertEqual(Set(file.tensors.keys), Set(expected))
        XCTAssertEqual(file.tensors["attentions.1"]?.shape, [4, 8, 8])
        XCTAssertEqual(file.tensors["input_ids"]?.dtype, .i64)
        XCTAssertEqual(file.tensors["offsets"]?.dtype, .i64)
        XCTAssertEqual(file.tensors["offsets"]?.shape, [enc.tokenCount, 2])
        let info = try XCTUnwrap(file.tensors["hidden_states.2"])
        let bytes = file.bytes(of: info)
        let values = (0..<info.count).map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        XCTAssertEqual(values, Array(enc.hiddenStates[2].scalars))
        XCTAssertEqual(
            file.metadata["tokens"].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] },
            enc.tokens.map(\.text))
    }

    func testSaveIntoMissingFolderFailsWithoutLeavingAFile() {
        let url = URL(fileURLWithPath: "/nonexistent-dir-\(UUID().uuidString)/out.safetensors")
        XCTAssertThrowsError(try SyntheticEncoding.make().safetensors().write(to: url)) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
    }
}

/// The analysis cache with an Optional value: a value not computed yet is computed, not read as a cached nil.
final class AnalysisCacheOptionalTests: XCTestCase {
    func testAnOptionalValueIsComputedOnFirstUseAndKept() {
        let a = EncodingAnalysis(SyntheticEncoding.make())
        var calls = 0
        let first: Int? = a.cached(.init("test.optional")) { _ in
            calls += 1
            return 7
        }
        let again: Int? = a.cached(.init("test.optional")) { _ in
            calls += 1
            return 8
        }
        XCTAssertEqual(first, 7)
        XCTAssertEqual(again, 7)
        XCTAssertEqual(calls, 1)
    }
}
