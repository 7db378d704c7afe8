import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why `xml` is not a well-formed XML 1.0 document, or nil: Foundation's parser for the markup, plus the
/// XML 1.0 `Char` production, which that parser does not enforce (it accepts raw control characters).
func xmlParseError(_ xml: String) -> String? {
    for u in xml.unicodeScalars {
        let v = u.value
        let allowed =
            v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
            || v >= 0x10000
        if !allowed { return "character U+\(String(v, radix: 16)) is not allowed in XML 1.0" }
    }
    let parser = XMLParser(data: Data(xml.utf8))
    // On Linux parse() can return true for broken markup while still recording an error: check both.
    let ok = parser.parse()
    if let error = parser.parserError { return "\(error)" }
    return ok ? nil : "parse error"
}

final class XMLEscapingTests: XCTestCase {
    static let nasty = [
        "<", ">", "&", "\"", "'", "a&b<c>\"d'", "🐶", "👩‍👩‍👧", "\u{0}", "\u{1B}[31m", "\u{7}", "\t\n\r", "]]>", "--",
        "\u{FFFE}", "é", "犬",
    ]

    func testTheParserRejectsUnescapedLabels() {
        XCTAssertNotNil(xmlParseError("<r>a&b</r>"))
        XCTAssertNotNil(xmlParseError("<r>\u{1}</r>"))
        XCTAssertNotNil(xmlParseError("<r a=\"\"\"/>"))
    }

    func testEscapedTextIsValidXMLInContentAndAttributes() {
        for s in Self.nasty {
            let e = XMLText.escape(s)
            let doc = "<r a=\"\(e)\" b='\(e)'>\(e)</r>"
            XCTAssertNil(xmlParseError(doc), "label \(s.unicodeScalars.map { String($0.value, radix: 16) }) gave \(e)")
        }
    }

    func testMarkupCharactersBecomeEntitiesAndEmojiStaysAsIs() {
        XCTAssertEqual(XMLText.escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;")
        XCTAssertEqual(XMLText.escape("🐶"), "🐶")
        XCTAssertEqual(XMLText.escape("a\u{0}b"), "a\u{FFFD}b", "NUL cannot appear in XML 1.0, even escaped")
    }

    func testFiguresWithNastyTokensAreWellFormedSVG() throws {
        let e = SyntheticEncoding.make(pieces: Self.nasty)
        for kind: FigureKind in [
            .attention(layer: 1, head: .single(0)), .activations(layer: 1), .attentionGrid, .pooler,
        ] {
            let svg = try Figures.make(kind, encoding: e).svg()
            XCTAssertNil(xmlParseError(svg), "\(kind)")
            XCTAssertTrue(svg.contains("&lt;"), "the < token is a label, escaped")
        }
    }

    func testScreenExportsOfNastyTextAreWellFormed() {
        var buf = CellBuffer(width: 20, height: 2)
        buf.put("<&>\"'🐶", x: 0, y: 0, style: Style(fg: RGB(255, 0, 0)))
        buf[0, 1] = Cell("\u{0}")
        XCTAssertNil(xmlParseError(buf.svg()))
        let html = buf.html()
        XCTAssertTrue(html.contains("&lt;&amp;&gt;&quot;&#39;🐶"))
        XCTAssertFalse(html.contains("\u{0}"))
    }
}
