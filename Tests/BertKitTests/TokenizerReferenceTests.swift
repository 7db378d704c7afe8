import Foundation
import TestSupport
import XCTest

@testable import BertKit

/// The tokenizer against the `input_ids` of the model reference files (Tests/Fixtures/scripts/make_model_fixtures.py),
/// so the ids the model parity tests feed in are the ids bertscope itself produces from the same sentences.
final class TokenizerReferenceTests: XCTestCase {
    func assertTokenizerReproduces(_ reference: String, with tokenizer: BertTokenizer, line: UInt = #line) throws {
        let cases = try ReferenceCase.load(reference)
        let sentences = ReferenceCase.sentences(try XCTUnwrap(cases.first, "\(reference) is empty").file)
        XCTAssertEqual(sentences.count, cases.count, "\(reference): sentences in the metadata", line: line)
        for (c, (a, b)) in zip(cases, sentences) {
            let input = tokenizer.encode(a, pair: b, maxLength: 512)
            XCTAssertEqual(input.inputIds, c.inputIds, "\(reference) case \(c.index): \(a)", line: line)
            XCTAssertEqual(input.tokenTypeIds, c.tokenTypeIds, "\(reference) case \(c.index): \(a)", line: line)
        }
    }

    func testMiniLMReferenceSentencesTokenizeToTheReferenceIds() throws {
        try assertTokenizerReproduces("minilm", with: try FixtureTokenizers.uncased.get())
    }

    func testTinyBertReferenceSentencesTokenizeToTheReferenceIds() throws {
        let folder = TestPaths.fixtures.appendingPathComponent("models/tiny-bert")
        try assertTokenizerReproduces("tiny-bert", with: try BertTokenizer.load(directory: folder))
    }
}
