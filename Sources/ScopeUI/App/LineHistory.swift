/// Lines entered before, browsed with up/down as in a shell: up walks back, down walks forward to the
/// line being written (the draft), which is kept while browsing.
public struct LineHistory: Sendable, Hashable {
    /// Entries, oldest first.
    public private(set) var entries: [String]
    /// Index into `entries` while browsing; nil when editing the draft.
    public private(set) var position: Int?
    /// The line that was being written when browsing started.
    private var draft: String = ""
    /// At most this many entries are kept.
    public let limit: Int
    /// At most this many bytes of text (UTF-8) are kept in all: pasting a book and pressing Enter
    /// two hundred times must not keep two hundred books. A longer line is not recorded at all.
    public let byteLimit: Int
    /// The UTF-8 bytes the entries hold now.
    public private(set) var bytes: Int

    /// Creates a history with optional starting entries.
    public init(entries: [String] = [], limit: Int = 200, byteLimit: Int = 1 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
        self.entries = []
        bytes = 0
        for e in entries.suffix(limit) { append(e) }
    }

    /// Records `line` (not blank, not a repeat of the newest entry) and stops browsing.
    public mutating func record(_ line: String) {
        position = nil
        guard !line.allSatisfy(\.isWhitespace), entries.last != line else { return }
        append(line)
    }

    /// Adds `line` and drops the oldest entries until both limits hold.
    private mutating func append(_ line: String) {
        let size = line.utf8.count
        guard size <= byteLimit else { return }
        entries.append(line)
        bytes += size
        var drop = 0
        while entries.count - drop > limit || bytes > byteLimit {
            bytes -= entries[drop].utf8.count
            drop += 1
        }
        if drop > 0 { entries.removeFirst(drop) }
    }

    /// The entry before the current one (nil when there is none); `current` is kept as the draft.
    public mutating func previous(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        if let p = position {
            guard p > 0 else { return nil }
            position = p - 1
        } else {
            draft = current
            position = entries.count - 1
            // Skip an entry equal to what is on screen, so the first Up visibly changes the line.
            if entries[entries.count - 1] == current {
                guard entries.count > 1 else {
                    position = nil
                    return nil
                }
                position = entries.count - 2
            }
        }
        return position.map { entries[$0] }
    }

    /// The entry after the current one, or the draft when walking past the newest (nil when not browsing).
    public mutating func next() -> String? {
        guard let p = position else { return nil }
        if p + 1 < entries.count {
            position = p + 1
            return entries[p + 1]
        }
        position = nil
        return draft
    }

    /// Stops browsing (after the line was edited).
    public mutating func stopBrowsing() { position = nil }
}
