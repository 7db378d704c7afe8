import Foundation
import XCTest

@testable import BertKit

/// `BertTokenizer.load(directory:)`: vocab.txt or tokenizer.json, tokenizer_config.json, and clear errors.
final class TokenizerLoadingTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bertscope-tokenizer-\(UUID().uuidString)")
            .appendingPathComponent("bert-base-cased")  // a misleading name: nothing is guessed from it
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nHello\n"

    func expectError(_ body: () throws -> Void, file: String, mentioning words: [String], line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(
                message.contains(folder.appendingPathComponent(file).path), "no path in: \(message)", line: line)
            for w in words { XCTAssertTrue(message.contains(w), "'\(w)' not in: \(message)", line: line) }
        }
    }

    func testWithoutAConfigTheTokenizerLowerCasesLikeHuggingFace() throws {
        try write("vocab.txt", vocab)
        let t = try BertTokenizer.load(directory: folder)
        XCTAssertTrue(t.doLowerCase)
        XCTAssertEqual(t.encode("Hello", maxLength: 8).inputIds, [2, 5, 3])
        XCTAssertEqual(t.vocabulary.count, 7)
    }

    func testConfigSettingsAreFollowed() throws {
        try write("vocab.txt", vocab + "café\ncafe\n")
        try write(
            "tokenizer_config.json",
            #"{"do_lower_case": false, "strip_accents": null, "tokenize_chinese_chars": false, "never_split": null}"#)
        var t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.options, BertTokenizer.Options(doLowerCase: false, tokenizeChineseChars: false))
        XCTAssertEqual(t.pieceTexts("Hello café"), ["Hello", "café"])
        try write("tokenizer_config.json", #"{"do_lower_case": false, "strip_accents": true}"#)
        t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.pieceTexts("café"), ["cafe"])
        try write("tokenizer_config.json", #"{"do_lower_case": true, "strip_accents": false}"#)
        t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.pieceTexts("CAFÉ"), ["café"])
    }

    func testSpecialTokenNamesComeFromTheConfigOrTheSpecialTokensMap() throws {
        try write("vocab.txt", "<pad>\n<unk>\n<cls>\n<sep>\nhello\n")
        try write(
            "special_tokens_map.json",
            #"{"unk_token": "<unk>", "cls_token": {"content": "<cls>"}, "sep_token": "<sep>"}"#)
        try write("tokenizer_config.json", #"{"pad_token": "<pad>"}"#)
        let t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.encode("hello world", maxLength: 8).tokens.map(\.text), ["<cls>", "hello", "<unk>", "<sep>"])
        XCTAssertEqual(t.options.paddingToken, "<pad>")
    }

    let wordPieceJSON = #"""
        {"normalizer": {"type": "BertNormalizer", "lowercase": false, "strip_accents": null,
                        "handle_chinese_chars": true, "clean_text": true},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "WordPiece", "unk_token": "[UNK]", "max_input_chars_per_word": 100,
                   "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "Hello": 3, "hello": 4}}}
        """#

    func testWithTheBertTokenizerClassTokenizerJSONGivesOnlyTheVocabularyAsInTransformers() throws {
        // transformers 5's BertTokenizer rebuilds its pipeline from tokenizer_config.json (do_lower_case
        // defaulting to true) and takes only the vocabulary from tokenizer.json.
        try write("tokenizer.json", wordPieceJSON)
        let t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.vocabulary, ["[UNK]", "[CLS]", "[SEP]", "Hello", "hello"])
        XCTAssertTrue(t.doLowerCase)
        XCTAssertEqual(t.encode("Hello", maxLength: 8).inputIds, [1, 4, 2])
        try write("tokenizer_config.json", #"{"do_lower_case": false}"#)
        XCTAssertEqual(try BertTokenizer.load(directory: folder).encode("Hello", maxLength: 8).inputIds, [1, 3, 2])
    }

    func testWithPreTrainedTokenizerFastTheWholeTokenizerJSONIsRead() throws {
        try write("tokenizer.json", wordPieceJSON)
        try write("tokenizer_config.json", #"{"tokenizer_class": "PreTrainedTokenizerFast"}"#)
        let t = try BertTokenizer.load(directory: folder)
        // No post_processor in the file: no [CLS]/[SEP], as the Rust tokenizer gives.
        XCTAssertEqual(t.encode("Hello hello", maxLength: 8).inputIds, [3, 4])
    }

    func testAnUnsupportedTokenizerJSONComponentIsAnErrorNamingIt() throws {
        try write("tokenizer_config.json", #"{"tokenizer_class": "PreTrainedTokenizerFast"}"#)
        let precompiled = wordPieceJSON.replacingOccurrences(
            of: #""type": "BertNormalizer""#, with: #""type": "Precompiled""#)
        try write("tokenizer.json", precompiled)
        expectError(
            { _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer.json",
            mentioning: ["normalizer", "Precompiled", "not supported"])
        try write(
            "tokenizer.json",
            wordPieceJSON.replacingOccurrences(
                of: #""type": "BertPreTokenizer""#,
                with: #""type": "Sequence", "pretokenizers": [{"type": "Metaspace"}]"#))
        expectError(
            { _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer.json",
            mentioning: ["pre_tokenizer.pretokenizers[0]", "Metaspace"])
        try write("tokenizer_config.json", #"{"tokenizer_class": "BertJapaneseTokenizer"}"#)
        expectError(
            { _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer_config.json",
            mentioning: ["BertJapaneseTokenizer"])
    }

    func testVocabLinesSplitLikePythonsUniversalNewlines() throws {
        try write("vocab.txt", "[UNK]\r\n[CLS]\r[SEP]\n\nx y\n\u{FEFF}z")
        let t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.vocabulary, ["[UNK]", "[CLS]", "[SEP]", "", "x y", "\u{FEFF}z"])
    }

    func testTheMiniLMVocabularyLoadsWithItsConfig() throws {
        let minilm = try TokenizerFixture.directory.appendingPathComponent("minilm-vocab.txt")
        try FileManager.default.copyItem(at: minilm, to: folder.appendingPathComponent("vocab.txt"))
        try write(
            "tokenizer_config.json",
            #"{"do_lower_case": true, "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]", "tokenize_chinese_chars": true, "strip_accents": null, "never_split": null, "tokenizer_class": "BertTokenizer", "model_max_length": 512}"#
        )
        let t = try BertTokenizer.load(directory: folder)
        XCTAssertEqual(t.vocabulary.count, 30522)
        XCTAssertEqual([t.classifierId, t.separatorId, t.unknownId], [101, 102, 100])
        XCTAssertEqual(t.encode("Hello, world!", maxLength: 512).inputIds, [101, 7592, 1010, 2088, 999, 102])
    }

    // MARK: errors

    func testNoVocabularyNamesWhereItLooked() {
        expectError(
            { _ = try BertTokenizer.load(directory: folder) }, file: "vocab.txt", mentioning: ["tokenizer.json"])
    }

    func testAVocabularyWithoutUnkNamesTheFileAndTheToken() throws {
        try write("vocab.txt", "[PAD]\n[CLS]\n[SEP]\nhello\n")
        expectError({ _ = try BertTokenizer.load(directory: folder) }, file: "vocab.txt", mentioning: ["[UNK]"])
    }

    func testAnEmptyVocabularyIsAnError() throws {
        try write("vocab.txt", "")
        expectError({ _ = try BertTokenizer.load(directory: folder) }, file: "vocab.txt", mentioning: ["empty"])
    }

    func testAVocabularyThatIsNotUTF8IsAnError() throws {
        try Data([0x5B, 0x55, 0x4E, 0x4B, 0x5D, 0x0A, 0xFF, 0xFE, 0x0A]).write(
            to: folder.appendingPathComponent("vocab.txt"))
        expectError({ _ = try BertTokenizer.load(directory: folder) }, file: "vocab.txt", mentioning: ["UTF-8"])
    }

    func testAVocabularyPathThatIsAFolderIsUnreadable() throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("vocab.txt"), withIntermediateDirectories: true)
        expectError({ _ = try BertTokenizer.load(directory: folder) }, file: "vocab.txt", mentioning: ["directory"])
    }

    func testABrokenConfigNamesTheFile() throws {
        try write("vocab.txt", vocab)
        try write("tokenizer_config.json", "{\"do_lower_case\": tru")
        expectError(
            { _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer_config.json", mentioning: ["JSON"])
        try write("tokenizer_config.json", #"{"do_lower_case": "yes"}"#)
        expectError(
            { _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer_config.json",
            mentioning: ["do_lower_case"])
    }

    func testATokenizerJSONThatIsNotWordPieceIsRejected() throws {
        try write("tokenizer.json", #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}"#)
        expectError({ _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer.json", mentioning: ["BPE"])
        try write("tokenizer.json", #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "[CLS]": 5, "[SEP]": 2}}}"#)
        expectError({ _ = try BertTokenizer.load(directory: folder) }, file: "tokenizer.json", mentioning: ["[CLS]"])
    }
}
