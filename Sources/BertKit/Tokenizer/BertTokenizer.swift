/// HuggingFace's `BertTokenizer`, with the ids of the Python implementation (transformers'
/// tokenization_bert_legacy.py, `BertTokenizerLegacy` in transformers 5): special tokens typed in the text
/// are kept whole, the rest goes through `BasicTokenizer` (cleaning, CJK, NFC, lower-casing, accents,
/// punctuation) then `WordpieceTokenizer` (greedy longest match with `##`), and the model input is
/// `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]`, truncated longest-first.
///
/// Every token also records the unicode-scalar span of the original text it was cut from.
public struct BertTokenizer: Sendable {
    /// Vocabulary entries in id order (`vocab.txt`'s lines); `vocabulary.count` is the embedding rows it needs.
    public let vocabulary: [String]
    /// The settings it was made with.
    public let options: Options
    /// Id of `[CLS]`.
    public let classifierId: Int
    /// Id of `[SEP]`.
    public let separatorId: Int
    /// Id of `[UNK]`.
    public let unknownId: Int
    /// Where the vocabulary came from (its file's path), for error messages.
    public let source: String

    private let index: VocabularyIndex
    private let basic: BasicTokenizer
    private let wordpiece: WordpieceTokenizer
    /// Special tokens found in the vocabulary, longest first: typed into the text, they are kept whole.
    private let specialTokens: [SpecialToken]
    /// `never_split` from the config: such a basic token bypasses WordPiece.
    private let neverSplit: [[Unicode.Scalar]]

    private struct SpecialToken: Sendable {
        var scalars: [Unicode.Scalar]
        var id: Int
    }

    /// `do_lower_case`.
    public var doLowerCase: Bool { options.doLowerCase }

    /// Creates a tokenizer over `vocabulary` (id order). `source` names the vocabulary in errors (its path).
    ///
    /// Throws `BertError.invalidFile` when the vocabulary is empty or lacks `[CLS]`, `[SEP]` or `[UNK]`.
    public init(vocabulary: [String], options: Options = Options(), source: String = "vocabulary") throws {
        guard !vocabulary.isEmpty else {
            throw BertError.invalidFile(path: source, reason: "the vocabulary is empty")
        }
        let index = VocabularyIndex(vocabulary)
        func required(_ token: String, _ role: String) throws -> Int {
            guard let id = index.id(of: token) else {
                throw BertError.invalidFile(
                    path: source,
                    reason: "the vocabulary has no \(token) token (the \(role) token BERT needs); "
                        + "is this a BERT WordPiece vocabulary?")
            }
            return id
        }
        classifierId = try required(options.classifierToken, "classifier")
        separatorId = try required(options.separatorToken, "separator")
        unknownId = try required(options.unknownToken, "unknown-word")
        self.vocabulary = vocabulary
        self.source = source
        self.options = options
        self.index = index
        var specials: [SpecialToken] = []
        for token in options.specialTokens where !token.isEmpty {
            let scalars = Array(token.unicodeScalars)
            if let id = index.id(of: token), !specials.contains(where: { $0.scalars == scalars }) {
                specials.append(SpecialToken(scalars: scalars, id: id))
            }
        }
        specialTokens = specials.sorted { $0.scalars.count > $1.scalars.count }
        neverSplit = options.neverSplit.map { Array($0.unicodeScalars) }
        basic = BasicTokenizer(
            doLowerCase: options.doLowerCase, stripAccents: options.stripsAccents,
            tokenizeChineseChars: options.tokenizeChineseChars,
            neverSplit: neverSplit + options.specialTokens.map { Array($0.unicodeScalars) })
        wordpiece = WordpieceTokenizer(
            index: index, unknownId: unknownId, maxInputCharsPerWord: options.maxInputCharsPerWord)
    }

    /// Creates a tokenizer with the settings of `tokenizer_config.json`'s main keys.
    public init(
        vocabulary: [String], doLowerCase: Bool, tokenizeChineseChars: Bool = true, stripAccents: Bool? = nil
    ) throws {
        try self.init(
            vocabulary: vocabulary,
            options: Options(
                doLowerCase: doLowerCase, stripAccents: stripAccents, tokenizeChineseChars: tokenizeChineseChars))
    }

    /// The id of `token` as the vocabulary spells it (`"dog"`, `"##gy"`, `"[MASK]"`), if it has one.
    public func id(of token: String) -> Int? {
        index.id(of: token)
    }

