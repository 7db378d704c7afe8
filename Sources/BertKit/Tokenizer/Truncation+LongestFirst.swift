extension Truncation {
    /// How many word pieces of sentence A and of sentence B to keep so that they and `specialTokens` fit in
    /// `maxLength`: transformers' `truncation=True`, which is HF tokenizers' `LongestFirst`
    /// (utils/truncation.rs `truncate_encodings`).
    ///
    /// Single sentence: keep `maxLength - specialTokens`. Pair, with n1 the shorter length and m the room left:
    /// keep the shorter whole and cut the longer to `max(n1, m - n1)`; when that still does not fit, both are cut,
    /// the longer (B on a tie) keeping `m / 2 + m % 2` and the other `m / 2`. When even the special tokens exceed
    /// `maxLength`, every piece goes and the special tokens stay.
    static func longestFirst(
        lengthA: Int, lengthB: Int?, specialTokens: Int, maxLength: Int
    ) -> (keptA: Int, keptB: Int) {
        let room = max(0, maxLength - specialTokens)
        guard let lengthB else { return (min(lengthA, room), 0) }
        guard lengthA + lengthB > room else { return (lengthA, lengthB) }
        let swap = lengthA > lengthB
        var n1 = swap ? lengthB : lengthA
        var n2: Int
        if n1 > room {
            n2 = n1
        } else {
            n2 = max(n1, room - n1)
        }
        if n1 + n2 > room {
            n1 = room / 2
            n2 = n1 + room % 2
        }
        let (a, b) = swap ? (n2, n1) : (n1, n2)
        return (min(a, lengthA), min(b, lengthB))
    }
}
