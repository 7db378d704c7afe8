import BertKit
import Foundation
import TestSupport
import XCTest

/// The heads (BertForPreTraining, ForMaskedLM, ForNextSentencePrediction, ForSequenceClassification single- and
/// multi-label, ForTokenClassification) against HF transformers on the tiny random checkpoints of
/// Tests/Fixtures/scripts/make_head_fixtures.py, in both key styles.
final class HeadParityTests: XCTestCase {
    static let logitTolerance: Float = 1e-4
    static let probabilityTolerance: Float = 1e-5
    static let styles = ["hf", "legacy"]

    func model(_ arch: String, _ style: String) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/heads-\(arch)-\(style)"))
    }

    /// Reference ints by name (`lens_positions`).
    func ints(_ c: ReferenceCase, _ name: String) -> [Int] {
        guard let info = c.file.tensors["\(c.index).\(name)"] else { return [] }
        let bytes = c.file.bytes(of: info)
        return (0..<info.count).map { Int(bytes.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) }
    }

    /// Top-k ids, largest first, of a reference row (torch.topk's order).
    func referenceTop(_ row: ArraySlice<Float>, k: Int) -> [Int] {
        Array(row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(k)).map {
            $0 - row.startIndex
        }
    }

    /// softmax in Double, the reference for probabilities.
    func referenceSoftmax(_ row: ArraySlice<Float>) -> [Float] {
        let m = Double(row.max() ?? 0)
        let e = row.map { exp(Double($0) - m) }
        let s = e.reduce(0, +)
        return e.map { Float($0 / s) }
    }

    func testMaskedLMHeadsMatchHuggingFaceInBothKeyStyles() throws {
        for arch in ["pretraining", "mlm"] {
            for style in Self.styles {
                let model = try model(arch, style)
                XCTAssertTrue(model.heads.maskedLM, "\(arch)-\(style) has an MLM head")
                let v = model.config.vocabSize
                for c in try ReferenceCase.load("heads-\(arch)") {
                    let lensPositions = ints(c, "lens_positions")
                    let enc = model.encode(c.tokenizedInput, lens: lensPositions)
                    let ref = try XCTUnwrap(c.floats("prediction_logits"))
                    XCTAssertEqual(ref.shape, [enc.tokenCount, v])
                    let ours = try XCTUnwrap(model.predictionLogits(enc))
                    let d = maxAbsDifference(ours.scalars, ref.values)
                    XCTAssertLessThanOrEqual(
                        d, Self.logitTolerance, "\(arch)-\(style) case \(c.index) prediction_logits")
                    let maskId = try XCTUnwrap(model.maskTokenId)
                    let masks = c.inputIds.indices.filter { c.inputIds[$0] == maskId }
                    XCTAssertFalse(masks.isEmpty)
                    XCTAssertEqual(
                        enc.heads.masks.map(\.position), masks, "\(arch)-\(style): one prediction per [MASK]")
                    for m in enc.heads.masks {
                        let row = ref.values[(m.position * v)..<((m.position + 1) * v)]
                        XCTAssertEqual(m.top.map(\.id), referenceTop(row, k: m.top.count), "\(arch)-\(style) top-k ids")
                        let p = referenceSoftmax(row)
                        for t in m.top {
                            XCTAssertEqual(t.probability, p[t.id], accuracy: Self.probabilityTolerance)
                            XCTAssertEqual(t.token, model.tokenizer.vocabulary[t.id])
                        }
                    }
                    // The logit lens: the same head on every layer's hidden state.
                    XCTAssertEqual(enc.heads.lens.map(\.position), lensPositions)
                    for lens in enc.heads.lens {
                        let ref = try XCTUnwrap(c.floats("lens_logits.\(lens.position)"))
                        XCTAssertEqual(ref.shape, [model.config.numHiddenLayers + 1, v])
                        let finalRow = ref.values[(model.config.numHiddenLayers * v)...]
                        let answer = referenceTop(finalRow, k: 1)[0]
                        XCTAssertEqual(lens.answer?.id, answer)
                        for step in lens.steps {
                            let row = ref.values[(step.layer * v)..<((step.layer + 1) * v)]
                            XCTAssertEqual(
                                step.top.map(\.id), referenceTop(row, k: step.top.count), "lens layer \(step.layer)")
                            let p = referenceSoftmax(row)
                            XCTAssertEqual(
                                step.top[0].probability, p[step.top[0].id], accuracy: Self.probabilityTolerance)
                            XCTAssertEqual(step.answerProbability, p[answer], accuracy: Self.probabilityTolerance)
                            XCTAssertEqual(step.answerRank, 1 + row.filter { $0 > row[row.startIndex + answer] }.count)
                        }
                    }
                }
            }
        }
    }

    func testNextSentenceHeadsMatchHuggingFace() throws {
        for arch in ["pretraining", "nsp"] {
            for style in Self.styles {
                let model = try model(arch, style)
                XCTAssertTrue(model.heads.nextSentence)
                for c in try ReferenceCase.load("heads-\(arch)") {
                    let enc = model.encode(c.tokenizedInput)
                    let ref = try XCTUnwrap(c.floats("seq_relationship_logits"))
                    let nsp = try XCTUnwrap(enc.heads.nextSentence)
                    XCTAssertLessThanOrEqual(maxAbsDifference(nsp.logits, ref.values), Self.logitTolerance)
                    XCTAssertEqual(
                        nsp.isNext, referenceSoftmax(ref.values[...])[0], accuracy: Self.probabilityTolerance)
                }
            }
        }
    }

    func testSequenceClassifiersMatchHuggingFaceWithTheirLabels() throws {
        for (arch, labels, sigmoid) in [
            ("seqcls", ["negative", "neutral", "positive"], false),
            // id2label lacks 2 and 3: HF's LABEL_i names.
            ("multilabel", ["sports", "politics", "LABEL_2", "LABEL_3"], true),
        ] {
            for style in Self.styles {
                let model = try model(arch, style)
                let info = try XCTUnwrap(model.heads.classifier)
                XCTAssertEqual(info.kind, .sequence)
                XCTAssertEqual(info.labels, labels)
                XCTAssertEqual(info.scoring, sigmoid ? .sigmoid : .softmax)
                for c in try ReferenceCase.load("heads-\(arch)") {
                    let enc = model.encode(c.tokenizedInput)
                    let ref = try XCTUnwrap(c.floats("logits"))
                    let scores = try XCTUnwrap(enc.heads.sequenceLabels)
                    XCTAssertEqual(scores.map(\.label), labels)
                    XCTAssertLessThanOrEqual(maxAbsDifference(scores.map(\.logit), ref.values), Self.logitTolerance)
                    let expected =
                        sigmoid
                        ? ref.values.map { Float(1 / (1 + exp(-Double($0)))) } : referenceSoftmax(ref.values[...])
                    XCTAssertLessThanOrEqual(maxAbsDifference(scores.map(\.score), expected), Self.probabilityTolerance)
                }
            }
        }
    }

    func testTokenClassifierTagsEveryTokenAsHuggingFace() throws {
        for style in Self.styles {
            let model = try model("tokcls", style)
            let info = try XCTUnwrap(model.heads.classifier)
            XCTAssertEqual(info.kind, .token)
            XCTAssertEqual(info.labels, ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"])
            for c in try ReferenceCase.load("heads-tokcls") {
                let enc = model.encode(c.tokenizedInput)
                let ref = try XCTUnwrap(c.floats("logits"))
                let logits = try XCTUnwrap(enc.heads.tokenLogits)
                XCTAssertEqual(ref.shape, [enc.tokenCount, 5])
                XCTAssertLessThanOrEqual(maxAbsDifference(logits.scalars, ref.values), Self.logitTolerance)
                let tags = try XCTUnwrap(enc.heads.tokenTags)
                for (t, tag) in tags.enumerated() {
                    let row = ref.values[(t * 5)..<((t + 1) * 5)]
                    XCTAssertEqual(tag.index, referenceTop(row, k: 1)[0])
                    XCTAssertEqual(tag.score, referenceSoftmax(row)[tag.index], accuracy: Self.probabilityTolerance)
                }
            }
        }
    }

    func testCheckpointWithoutHeadsSaysSo() throws {
        let model = try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert"))
        XCTAssertTrue(model.heads.isEmpty)
        let enc = try model.encode("hello [MASK] world")
        XCTAssertTrue(enc.heads.masks.isEmpty)
        XCTAssertNil(enc.heads.nextSentence)
        XCTAssertNil(model.predictionLogits(enc))
        XCTAssertEqual(HeadInventory.absence("MLM"), "this checkpoint has no MLM head")
    }

    func testPartialHeadIsIgnoredWithANote() throws {
        // tiny-bert-pretraining carries an incomplete cls.* (no transform bias, no LayerNorm, no NSP bias).
        let model = try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert-pretraining"))
        XCTAssertFalse(model.heads.maskedLM)
        XCTAssertFalse(model.heads.nextSentence)
        XCTAssertTrue(
            model.heads.notes.contains { $0.contains("cls.predictions.transform.dense.bias") }, "\(model.heads.notes)")
    }
}

