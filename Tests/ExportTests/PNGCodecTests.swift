import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

final class PNGCodecTests: XCTestCase {
    func testRGBRasterSurvivesEncodeAndDecodeExactly() throws {
        var r = Raster(width: 7, height: 5, background: RGB(1, 2, 3))
        r.fill(PixelRect(x: 2, y: 1, width: 3, height: 2), with: RGB(200, 100, 50))
        r.set(x: 6, y: 4, to: RGB(255, 255, 255))
        let back = try PNGCodec.decode(try PNGCodec.encode(r), channels: .rgb)
        XCTAssertEqual(back, r)
    }

    func testRGBARasterKeepsAlpha() throws {
        guard var r = Raster(width: 2, height: 1, channels: .rgba, bytes: [10, 20, 30, 40, 50, 60, 70, 255]) else {
            return XCTFail("raster")
        }
        r.set(x: 0, y: 0, to: RGB(10, 20, 30))
        let back = try PNGCodec.decode(try PNGCodec.encode(r), channels: .rgba)
        XCTAssertEqual(back.alpha(x: 0, y: 0), 255)
        XCTAssertEqual(back.color(x: 1, y: 0), RGB(50, 60, 70))
    }

    func testDecodingGarbageThrowsAReadableError() {
        XCTAssertThrowsError(try PNGCodec.decode(Data("not a png".utf8))) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot read PNG"), "\(error)")
        }
    }

    func testReadingAMissingFileNamesIt() {
        XCTAssertThrowsError(try PNGCodec.read(contentsOf: "/nonexistent/x.png")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/x.png"), "\(error)")
        }
    }

    func testEncodingAnEmptyImageIsRefused() {
        XCTAssertThrowsError(try PNGCodec.encode(Raster(width: 0, height: 3)))
    }

    func testTwoProcessesWriteTheSameFigureBytes() throws {
        // Separate processes, so nothing one run leaves in memory (a cache, a seed, a clock) can make them agree.
        let tiny = TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path
        let dir = NSTemporaryDirectory() + "bertscope-determinism-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [(String, [String])] = [
            ("attention.png", ["--layer", "1", "--head", "mean"]),
            ("activations.png", ["--view", "activations"]),
            ("pooler.svg", ["--view", "pooler"]),
            ("screen.svg", ["--view", "screen"]),
        ]
        for (name, args) in cases {
            var outputs: [Data] = []
            for run in 1...2 {
                let path = "\(dir)/\(run)-\(name)"
                let r = try BinaryRunner.run(["render", "--model", tiny] + args + ["-o", path, "The same input."])
                XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
                outputs.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            XCTAssertFalse(outputs[0].isEmpty, name)
            XCTAssertEqual(outputs[0], outputs[1], "\(name): two processes wrote different bytes")
        }
    }
}
