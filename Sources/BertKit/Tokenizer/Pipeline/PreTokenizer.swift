/// A tokenizer.json `pre_tokenizer`: the HF tokenizers components BERT tokenizers use (pre_tokenizers/*.rs).
/// Pre-tokenizers only cut: they split ranges of a `NormalizedText` into smaller ranges, never change scalars.
indirect enum PreTokenizer: Sendable, Equatable {
    /// `BertPreTokenizer` (pre_tokenizers/bert.rs): split on whitespace (removed), then isolate punctuation.
    case bert
    /// `Whitespace` (pre_tokenizers/whitespace.rs): the words of the regex `\w+|[^\w\s]+`.
    case whitespace
    /// `WhitespaceSplit`: split on whitespace, removed.
    case whitespaceSplit
    /// `Punctuation`: punctuation split off with the given behaviour (isolated by default).
    case punctuation(SplitBehavior)
    /// `Digits`: numbers split off, one digit each when `individualDigits`.
    case digits(individualDigits: Bool)
    /// `Sequence`: each in turn, over the pieces the one before made.
    case sequence([PreTokenizer])

    /// HF's `SplitDelimiterBehavior`: what becomes of the scalars a pattern matches.
    enum SplitBehavior: String, Sendable, Equatable, CaseIterable {
        case removed = "Removed"
        case isolated = "Isolated"
        case mergedWithPrevious = "MergedWithPrevious"
        case mergedWithNext = "MergedWithNext"
        case contiguous = "Contiguous"
    }

    /// The words of `text[range]` (normalized indices), in order, none empty.
    func split(_ text: NormalizedText, _ pieces: [Range<Int>]) -> [Range<Int>] {
        let tables = UnicodeTables.shared
        switch self {
        case .bert:
            let words = Self.split(text, pieces, .removed) { tables.has($0, UnicodeTables.whitespace) }
            return Self.split(text, words, .isolated) { tables.has($0, UnicodeTables.punctuation) }
        case .whitespaceSplit:
            return Self.split(text, pieces, .removed) { tables.has($0, UnicodeTables.whitespace) }
        case .punctuation(let behavior):
            return Self.split(text, pieces, behavior) { tables.has($0, UnicodeTables.punctuation) }
        case .digits(let individualDigits):
            return Self.split(text, pieces, individualDigits ? .isolated : .contiguous) {
                tables.has($0, UnicodeTables.numeric)
            }
        case .whitespace:
            return pieces.flatMap { Self.regexWords(text, $0, tables) }
        case .sequence(let steps):
            var out = pieces
            for step in steps { out = step.split(text, out) }
            return out
        }
    }

    /// HF `NormalizedString::split` with a per-character pattern: each matching scalar is one match, the runs
    /// between them are the non-matches; `behavior` then decides what is kept and merged. Empty pieces go.
    static func split(
        _ text: NormalizedText, _ pieces: [Range<Int>], _ behavior: SplitBehavior, _ matches: (UInt32) -> Bool
    ) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for piece in pieces {
            var segments: [(Range<Int>, Bool)] = []
            var last = piece.lowerBound
            for i in piece where matches(text.scalars[i]) {
                if last < i { segments.append((last..<i, false)) }
                segments.append((i..<(i + 1), true))
                last = i + 1
            }
            if last < piece.upperBound { segments.append((last..<piece.upperBound, false)) }
            out.append(contentsOf: apply(behavior, segments))
        }
        return out
    }

    /// The fold of HF's `split` for each behaviour, over (range, is-match) segments in order.
    static func apply(_ behavior: SplitBehavior, _ segments: [(Range<Int>, Bool)]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var previousMatch = false
        switch behavior {
        case .isolated:
            out = segments.map(\.0)
        case .removed:
            out = segments.filter { !$0.1 }.map(\.0)
        case .contiguous:
            for (range, isMatch) in segments {
                if isMatch == previousMatch, let last = out.popLast() {
                    out.append(last.lowerBound..<range.upperBound)
                } else {
                    out.append(range)
                }
                previousMatch = isMatch
            }
        case .mergedWithPrevious:
            for (range, isMatch) in segments {
                if isMatch && !previousMatch, let last = out.popLast() {
                    out.append(last.lowerBound..<range.upperBound)
                } else {
                    out.append(range)
                }
                previousMatch = isMatch
            }
        case .mergedWithNext:
            for (range, isMatch) in segments.reversed() {
                if isMatch && !previousMatch, let last = out.popLast() {
                    out.append(range.lowerBound..<last.upperBound)
                } else {
                    out.append(range)
                }
                previousMatch = isMatch
            }
            out.reverse()
        }
        return out.filter { !$0.isEmpty }
    }

    /// `\w+|[^\w\s]+` matches of `text[range]`, kept; the whitespace between them removed (HF `Invert` of the
    /// regex with `Removed`). A run of word scalars or of other non-space scalars is one match.
    private static func regexWords(_ text: NormalizedText, _ range: Range<Int>, _ tables: UnicodeTables) -> [Range<Int>]
    {
        enum Kind { case word, space, other }
        func kind(_ s: UInt32) -> Kind {
            let f = tables.flags(s)
            if f & UnicodeTables.regexWord != 0 { return .word }
            return f & UnicodeTables.regexSpace != 0 ? .space : .other
        }
        var out: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let k = kind(text.scalars[i])
            var j = i + 1
            while j < range.upperBound && kind(text.scalars[j]) == k { j += 1 }
            if k != .space { out.append(i..<j) }
            i = j
        }
        return out
    }
}
