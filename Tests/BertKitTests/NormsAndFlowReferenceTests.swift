import BertKit
import Foundation
import TestSupport
import XCTest

/// Value-weighted attention norms (Kobayashi et al. 2020) and attention flow (Abnar & Zuidema 2020) against numpy
/// and networkx over HF transformers' outputs and weights (Tests/Fixtures/scripts/make_flow_fixtures.py), on the
/// tiny random checkpoint with both engines and on all-MiniLM-L6-v2.
final class NormsAndFlowReferenceTests: XCTestCase {
    static let tolerance: Float = 1e-5

    /// The reference cases encoded by `model` (ids checked against HF's first).
    func analyses(model: BertModel, reference: String) throws -> [(ReferenceCase, EncodingAnalysis)] {
        let cases = try ReferenceCase.load(reference)
        let sentences = try XCTUnwrap(cases.first.map { ReferenceCase.sentences($0.file) })
        XCTAssertEqual(sentences.count, cases.count)
        return try zip(cases, sentences).map { c, s in
            let encoding = try model.encode(s.0, pair: s.1)
            XCTAssertEqual(encoding.input.inputIds, c.inputIds, "\(reference) case \(c.index) ids")
            return (c, EncodingAnalysis(encoding))
        }
    }

    /// |ours - theirs| within the tolerance, relative to the value where it is above 1 (norms reach tens).
    func assertClose(
        _ ours: [Float], _ theirs: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(ours.count, theirs.count, what, file: file, line: line)
        var worst: Float = 0
        var at = 0
        for (i, (a, b)) in zip(ours, theirs).enumerated() {
            let d = abs(a - b) / max(1, abs(b))
            if !(d <= worst) {
                worst = d
                at = i
            }
        }
        XCTAssertLessThanOrEqual(
            worst, Self.tolerance, "\(what): element \(at) \(ours[at]) vs \(theirs[at])", file: file, line: line)
    }

    func assertNormsMatch(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        for (c, a) in try analyses(model: model, reference: reference) {
            let t = a.tokenCount
            let heads = model.config.numAttentionHeads
            for layer in 1...a.encoding.layerCount {
                let i = layer - 1
                let perHead = try XCTUnwrap(c.floats("attention_norms.\(i)"), "no attention_norms.\(i)")
                XCTAssertEqual(perHead.shape, [heads, t, t], file: file, line: line)
                assertClose(
                    try XCTUnwrap(a.attentionNormsPerHead(layer: layer)), perHead.values,
                    "\(reference) \(model.engine) case \(c.index) attention_norms.\(i)", file: file, line: line)
                let summed = try XCTUnwrap(c.floats("attention_norms_summed.\(i)"), "no attention_norms_summed.\(i)")
                XCTAssertEqual(summed.shape, [t, t], file: file, line: line)
                assertClose(
                    try XCTUnwrap(a.attentionNorms(layer: layer)).summed, summed.values,
                    "\(reference) \(model.engine) case \(c.index) attention_norms_summed.\(i)", file: file, line: line)
            }
        }
    }

    func assertFlowMatches(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        for (c, a) in try analyses(model: model, reference: reference) {
            let t = a.tokenCount
            for layer in 1...a.encoding.layerCount {
                let ref = try XCTUnwrap(c.floats("flow.\(layer - 1)"), "no flow.\(layer - 1)")
                XCTAssertEqual(ref.shape, [t, t], file: file, line: line)
                let ours = try XCTUnwrap(a.flow(layer: layer))
                XCTAssertLessThanOrEqual(
                    maxAbsDifference(ours, ref.values), Self.tolerance,
                    "\(reference) case \(c.index) flow.\(layer - 1)", file: file, line: line)
            }
        }
    }

