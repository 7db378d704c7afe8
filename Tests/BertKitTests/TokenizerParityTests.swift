@testable import BertKit
import Foundation
import XCTest

/// Every corpus case against HuggingFace's BertTokenizer: ids, tokens, token_type_ids, offsets, truncation.
final class TokenizerParityTests: XCTestCase {
    func assertMatchesHuggingFace(_ fixtureName: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let fixture = try TokenizerFixture.load(fixtureName)
        let tokenizer = try fixture.tokenizer()
        XCTAssertFalse(fixture.cases.isEmpty, "\(fixtureName) has no cases", file: file, line: line)
        var checkedOffsets = 0
        for c in fixture.cases {
            let label = "\(fixtureName)/\(c.name)"
            let input = tokenizer.encode(c.text, pair: c.pair, maxLength: c.maxLength)
            XCTAssertEqual(input.inputIds, c.ids, "\(label): input_ids", file: file, line: line)
            XCTAssertEqual(input.tokens.map(\.text), c.tokens, "\(label): tokens", file: file, line: line)
            XCTAssertEqual(input.tokenTypeIds, c.typeIds, "\(label): token_type_ids", file: file, line: line)
            XCTAssertEqual(input.textA, c.text, "\(label): textA", file: file, line: line)
            XCTAssertEqual(input.textB, c.pair, "\(label): textB", file: file, line: line)
            let cut = input.truncation.map {
                TokenizerFixture.Cut(
                    requested: $0.requestedTokens, kept: $0.keptTokens, droppedA: $0.droppedA, droppedB: $0.droppedB)
            }
            XCTAssertEqual(cut, c.truncation, "\(label): truncation", file: file, line: line)
            if let offsets = c.offsets {
                let spans = input.tokens.map { $0.span.map { [$0.lowerBound, $0.upperBound] } }
                XCTAssertEqual(spans, offsets, "\(label): spans vs BertTokenizerFast offsets", file: file, line: line)
                checkedOffsets += 1
            }
        }
        XCTAssertGreaterThan(checkedOffsets, fixture.cases.count / 2, "\(fixtureName): too few offset checks")
    }

    func testUncasedMiniLMVocabularyMatchesHuggingFace() throws {
        try assertMatchesHuggingFace("uncased")
    }

    func testCasedVocabularyMatchesHuggingFace() throws {
        try assertMatchesHuggingFace("cased")
    }

    func testCasedWithStripAccentsMatchesHuggingFace() throws {
        try assertMatchesHuggingFace("cased-strip-accents")
    }

    func testUncasedKeepingAccentsMatchesHuggingFace() throws {
        try assertMatchesHuggingFace("uncased-keep-accents")
    }

    func testUncasedWithoutChineseSplitMatchesHuggingFace() throws {
        try assertMatchesHuggingFace("uncased-no-cjk-split")
    }
}
