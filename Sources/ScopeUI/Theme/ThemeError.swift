/// Why a theme could not be used, with the file, line and key when there is one.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The theme file (or the name asked for, when no file was found).
    public let file: String
    /// 1-based line in the file, when known.
    public let line: Int?
    /// The offending key (`colors.text`, `scales.sequential`), when there is one.
    public let key: String?
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key 'k': message`, the shape compilers use so editors can jump there.
    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        out += ": "
        if let key { out += "key '\(key)': " }
        return out + message
    }
}
