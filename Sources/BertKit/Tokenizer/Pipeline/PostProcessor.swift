/// A tokenizer.json `post_processor`, as HF tokenizers' `TemplateProcessing` (processors/template.rs) runs it;
/// `BertProcessing` (processors/bert.rs) is the template `[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1`.
struct PostProcessor: Sendable, Equatable {
    /// One item of a template.
    enum Piece: Sendable, Equatable {
        /// Sentence A (`$A`) or B (`$B`), with the segment its tokens get.
        case sequence(isB: Bool, typeId: Int)
        /// A special token: its ids and their vocabulary spellings, with their segment.
        case special(ids: [Int], tokens: [String], typeId: Int)
    }

    /// The template for one sentence.
    let single: [Piece]
    /// The template for a pair.
    let pair: [Piece]

    /// BERT's template: `[CLS] $A [SEP]` and `[CLS] $A [SEP] $B:1 [SEP]:1`.
    static func bert(cls: (String, Int), sep: (String, Int)) -> PostProcessor {
        let c = Piece.special(ids: [cls.1], tokens: [cls.0], typeId: 0)
        return PostProcessor(
            single: [c, .sequence(isB: false, typeId: 0), .special(ids: [sep.1], tokens: [sep.0], typeId: 0)],
            pair: [
                c, .sequence(isB: false, typeId: 0), .special(ids: [sep.1], tokens: [sep.0], typeId: 0),
                .sequence(isB: true, typeId: 1), .special(ids: [sep.1], tokens: [sep.0], typeId: 1),
            ])
    }

    /// How many tokens the template adds (HF `added_tokens(is_pair)`), which truncation leaves room for.
    func addedTokens(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) {
            if case .special(let ids, _, _) = $1 { return $0 + ids.count }
            return $0
        }
    }
}
