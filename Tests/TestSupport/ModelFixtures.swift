import BertKit
import Foundation
import XCTest

/// The real models the tests run on.
public enum ModelFixtures {
    /// all-MiniLM-L6-v2 as the set-up installs it. Fails (never skips) when missing: the test command installs it.
    public static func miniLM() throws -> BertModel {
        let env = ProcessInfo.processInfo.environment
        do {
            return try BertModel.load(spec: nil, environment: env)
        } catch {
            XCTFail("all-MiniLM-L6-v2 is not installed (\(error)); run `make model` first")
            throw error
        }
    }

    /// The tiny random checkpoint in the fixtures (`Tests/Fixtures/models/tiny-bert`).
    public static var tinyBERT: URL { TestPaths.fixtures.appendingPathComponent("models/tiny-bert") }

    /// A fresh temporary folder named `prefix-UUID` holding a copy of the tiny checkpoint's `files` (all four by
    /// default), for tests that break a checkpoint on purpose; the caller removes it.
    public static func copyOfTinyBERT(
        prefix: String,
        files: [String] = ["config.json", "vocab.txt", "model.safetensors", "tokenizer_config.json"]
    ) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in files {
            try FileManager.default.copyItem(at: tinyBERT.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        return dir
    }
}
