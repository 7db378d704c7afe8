import BertKit

/// What the benchmarks feed the model: one fixed paragraph, repeated and cut to length.
///
/// `.ci/bench_reference.py` cuts the same paragraph the same way (HF's `truncation=True, max_length=N`), so
/// bertscope and torch are timed on identical `input_ids`.
public enum BenchInput {
    /// The paragraph every benchmark input is cut from.
    public static let paragraph = """
        The quick brown fox jumps over the lazy dog while the orchestra tunes its instruments, and a \
        researcher in a quiet terminal watches attention heads light up token by token, wondering why the \
        pooler output disagrees with the classification vector it was computed from.
        """

    /// Model input of exactly `tokens` tokens ([CLS], word pieces of the paragraph repeated, [SEP]), or of the
    /// model's maximum length when it takes fewer.
    public static func input(tokens: Int, model: BertModel) -> TokenizedInput {
        let n = max(2, min(tokens, model.config.maxPositionEmbeddings))
        var text = paragraph
        var encoded = model.tokenizer.encode(text, pair: nil, maxLength: n)
        while encoded.tokens.count < n {
            text += " " + paragraph
            encoded = model.tokenizer.encode(text, pair: nil, maxLength: n)
        }
        return encoded
    }

    /// Text of whole words from the same paragraph that tokenizes to as many tokens as it can without passing
    /// `tokens` (with [CLS] and [SEP]; at least one word): what the UI bench types into the explorer.
    public static func sentence(tokens: Int, model: BertModel) throws -> String {
        let tokens = max(tokens, 3)
        let cut = input(tokens: tokens, model: model)
        let scalars = Array(cut.textA.unicodeScalars)
        // Word pieces that start a word (not `##...`) mark where a cut keeps whole words.
        var ends: [Int] = []
        let pieces = cut.tokens.filter { !$0.isSpecial }
        for (i, piece) in pieces.enumerated() {
            guard let span = piece.span else { continue }
            let next = i + 1 < pieces.count ? pieces[i + 1] : nil
            if next.map({ !$0.text.hasPrefix("##") }) ?? true { ends.append(span.upperBound) }
        }
        // The last piece may end mid-word where truncation cut it: re-tokenize and back off until it fits.
        for end in ends.reversed() {
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[0..<min(end, scalars.count)])
            let count = model.tokenizer.encode(text, pair: nil, maxLength: model.config.maxPositionEmbeddings)
                .tokens.count
            if count <= tokens { return text }
        }
        throw BenchError.noSentence(model: model.name)
    }
}
