import BertKit
import Foundation
import TestSupport
import XCTest

@testable import Export

/// 512 tokens, the most a BERT takes: the SVG must stay small and the PNG quick.
final class LargeFigureTests: XCTestCase {
    static let encoding: Encoding = {
        let config = BertConfig(
            vocabSize: 100, hiddenSize: 384, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64,
            maxPositionEmbeddings: 512)
        return SyntheticEncoding.make(pieces: (0..<510).map { "w\($0)" }, config: config)
    }()

    func testA512TokenAttentionSVGStaysUnderTwoMegabytes() throws {
        let svg = try Figures.make(.attention(layer: 1, head: .single(0)), encoding: Self.encoding).svg()
        XCTAssertLessThan(svg.utf8.count, 2_000_000)
        XCTAssertTrue(svg.contains("data:image/png;base64,"), "the cells are one embedded image")
        XCTAssertTrue(svg.contains("image-rendering:pixelated"))
        XCTAssertTrue(svg.contains(">w99</text>"), "labels stay vector text (every fifth at 3-pixel cells)")
        print("512-token attention SVG: \(svg.utf8.count) bytes")
        XCTAssertNil(xmlParseError(svg))
    }

    func testA512TokenAttentionPNGKeepsEveryTokenVisible() throws {
        // how long it takes is `bertscope bench`'s to say; here, what comes out
        let fig = try Figures.make(.attention(layer: 1, head: .mean), encoding: Self.encoding)
        let png = try fig.png()
        let back = try PNGCodec.decode(png)
        XCTAssertEqual(back.width, fig.width)
        XCTAssertEqual(back.height, fig.height)
        XCTAssertGreaterThanOrEqual(back.width, 512 * 3, "every token keeps at least a 3-pixel cell")
    }

    func testA512TokenAttentionPDFStaysUnderTwoMegabytes() throws {
        let pdf = try Figures.make(.attention(layer: 1, head: .mean), encoding: Self.encoding).pdf()
        XCTAssertLessThan(pdf.count, 2_000_000)
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        print("512-token attention PDF: \(pdf.count) bytes")
    }

    func testAWideActivationSVGStaysSmallToo() throws {
        let svg = try Figures.make(.activations(layer: 1), encoding: Self.encoding).svg()
        XCTAssertLessThan(svg.utf8.count, 2_000_000)
    }
}
