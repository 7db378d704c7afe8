/// The tokenizer transformers 5 gives for a BERT checkpoint (`BertTokenizer`/`AutoTokenizer.from_pretrained`,
/// backed by HF tokenizers' Rust pipeline), with the same ids and `offset_mapping`:
///
/// 1. `AddedVocabulary`: added tokens (`[CLS]`, `[MASK]`, ...) typed in the text are cut out whole.
/// 2. `Normalizer` (for BERT, `BertNormalizer`: clean, CJK, strip accents, lower-case), scalar alignments kept.
/// 3. `PreTokenizer` (for BERT, `BertPreTokenizer`: whitespace, then punctuation).
/// 4. `WordpieceTokenizer`: greedy longest match with the continuing-subword prefix.
/// 5. `PostProcessor`: the template (`[CLS] A [SEP] B [SEP]`), after `LongestFirst` truncation.
///
/// Every character property comes from `UnicodeTables`, frozen to HF's. Every token records the span of the
/// original text it was cut from, in unicode scalars (Python `str` indices).
public struct BertTokenizer: Sendable {
    /// Vocabulary entries in id order (`vocab.txt`'s lines); `vocabulary.count` is the embedding rows it needs.
    public let vocabulary: [String]
    /// The settings it was made with.
    public let options: Options
    /// Id of `[CLS]` (the first special token of the single-sentence template).
    public let classifierId: Int
    /// Id of `[SEP]` (the last special token of the single-sentence template).
    public let separatorId: Int
    /// Id of `[UNK]`.
    public let unknownId: Int
    /// Where the vocabulary came from (its file's path), for error messages.
    public let source: String

    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let wordpiece: WordpieceTokenizer
    let addedTokens: [AddedToken]
    let addedVocabulary: AddedVocabulary
    let postProcessor: PostProcessor
    /// `truncation_side == "left"`: truncation keeps the end of each sentence.
    let truncatesLeft: Bool
    private let addedContent: [Int: String]

    /// `do_lower_case`.
    public var doLowerCase: Bool { options.doLowerCase }

