import TestSupport
import XCTest

/// `render --view screen` draws the pooler panel as the explorer does for the same model: for all-MiniLM-L6-v2
/// (a sentence-transformers folder) it names the mean-pooled sentence embedding, not next-sentence prediction.
final class RenderScreenPoolerTests: XCTestCase {
    func testRenderedScreenNamesTheSentenceEmbeddingLikeTheExplorer() throws {
        let r = try BinaryRunner.run([
            "render", "--view", "screen", "--size", "120x40", "--format", "txt", "-o", "-", "hello",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("sentence embedding (modules.json)"), r.stdout)
        XCTAssertFalse(r.stdout.contains("trained for next-sentence prediction"), r.stdout)
    }
}
