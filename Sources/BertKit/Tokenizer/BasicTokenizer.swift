/// HF `BasicTokenizer` (transformers' tokenization_bert_legacy.py), with every scalar's origin kept:
///
/// 1. `_clean_text`: drop U+0000, U+FFFD and control characters; whitespace becomes a word break.
/// 2. `_tokenize_chinese_chars`: each CJK ideograph is a word of its own.
/// 3. NFC, then split on whitespace (Python's `str.split`, which also breaks at U+2028 and U+2029).
/// 4. Per word, unless it is in `never_split`: `lower()` when `do_lower_case`, accents stripped when
///    `strip_accents` (which follows `do_lower_case` when unset), then split around each punctuation character.
struct BasicTokenizer: Sendable {
    /// Lower-case words.
    let doLowerCase: Bool
    /// Strip accents (NFD, drop `Mn`): the resolved value, `do_lower_case` when `strip_accents` is unset.
    let stripAccents: Bool
    /// Make each CJK ideograph its own word.
    let tokenizeChineseChars: Bool
    /// Words passed through whole (no lower-casing, no punctuation split): the special tokens and the
    /// config's `never_split`.
    let neverSplit: [[Unicode.Scalar]]

    /// Buffers reused from word to word within one call.
    struct Workspace {
        var word = AlignedScalars()
        var scratch = AlignedScalars()
        var decompositions = DecompositionCache()
    }

    /// What the basic tokenizer hands to WordPiece: the normalized text of all its tokens, and where each is.
    struct Output {
        /// The tokens' scalars, one after the other, with their origins.
        var text = AlignedScalars()
        /// Each token's scalars in `text`.
        var tokens: [Range<Int>] = []
    }

    /// Tokenizes `text[range]`, appending its tokens to `output`.
    func tokenize(
        _ text: [Unicode.Scalar], _ range: Range<Int>, into output: inout Output, workspace: inout Workspace
    ) {
        workspace.word.removeAll()
        for i in range {
            let s = text[i]
            let v = s.value
            if v == 0 || v == 0xFFFD || CharacterClass.isControl(s) { continue }
            if CharacterClass.isWhitespace(s) || CharacterClass.isLineOrParagraphSeparator(s) {
                finishWord(into: &output, workspace: &workspace)
            } else if tokenizeChineseChars && CharacterClass.isChinese(s) {
                finishWord(into: &output, workspace: &workspace)
                workspace.word.append(s, lower: i, upper: i + 1)
                finishWord(into: &output, workspace: &workspace)
            } else {
                workspace.word.append(s, lower: i, upper: i + 1)
            }
        }
        finishWord(into: &output, workspace: &workspace)
    }

    /// Normalizes and splits the word collected in `workspace.word`, then empties it.
    private func finishWord(into output: inout Output, workspace w: inout Workspace) {
        guard !w.word.isEmpty else { return }
        defer { w.word.removeAll() }
        Normalization.nfc(&w.word, scratch: &w.scratch)
        if isNeverSplit(w.word.scalars) {
            append(w.word, 0..<w.word.count, to: &output)
            return
        }
        if doLowerCase {
            Normalization.lowercase(w.word, into: &w.scratch)
            swap(&w.word, &w.scratch)
        }
        if stripAccents {
            Normalization.stripAccents(w.word, into: &w.scratch, cache: &w.decompositions)
            swap(&w.word, &w.scratch)
        }
        if isNeverSplit(w.word.scalars) {
            append(w.word, 0..<w.word.count, to: &output)
            return
        }
        // `_run_split_on_punc`: every punctuation character alone, the runs between them as words.
        var start = 0
        for i in 0..<w.word.count where CharacterClass.isPunctuation(w.word.scalars[i]) {
            append(w.word, start..<i, to: &output)
            append(w.word, i..<(i + 1), to: &output)
            start = i + 1
        }
        append(w.word, start..<w.word.count, to: &output)
    }

    private func append(_ word: AlignedScalars, _ range: Range<Int>, to output: inout Output) {
        guard !range.isEmpty else { return }
        let start = output.text.count
        output.text.scalars.append(contentsOf: word.scalars[range])
        output.text.lower.append(contentsOf: word.lower[range])
        output.text.upper.append(contentsOf: word.upper[range])
        output.tokens.append(start..<output.text.count)
    }

    private func isNeverSplit(_ scalars: [Unicode.Scalar]) -> Bool {
        neverSplit.contains { $0 == scalars }
    }
}