/// Head checkpoints that are wrong, and text that meets a missing head.
final class HeadLoadingTests: XCTestCase {
    /// A copy of a fixture folder whose checkpoint has `reshape`'s tensors replaced.
    func copy(_ fixture: String, reshape: [String: [Int]]) throws -> URL {
        let src = TestPaths.fixtures.appendingPathComponent("models/\(fixture)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in ["config.json", "vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let file = try SafeTensorsFile(url: src.appendingPathComponent("model.safetensors"))
        var w = SafeTensorsWriter()
        for name in file.tensors.keys.sorted() {
            let info = try XCTUnwrap(file.tensors[name])
            if let shape = reshape[name] {
                w.add(name, shape: shape, floats: [Float](repeating: 0.5, count: shape.reduce(1, *)))
            } else {
                let bytes = file.bytes(of: info)
                w.add(
                    name, shape: info.shape,
                    floats: (0..<info.count).map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) })
            }
        }
        try w.write(to: dir.appendingPathComponent("model.safetensors"))
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testHeadTensorOfTheWrongShapeIsAOneLineErrorNamingIt() throws {
        for (fixture, tensor, shape) in [
            ("heads-seqcls-hf", "classifier.bias", [7]),
            ("heads-mlm-hf", "cls.predictions.bias", [12]),
            ("heads-nsp-legacy", "cls.seq_relationship.weight", [3, 16]),
            ("heads-pretraining-legacy", "cls.predictions.transform.LayerNorm.gamma", [15]),
        ] {
            let dir = try copy(fixture, reshape: [tensor: shape])
            XCTAssertThrowsError(try BertModel(directory: dir), fixture) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("'\(tensor)'"), message)
                XCTAssertTrue(message.contains("\(shape)"), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testTypedMaskTokenizesLikeHuggingFace() throws {
        let model = try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/heads-mlm-hf"))
        let cases = try ReferenceCase.load("heads-mlm")
        let sentences = ReferenceCase.sentences(try XCTUnwrap(cases.first).file)
        XCTAssertEqual(sentences.count, cases.count)
        for (c, (a, b)) in zip(cases, sentences) {
            let enc = try model.encode(a, pair: b)
            XCTAssertEqual(enc.input.inputIds, c.inputIds, a)
            XCTAssertEqual(
                enc.heads.masks.count,
                a.components(separatedBy: "[MASK]").count - 1
                    + (b.map { $0.components(separatedBy: "[MASK]").count - 1 } ?? 0))
        }
    }
}

/// `inspect` prints what the heads say, or which head is missing.
final class HeadReportTests: XCTestCase {
    func fixture(_ name: String) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/\(name)"))
    }

    func testReportPrintsTopFivePerMaskAndNextSentence() throws {
        let model = try fixture("heads-pretraining-hf")
        let enc = try model.encode("the man went to the [MASK].", pair: "he left the [MASK].", lens: [6])
        let text = InspectReport(encoding: enc).text
        XCTAssertEqual(enc.heads.masks.count, 2)
        for m in enc.heads.masks {
            let line = try XCTUnwrap(
                text.split(separator: "\n").first { $0.hasPrefix("  [MASK] at \(m.position):") }, text)
            for p in m.top.prefix(5) {
                XCTAssertTrue(
                    line.contains("\(p.token) \(String(format: "%.4f", Double(p.probability)))"), String(line))
            }
        }
        let nsp = try XCTUnwrap(enc.heads.nextSentence)
        XCTAssertTrue(text.contains("P(IsNext) \(String(format: "%.4f", Double(nsp.isNext)))"), text)
        XCTAssertTrue(text.contains("logit lens at 6"), text)
    }

    func testReportNamesLabelsAndMissingHeads() throws {
        let text = InspectReport(encoding: try fixture("heads-multilabel-hf").encode("a [MASK] day")).text
        XCTAssertTrue(text.contains("[MASK] at 2: this checkpoint has no MLM head"), text)
        for label in ["sports", "politics", "LABEL_2", "LABEL_3"] { XCTAssertTrue(text.contains("  \(label) "), text) }
        let plain = InspectReport(encoding: try fixture("tiny-bert").encode("a day")).text
        XCTAssertTrue(plain.contains("heads: none"), plain)
    }

    func testSaveAddsTheHeadsUnderHuggingFaceNames() throws {
        let model = try fixture("heads-pretraining-legacy")
        let enc = try model.encode("the [MASK] of milk", lens: [2])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "heads-save-\(UUID().uuidString).safetensors")
        try model.safetensors(enc).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        XCTAssertEqual(file.tensors["prediction_logits"]?.shape, [enc.tokenCount, model.config.vocabSize])
        XCTAssertEqual(file.tensors["seq_relationship_logits"]?.shape, [2])
        XCTAssertEqual(file.tensors["logit_lens.2"]?.shape, [model.config.numHiddenLayers + 1, 10])
        XCTAssertEqual(file.tensors["logit_lens.2"]?.dtype, .i64)
    }
}
