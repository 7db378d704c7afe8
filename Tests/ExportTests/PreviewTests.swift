import BertKit
import Foundation
import TestSupport
import XCTest

@testable import Export

/// Writes every figure to `EXPORT_PREVIEW_DIR` when that is set, for looking at them by eye; otherwise skipped.
final class PreviewTests: XCTestCase {
    func testWritePreviewsWhenAsked() throws {
        guard let dir = ProcessInfo.processInfo.environment["EXPORT_PREVIEW_DIR"] else {
            throw XCTSkip("set EXPORT_PREVIEW_DIR to write preview figures")
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
        for (name, kind) in [("attention-512", FigureKind.attention(layer: 1, head: .mean)), ("activations-512", .activations(layer: 1))] {
            let fig = try Figures.make(kind, encoding: big)
            try SafeFile.write(try fig.png(), to: "\(dir)/\(name).png")
            try SafeFile.write(try fig.svg(), to: "\(dir)/\(name).svg")
        }
    }
}
