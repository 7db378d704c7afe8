/// One WordPiece token as it goes into the model.
public struct Token: Sendable, Hashable {
    /// Vocabulary id (`input_ids`).
    public let id: Int
    /// The piece as the vocabulary spells it: `[CLS]`, `dog`, `##gy`.
    public let text: String
    /// Segment (`token_type_ids`): 0 for sentence A, 1 for sentence B.
    public let segment: Int
    /// Where the piece came from, in unicode-scalar offsets into its own sentence's original text
    /// (A's text for segment 0, B's for segment 1); nil for the special tokens `[CLS]` and `[SEP]`.
    public let span: Range<Int>?

    /// Creates a token.
    public init(id: Int, text: String, segment: Int, span: Range<Int>?) {
        self.id = id
        self.text = text
        self.segment = segment
        self.span = span
    }

    /// True for tokens the tokenizer added (`[CLS]`, `[SEP]`) rather than cut from the text.
    public var isSpecial: Bool { span == nil }
}

/// What truncation to `max_position_embeddings` removed, so the UI can say so.
/// Pieces go longest-first, as HF's `truncation=True` cuts them (see `Truncation.longestFirst`).
public struct Truncation: Sendable, Equatable {
    /// Tokens (special ones included) the full text would have needed.
    public let requestedTokens: Int
    /// Tokens kept (the model's limit).
    public let keptTokens: Int
    /// Word pieces removed from the end of sentence A.
    public let droppedA: Int
    /// Word pieces removed from the end of sentence B (0 without a pair).
    public let droppedB: Int

    /// Creates a truncation record.
    public init(requestedTokens: Int, keptTokens: Int, droppedA: Int, droppedB: Int) {
        self.requestedTokens = requestedTokens
        self.keptTokens = keptTokens
        self.droppedA = droppedA
        self.droppedB = droppedB
    }

    /// A one-line notice, e.g. "truncated: 731 tokens, the model takes 512 (219 word pieces dropped)".
    public var notice: String {
        "truncated: \(requestedTokens) tokens, the model takes \(keptTokens) (\(droppedA + droppedB) word pieces dropped)"
    }
}

/// A sentence (or pair) turned into model input: `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]`.
public struct TokenizedInput: Sendable, Equatable {
    /// The original sentence A.
    public let textA: String
    /// The original sentence B, in pair mode.
    public let textB: String?
    /// The tokens, special ones included.
    public let tokens: [Token]
    /// Set when the input was cut to the model's length.
    public let truncation: Truncation?

    /// Creates a tokenized input.
    public init(textA: String, textB: String?, tokens: [Token], truncation: Truncation?) {
        self.textA = textA
        self.textB = textB
        self.tokens = tokens
        self.truncation = truncation
    }

    /// `input_ids`.
    public var inputIds: [Int] { tokens.map(\.id) }
    /// `token_type_ids`.
    public var tokenTypeIds: [Int] { tokens.map(\.segment) }
    /// HF's `offset_mapping`: each token's span of its own sentence, in unicode scalars (Python `str` indices);
    /// `0..<0` for the tokens the template adds (`[CLS]`, `[SEP]`), as HF gives (0, 0).
    public var offsets: [Range<Int>] { tokens.map { $0.span ?? 0..<0 } }
    /// `attention_mask`: all ones, bertscope never pads.
    public var attentionMask: [Int] { Array(repeating: 1, count: tokens.count) }
}
