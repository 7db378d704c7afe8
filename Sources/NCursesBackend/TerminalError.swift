/// Why the full-screen UI could not start; each message is one line a user can act on.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// `TERM` is not set.
    case termUnset
    /// `TERM` names a terminal without cursor addressing (e.g. `dumb`) or a hard-copy one.
    case termCannotAddressCursor(String)
    /// `TERM` is not in the terminfo database.
    case termUnknown(String)
    /// The terminfo database itself could not be found.
    case noTerminfoDatabase(String)
    /// Standard input or output is not a terminal (redirected, piped, or run by a script).
    case notATerminal(stream: String)
    /// ncurses refused to start for another reason.
    case startFailed(String)

    /// What to run instead of the full-screen UI.
    static let alternative = "use 'bertscope inspect SENTENCE' for text output"

    public var description: String {
        switch self {
        case .termUnset:
            return
                "TERM is not set, so the full-screen UI cannot run; set it (e.g. TERM=xterm-256color) or \(Self.alternative)"
        case .termCannotAddressCursor(let term):
            return "TERM '\(term)' cannot run the full-screen UI (no cursor addressing); \(Self.alternative)"
        case .termUnknown(let term):
            return
                "TERM '\(term)' is not in the terminfo database, so the full-screen UI cannot run; set TERM to a known type (e.g. xterm-256color) or \(Self.alternative)"
        case .noTerminfoDatabase(let term):
            return "no terminfo database found for TERM '\(term)' (install ncurses-base); \(Self.alternative)"
        case .notATerminal(let stream):
            return "\(stream) is not a terminal, so the full-screen UI cannot run; \(Self.alternative)"
        case .startFailed(let reason):
            return "the full-screen UI could not start: \(reason); \(Self.alternative)"
        }
    }
}
