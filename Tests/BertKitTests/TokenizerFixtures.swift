import Foundation
import XCTest

@testable import BertKit

/// transformers 5 tokenizations written by Tests/Fixtures/scripts/make_tokenizer_fixtures.py (`<name>.json.gz`).
struct TokenizerFixture: Decodable {
    /// File name of the vocabulary beside the fixture (nil for a tokenizer.json folder).
    let vocab: String?
    let doLowerCase: Bool?
    let stripAccents: Bool?
    let tokenizeChineseChars: Bool?
    /// A tokenizer folder beside the fixture, loaded with `BertTokenizer.load`.
    let folder: String?
    let transformers: String
    let tokenizers: String
    let cases: [Case]
    /// Code points per hash of the all-planes sweep (uncased and cased only).
    let sweepBlock: Int?
    /// FNV-1a 64 (hex) of HF's ids and offsets for each block of code points, alone and inside a word.
    let sweep: [String]?

    struct Case: Decodable {
        let name: String
        let text: String
        let pair: String?
        let maxLength: Int
        let ids: [Int]
        let typeIds: [Int]
        /// HF's `offset_mapping`, flattened: start, end of each token ((0, 0) for the template's tokens).
        let offsets: [Int]
    }

    /// The folder holding the tokenizer fixtures, from the test bundle.
    static var directory: URL {
        get throws {
            let root = try XCTUnwrap(
                Bundle.module.url(forResource: "Fixtures", withExtension: nil), "test bundle lacks Fixtures")
            return root.appendingPathComponent("tokenizer")
        }
    }

    /// Loads `<name>.json.gz` (gunzipped by the system's gzip: Foundation has no inflate).
    static func load(_ name: String) throws -> TokenizerFixture {
        let url = try directory.appendingPathComponent("\(name).json.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "gzip -dc \(url.path)")
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
        if let folder { return try BertTokenizer.load(directory: try Self.directory.appendingPathComponent(folder)) }
        return try BertTokenizer(
            vocabulary: try Self.vocabulary(try XCTUnwrap(vocab)),
            options: BertTokenizer.Options(
                doLowerCase: doLowerCase ?? true, stripAccents: stripAccents,
                tokenizeChineseChars: tokenizeChineseChars ?? true))
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
