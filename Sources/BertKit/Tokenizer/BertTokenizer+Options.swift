extension BertTokenizer {
    /// The settings `tokenizer_config.json` can carry, with the defaults of HF's `BertTokenizer`.
    public struct Options: Sendable, Equatable {
        /// `do_lower_case`: lower-case the text (uncased models).
        public var doLowerCase: Bool
        /// `strip_accents`: nil follows `doLowerCase`; true or false overrides it.
        public var stripAccents: Bool?
        /// `tokenize_chinese_chars`: make each CJK ideograph a word of its own.
        public var tokenizeChineseChars: Bool
        /// `never_split`: words passed to the vocabulary whole, neither lower-cased nor split.
        public var neverSplit: [String]
        /// `max_input_chars_per_word`: longer words become `[UNK]`.
        public var maxInputCharsPerWord: Int
        /// `unk_token`.
        public var unknownToken: String
        /// `cls_token`.
        public var classifierToken: String
        /// `sep_token`.
        public var separatorToken: String
        /// `pad_token` (never added by bertscope, but kept whole when typed).
        public var paddingToken: String
        /// `mask_token` (kept whole when typed, so a user can probe `[MASK]`).
        public var maskToken: String

        /// Creates options; every default is HF `BertTokenizer`'s.
        public init(
            doLowerCase: Bool = true, stripAccents: Bool? = nil, tokenizeChineseChars: Bool = true,
            neverSplit: [String] = [], maxInputCharsPerWord: Int = 100,
            unknownToken: String = "[UNK]", classifierToken: String = "[CLS]", separatorToken: String = "[SEP]",
            paddingToken: String = "[PAD]", maskToken: String = "[MASK]"
        ) {
            self.doLowerCase = doLowerCase
            self.stripAccents = stripAccents
            self.tokenizeChineseChars = tokenizeChineseChars
            self.neverSplit = neverSplit
            self.maxInputCharsPerWord = maxInputCharsPerWord
            self.unknownToken = unknownToken
            self.classifierToken = classifierToken
            self.separatorToken = separatorToken
            self.paddingToken = paddingToken
            self.maskToken = maskToken
        }

        /// Whether accents are stripped: `strip_accents` when set, else `do_lower_case` (as in the original BERT).
        public var stripsAccents: Bool { stripAccents ?? doLowerCase }

        /// The special tokens, in HF's `all_special_tokens` order.
        public var specialTokens: [String] { [unknownToken, separatorToken, paddingToken, classifierToken, maskToken] }
    }
}
