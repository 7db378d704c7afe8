import Foundation

/// A small streaming SVG (XML) writer: elements with attributes in the order given, every value escaped,
/// two-space indentation, so the same calls always give the same bytes.
public struct SVGWriter: Sendable {
    private var out = ""
    private var open: [String] = []

    /// Starts a document `width` x `height` pixels with an optional `<title>` (for screen readers and tabs);
    /// `page` shows it at another size (scaled uniformly and centred).
    public init(width: Int, height: Int, title: String? = nil, page: (width: Int, height: Int)? = nil) {
        out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let shown = page ?? (width, height)
        begin(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", "\(shown.width)"), ("height", "\(shown.height)"),
                ("viewBox", "0 0 \(width) \(height)"),
            ])
        if let title { element("title", [], text: title) }
    }

    /// Opens `<name ...>`; close it with `end()`.
    public mutating func begin(_ name: String, _ attributes: [(String, String)]) {
        out += indent + "<" + name + Self.attributes(attributes) + ">\n"
        open.append(name)
    }

    /// Closes the innermost open element.
    public mutating func end() {
        guard let name = open.popLast() else { return }
        out += indent + "</" + name + ">\n"
    }

    /// Writes `<name .../>`, or `<name ...>text</name>` when `text` is given (escaped).
    public mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        if let text {
            out += indent + "<" + name + Self.attributes(attributes) + ">" + XMLText.escape(text) + "</" + name + ">\n"
        } else {
            out += indent + "<" + name + Self.attributes(attributes) + "/>\n"
        }
    }

    /// Writes a comment (`--` is broken up so the comment stays well-formed).
    public mutating func comment(_ text: String) {
        let safe = XMLText.escape(text).replacingOccurrences(of: "--", with: "- -")
        out += indent + "<!-- " + safe + " -->\n"
    }

    /// Closes every open element and returns the document.
    public mutating func finish() -> String {
        while !open.isEmpty { end() }
        return out
    }

    private var indent: String { String(repeating: "  ", count: open.count) }

    private static func attributes(_ list: [(String, String)]) -> String {
        var s = ""
        for (k, v) in list { s += " " + k + "=\"" + XMLText.escape(v) + "\"" }
        return s
    }
}
