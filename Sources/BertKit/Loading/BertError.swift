import Foundation

/// Everything that can go wrong turning a folder into a usable model, each with a message a user can act on.
public enum BertError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file the model needs is not there.
    case missingFile(path: String, what: String)
    /// A file exists but could not be read (permissions, I/O).
    case unreadable(path: String, reason: String)
    /// A file was read but its contents are wrong; `reason` says what.
    case invalidFile(path: String, reason: String)
    /// A file could not be written (`reason` says why: missing folder, permission, disk full).
    case cannotWrite(path: String, reason: String)
    /// A sentence pair was asked of a model with a single segment embedding (`type_vocab_size` 1).
    case pairNotSupported(model: String, typeVocabSize: Int)
    /// Tokenized input the model cannot run (too many tokens for its positions, an id outside its vocabulary).
    case invalidInput(reason: String)
    /// No model could be found for a `--model` value; `searched` lists where we looked.
    case modelNotFound(spec: String, searched: [String], fix: String)

    /// One line naming the file and what is wrong; control characters from file names and file contents are
    /// escaped, so the message stays one line and never reaches the terminal as an escape sequence.
    public var description: String { rawDescription.escapingControlCharacters }

    private var rawDescription: String {
        switch self {
        case .missingFile(let path, let what):
            return "\(path): missing \(what)"
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .invalidFile(let path, let reason):
            return "\(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .pairNotSupported(let model, let types):
            return "\(model) has type_vocab_size \(types), a single segment: it takes no sentence pairs (drop --pair)"
        case .invalidInput(let reason):
            return reason
        case .modelNotFound(let spec, let searched, let fix):
            return "no model '\(spec)' found (looked in \(searched.joined(separator: ", "))); to fix: \(fix)"
        }
    }
}
