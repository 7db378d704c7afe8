/// Text attributes a cell can carry.
public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let underline = Attributes(rawValue: 1 << 2)
    public static let reverse = Attributes(rawValue: 1 << 3)
    public static let italic = Attributes(rawValue: 1 << 4)
}

/// Foreground, background and attributes of a cell. A nil colour means the terminal's default.
public struct Style: Sendable, Hashable {
    public var fg: RGB?
    public var bg: RGB?
    public var attributes: Attributes

    /// Creates a style.
    public init(fg: RGB? = nil, bg: RGB? = nil, attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// The terminal's default look.
    public static let plain = Style()
}
