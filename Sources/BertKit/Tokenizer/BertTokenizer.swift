import Foundation

/// HuggingFace `BertTokenizer`: BasicTokenizer (cleaning, CJK, lower-casing, accents, punctuation)
/// then WordpieceTokenizer (greedy longest match with `##`), then `[CLS] A [SEP] (B [SEP])`.
///
/// INTERFACE ONLY in this commit: the implementation lands with the tokenizer work.
public struct BertTokenizer: Sendable {
    /// Vocabulary entries in id order.
    public let vocabulary: [String]
    /// `do_lower_case`.
    public let doLowerCase: Bool

    /// Creates a tokenizer over `vocabulary` (id order).
    public init(vocabulary: [String], doLowerCase: Bool, tokenizeChineseChars: Bool = true, stripAccents: Bool? = nil) {
        self.vocabulary = vocabulary
        self.doLowerCase = doLowerCase
    }

    /// Loads `vocab.txt` (or `tokenizer.json`) and `tokenizer_config.json` from a model folder.
    public static func load(directory: URL) throws -> BertTokenizer {
        let url = directory.appendingPathComponent("vocab.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw BertError.missingFile(path: url.path, what: "vocabulary")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return BertTokenizer(vocabulary: lines, doLowerCase: true)
    }

    /// Tokenizes sentence A (and B) into model input, truncated to `maxLength` tokens.
    public func encode(_ textA: String, pair textB: String? = nil, maxLength: Int) -> TokenizedInput {
        fatalError("BertTokenizer.encode: not implemented yet")
    }
}
