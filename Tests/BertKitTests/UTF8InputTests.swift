import BertKit
import XCTest

/// UTF-8 checking of bytes from standard input: the first malformed sequence is named by its byte offset.
final class UTF8InputTests: XCTestCase {
    func testValidTextWithNULAndControlsDecodesIntact() throws {
        let bytes: [UInt8] = [0x61, 0x00, 0x07, 0xF0, 0x9F, 0x91, 0x8D, 0xED, 0x9F, 0xBF, 0xF4, 0x8F, 0xBF, 0xBF]
        XCTAssertNil(UTF8Input.firstInvalidOffset(bytes))
        XCTAssertEqual(try UTF8Input.decode(bytes, source: "x"), "a\u{0}\u{7}👍\u{D7FF}\u{10FFFF}")
    }

    func testMalformedSequencesAreFoundAtTheirFirstByte() {
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0x61, 0xFF]), 1)
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0x61, 0x62, 0xC0, 0x80]), 2)  // overlong NUL
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0xE0, 0x80, 0x80]), 0)  // overlong
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0x20, 0xED, 0xA0, 0x80]), 1)  // a surrogate
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0xF4, 0x90, 0x80, 0x80]), 0)  // past U+10FFFF
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0x61, 0xE2, 0x82]), 1)  // truncated at the end
        XCTAssertEqual(UTF8Input.firstInvalidOffset([0x80]), 0)  // a lone continuation byte
        XCTAssertThrowsError(try UTF8Input.decode([0x6F, 0x6B, 0xE2, 0x82, 0x20], source: "standard input")) {
            XCTAssertEqual("\($0)", "standard input is not UTF-8: invalid byte 0xE2 at byte offset 2")
        }
    }
}
