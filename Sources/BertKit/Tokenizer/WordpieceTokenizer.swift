/// A vocabulary id with the original-text scalars it stands for.
struct WordPiece: Equatable {
    /// Vocabulary id.
    var id: Int
    /// Unicode-scalar offsets into the sentence the piece was cut from.
    var span: Range<Int>
}

/// HF `WordpieceTokenizer` (transformers' tokenization_bert_legacy.py): greedy longest-match-first over the
/// vocabulary, `##` on every piece after the first; a word longer than `maxInputCharsPerWord` scalars, or
/// one with a remainder no vocabulary entry matches, becomes a single `[UNK]` spanning the whole word.
struct WordpieceTokenizer: Sendable {
    /// The vocabulary.
    let index: VocabularyIndex
    /// Id of `[UNK]`.
    let unknownId: Int
    /// Words longer than this (in scalars, as Python counts characters) are `[UNK]`.
    let maxInputCharsPerWord: Int

    /// Appends the pieces of `word.scalars[range]` to `pieces`. `hashes` is scratch space.
    func tokenize(
        _ word: AlignedScalars, _ range: Range<Int>, into pieces: inout [WordPiece], hashes: inout [UInt64]
    ) {
        guard !range.isEmpty else { return }
        if range.count > maxInputCharsPerWord {
            pieces.append(WordPiece(id: unknownId, span: word.span(range)))
            return
        }
        let firstPiece = pieces.count
        var start = range.lowerBound
        while start < range.upperBound {
            let continuation = start > range.lowerBound
            let longest = continuation ? index.longestContinuation : index.longestKey
            let limit = min(range.upperBound, start + longest)
            // Hash every prefix of the remainder in one pass, then try them longest first.
            var h = continuation ? VocabularyIndex.continuationHash : VocabularyIndex.emptyHash
            hashes.removeAll(keepingCapacity: true)
            for i in start..<max(start, limit) {
                h = VocabularyIndex.extend(h, word.scalars[i].value)
                hashes.append(h)
            }
            var end = limit
            var found: Int?
            while end > start {
                if let id = index.id(
                    hash: hashes[end - start - 1], word.scalars, start..<end, continuation: continuation)
                {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                pieces.removeSubrange(firstPiece...)
                pieces.append(WordPiece(id: unknownId, span: word.span(range)))
                return
            }
            pieces.append(WordPiece(id: id, span: word.span(start..<end)))
            start = end
        }
    }
}
