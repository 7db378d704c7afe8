/// What the heads predict, as the views read it: the logit lens per position, cached per encoding.
extension EncodingAnalysis {
    /// A computed lens, or the knowledge that there is none (no MLM head, position out of range).
    private struct LensEntry: Sendable {
        let lens: LogitLens?
    }

    /// The logit lens at token `position` (the MLM head on `hidden_states[l]` for l = 0...L), computed the
    /// first time a view asks for it (one pass over the vocabulary projection) and kept; nil without an MLM head.
    public func logitLens(at position: Int) -> LogitLens? {
        cached(Key("logitLens", position)) { e in LensEntry(lens: e.heads.computeLens(e, at: position)) }.lens
    }

    /// Top predictions shown per mask in the predictions panel and figure.
    public static let masksShown = 5

    /// Probability of a predicted token as the views print it ("0.412", "<.001").
    public static func probabilityLabel(_ p: Float) -> String {
        p < 0.001 ? "<.001" : p >= 0.9995 ? "1.000" : String(format: ".%03d", Int((p * 1000).rounded()))
    }
}
