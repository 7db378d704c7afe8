import Foundation
import TestSupport
import XCTest

/// `bertscope render` run as a docs script runs it: the real binary, files on disk.
final class RenderCLITests: XCTestCase {
    var tiny: String { TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path }
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "bertscope-render-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testPNGAndSVGFollowTheExtension() throws {
        let png = try BinaryRunner.run([
            "render", "--model", tiny, "--layer", "1", "--head", "1", "-o", dir + "/a.png", "Hello, my dog is cute",
        ])
        XCTAssertEqual(png.status, 0, png.stderr)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.png"))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG signature")
        let svg = try BinaryRunner.run([
            "render", "--model", tiny, "--view", "activations", "-o", dir + "/b.svg", "Hello <world> & co",
        ])
        XCTAssertEqual(svg.status, 0, svg.stderr)
        let text = try String(contentsOfFile: dir + "/b.svg", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<?xml"))
        XCTAssertTrue(text.contains("Hidden states"))
        XCTAssertTrue(text.contains("&lt;world&gt; &amp; co"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["a.png", "b.svg"])
    }

    func testTheSameCommandGivesTheSameBytes() throws {
        for name in ["1.svg", "2.svg"] {
            let r = try BinaryRunner.run([
                "render", "--model", tiny, "--head", "grid", "-o", dir + "/" + name, "same input",
            ])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: dir + "/1.svg")),
            try Data(contentsOf: URL(fileURLWithPath: dir + "/2.svg")))
    }

    func testANSIToStandardOutputReplaysInATerminal() throws {
        let r = try BinaryRunner.run([
            "render", "--model", tiny, "--format", "ansi", "--colors", "truecolor", "-o", "-", "Hello",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\u{1B}[0;48;2;"), "coloured cells")
        XCTAssertTrue(r.stdout.contains("[CLS]"))
        let mono = try BinaryRunner.run([
            "render", "--model", tiny, "--format", "ansi", "--colors", "mono", "-o", "-", "Hello",
        ])
        XCTAssertFalse(mono.stdout.contains("48;"), "no colour in mono")
    }

    func testTheWholeScreenAsSVGHTMLAndANSI() throws {
        for name in ["s.svg", "s.html", "s.ansi"] {
            let r = try BinaryRunner.run([
                "render", "--model", tiny, "--view", "screen", "--size", "100x30", "-o", dir + "/" + name,
                "Hello, my dog is cute",
            ])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let svg = try String(contentsOfFile: dir + "/s.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("width=\"900\" height=\"540\""), "100x30 cells of 9x18 pixels")
        XCTAssertTrue(svg.contains("layer"))
        let html = try String(contentsOfFile: dir + "/s.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<pre class=\"bertscope\">"))
        let ansi = try String(contentsOfFile: dir + "/s.ansi", encoding: .utf8)
        XCTAssertEqual(
            ansi.split(separator: "\n", omittingEmptySubsequences: false).count, 31, "30 lines and a final newline")
    }

    func testAThemeFileColoursTheFigure() throws {
        let theme = dir + "/mine.toml"
        try "[colors]\ntext = \"#123456\"\nbackground = \"#fefefe\"\n".write(
            toFile: theme, atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["render", "--model", tiny, "--theme", theme, "-o", dir + "/t.svg", "hi"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let svg = try String(contentsOfFile: dir + "/t.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("fill=\"#fefefe\""), "page colour from the theme")
        XCTAssertTrue(svg.contains("fill=\"#123456\""), "text colour from the theme")
    }

    func testPDFExactSizesScaleScreenFiguresAndPlainText() throws {
        let runs: [[String]] = [
            ["-o", dir + "/a.pdf"], ["--size", "640x480", "-o", dir + "/b.png"],
            ["--scale", "2", "-o", dir + "/c.png"],
            ["--view", "screen", "--size", "80x24", "-o", dir + "/d.png"], ["--view", "screen", "-o", dir + "/e.pdf"],
            ["--view", "screen", "--size", "80x24", "-o", dir + "/f.txt"], ["-o", dir + "/g.txt"],
        ]
        for args in runs {
            let r = try BinaryRunner.run(["render", "--model", tiny] + args + ["東京 café"])
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, "", "real fonts, so no fallback notice")
        }
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: dir + "/a.pdf")).starts(with: Data("%PDF-".utf8)))
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: dir + "/e.pdf")).starts(with: Data("%PDF-".utf8)))
        func pngSize(_ name: String) throws -> [Int] {
            // IHDR: width and height, big-endian, at bytes 16..<24.
            let d = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            return [16, 20].map { o in d[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
        }
        XCTAssertEqual(try pngSize("b.png"), [640, 480])
        XCTAssertEqual(try pngSize("d.png")[1], 24 * 18, "24 rows of 18 pixels")
        for name in ["f.txt", "g.txt"] {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            XCTAssertFalse(text.contains("\u{1B}"), "\(name) is plain text")
            XCTAssertTrue(text.contains("[CLS]"), name)
        }
    }

    func testWithoutFontsThePixelFontDrawsAndStderrSaysSo() throws {
        let conf = dir + "/fonts.conf"
        try """
        <?xml version="1.0"?>
        <fontconfig><dir>\(dir)/no-fonts</dir><cachedir>\(dir)/cache</cachedir></fontconfig>
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(
            ["render", "--model", tiny, "-o", dir + "/x.png", "hello"], environment: ["FONTCONFIG_FILE": conf])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("pixel font"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/x.png"))
    }

    func testBadRequestsAreOneLineAndExitTwo() throws {
        let cases: [([String], String)] = [
            (["--layer", "0", "-o", dir + "/x.png"], "layer 0 is the embeddings"),
            (["-o", dir + "/missing/x.png"], "does not exist"),
            (["-o", dir + "/x.jpeg"], "cannot tell the format"),
            (["--head", "99", "-o", dir + "/x.png"], "--head 99: the model has heads 1 to"),
            (["--view", "pooler", "-o", dir + "/x.ansi"], "png, pdf or svg"),
            (["--size", "big", "-o", dir + "/x.png"], "--size"),
            (["--size", "300x300", "-o", dir + "/x.png"], "--size must be between 320x240 and 4000x4000"),
            (["--size", "800x600", "--scale", "2", "-o", dir + "/x.pdf"], "not both"),
            (["--scale", "0", "-o", dir + "/x.png"], "--scale must be"),
            (["--theme", "no-such-theme", "-o", dir + "/x.png"], "no such theme"),
        ]
        for (args, message) in cases {
            let r = try BinaryRunner.run(["render", "--model", tiny] + args + ["hi"])
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "nothing half-written")
    }
}
