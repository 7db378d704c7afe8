import BertKit
import Foundation
import TestSupport
import XCTest

/// Attention rollout and head roles against numpy over HF transformers' attentions
/// (Tests/Fixtures/scripts/make_flow_fixtures.py), on the tiny random checkpoint and on all-MiniLM-L6-v2.
final class FlowAnalysisReferenceTests: XCTestCase {
    static let tolerance: Float = 1e-5

    /// Each reference case encoded from its sentence by our tokenizer (the ids are checked against HF's first).
    func analyses(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> [(ReferenceCase, EncodingAnalysis)]
    {
        let cases = try ReferenceCase.load(reference)
        let sentences = try XCTUnwrap(cases.first.map { ReferenceCase.sentences($0.file) })
        XCTAssertEqual(sentences.count, cases.count, "\(reference): one sentence per case", file: file, line: line)
        XCTAssertFalse(cases.isEmpty, file: file, line: line)
        return try zip(cases, sentences).map { c, s in
            let encoding = try model.encode(s.0, pair: s.1)
            XCTAssertEqual(
                encoding.input.inputIds, c.inputIds, "\(reference) case \(c.index) ids", file: file, line: line)
            return (c, EncodingAnalysis(encoding))
        }
    }

    func assertRolloutMatches(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        for (c, a) in try analyses(model: model, reference: reference) {
            let t = a.tokenCount
            for layer in 1...a.encoding.layerCount {
                let ref = try XCTUnwrap(c.floats("rollout.\(layer - 1)"), "\(reference) lacks rollout.\(layer - 1)")
                XCTAssertEqual(ref.shape, [t, t])
                let ours = try XCTUnwrap(a.rollout(layer: layer))
                XCTAssertLessThanOrEqual(
                    maxAbsDifference(ours, ref.values), Self.tolerance,
                    "\(reference) case \(c.index) rollout.\(layer - 1)",
                    file: file, line: line)
            }
        }
    }

    func assertHeadRolesMatch(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        for (c, a) in try analyses(model: model, reference: reference) {
            let ref = try XCTUnwrap(c.floats("head_roles"))
            let roles = a.headRoles
            XCTAssertEqual(ref.shape, [roles.layers, roles.heads, HeadRoles.Column.allCases.count])
            // entropy is in nats, up to ln T: compare it relative to that scale
            let scale = max(1, logf(Float(a.tokenCount)))
            for (i, (ours, theirs)) in zip(roles.values, ref.values).enumerated() {
                let isEntropy = i % HeadRoles.Column.allCases.count == HeadRoles.Column.entropy.rawValue
                XCTAssertEqual(
                    ours, theirs, accuracy: Self.tolerance * (isEntropy ? scale : 1),
                    "\(reference) case \(c.index) head_roles[\(i / 7 / roles.heads), \(i / 7 % roles.heads), \(i % 7)]",
                    file: file, line: line)
            }
        }
    }

    func tiny() throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert"))
    }

    func testRolloutMatchesNumpyOnTinyBert() throws {
        try assertRolloutMatches(model: try tiny(), reference: "flow-tiny-bert")
    }

    func testRolloutMatchesNumpyOnMiniLM() throws {
        try assertRolloutMatches(model: try ModelFixtures.miniLM(), reference: "flow-minilm")
    }

    func testHeadRolesMatchNumpyOnTinyBert() throws {
        try assertHeadRolesMatch(model: try tiny(), reference: "flow-tiny-bert")
    }

    func testHeadRolesMatchNumpyOnMiniLM() throws {
        try assertHeadRolesMatch(model: try ModelFixtures.miniLM(), reference: "flow-minilm")
    }

    func testRolloutRowsSumToOneAndOnlyTheAskedLayersAreComputed() throws {
        let a = EncodingAnalysis(SyntheticEncoding.make())
        XCTAssertNil(a.rollout(layer: 0))
        XCTAssertNil(a.rollout(layer: a.encoding.layerCount + 1))
        _ = a.rollout(layer: 1)
        XCTAssertFalse(a.hasComputed(.init("rollout", 2)), "layer 1 shown: layer 2 not computed")
        let r = try XCTUnwrap(a.rollout(layer: 2))
        XCTAssertTrue(a.hasComputed(.init("rollout", 1)))
        let t = a.tokenCount
        for q in 0..<t { XCTAssertEqual(r[(q * t)..<(q * t + t)].reduce(0, +), 1, accuracy: 1e-5) }
    }

    func testAHeadLookingAtThePreviousTokenIsTaggedPrevious() {
        let e = SyntheticEncoding.make()
        let t = e.tokenCount
        // layer 1, head 0: every query but the first puts all its attention on the token before it
        var shifted = [Float](repeating: 0, count: t * t)
        shifted[0] = 1
        for q in 1..<t { shifted[q * t + q - 1] = 1 }
        var attentions = e.attentions
        attentions[0][0] = Matrix(rows: t, cols: t, base: shifted)
        let edited = Encoding(
            modelName: e.modelName, config: e.config, input: e.input, hiddenStates: e.hiddenStates,
            attentions: attentions, intermediates: e.intermediates, poolerOutput: e.poolerOutput, forwardSeconds: 0)
        let roles = EncodingAnalysis(edited).headRoles
        XCTAssertEqual(roles[1, 0, .previous], 1, accuracy: 1e-6)
        XCTAssertEqual(roles[1, 0, .entropy], 0, accuracy: 1e-6)
        XCTAssertEqual(roles.dominant(layer: 1, head: 0), .previous)
    }

    func testSaveWritesRolloutAndHeadRolesUnderTheirNames() throws {
        let e = SyntheticEncoding.make()
        let a = EncodingAnalysis(e)
        let t = e.tokenCount
        let bytes = e.safetensors().serialized()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flow-save-\(UUID().uuidString).safetensors")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        for i in 0..<e.layerCount {
            let info = try XCTUnwrap(file.tensors["rollout.\(i)"], "rollout.\(i) missing")
            XCTAssertEqual(info.shape, [t, t])
            let raw = file.bytes(of: info)
            let saved = (0..<info.count).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            XCTAssertEqual(saved, try XCTUnwrap(a.rollout(layer: i + 1)))
        }
        XCTAssertNil(file.tensors["rollout.\(e.layerCount)"])
        let roles = try XCTUnwrap(file.tensors["head_roles"])
        XCTAssertEqual(roles.shape, [e.layerCount, e.config.numAttentionHeads, 7])
    }

    func testHeadsTableHasOneRowPerHeadAndNamesTheRole() {
        let e = SyntheticEncoding.make()
        let text = InspectReport(encoding: e).headRolesText
        let rows = text.split(separator: "\n").filter { $0.first == " " && $0.dropFirst(4).first?.isNumber == true }
        XCTAssertEqual(rows.count, e.layerCount * e.config.numAttentionHeads)
        XCTAssertTrue(text.contains("layer  head   [CLS]   [SEP]   punct    prev    self    next  entropy  role"), text)
    }
}
