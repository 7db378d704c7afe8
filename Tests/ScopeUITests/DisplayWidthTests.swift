import Foundation
import ScopeUI
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The layout's column widths are the terminal's: the C library's `wcwidth`, which ncurses places text by.
final class DisplayWidthTests: XCTestCase {
    func testKnownWidths() {
        XCTAssertEqual(DisplayWidth.of("a"), 1)
        XCTAssertEqual(DisplayWidth.of("é"), 1, "precomposed")
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1, "e and a combining acute are one cluster, one column")
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x301)!), 0)
        XCTAssertEqual(DisplayWidth.of("東京"), 4)
        XCTAssertEqual(DisplayWidth.of("한국어"), 6)
        XCTAssertEqual(DisplayWidth.of("👍"), 2)
        XCTAssertEqual(DisplayWidth.of("❤\u{FE0F}"), 2, "emoji presentation makes the cluster wide")
        XCTAssertEqual(DisplayWidth.of("\u{200B}"), 0, "zero width space")
        XCTAssertEqual(DisplayWidth.of("\t\u{1B}\u{85}"), 0, "controls take no column")
        // three of the blocks the old hand-written table had wrong
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x4DC0)!), 2, "Yijing hexagram symbols are wide")
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x1F6DD)!), 2, "playground slide")
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0xD7B0)!), 0, "Hangul jamo extended-B vowels combine")
    }

    #if canImport(Glibc)
    func testEveryAssignedScalarHasTheCLibrarysWidth() throws {
        // wcwidth is not in Swift's Glibc module (it needs _XOPEN_SOURCE); look it up as ncurses links it
        typealias WCWidth = @convention(c) (Int32) -> Int32
        let symbol = try XCTUnwrap(dlsym(dlopen(nil, RTLD_NOW), "wcwidth"), "wcwidth in the C library")
        let wcwidth = unsafeBitCast(symbol, to: WCWidth.self)
        let previous = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        defer { _ = setlocale(LC_CTYPE, previous ?? "C") }
        XCTAssertNotNil(setlocale(LC_CTYPE, "C.UTF-8"), "the C.UTF-8 locale glibc always has")
        var disagreements: [String] = []
        var checked = 0
        for v in UInt32(0x20)...0x10FFFF {
            guard let s = Unicode.Scalar(v), !(0x7F..<0xA0).contains(v) else { continue }
            let c = Int(wcwidth(Int32(bitPattern: v)))
            // -1: the C library cannot print it (unassigned, private use it does not know); the backend draws U+FFFD
            let expected = c < 0 ? 1 : c
            checked += 1
            if DisplayWidth.of(s) != expected {
                disagreements.append(String(format: "U+%04X %d≠%d", v, DisplayWidth.of(s), expected))
            }
        }
        XCTAssertGreaterThan(checked, 1_000_000)
        XCTAssertEqual(disagreements.count, 0, disagreements.prefix(20).joined(separator: ", "))
    }
    #endif
}
