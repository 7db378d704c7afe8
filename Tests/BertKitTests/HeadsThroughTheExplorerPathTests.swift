import Foundation
import TestSupport
import XCTest

@testable import BertKit

/// The explorer encodes through the observer path (layer by layer, cancellable); its heads must work there exactly
/// as through `encode(_:)`, and a typed `[MASK]` must be found whatever the vocabulary's layout.
final class HeadsThroughTheExplorerPathTests: XCTestCase {
    let mlm = TestPaths.fixtures.appendingPathComponent("models/heads-mlm-hf")

    func testTheLogitLensArrivesThroughTheObserverPath() throws {
        let model = try BertModel(directory: mlm)
        let observed = try XCTUnwrap(try model.encode("the man went to the [MASK].", pair: nil) { _ in .proceed })
        let plain = try model.encode("the man went to the [MASK].")
        let position = try XCTUnwrap(observed.tokens.firstIndex { $0.text == "[MASK]" })
        let lens = try XCTUnwrap(EncodingAnalysis(observed).logitLens(at: position), "the explorer's lens")
        let reference = try XCTUnwrap(EncodingAnalysis(plain).logitLens(at: position))
        XCTAssertEqual(lens.steps.count, model.config.numHiddenLayers + 1)
        XCTAssertEqual(lens.answer?.id, reference.answer?.id)
    }

    func testAMaskListedTwiceInTheVocabularyIsTheIdATypedMaskGets() throws {
        // transformers 5 gives a vocab.txt with [MASK] on two lines the later id, for mask_token_id and for a
        // typed [MASK] alike; the first line's id would find no mask at all.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dup-mask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"] {
            try FileManager.default.copyItem(at: mlm.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let vocabURL = dir.appendingPathComponent("vocab.txt")
        var lines = try String(contentsOf: vocabURL, encoding: .utf8).components(separatedBy: "\n")
        let first = try XCTUnwrap(lines.firstIndex(of: "[MASK]"))
        let later = first + 10
        lines[later] = "[MASK]"
        try lines.joined(separator: "\n").write(to: vocabURL, atomically: true, encoding: .utf8)
        let model = try BertModel(directory: dir)
        XCTAssertEqual(model.maskTokenId, later)
        let e = try model.encode("the man went to the [MASK].")
        XCTAssertEqual(e.tokens.first { $0.text == "[MASK]" }?.id, later)
        XCTAssertFalse(e.heads.masks.isEmpty, "the mask is found and predicted")
    }
}
