import Foundation
import TestSupport
import XCTest

/// The non-interactive commands, run as a user runs them: the real binary and the real default model.
final class CLITests: XCTestCase {
    var tiny: String { TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path }

    func testInspectPrintsWhatANotebookWould() throws {
        let r = try BinaryRunner.run(["inspect", "Hello, my dog is cute"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("[CLS]  hello  ,  my  dog  is  cute  [SEP]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("input_ids       [101, 7592, 1010, 2026, 3899, 2003, 10140, 102]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("last_hidden_state  (1, 8, 384)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("hidden_states      tuple of 7 x (1, 8, 384)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("hidden_states[-1] equals last_hidden_state: True"), r.stdout)
        XCTAssertTrue(r.stdout.contains("pooler_output is not last_hidden_state[:, 0]"), r.stdout)
    }

    func testInspectPairAndSave() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try BinaryRunner.run(["inspect", "--pair", "It is.", "--save", out.path, "Is it?"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("token_type_ids  [0, 0, 0, 0, 0, 1, 1, 1, 1]"), r.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.path))
    }

    func testEmptyAndHugeTextAreValidInput() throws {
        let empty = try BinaryRunner.run(["inspect", "--model", tiny, ""])
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertTrue(empty.stdout.contains("tokens (2)"), empty.stdout)
        // 100,000 characters (an argument may hold at most 128 KiB on Linux, so mostly ASCII).
        let huge = String(repeating: "lorem ipsum dolor sit amet, 中文 ", count: 3225) + String(repeating: "x", count: 25)
        XCTAssertEqual(huge.count, 100_000)
        let r = try BinaryRunner.run(["inspect", "--model", tiny, huge])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("truncated:"), r.stdout)
    }

    func testBrokenModelFolderIsOneLineAndExitTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"model_type": "bert", "hidden_size": 32}"#.write(
            to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["inspect", "--model", dir.path, "hi"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("config.json"), r.stderr)
    }

    func testMissingModelSaysHowToFix() throws {
        let r = try BinaryRunner.run(
            ["inspect", "hi"],
            environment: [
                "BERTSCOPE_HOME": "/nonexistent-bs", "XDG_CACHE_HOME": "/nonexistent-cache",
                "HF_HUB_CACHE": "/nonexistent-hub",
            ])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("make model"), r.stderr)
        XCTAssertTrue(r.stderr.contains("/nonexistent-bs/models/all-MiniLM-L6-v2"), r.stderr)
    }

    /// The JSON objects among `output`'s lines (`--json` prints one per line).
    static func jsonLines(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func testBenchJSONHasOneObjectPerTokenCount() throws {
        let r = try BinaryRunner.run(["bench", "--model", tiny, "--tokens", "4,8", "--seconds", "0.05", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let objects = Self.jsonLines(r.stdout)
        let timings = objects.filter { $0["tokens"] != nil }
        XCTAssertEqual(timings.compactMap { $0["tokens"] as? Int }, [4, 8])
        for t in timings {
            XCTAssertNotNil(t["median_ms"] as? Double)
            XCTAssertNotNil(t["min_ms"] as? Double)
        }
    }

    func testBenchMeasuresTheUIAtTheSizeAndLengthAskedFor() throws {
        let r = try BinaryRunner.run([
            "bench", "--model", tiny, "--tokens", "4", "--seconds", "0.01", "--json", "--ui-size", "80x24",
            "--ui-tokens", "12",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        let ui = Self.jsonLines(r.stdout).first { $0["ui_width"] != nil }
        XCTAssertEqual(ui?["ui_width"] as? Double, 80)
        XCTAssertEqual(ui?["ui_height"] as? Double, 24)
        XCTAssertNotNil(ui?["ui_layer_step_bytes_activations_max"] as? Double)
    }

    func testBenchRejectsABadUISizeOrLength() throws {
        for (args, option) in [
            (["--ui-size", "120by40"], "--ui-size"), (["--ui-size", "5x5"], "--ui-size"),
            (["--ui-tokens", "1"], "--ui-tokens"),
        ] {
            let r = try BinaryRunner.run(["bench", "--model", tiny, "--tokens", "4"] + args)
            XCTAssertEqual(r.status, 2, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(option), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testBenchRejectsTokenCountsTheModelCannotTake() throws {
        let config = try Data(contentsOf: URL(fileURLWithPath: tiny).appendingPathComponent("config.json"))
        let limit = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: config) as? [String: Any])?["max_position_embeddings"] as? Int)
        for option in ["--tokens", "--flow-tokens", "--analysis-tokens"] {
            let r = try BinaryRunner.run(
                ["bench", "--model", tiny, "--tokens", "4", "--seconds", "0.01", "--no-ui", option, "\(limit + 1)"])
            XCTAssertEqual(r.status, 2, option)
            XCTAssertTrue(r.stderr.contains("\(option) \(limit + 1)"), r.stderr)
            XCTAssertTrue(r.stderr.contains("at most \(limit) tokens"), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testBenchTimesTheAnalysesAtTheLengthsAskedFor() throws {
        let r = try BinaryRunner.run([
            "bench", "--model", tiny, "--tokens", "4", "--seconds", "0.01", "--json", "--no-ui", "--no-flow",
            "--analysis-tokens", "6,12",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        let analyses = Self.jsonLines(r.stdout).filter { $0["analysis_tokens"] != nil }
        XCTAssertEqual(analyses.compactMap { $0["analysis_tokens"] as? Double }, [6, 12])
        XCTAssertTrue(analyses.allSatisfy { $0["head_roles_ms"] is Double })
    }

    func testBenchRejectsBadTokenList() throws {
        let r = try BinaryRunner.run(["bench", "--model", tiny, "--tokens", "8,x"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--tokens"), r.stderr)
    }

    func testCommandLineMistakesAreOneLineWithStatus2() throws {
        let cases: [([String], String)] = [
            (["inspect"], "<sentence>"), (["inspect", "--bogus", "hi"], "--bogus"),
            (["bench", "--seconds", "abc"], "--seconds"), (["--layer", "x"], "--layer"),
            (["render", "-o"], "-o"),
        ]
        for (args, named) in cases {
            let r = try BinaryRunner.run(args)
            let what = args.joined(separator: " ")
            XCTAssertEqual(r.status, 2, what)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(what): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("bertscope: "), r.stderr)
            XCTAssertTrue(r.stderr.contains(named), r.stderr)
            XCTAssertTrue(r.stdout.isEmpty, r.stdout)
        }
        let help = try BinaryRunner.run(["bench", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--ui-size"), help.stdout)
    }
}