    /// The pipeline transformers 5's `BertTokenizer.__init__` builds over `vocabulary` (id order), as it does when
    /// a folder has only `vocab.txt`: `BertNormalizer(clean_text=True, ...)` from the options, `BertPreTokenizer`,
    /// `WordPiece` (`##`, 100 characters), BERT's template, and the five special tokens as added tokens
    /// (special, not normalized) plus `extraTokens`. `source` names the vocabulary in errors (its path).
    ///
    /// Throws `BertError.invalidFile` when the vocabulary is empty or lacks `[CLS]`, `[SEP]` or `[UNK]`.
    public init(
        vocabulary: [String], options: Options = Options(), extraTokens: [AddedToken] = [],
        source: String = "vocabulary"
    ) throws {
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
        let cls = try required(options.classifierToken, "classifier")
        let sep = try required(options.separatorToken, "separator")
        _ = try required(options.unknownToken, "unknown-word")
        // HF `add_tokens`: a token the vocabulary has takes its id, the others new ids after the vocabulary.
        var next = vocabulary.count
        var added = extraTokens.map { t in
            var t = t
            if let id = index.id(of: t.content) {
                t.id = id
            } else {
                t.id = next
                next += 1
            }
            return t
        }
        for token in options.specialTokens where !token.isEmpty && !added.contains(where: { $0.content == token }) {
            if let id = index.id(of: token) { added.append(AddedToken(content: token, id: id)) }
        }
        try self.init(
            vocabulary: vocabulary, index: index, options: options,
            normalizer: .bert(
                cleanText: true, handleChineseChars: options.tokenizeChineseChars, stripAccents: options.stripAccents,
                lowercase: options.doLowerCase),
            preTokenizer: .bert, unknownToken: options.unknownToken,
            maxInputCharsPerWord: options.maxInputCharsPerWord, addedTokens: added,
            postProcessor: .bert(cls: (options.classifierToken, cls), sep: (options.separatorToken, sep)),
            truncatesLeft: options.truncatesLeft, source: source)
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

    /// Any pipeline: what `load` builds from a tokenizer.json taken as it is.
    init(
        vocabulary: [String], index: VocabularyIndex, options: Options, normalizer: Normalizer?,
        preTokenizer: PreTokenizer?, unknownToken: String, maxInputCharsPerWord: Int, addedTokens: [AddedToken],
        postProcessor: PostProcessor, truncatesLeft: Bool, source: String
    ) throws {
        _ = UnicodeTables.shared  // decoded here, at load, not in the first encode
        guard let unk = index.id(of: unknownToken) else {
            throw BertError.invalidFile(
                path: source, reason: "the vocabulary has no \(unknownToken) token (the model's unk_token)")
        }
        self.vocabulary = vocabulary
        self.source = source
        self.options = options
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.addedTokens = addedTokens
        self.addedVocabulary = AddedVocabulary(addedTokens, normalizer: normalizer)
        self.postProcessor = postProcessor
        self.truncatesLeft = truncatesLeft
        unknownId = unk
        wordpiece = WordpieceTokenizer(
            index: index, unknownId: unk, maxInputCharsPerWord: maxInputCharsPerWord)
        var firstSpecial: Int?
        var lastSpecial: Int?
        for case .special(let ids, _, _) in postProcessor.single {
            firstSpecial = firstSpecial ?? ids.first
            lastSpecial = ids.last ?? lastSpecial
        }
        classifierId = firstSpecial ?? index.id(of: options.classifierToken) ?? unk
        separatorId = lastSpecial ?? index.id(of: options.separatorToken) ?? unk
        var content: [Int: String] = [:]
        for t in addedTokens where t.id >= vocabulary.count || t.id < 0 { content[t.id] = t.content }
        for case .special(let ids, let tokens, _) in postProcessor.single + postProcessor.pair {
            for (id, token) in zip(ids, tokens) where id >= vocabulary.count { content[id] = token }
        }
        addedContent = content
    }

    /// The id of `token` as the vocabulary spells it (`"dog"`, `"##gy"`, `"[MASK]"`), if it has one.
    public func id(of token: String) -> Int? {
        wordpiece.index.id(of: token) ?? addedTokens.first { $0.content == token }?.id
    }

    /// The vocabulary's spelling of `id`.
    public func token(for id: Int) -> String {
        if id >= 0 && id < vocabulary.count { return vocabulary[id] }
        return addedContent[id] ?? "[\(id)]"
    }

    /// Tokenizes sentence A (and B) into model input of at most `maxLength` tokens, special ones included:
    /// transformers' `tokenizer(a, b, truncation=True, max_length=maxLength)`.
    ///
    /// Any text is valid: the empty string gives `[CLS] [SEP]`; an empty B is no pair at all (transformers
    /// passes `text_pair=""` on as no pair). Pieces beyond `maxLength` are cut as `Truncation.longestFirst`
    /// says, and the cut is recorded in `truncation`.
    public func encode(_ textA: String, pair textB: String? = nil, maxLength: Int) -> TokenizedInput {
        let b = textB.flatMap { $0.isEmpty ? nil : wordPieces($0) }
        let a = wordPieces(textA)
        let template = b == nil ? postProcessor.single : postProcessor.pair
        let specials = postProcessor.addedTokens(pair: b != nil)
        let kept = Truncation.longestFirst(
            lengthA: a.count, lengthB: b?.count, specialTokens: specials, maxLength: maxLength)
        func cut(_ pieces: [WordPiece], _ keep: Int) -> ArraySlice<WordPiece> {
            truncatesLeft ? pieces[(pieces.count - keep)...] : pieces[..<keep]
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(kept.keptA + kept.keptB + specials)
        for piece in template {
            switch piece {
            case .special(let ids, let texts, let typeId):
                for (id, text) in zip(ids, texts) {
                    tokens.append(Token(id: id, text: text, segment: typeId, span: nil))
                }
            case .sequence(let isB, let typeId):
                let pieces = isB ? cut(b ?? [], kept.keptB) : cut(a, kept.keptA)
                for p in pieces {
                    tokens.append(Token(id: p.id, text: token(for: p.id), segment: typeId, span: p.span))
                }
            }
        }
        let droppedA = a.count - kept.keptA
        let droppedB = (b?.count ?? 0) - kept.keptB
        let truncation =
            droppedA + droppedB > 0
            ? Truncation(
                requestedTokens: a.count + (b?.count ?? 0) + specials, keptTokens: tokens.count,
                droppedA: droppedA, droppedB: droppedB)
            : nil
        return TokenizedInput(textA: textA, textB: b == nil ? nil : textB, tokens: tokens, truncation: truncation)
    }

    /// The word pieces of one sentence, without the template's tokens: HF's `encode(text,
    /// add_special_tokens=False)` with each piece's span of `text`.
    func wordPieces(_ text: String) -> [WordPiece] {
        let scalars = text.unicodeScalars.map(\.value)
        var pieces: [WordPiece] = []
        pieces.reserveCapacity(scalars.count / 3)
        var hashes: [UInt64] = []
        for chunk in addedVocabulary.extract(scalars, normalizer: normalizer) {
            switch chunk {
            case .token(let id, let span):
                pieces.append(WordPiece(id: id, span: span))
            case .text(let normalized, let range):
                let words = preTokenizer?.split(normalized, [range]) ?? (range.isEmpty ? [] : [range])
                for word in words {
                    wordpiece.tokenize(normalized, word, into: &pieces, hashes: &hashes)
                }
            }
        }
        return pieces
    }
}
