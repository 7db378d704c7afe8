import BertKit
import Foundation
import TestSupport
import XCTest

@testable import Export

/// Writes every figure kind, small and at 512 tokens, as PNG and SVG, and reads each back: to
/// `EXPORT_PREVIEW_DIR` when that is set (to look at them by eye), else to a temporary folder.
final class PreviewTests: XCTestCase {
    func testEveryFigureKindWritesAPNGThatReadsBackAndAnSVG() throws {
        let dir: String
        if let asked = ProcessInfo.processInfo.environment["EXPORT_PREVIEW_DIR"] {
            dir = asked
        } else {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("previews-\(UUID().uuidString)").path
            addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let e = SyntheticEncoding.make()
        let kinds: [(String, FigureKind)] = [
            ("attention-l1-h1", .attention(layer: 1, head: .single(0))),
            ("attention-l2-mean", .attention(layer: 2, head: .mean)),
            ("grid", .attentionGrid),
            ("activations-l2", .activations(layer: 2)),
            ("activations-l0", .activations(layer: 0)),
            ("intermediate-l1", .intermediate(layer: 1)),
            ("pooler", .pooler),
        ]
        for (name, kind) in kinds {
            let fig = try Figures.make(kind, encoding: e, options: FigureOptions(selectedToken: 3))
            try SafeFile.write(try fig.png(), to: "\(dir)/\(name).png")
            try SafeFile.write(try fig.svg(), to: "\(dir)/\(name).svg")
        }
        let big = LargeFigureTests.encoding
        for (name, kind) in [
            ("attention-512", FigureKind.attention(layer: 1, head: .mean)), ("activations-512", .activations(layer: 1)),
        ] {
            let fig = try Figures.make(kind, encoding: big)
            try SafeFile.write(try fig.png(), to: "\(dir)/\(name).png")
            try SafeFile.write(try fig.svg(), to: "\(dir)/\(name).svg")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(written.filter { $0.hasSuffix(".png") }.count, 9, "\(written)")
        XCTAssertEqual(written.filter { $0.hasSuffix(".svg") }.count, 9, "\(written)")
        for name in written where name.hasSuffix(".png") {
            let raster = try PNGCodec.read(contentsOf: "\(dir)/\(name)")
            XCTAssertGreaterThan(raster.width, 100, name)
            XCTAssertGreaterThan(raster.height, 100, name)
        }
        for name in written where name.hasSuffix(".svg") {
            let text = try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)
            XCTAssertTrue(text.contains("<svg") && text.hasSuffix("</svg>\n"), name)
        }
    }
}