    /// Tokenizes sentence A (and B) into model input of at most `maxLength` tokens, special ones included.
    ///
    /// Any text is valid: the empty string gives `[CLS] [SEP]`. Pieces beyond `maxLength` are cut
    /// longest-first (see `Truncation.longestFirst`) and the cut is recorded in `truncation`.
    public func encode(_ textA: String, pair textB: String? = nil, maxLength: Int) -> TokenizedInput {
        var workspace = Workspace()
        let a = wordPieces(textA, workspace: &workspace)
        let b = textB.map { wordPieces($0, workspace: &workspace) }
        let specials = b == nil ? 2 : 3
        let cut = Truncation.longestFirst(
            lengthA: a.count, lengthB: b?.count, specialTokens: specials, maxLength: maxLength)
        var tokens: [Token] = []
        tokens.reserveCapacity(min(a.count + (b?.count ?? 0), max(maxLength, 0)) + specials)
        tokens.append(Token(id: classifierId, text: vocabulary[classifierId], segment: 0, span: nil))
        for p in a[..<(a.count - cut.droppedA)] {
            tokens.append(Token(id: p.id, text: vocabulary[p.id], segment: 0, span: p.span))
        }
        tokens.append(Token(id: separatorId, text: vocabulary[separatorId], segment: 0, span: nil))
        if let b {
            for p in b[..<(b.count - cut.droppedB)] {
                tokens.append(Token(id: p.id, text: vocabulary[p.id], segment: 1, span: p.span))
            }
            tokens.append(Token(id: separatorId, text: vocabulary[separatorId], segment: 1, span: nil))
        }
        let truncation =
            cut.droppedA + cut.droppedB > 0
            ? Truncation(
                requestedTokens: a.count + (b?.count ?? 0) + specials, keptTokens: tokens.count,
                droppedA: cut.droppedA, droppedB: cut.droppedB)
            : nil
        return TokenizedInput(textA: textA, textB: textB, tokens: tokens, truncation: truncation)
    }

    /// Buffers for one `encode` call.
    struct Workspace {
        var basic = BasicTokenizer.Workspace()
        var output = BasicTokenizer.Output()
        var hashes: [UInt64] = []
    }

    /// The word pieces of one sentence, without special tokens: HF's `tokenize(text)` with spans.
    func wordPieces(_ text: String, workspace: inout Workspace) -> [WordPiece] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [WordPiece] = []
        pieces.reserveCapacity(scalars.count / 4)
        // `PreTrainedTokenizer.tokenize`: split out special tokens typed in the raw text (leftmost, longest).
        var segmentStart = 0
        var i = 0
        while i < scalars.count {
            guard let special = specialToken(in: scalars, at: i) else {
                i += 1
                continue
            }
            tokenizeSegment(scalars, segmentStart..<i, into: &pieces, workspace: &workspace)
            let end = i + special.scalars.count
            pieces.append(WordPiece(id: special.id, span: i..<end))
            i = end
            segmentStart = end
        }
        tokenizeSegment(scalars, segmentStart..<scalars.count, into: &pieces, workspace: &workspace)
        return pieces
    }

    private func specialToken(in scalars: [Unicode.Scalar], at i: Int) -> SpecialToken? {
        for special in specialTokens where special.scalars[0] == scalars[i] {
            let end = i + special.scalars.count
            if end <= scalars.count && scalars[i..<end].elementsEqual(special.scalars) { return special }
        }
        return nil
    }

    /// `BertTokenizer._tokenize`: basic tokens, each through WordPiece unless it is in `never_split`.
    private func tokenizeSegment(
        _ scalars: [Unicode.Scalar], _ range: Range<Int>, into pieces: inout [WordPiece], workspace w: inout Workspace
    ) {
        guard !range.isEmpty else { return }
        w.output.text.removeAll()
        w.output.tokens.removeAll(keepingCapacity: true)
        basic.tokenize(scalars, range, into: &w.output, workspace: &w.basic)
        for token in w.output.tokens {
            if !neverSplit.isEmpty, neverSplit.contains(where: { $0.elementsEqual(w.output.text.scalars[token]) }) {
                var word = String()
                word.unicodeScalars.append(contentsOf: w.output.text.scalars[token])
                pieces.append(WordPiece(id: index.id(of: word) ?? unknownId, span: w.output.text.span(token)))
            } else {
                wordpiece.tokenize(w.output.text, token, into: &pieces, hashes: &w.hashes)
            }
        }
    }
}
