/// What the heads predict, as the views read it: the logit lens per position, cached per encoding.
extension EncodingAnalysis {
    /// A computed lens, or the knowledge that there is none (no MLM head, position out of range).
    private struct LensEntry: Sendable {
        let lens: LogitLens?
    }

    /// The logit lens at token `position` (the MLM head on `hidden_states[l]` for l = 0...L), computed the
    /// first time something asks for it (one pass over the vocabulary projection) and kept; nil without an MLM
    /// head. With `wait` false (the explorer's frames) it is also nil while the model is busy encoding the next
    /// keystroke, and computed on a later frame, so drawing never waits for the encoder.
    public func logitLens(at position: Int, wait: Bool = true) -> LogitLens? {
        let key = Key("logitLens", position)
        if hasComputed(key) { return cached(key) { _ in LensEntry(lens: nil) }.lens }
        guard let lens = encoding.heads.computeLens(encoding, at: position, wait: wait) else { return nil }
        return cached(key) { _ in LensEntry(lens: lens) }.lens
    }

    /// Top predictions shown per mask in the predictions panel and figure.
    public static let masksShown = 5

    /// Probability of a predicted token as the views print it ("0.412", "<.001").
    public static func probabilityLabel(_ p: Float) -> String {
        p < 0.001 ? "<.001" : p >= 0.9995 ? "1.000" : String(format: ".%03d", Int((p * 1000).rounded()))
    }
}
