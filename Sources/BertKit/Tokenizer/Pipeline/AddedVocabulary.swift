/// One of a tokenizer's added tokens (`[CLS]`, `[MASK]`, ...): HF tokenizers' `AddedToken` with its flags.
public struct AddedToken: Sendable, Equatable {
    /// The text that stands for the token.
    public var content: String
    /// Vocabulary id.
    public var id: Int
    /// A special token (`skip_special_tokens` would drop it; no effect on ids).
    public var special: Bool
    /// Matched in the normalized text (after lower-casing, ...) rather than in the text as typed.
    public var normalized: Bool
    /// Whitespace before the match becomes part of it.
    public var lstrip: Bool
    /// Whitespace after the match becomes part of it.
    public var rstrip: Bool
    /// Matched only as a whole word (no word character, in the regex sense, right before or after it).
    public var singleWord: Bool

    /// Creates an added token; the defaults are those of a special token as transformers adds it.
    public init(
        content: String, id: Int, special: Bool = true, normalized: Bool? = nil, lstrip: Bool = false,
        rstrip: Bool = false, singleWord: Bool = false
    ) {
        self.content = content
        self.id = id
        self.special = special
        self.normalized = normalized ?? !special
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.singleWord = singleWord
    }
}

/// HF tokenizers' `AddedVocabulary` (tokenizer/added_vocabulary.rs): tokens cut out of the text before the
/// normalizer (those not `normalized`, matched in the text as typed) and after it (the `normalized` ones,
/// matched by their normalized content), leftmost-longest, with `single_word`, `lstrip` and `rstrip`.
struct AddedVocabulary: Sendable {
    private struct Pattern: Sendable {
        var scalars: [UInt32]
        var token: AddedToken
    }

    private let raw: [Pattern]
    private let normalized: [Pattern]

    /// One piece of a sentence: a run of text for the pipeline, or an added token with its span.
    enum Piece {
        case text(NormalizedText, Range<Int>)
        case token(id: Int, span: Range<Int>)
    }

    /// Indexes `tokens`; the normalized ones are matched by what `normalizer` makes of their content.
    init(_ tokens: [AddedToken], normalizer: Normalizer?) {
        var raw: [Pattern] = []
        var normalized: [Pattern] = []
        for t in tokens where !t.content.isEmpty {
            let scalars = t.content.unicodeScalars.map(\.value)
            if t.normalized {
                var text = NormalizedText(scalars, 0..<scalars.count)
                normalizer?.normalize(&text)
                if !text.scalars.isEmpty { normalized.append(Pattern(scalars: text.scalars, token: t)) }
            } else {
                raw.append(Pattern(scalars: scalars, token: t))
            }
        }
        self.raw = raw
        self.normalized = normalized
    }

    /// `extract_and_normalize`: the sentence cut at the raw added tokens, each other run normalized and cut at
    /// the normalized added tokens. Text pieces come as (normalized text, range of it to pre-tokenize).
    func extract(_ sentence: [UInt32], normalizer: Normalizer?) -> [Piece] {
        var out: [Piece] = []
        let identity = NormalizedText(sentence, 0..<sentence.count)
        for (range, id) in Self.splits(identity, 0..<sentence.count, raw) {
            if let id {
                out.append(.token(id: id, span: range))
                continue
            }
            var text = NormalizedText(sentence, range)
            normalizer?.normalize(&text)
            for (r, id) in Self.splits(text, 0..<text.count, normalized) {
                if let id {
                    out.append(.token(id: id, span: text.originalSpan(r) ?? text.base..<text.base))
                } else {
                    out.append(.text(text, r))
                }
            }
        }
        return out
    }

    /// HF `find_matches`: (range of `text`, token id or nil) covering `range`, in order.
    private static func splits(
        _ text: NormalizedText, _ range: Range<Int>, _ patterns: [Pattern]
    ) -> [(Range<Int>, Int?)] {
        guard !patterns.isEmpty, !range.isEmpty else { return [(range, nil)] }
        let tables = UnicodeTables.shared
        let s = text.scalars
        func isWord(_ i: Int) -> Bool { tables.has(s[i], UnicodeTables.regexWord) }
        func isSpace(_ i: Int) -> Bool { tables.has(s[i], UnicodeTables.regexSpace) }
        var out: [(Range<Int>, Int?)] = []
        var startOffset = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            // Leftmost-longest: the longest pattern starting at the first position where any matches.
            var best: Pattern?
            for p in patterns
            where p.scalars.count > (best?.scalars.count ?? 0) && i + p.scalars.count <= range.upperBound {
                if s[i..<(i + p.scalars.count)].elementsEqual(p.scalars) { best = p }
            }
            guard let match = best else {
                i += 1
                continue
            }
            var start = i
            var stop = i + match.scalars.count
            i = stop
            let token = match.token
            if token.singleWord {
                let spaceBefore = start == range.lowerBound || !isWord(start - 1)
                let spaceAfter = stop == range.upperBound || !isWord(stop)
                if !spaceBefore || !spaceAfter { continue }
            }
            if token.lstrip {
                var newStart = start
                while newStart > range.lowerBound && isSpace(newStart - 1) { newStart -= 1 }
                start = max(newStart, startOffset)
            }
            if token.rstrip {
                while stop < range.upperBound && isSpace(stop) { stop += 1 }
            }
            if startOffset < start { out.append((startOffset..<start, nil)) }
            out.append((start..<stop, token.id))
            startOffset = stop
        }
        if startOffset != range.upperBound { out.append((startOffset..<range.upperBound, nil)) }
        return out
    }
}
