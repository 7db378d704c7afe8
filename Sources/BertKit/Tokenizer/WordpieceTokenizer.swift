/// A vocabulary id with the original-text scalars it stands for.
struct WordPiece: Equatable, Sendable {
    /// Vocabulary id.
    var id: Int
    /// Unicode-scalar offsets into the sentence the piece was cut from (HF's `offset_mapping` entry).
    var span: Range<Int>
}

/// HF tokenizers' `WordPiece` model (models/wordpiece/mod.rs): greedy longest-match-first over the vocabulary,
/// the continuing-subword prefix on every piece after the first; a word longer than `maxInputCharsPerWord`
/// scalars, or one with a remainder no vocabulary entry matches, becomes a single unknown token spanning the
/// whole word. A piece's span runs from its first scalar's alignment start to its last one's end.
struct WordpieceTokenizer: Sendable {
    /// The vocabulary, with the continuing-subword prefix.
    let index: VocabularyIndex
    /// Id of the unknown token.
    let unknownId: Int
    /// Words longer than this (in scalars, as Rust counts chars) are unknown.
    let maxInputCharsPerWord: Int

    /// Appends the pieces of the word `text.scalars[range]` to `pieces`. `hashes` is scratch space.
    func tokenize(
        _ text: NormalizedText, _ range: Range<Int>, into pieces: inout [WordPiece], hashes: inout [UInt64]
    ) {
        guard !range.isEmpty else { return }
        let whole = WordPiece(id: unknownId, span: text.originalSpan(range) ?? 0..<0)
        if range.count > maxInputCharsPerWord {
            pieces.append(whole)
            return
        }
        let firstPiece = pieces.count
        var start = range.lowerBound
        while start < range.upperBound {
            let continuation = start > range.lowerBound
            let longest = continuation ? index.longestContinuation : index.longestKey
            let limit = min(range.upperBound, start + longest)
            // Hash every prefix of the remainder in one pass, then try them longest first.
            var h = continuation ? index.continuationHash : VocabularyIndex.emptyHash
            hashes.removeAll(keepingCapacity: true)
            for i in start..<max(start, limit) {
                h = VocabularyIndex.extend(h, text.scalars[i])
                hashes.append(h)
            }
            var end = limit
            var found: Int?
            while end > start {
                if let id = index.id(
                    hash: hashes[end - start - 1], text.scalars, start..<end, continuation: continuation)
                {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                pieces.removeSubrange(firstPiece...)
                pieces.append(whole)
                return
            }
            pieces.append(WordPiece(id: id, span: text.originalSpan(start..<end) ?? 0..<0))
            start = end
        }
    }
}
