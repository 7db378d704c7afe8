import BertKit
import Export
import ScopeUI
import TestSupport
import XCTest

/// What the pooler views say the pooler is follows the model folder: a sentence-transformers model (its
/// `modules.json`) says its embedding is mean pooling and the pooler unused; a plain BertModel says NSP. The panel on
/// screen, `render --view screen` and the saved pooler figure say the same.
final class PoolerNoteTests: XCTestCase {
    func figureText(_ encoding: Encoding) throws -> String {
        let fig = try Figures.make(.pooler, encoding: encoding)
        return fig.elements.compactMap { if case .text(let t) = $0 { return t.string } else { return nil } }
            .joined(separator: " ")
    }

    func testMiniLMsPoolerFigureNamesItsSentenceEmbedding() throws {
        let model = try ModelFixtures.miniLM()
        XCTAssertEqual(model.sentencePooling?.modes, [.mean])
        let encoding = try model.encode("the bank of the river")
        XCTAssertEqual(encoding.sentencePooling, model.sentencePooling)
        let text = try figureText(encoding)
        XCTAssertTrue(text.contains("sentence embedding (modules.json): mean pooling"), text)
        XCTAssertFalse(text.contains("trained for next-sentence prediction"), text)
    }

    func testAPlainBertModelsPoolerFigureSaysNextSentencePrediction() throws {
        let model = try BertModel(directory: ModelFixtures.tinyBERT)
        XCTAssertNil(model.sentencePooling)
        let text = try figureText(try model.encode("hello world"))
        XCTAssertTrue(text.contains("trained for next-sentence prediction"), text)
    }
}
