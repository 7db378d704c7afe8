import BertKit
import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

final class ShotsTests: XCTestCase {
    func testSlugsAreSafeFileNames() {
        XCTAssertEqual(Shots.slug("Hello, my dog is cute", maxLength: 40), "hello-my-dog-is-cute")
        XCTAssertEqual(Shots.slug("Café <b> & ../etc/passwd", maxLength: 40), "cafe-b-etc-passwd")
        XCTAssertEqual(Shots.slug("犬🐶", maxLength: 40), "text")
        XCTAssertEqual(Shots.slug(String(repeating: "ab ", count: 50), maxLength: 10), "ab-ab-ab-a")
    }

    func testSaveWritesEveryFigureTwiceAndTheScreenNamedByState() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString + "/shots"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let e = SyntheticEncoding.make()
        let request = Shots.Request(encoding: e, layer: 2, head: .single(3), selectedToken: 1, screen: CellBuffer(width: 10, height: 2))
        let written = try Shots.save(request, to: dir)
        let base = "synthetic-bert_layer2_head4_hello-my-dog-is-cute"
        XCTAssertEqual(
            written.map { ($0 as NSString).lastPathComponent },
            ["attention", "activations", "pooler"].flatMap { [base + "-\($0).png", base + "-\($0).svg"] } + [base + "-screen.svg"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).count, 7)
        let png = try PNGCodec.read(contentsOf: written[0])
        XCTAssertGreaterThan(png.width, 100)
    }

    func testAFolderThatCannotBeMadeIsOneLineNamingIt() throws {
        let file = NSTemporaryDirectory() + "bertscope-shots-file-" + UUID().uuidString
        try Data().write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertThrowsError(try Shots.save(Shots.Request(encoding: SyntheticEncoding.make(), layer: 1, head: .mean), to: file + "/shots")) {
            error in
            XCTAssertTrue("\(error)".hasPrefix("cannot write \(file)/shots: cannot create the folder"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }

    func testLayerZeroSkipsTheAttentionFigure() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try Shots.save(Shots.Request(encoding: SyntheticEncoding.make(), layer: 0, head: .mean), to: dir)
        XCTAssertFalse(written.contains { $0.contains("attention") })
        XCTAssertEqual(written.count, 4)
    }
}
