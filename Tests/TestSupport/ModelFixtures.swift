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
}
