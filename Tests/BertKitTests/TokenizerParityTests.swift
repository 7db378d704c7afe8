import Foundation
import XCTest

@testable import BertKit

/// Every corpus case against transformers 5's tokenizer (tokenizers' Rust pipeline): input_ids, token_type_ids
/// and offset_mapping must all be identical.
final class TokenizerParityTests: XCTestCase {
    func assertMatchesHuggingFace(
        _ fixtureName: String, atLeast minimum: Int, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let fixture = try TokenizerFixture.load(fixtureName)
        let tokenizer = try fixture.tokenizer()
        XCTAssertGreaterThanOrEqual(
            fixture.cases.count, minimum, "\(fixtureName): too few cases", file: file, line: line)
        var failures: [String] = []
        for c in fixture.cases {
            let input = tokenizer.encode(c.text, pair: c.pair, maxLength: c.maxLength)
            let offsets = input.offsets.flatMap { [$0.lowerBound, $0.upperBound] }
            var wrong: [String] = []
            if input.inputIds != c.ids { wrong.append("ids \(input.inputIds) != \(c.ids)") }
            if input.tokenTypeIds != c.typeIds { wrong.append("type ids \(input.tokenTypeIds) != \(c.typeIds)") }
            if offsets != c.offsets { wrong.append("offsets \(offsets) != \(c.offsets)") }
            if !wrong.isEmpty {
                let text = c.text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
                failures.append("\(c.name) [\(text)]: " + wrong.joined(separator: "; "))
            }
        }
        XCTAssertTrue(
            failures.isEmpty,
            "\(fixtureName): \(failures.count) of \(fixture.cases.count) cases differ from transformers "
                + "\(fixture.transformers)/tokenizers \(fixture.tokenizers):\n"
                + failures.prefix(15).joined(separator: "\n"),
            file: file, line: line)
    }

    func testUncasedMiniLMVocabularyMatchesTransformers() throws {
        try assertMatchesHuggingFace("uncased", atLeast: 2000)
    }

    func testCasedVocabularyMatchesTransformers() throws {
        try assertMatchesHuggingFace("cased", atLeast: 2000)
    }

    func testCasedWithStripAccentsMatchesTransformers() throws {
        try assertMatchesHuggingFace("cased-strip-accents", atLeast: 300)
    }

    func testUncasedKeepingAccentsMatchesTransformers() throws {
        try assertMatchesHuggingFace("uncased-keep-accents", atLeast: 300)
    }

    func testUncasedWithoutChineseSplitMatchesTransformers() throws {
        try assertMatchesHuggingFace("uncased-no-cjk-split", atLeast: 300)
    }

    func testTokenizerJSONPipelineMatchesTransformers() throws {
        try assertMatchesHuggingFace("pipeline", atLeast: 500)
    }
}
