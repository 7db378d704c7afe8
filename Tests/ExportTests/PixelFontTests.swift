import ScopeUI
import XCTest

@testable import Export

final class PixelFontTests: XCTestCase {
    func testEveryGlyphPictureIsFiveWideAndSevenToNineRowsTall() {
        for (ch, picture) in PixelFont.source {
            let rows = picture.split(separator: " ")
            XCTAssertTrue((7...9).contains(rows.count), "\(ch): \(rows.count) rows")
            for row in rows {
                XCTAssertEqual(row.count, 5, "\(ch): row \(row)")
                XCTAssertTrue(row.allSatisfy { $0 == "#" || $0 == "." }, "\(ch): row \(row)")
            }
        }
    }

    func testEveryPrintableASCIICharacterHasAGlyph() {
        for v in 0x20...0x7E {
            let ch = Character(Unicode.Scalar(UInt8(v)))
            XCTAssertNotNil(PixelFont.glyphs[ch], "missing glyph for \(ch)")
        }
    }

    func testAccentedLettersDrawAsTheirBaseLetterAndOthersAsBoxes() {
        var plain = Raster(width: 20, height: 12)
        var accented = Raster(width: 20, height: 12)
        plain.drawText("e", x: 1, baseline: 9, color: RGB(255, 255, 255))
        accented.drawText("é", x: 1, baseline: 9, color: RGB(255, 255, 255))
        XCTAssertEqual(plain, accented)
        XCTAssertEqual(PixelFont.width(of: "犬", scale: 1), 12, "wide characters take two advances")
        XCTAssertEqual(PixelFont.width(of: "\u{0}", scale: 1), 6, "control characters stay visible")
    }

    func testVerticalTextIsTheHorizontalTextRotatedAboutTheAnchor() {
        var h = Raster(width: 40, height: 40)
        var v = Raster(width: 40, height: 40)
        h.drawText("Ab", x: 10, baseline: 20, color: RGB(255, 0, 0))
        v.drawText("Ab", x: 10, baseline: 20, color: RGB(255, 0, 0), orientation: .vertical)
        // rotate(-90) about (10, 20): a pixel at (10 + dx, 20 + dy) lands at (10 + dy, 20 - dx - 1).
        for y in 0..<40 {
            for x in 0..<40 where h.color(x: x, y: y) == RGB(255, 0, 0) {
                let dx = x - 10
                let dy = y - 20
                XCTAssertEqual(v.color(x: 10 + dy, y: 20 - dx - 1), RGB(255, 0, 0), "pixel \(x),\(y)")
            }
        }
    }
}
