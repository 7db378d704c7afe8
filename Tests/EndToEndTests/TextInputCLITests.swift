import Foundation
import TestSupport
import XCTest

/// `-` reads the sentence (or B) from standard input as bytes; `inspect --json`; `--engine`.
final class TextInputCLITests: XCTestCase {
    func json(_ r: BinaryRunner.Output) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
    }

    func testStandardInputArrivesAsBytesWithNULAndControlsIntact() throws {
        // Checked against transformers 5: ids [101, 11113, 1173, 7668, 102], offsets (0,3) (4,5) (6,10).
        let bytes: [UInt8] = Array("a".utf8) + [0] + Array("b Σ café".utf8)
        let d = try json(try BinaryRunner.run(["inspect", "--json", "-"], input: Data(bytes)))
        XCTAssertEqual(d["text"] as? String, "a\u{0}b Σ café")
        XCTAssertEqual(d["input_ids"] as? [Int], [101, 11113, 1173, 7668, 102])
        XCTAssertEqual(d["offsets"] as? [[Int]], [[0, 0], [0, 3], [4, 5], [6, 10], [0, 0]])
        XCTAssertEqual(d["tokens"] as? [String], ["[CLS]", "ab", "σ", "cafe", "[SEP]"])
    }

    func testPairFromStandardInputIsSentenceB() throws {
        let d = try json(
            try BinaryRunner.run(["inspect", "--json", "--pair", "-", "A side"], input: Data("B side".utf8)))
        XCTAssertEqual(d["text_pair"] as? String, "B side")
        XCTAssertEqual(d["token_type_ids"] as? [Int], [0, 0, 0, 0, 1, 1, 1])
    }

    func testLongStandardInputIsTruncatedNotRefused() throws {
        let text = String(repeating: "hello world ", count: 50_000)
        let d = try json(try BinaryRunner.run(["inspect", "--json", "-"], input: Data(text.utf8)))
        XCTAssertEqual((d["input_ids"] as? [Int])?.count, 512)
        let truncation = try XCTUnwrap(d["truncation"] as? [String: Any])
        XCTAssertEqual(truncation["requested_tokens"] as? Int, 100_002)
    }

    func testInvalidUTF8IsOneLineNamingTheByteOffset() throws {
        let r = try BinaryRunner.run(["inspect", "-"], input: Data([0x6F, 0x6B, 0xE2, 0x82, 0x20]))
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "bertscope: standard input is not UTF-8: invalid byte 0xE2 at byte offset 2\n")
        XCTAssertEqual(r.stdout, "")
        let both = try BinaryRunner.run(["inspect", "--pair", "-", "-"], input: Data("x".utf8))
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("--pair"), both.stderr)
    }

    func testRenderReadsTheSentenceFromStandardInput() throws {
        let tiny = TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path
        let r = try BinaryRunner.run(
            ["render", "--model", tiny, "--format", "ansi", "--colors", "mono", "-o", "-", "-"],
            input: Data("hello world".utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("hello"), r.stdout)
    }

    func testInspectJSONIsOneObjectWithShapesAndThePoolerFigures() throws {
        let r = try BinaryRunner.run(["inspect", "--json", "Hello, my dog is cute"])
        let d = try json(r)
        XCTAssertEqual(r.stdout.filter { $0 == "\n" }.count, 1, "one line")
        XCTAssertEqual(d["model"] as? String, "all-MiniLM-L6-v2")
        XCTAssertEqual(d["input_ids"] as? [Int], [101, 7592, 1010, 2026, 3899, 2003, 10140, 102])
        let shapes = try XCTUnwrap(d["shapes"] as? [String: Any])
        XCTAssertEqual(shapes["last_hidden_state"] as? [Int], [1, 8, 384])
        XCTAssertEqual(shapes["attentions"] as? [Int], [6, 1, 12, 8, 8])
        let pooler = try XCTUnwrap(d["pooler_vs_cls"] as? [String: Any])
        let cosine = try XCTUnwrap(pooler["cosine"] as? Double)
        XCTAssertLessThan(abs(cosine), 0.5, "the pooler is not the [CLS] vector")
        XCTAssertEqual(pooler["hidden_states_last_equals_last_hidden_state"] as? Bool, true)
    }

    func testEngineIsChosenOnTheCommandLineAndNamed() throws {
        let blas = try json(try BinaryRunner.run(["inspect", "--json", "--engine", "blas", "Hello"]))
        XCTAssertEqual(blas["engine"] as? String, "blas")
        let bad = try BinaryRunner.run(["inspect", "--engine", "gpu", "Hello"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--engine"), bad.stderr)
        let bench = try BinaryRunner.run(
            ["bench", "--engine", "blas", "--tokens", "8", "--seconds", "0.01", "--no-ui", "--json"])
        XCTAssertEqual(bench.status, 0, bench.stderr)
        XCTAssertTrue(bench.stdout.contains("\"engine\":\"blas\""), bench.stdout)
    }
}