    func tiny(_ engine: BertModel.Engine) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert"), engine: engine)
    }

    func testNormsMatchNumpyOnTinyBertWithTheBLASEngine() throws {
        try assertNormsMatch(model: try tiny(.blas), reference: "flow-tiny-bert")
    }

    func testNormsMatchNumpyOnTinyBertWithTheSIMDEngine() throws {
        guard BertModel.Engine.preferred == .simd else { throw XCTSkip("this CPU has no AVX2 and FMA") }
        try assertNormsMatch(model: try tiny(.simd), reference: "flow-tiny-bert")
    }

    func testNormsMatchNumpyOnMiniLM() throws {
        try assertNormsMatch(model: try ModelFixtures.miniLM(), reference: "flow-minilm")
    }

    func testFlowMatchesNetworkxOnTinyBert() throws {
        try assertFlowMatches(model: try tiny(.preferred), reference: "flow-tiny-bert")
    }

    func testFlowMatchesNetworkxOnMiniLM() throws {
        try assertFlowMatches(model: try ModelFixtures.miniLM(), reference: "flow-minilm")
    }

    func testFlowAtLayerOneIsTheResidualMixedAttentionAndRowsSumToOne() throws {
        let a = EncodingAnalysis(try tiny(.preferred).encode("the bank raised its rates."))
        let t = a.tokenCount
        let first = try XCTUnwrap(a.flow(layer: 1))
        XCTAssertLessThanOrEqual(maxAbsDifference(first, try XCTUnwrap(a.rollout(layer: 1))), 1e-6)
        let top = try XCTUnwrap(a.flow(layer: a.encoding.layerCount))
        for q in 0..<t { XCTAssertEqual(top[(q * t)..<(q * t + t)].reduce(0, +), 1, accuracy: 1e-5) }
    }

    func testFlowStoppedEarlyGivesNothingAndKeepsNothing() throws {
        let a = EncodingAnalysis(try tiny(.preferred).encode("the bank raised its rates."))
        XCTAssertNil(a.flow(layer: 2, shouldStop: { true }))
        XCTAssertNil(a.computedFlow(layer: 2))
        XCTAssertNotNil(a.flow(layer: 2))
        XCTAssertNotNil(a.computedFlow(layer: 2))
        XCTAssertNil(a.flow(layer: 0))
        XCTAssertNil(a.flow(layer: a.encoding.layerCount + 1))
    }

    func testWeightSharesAgreeWithTheHeadRolesAndNormSharesDiffer() throws {
        let a = EncodingAnalysis(try ModelFixtures.miniLM().encode("The bank raised its rates, again."))
        let roles = a.headRoles
        let heads = a.encoding.config.numAttentionHeads
        var differs = false
        for layer in 1...a.encoding.layerCount {
            let shares = try XCTUnwrap(a.attentionShares(layer: layer))
            for (c, column) in [HeadRoles.Column.cls, .sep, .punctuation].enumerated() {
                let mean = (0..<heads).map { roles[layer, $0, column] }.reduce(0, +) / Float(heads)
                XCTAssertEqual(shares.byWeight[c], mean, accuracy: 1e-5, "layer \(layer) \(column.name)")
                XCTAssertGreaterThanOrEqual(shares.byNorm[c], 0)
            }
            XCTAssertLessThanOrEqual(shares.totalByNorm, 1 + 1e-5)
            if abs(shares.totalByNorm - shares.totalByWeight) > 0.01 { differs = true }
        }
        XCTAssertTrue(differs, "by norm and by weight should not coincide in every layer")
    }

    func testNormsNeedTheValueVectorsAndSaveWritesThem() throws {
        XCTAssertNil(EncodingAnalysis(SyntheticEncoding.make()).attentionNorms(layer: 1), "no values, no norms")
        let model = try tiny(.preferred)
        let e = try model.encode("the bank raised its rates.")
        XCTAssertEqual(e.values.count, e.layerCount)
        let a = EncodingAnalysis(e)
        XCTAssertNil(a.attentionNorms(layer: 0))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "norms-save-\(UUID().uuidString).safetensors")
        try model.safetensors(e).serialized().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        let t = e.tokenCount
        for i in 0..<e.layerCount {
            let info = try XCTUnwrap(file.tensors["attention_norms.\(i)"], "attention_norms.\(i) missing")
            XCTAssertEqual(info.shape, [e.config.numAttentionHeads, t, t])
            let raw = file.bytes(of: info)
            let saved = (0..<info.count).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            XCTAssertEqual(saved, try XCTUnwrap(a.attentionNormsPerHead(layer: i + 1)))
        }
        XCTAssertNil(file.tensors["attention_norms.\(e.layerCount)"])
    }
}
