import Foundation
import TestSupport
import XCTest

/// `bertscope heads --corpus FILE` as a user runs it, and the figures of issue 13 part B through `render`.
final class HeadsCorpusTests: XCTestCase {
    var tiny: String { TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path }

    func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString).txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The (layers, heads, 7) means of `heads --json`.
    func roles(_ corpus: URL) throws -> [Double] {
        let r = try BinaryRunner.run(["heads", "--model", tiny, "--json", "--corpus", corpus.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "", "no progress when standard error is not a terminal")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let values = try XCTUnwrap(object["head_roles"] as? [[[Double]]])
        XCTAssertEqual(object["columns"] as? [String], ["[CLS]", "[SEP]", "punct", "prev", "self", "next", "entropy"])
        return values.flatMap { $0.flatMap { $0 } }
    }

    func testCorpusMeanIsTheMeanOfEachSentencesRoles() throws {
        let sentences = ["The bank raised its rates.", "She sat on the river bank!", "hello , world ( again )"]
        let all = try roles(try temporaryFile(sentences.joined(separator: "\r\n") + "\n\n"))
        let each = try sentences.map { try roles(try temporaryFile($0 + "\n")) }
        XCTAssertEqual(all.count, each[0].count)
        XCTAssertFalse(all.isEmpty)
        for i in all.indices {
            let mean = each.map { $0[i] }.reduce(0, +) / Double(each.count)
            XCTAssertEqual(all[i], mean, accuracy: 1e-6, "figure \(i)")
        }
    }

    func testOneSentenceCorpusPrintsTheSameTableAsInspectHeads() throws {
        let sentence = "The bank raised its rates, again."
        let heads = try BinaryRunner.run(["heads", "--model", tiny, "--corpus", try temporaryFile(sentence).path])
        let inspect = try BinaryRunner.run(["inspect", "--model", tiny, "--heads", sentence])
        XCTAssertEqual(heads.status, 0, heads.stderr)
        func rows(_ s: String) -> [Substring] {
            s.split(separator: "\n").filter { $0.first == " " && $0.dropFirst(4).first?.isNumber == true }
        }
        XCTAssertFalse(rows(heads.stdout).isEmpty, heads.stdout)
        XCTAssertEqual(rows(heads.stdout), rows(inspect.stdout))
        XCTAssertTrue(heads.stdout.contains("1 sentences"), heads.stdout)
    }

    func testEmptyMissingAndFolderCorporaAreOneLineErrors() throws {
        let dir = FileManager.default.temporaryDirectory.path
        for path in [try temporaryFile("").path, try temporaryFile("  \n\r\n").path, "/nonexistent/corpus.txt", dir] {
            let r = try BinaryRunner.run(["heads", "--model", tiny, "--corpus", path])
            XCTAssertEqual(r.status, 2, path)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(path), r.stderr)
        }
        let bytes = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString).txt")
        try Data([0x68, 0x69, 0xFF, 0x0A]).write(to: bytes)
        defer { try? FileManager.default.removeItem(at: bytes) }
        let r = try BinaryRunner.run(["heads", "--model", tiny, "--corpus", bytes.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("UTF-8"), r.stderr)
    }

    func testRenderDrawsHeadsSimilarityAndCompare() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fig-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: out) }
        for args in [
            ["--view", "heads"], ["--view", "similarity", "--layer", "0"],
            ["--view", "compare", "--compare", "the bank raised its rates"],
        ] {
            let r = try BinaryRunner.run(
                ["render", "--model", tiny] + args + ["-o", out.path, "the bank of the river"])
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            let svg = try String(contentsOf: out, encoding: .utf8)
            XCTAssertTrue(svg.contains("<svg"), "\(args)")
        }
        let missing = try BinaryRunner.run(["render", "--model", tiny, "--view", "compare", "-o", out.path, "a"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--compare"), missing.stderr)
    }
}
