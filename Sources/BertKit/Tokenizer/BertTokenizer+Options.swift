extension BertTokenizer {
    /// The settings `tokenizer_config.json` can carry, with the defaults of transformers 5's `BertTokenizer`.
    public struct Options: Sendable, Equatable {
        /// `do_lower_case`: lower-case the text (uncased models).
        public var doLowerCase: Bool
        /// `strip_accents`: nil follows `doLowerCase`; true or false overrides it.
        public var stripAccents: Bool?
        /// `tokenize_chinese_chars`: make each CJK ideograph a word of its own.
        public var tokenizeChineseChars: Bool
        /// `max_input_chars_per_word`: longer words become `[UNK]`.
        public var maxInputCharsPerWord: Int
        /// `unk_token`.
        public var unknownToken: String
        /// `cls_token`.
        public var classifierToken: String
        /// `sep_token`.
        public var separatorToken: String
        /// `pad_token` (never added by bertscope, but an added token when typed).
        public var paddingToken: String
        /// `mask_token` (an added token when typed, so a user can probe `[MASK]`).
        public var maskToken: String
        /// `truncation_side == "left"`: a cut keeps the end of each sentence instead of its start.
        public var truncatesLeft: Bool

        /// Creates options; every default is HF `BertTokenizer`'s.
        public init(
            doLowerCase: Bool = true, stripAccents: Bool? = nil, tokenizeChineseChars: Bool = true,
            maxInputCharsPerWord: Int = 100,
            unknownToken: String = "[UNK]", classifierToken: String = "[CLS]", separatorToken: String = "[SEP]",
            paddingToken: String = "[PAD]", maskToken: String = "[MASK]", truncatesLeft: Bool = false
        ) {
            self.doLowerCase = doLowerCase
            self.stripAccents = stripAccents
            self.tokenizeChineseChars = tokenizeChineseChars
            self.maxInputCharsPerWord = maxInputCharsPerWord
            self.unknownToken = unknownToken
            self.classifierToken = classifierToken
            self.separatorToken = separatorToken
            self.paddingToken = paddingToken
            self.maskToken = maskToken
            self.truncatesLeft = truncatesLeft
        }

        /// Whether accents are stripped: `strip_accents` when set, else `do_lower_case` (as in the original BERT).
        public var stripsAccents: Bool { stripAccents ?? doLowerCase }

        /// The special tokens, in the order transformers adds them (`_special_tokens_map`).
        public var specialTokens: [String] { [unknownToken, separatorToken, paddingToken, classifierToken, maskToken] }
    }
}
