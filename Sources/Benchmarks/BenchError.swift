/// Why a benchmark could not run, as one line a user can act on.
public enum BenchError: Error, Equatable, CustomStringConvertible {
    /// The model's tokenizer turned the benchmark paragraph into no words at all.
    case noSentence(model: String)
    /// Counting the bytes a frame sends through ncurses failed (the terminal type, the temporary file).
    case byteMeter(String)
    /// A keystroke in the explorer core sent no encode request (a bug, reported rather than measured).
    case noEncode
    /// The explorer core drew a frame of the wrong size (a bug, reported rather than measured).
    case wrongFrame(expected: String, got: String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .noSentence(let model):
            return "bench: the tokenizer of \(model) makes no words of the benchmark paragraph; check its vocab.txt"
        case .byteMeter(let why):
            return
                "bench: cannot count the bytes of a frame through ncurses: \(why) (run with --no-ui to skip the UI path)"
        case .noEncode:
            return "bench: typing into the explorer sent no encode request"
        case .wrongFrame(let expected, let got):
            return "bench: the explorer drew a \(got) frame for a \(expected) terminal"
        }
    }
}
