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

    /// Creates a history with optional starting entries.
    public init(entries: [String] = [], limit: Int = 200) {
        self.entries = Array(entries.suffix(limit))
        self.limit = limit
    }

    /// Records `line` (not blank, not a repeat of the newest entry) and stops browsing.
    public mutating func record(_ line: String) {
        position = nil
        guard !line.allSatisfy(\.isWhitespace), entries.last != line else { return }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
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
