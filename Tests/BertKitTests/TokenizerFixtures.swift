@testable import BertKit
import Foundation
import XCTest

/// HuggingFace reference tokenizations written by Tests/Fixtures/scripts/make_tokenizer_fixtures.py.
struct TokenizerFixture: Decodable {
    /// File name of the vocabulary beside the fixture.
    let vocab: String
    let doLowerCase: Bool
    let stripAccents: Bool?
    let tokenizeChineseChars: Bool
    let cases: [Case]

    struct Case: Decodable {
        let name: String
        let text: String
        let pair: String?
        let maxLength: Int
        let ids: [Int]
        let tokens: [String]
        let typeIds: [Int]
        /// Character offsets from BertTokenizerFast (nil for [CLS]/[SEP]); nil when it disagrees on the ids.
        let offsets: [[Int]?]?
        let reference: String
        let truncation: Cut?
    }

    struct Cut: Decodable, Equatable {
        let requested: Int
        let kept: Int
        let droppedA: Int
        let droppedB: Int
    }

    /// The folder holding the tokenizer fixtures, from the test bundle.
    static var directory: URL {
        get throws {
            let root = try XCTUnwrap(
                Bundle.module.url(forResource: "Fixtures", withExtension: nil), "test bundle lacks Fixtures")
            return root.appendingPathComponent("tokenizer")
        }
    }

    /// Loads `<name>.json`.
    static func load(_ name: String) throws -> TokenizerFixture {
        let data = try Data(contentsOf: try directory.appendingPathComponent("\(name).json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(TokenizerFixture.self, from: data)
    }

    /// The vocabulary lines of a fixture vocabulary file.
    static func vocabulary(_ file: String) throws -> [String] {
        try BertTokenizer.readVocabulary(try directory.appendingPathComponent(file))
    }

    /// The tokenizer this fixture was made with.
    func tokenizer() throws -> BertTokenizer {
        try BertTokenizer(
            vocabulary: try Self.vocabulary(vocab),
            options: BertTokenizer.Options(
                doLowerCase: doLowerCase, stripAccents: stripAccents, tokenizeChineseChars: tokenizeChineseChars))
    }
}

/// Shared tokenizers for the unit tests (loading the 30k-line vocabulary once).
enum FixtureTokenizers {
    static let uncased: Result<BertTokenizer, Error> = Result {
        try BertTokenizer(vocabulary: try TokenizerFixture.vocabulary("minilm-vocab.txt"), doLowerCase: true)
    }
    static let cased: Result<BertTokenizer, Error> = Result {
        try BertTokenizer(vocabulary: try TokenizerFixture.vocabulary("cased-vocab.txt"), doLowerCase: false)
    }
}
