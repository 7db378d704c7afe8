/// A request to run the encoder on the current text. Results come back through `ExplorerCore.receive`.
public struct EncodeRequest: Hashable, Sendable {
    /// Increasing id; a result is shown only if its id is newer than the one on screen.
    public let id: Int
    /// Sentence A.
    public let textA: String
    /// Sentence B (pair mode), encoded with token_type_ids 1.
    public let textB: String?

    /// Creates a request.
    public init(id: Int, textA: String, textB: String?) {
        self.id = id
        self.textA = textA
        self.textB = textB
    }
}

/// Something the core asks the outside world (the run loop) to do.
public enum Effect: Hashable, Sendable {
    /// Encode this text in the background and call `receive` with the result (or `receiveError`).
    case encode(EncodeRequest)
    /// Encode the compare sentence (`textA`, alone) in the background and call `receiveCompare` with the result (or
    /// `receiveCompareError`); its ids count apart from `.encode`'s.
    case encodeCompare(EncodeRequest)
    /// Leave the explorer and restore the terminal.
    case quit
    /// `s`: save the figures of what is on screen and a screenshot (the run loop reads `state` and the last
    /// frame, writes the files, and reports back with `showMessage`).
    case saveShots
}
