import BertKit
import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

/// Figures drawn through cairo and pango: real glyphs for every script, antialiased, exact sizes, PDF.
final class FigureTextTests: XCTestCase {
    let font = FigureFont.system
    let encoding = SyntheticEncoding.make()

    override func setUpWithError() throws {
        XCTAssertTrue(font.hasRealFonts, "the set-up installs DejaVu, Noto CJK and Noto Color Emoji")
    }

    /// The figure's PNG, encoded and read back through libpng.
    func pixels(_ fig: Figure, canvas: FigureCanvas = .scaled(1), font: FigureFont = .system) throws -> Raster {
        try PNGCodec.decode(try fig.png(font: font, canvas: canvas), channels: .rgb)
    }

    /// The text elements of a figure.
    func texts(_ fig: Figure) -> [FigureText] {
        fig.elements.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }

    /// The distinct colours inside `rect`.
    func colours(in r: Raster, _ rect: PixelRect) -> Set<RGB> {
        var out = Set<RGB>()
        for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { if let c = r.color(x: x, y: y) { out.insert(c) } } }
        return out
    }

    func testCellPixelsAreTheThemeColourOfTheirValueAtAnyScale() throws {
        let fig = try Figures.make(.attention(layer: 1, head: .single(0)), encoding: encoding)
        guard
            case .cells(let g)? = fig.elements.first(where: {
                if case .cells = $0 { return true } else { return false }
            })
        else { return XCTFail("no cells") }
        for factor in [1.0, 2.0, 1.5] {
            let png = try pixels(fig, canvas: .scaled(factor))
            for row in 0..<g.rows {
                for col in 0..<g.columns {
                    let r = g.cellRect(column: col, row: row)
                    let x = Int((Double(r.x) + Double(r.width) / 2) * factor)
                    let y = Int((Double(r.y) + Double(r.height) / 2) * factor)
                    XCTAssertEqual(
                        png.color(x: x, y: y), g.colors[row * g.columns + col], "cell \(row),\(col) at \(factor)x")
                }
            }
        }
    }

    func testLabelsAreAntialiasedWithMoreThanTwoGreyLevels() throws {
        let fig = try Figures.make(.attention(layer: 1, head: .mean), encoding: encoding)
        let png = try pixels(fig)
        let title = try XCTUnwrap(texts(fig).first)
        let levels = colours(in: png, font.box(of: title))
        XCTAssertGreaterThan(levels.count, 2, "antialiased glyph edges blend ink and page")
    }

    func testTwoDifferentCJKTokensDrawDifferentPixels() throws {
        let e = SyntheticEncoding.make(pieces: ["東", "京"])
        let fig = try Figures.make(.attention(layer: 1, head: .mean), encoding: e)
        let png = try pixels(fig)
        let labels = texts(fig).filter { ($0.string == "東" || $0.string == "京") && $0.orientation == .horizontal }
        XCTAssertEqual(labels.count, 2)
        func crop(_ t: FigureText) -> [RGB] {
            // Both labels are right-aligned at the same x: compare the same-sized box ending there.
            let b = font.box(of: t)
            let w = 16
            return (b.y..<b.maxY).flatMap { y in (b.maxX - w..<b.maxX).map { png.color(x: $0, y: y) ?? RGB(0, 0, 0) } }
        }
        let a = crop(labels[0])
        let b = crop(labels[1])
        XCTAssertEqual(a.count, b.count)
        XCTAssertNotEqual(a, b, "東 and 京 are different glyphs, not the same box")
        XCTAssertGreaterThan(Set(a).count, 2, "the CJK glyph is drawn (a fallback font has it), antialiased")
    }

    func testAccentsAndEmojiAreDrawnAsTheirOwnGlyphs() throws {
        let plain = SyntheticEncoding.make(pieces: ["cafe"])
        let accented = SyntheticEncoding.make(pieces: ["café"])
        let a = try pixels(try Figures.make(.attention(layer: 1, head: .mean), encoding: plain))
        let b = try pixels(try Figures.make(.attention(layer: 1, head: .mean), encoding: accented))
        XCTAssertNotEqual(a.bytes, b.bytes, "é is not drawn as e")
        let emoji = try Figures.make(.attention(layer: 1, head: .mean), encoding: SyntheticEncoding.make(pieces: ["😀"]))
        let label = try XCTUnwrap(texts(emoji).first { $0.string == "😀" && $0.orientation == .horizontal })
        let png = try pixels(emoji)
        let box = font.box(of: label)
        // Noto Color Emoji is yellow: some pixel in the box is far more red+green than blue.
        XCTAssertTrue(
            colours(in: png, box).contains { Int($0.r) + Int($0.g) > 2 * Int($0.b) + 200 },
            "the emoji is drawn in colour")
    }

    func testExactSizesGiveExactlyThatManyPixels() throws {
        let kinds: [FigureKind] = [.attention(layer: 1, head: .mean), .attentionGrid, .activations(layer: 1), .pooler]
        for kind in kinds {
            for (w, h) in [(320, 240), (641, 479), (1600, 1600)] {
                let fig = try Figures.make(kind, encoding: encoding, options: FigureOptions(maxWidth: w, maxHeight: h))
                let png = try pixels(fig, canvas: .exactly(width: w, height: h))
                XCTAssertEqual(png.width, w, "\(kind) at \(w)x\(h)")
                XCTAssertEqual(png.height, h, "\(kind) at \(w)x\(h)")
            }
        }
        let fig = try Figures.make(.attention(layer: 1, head: .mean), encoding: encoding)
        let big = try fig.rasterize(font: font, canvas: .exactly(width: 4000, height: 4000))
        XCTAssertEqual([big.width, big.height], [4000, 4000])
    }

    func testSizesOutsideTheBoundsAreRefusedWithTheRange() {
        for (w, h) in [(319, 240), (320, 239), (4001, 800), (0, 0)] {
            XCTAssertThrowsError(try FigureCanvas.exactly(width: w, height: h).validated()) { error in
                XCTAssertEqual(
                    "\(error)", "--size must be between 320x240 and 4000x4000 pixels for a figure, not \(w)x\(h)")
            }
        }
        XCTAssertThrowsError(try FigureCanvas.scaled(0).validated())
        XCTAssertThrowsError(try FigureCanvas.scaled(.nan).validated())
        XCTAssertNoThrow(try FigureCanvas.scaled(2).validated())
    }

    func testScaleMultipliesTheNaturalSize() throws {
        let fig = try Figures.make(.pooler, encoding: encoding)
        let png = try pixels(fig, canvas: .scaled(2))
        XCTAssertEqual([png.width, png.height], [fig.width * 2, fig.height * 2])
    }

    func testPDFIsReadByPopplerHasNoDateAndIsTheSameBytesTwice() throws {
        let fig = try Figures.make(
            .attention(layer: 1, head: .mean), encoding: SyntheticEncoding.make(pieces: ["東京", "café"]))
        let a = try fig.pdf()
        let b = try fig.pdf()
        XCTAssertEqual(a, b, "same input, same bytes")
        let text = String(decoding: a, as: UTF8.self)
        XCTAssertFalse(text.contains("/CreationDate"))
        XCTAssertFalse(text.contains("/ModDate"))
        let path = NSTemporaryDirectory() + "bertscope-\(UUID().uuidString).pdf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.write(to: URL(fileURLWithPath: path))
        let info = try run("/usr/bin/pdfinfo", [path])
        XCTAssertTrue(info.contains("Pages:           1"), info)
        XCTAssertTrue(info.contains("Page size:       \(fig.width) x \(fig.height) pts"), info)
        XCTAssertFalse(info.contains("CreationDate"), info)
        // pdftoppm draws it at 72 dpi (one pixel a point): a cell's centre is its theme colour.
        let base = NSTemporaryDirectory() + "bertscope-\(UUID().uuidString)"
        _ = try run("/usr/bin/pdftoppm", ["-r", "72", "-png", "-singlefile", path, base])
        defer { try? FileManager.default.removeItem(atPath: base + ".png") }
        let page = try PNGCodec.read(contentsOf: base + ".png", channels: .rgb)
        XCTAssertEqual([page.width, page.height], [fig.width, fig.height])
        guard
            case .cells(let g)? = fig.elements.first(where: {
                if case .cells = $0 { return true } else { return false }
            })
        else { return XCTFail("no cells") }
        for (row, col) in [(0, 0), (1, 2), (g.rows - 1, g.columns - 1)] {
            let r = g.cellRect(column: col, row: row)
            let got = try XCTUnwrap(page.color(x: r.x + r.width / 2, y: r.y + r.height / 2))
            let want = g.colors[row * g.columns + col]
            XCTAssertLessThanOrEqual(
                max(abs(Int(got.r) - Int(want.r)), abs(Int(got.g) - Int(want.g)), abs(Int(got.b) - Int(want.b))), 2,
                "cell \(row),\(col): \(got) vs \(want)")
        }
        // The labels are real text: pdftotext finds them.
        let words = try run("/usr/bin/pdftotext", [path, "-"])
        XCTAssertTrue(words.contains("東京"), words)
        XCTAssertTrue(words.contains("café"), words)
        XCTAssertTrue(words.contains("each row sums to 1"), words)
    }

    func testThePixelFontFallbackStillDrawsEveryFigureAtExactSizes() throws {
        for kind: FigureKind in [.attention(layer: 1, head: .mean), .pooler] {
            let fig = try Figures.make(kind, encoding: encoding, font: .pixel)
            let png = try pixels(fig, canvas: .exactly(width: 500, height: 400), font: .pixel)
            XCTAssertEqual([png.width, png.height], [500, 400])
            XCTAssertNoThrow(try fig.pdf(font: .pixel))
        }
    }

    /// Runs a tool and returns its standard output; fails the test when it exits non-zero.
    func run(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(tool) failed")
        return String(decoding: data, as: UTF8.self)
    }
}
