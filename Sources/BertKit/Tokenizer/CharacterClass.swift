/// Character classes of HF's BERT pipeline for code outside the tokenizer (the head-role analysis asks which
/// tokens are punctuation), read from the same frozen `UnicodeTables`.
enum CharacterClass {
    /// Punctuation as `BertPreTokenizer` splits it off: ASCII punctuation or a Unicode P* category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        UnicodeTables.shared.has(scalar.value, UnicodeTables.punctuation)
    }
}
