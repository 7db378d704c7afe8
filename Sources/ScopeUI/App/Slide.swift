import Foundation

/// One slide of a `--present` deck: a sentence (or pair) and, optionally, where to look.
public struct Slide: Sendable, Hashable {
    /// Sentence A.
    public var textA: String
    /// Sentence B (pair mode), if any.
    public var textB: String?
    /// The layer to show, 0...L.
    public var layer: Int?
    /// The head (or mean/max) to show.
    public var head: HeadSelection?
    /// The main view to show.
    public var view: MainView?
    /// For the activation view: the FFN intermediate rather than hidden states.
    public var intermediate: Bool

    /// Creates a slide.
    public init(
        textA: String, textB: String? = nil, layer: Int? = nil, head: HeadSelection? = nil, view: MainView? = nil,
        intermediate: Bool = false
    ) {
        self.textA = textA
        self.textB = textB
        self.layer = layer
        self.head = head
        self.view = view
        self.intermediate = intermediate
    }
}

/// Why a deck line could not be read.
public struct SlideError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the deck.
    public let line: Int
    /// What is wrong.
    public let message: String
    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}

extension Slide {
    /// The field names a deck line may carry.
    public static let fieldNames = ["layer", "head", "view"]

    /// Reads a deck: one slide per line (LF or CRLF); a tab separates sentence A from sentence B; further
    /// tab-separated fields `layer=N`, `head=H|mean|max` (H counted from 1) and
    /// `view=attention|grid|activations|intermediate|pooler` fix where the slide looks. A field that reads as
    /// `word=...` is a field: an unknown name or an empty or malformed value is an error naming the line, never
    /// sentence B. Blank lines and lines starting with `#` are skipped.
    ///
    /// ```
    /// The cat sat on the mat.	It was tired.	layer=3	head=mean
    /// # a comment
    /// The bank of the river.	view=grid
    /// ```
    public static func parseDeck(_ text: String, layerCount: Int, headCount: Int) throws(SlideError) -> [Slide] {
        var slides: [Slide] = []
        // "\r\n" is one Character in Swift, so split on every newline, not on "\n" alone
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            var texts: [String] = []
            var slide = Slide(textA: "")
            for field in line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) {
                guard let (key, value) = Self.field(field) else {
                    texts.append(field)
                    continue
                }
                func fail(_ message: String) -> SlideError { SlideError(line: i + 1, message: message) }
                switch key {
                case "layer":
                    guard let l = Int(value), (0...layerCount).contains(l) else {
                        throw fail("layer=\(value): use 0 to \(layerCount)")
                    }
                    slide.layer = l
                case "head":
                    guard let h = HeadSelection(argument: value, headCount: headCount) else {
                        throw fail("head=\(value): use 1 to \(headCount), mean or max")
                    }
                    slide.head = h
                case "view":
                    if value == "intermediate" {
                        slide.view = .activations
                        slide.intermediate = true
                    } else if let v = MainView(rawValue: value) {
                        slide.view = v
                        slide.intermediate = false
                    } else {
                        throw fail("view=\(value): use attention, grid, activations, intermediate or pooler")
                    }
                default:
                    throw fail("unknown field \(key)=: use \(fieldNames.map { "\($0)=" }.joined(separator: ", "))")
                }
            }
            guard texts.count <= 2 else {
                throw SlideError(line: i + 1, message: "more than two sentences (tabs separate sentence A from B)")
            }
            guard let a = texts.first, !a.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SlideError(line: i + 1, message: "no sentence")
            }
            slide.textA = a
            slide.textB = texts.count == 2 ? texts[1] : nil
            slides.append(slide)
        }
        return slides
    }

    /// A `name=value` field (a name of ASCII letters, digits, `_` or `-`, starting with a letter), trimmed; nil for
    /// a sentence. `layre=3` is a field with an unknown name; `Let x = 5` (a space in the name part) is text.
    static func field(_ text: String) -> (key: String, value: String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces)
        guard let first = key.first, first.isASCII, first.isLetter,
            key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return (key.lowercased(), text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces))
    }
}
