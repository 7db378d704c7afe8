/// Why an export could not be made; every message is one line that names what to fix.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// The encoding has nothing to show for this request (e.g. attention at layer 0).
    case nothingToShow(String)
    /// A figure option is out of range (e.g. head 13 of 12).
    case invalidOption(String)

    /// A one-line message for the user.
    public var description: String {
        switch self {
        case .nothingToShow(let what): return what
        case .invalidOption(let what): return what
        }
    }
}
