extension Truncation {
    /// Word pieces to remove from sentence A and sentence B so that they and `specialTokens` fit in `maxLength`:
    /// HF's `truncation=True` (`TruncationStrategy.LONGEST_FIRST`, `truncation_side="right"`), as the Python
    /// `BertTokenizer` computes it (tokenization_python.py `truncate_sequences`).
    ///
    /// Single sentence: cut A's tail. Pair: one piece at a time from the longer sentence's tail, from B when
    /// both are equally long. (BertTokenizerFast's Rust truncation takes from A on a tie; the Python rule wins.)
    /// When even the special tokens exceed `maxLength`, every piece goes and the special tokens stay.
    static func longestFirst(
        lengthA: Int, lengthB: Int?, specialTokens: Int, maxLength: Int
    ) -> (droppedA: Int, droppedB: Int) {
        let total = lengthA + (lengthB ?? 0) + specialTokens
        let excess = total - maxLength
        guard excess > 0 else { return (0, 0) }
        guard let lengthB else { return (min(lengthA, excess), 0) }
        let first = min(abs(lengthB - lengthA), excess)
        let second = excess - first
        let a: Int, b: Int
        if lengthA > lengthB {
            a = first + second / 2
            b = second - second / 2
        } else {
            a = second / 2
            b = first + second - second / 2
        }
        return (min(a, lengthA), min(b, lengthB))
    }
}
