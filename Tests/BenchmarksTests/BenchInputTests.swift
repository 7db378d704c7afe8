import Benchmarks
import BertKit
import TestSupport
import XCTest

/// The one sentence generator both benchmarks use, and the one median.
final class BenchInputTests: XCTestCase {
    func testTheForwardInputHasExactlyTheTokensAskedForCutFromTheParagraph() throws {
        let model = try ModelFixtures.miniLM()
        let full = model.tokenizer.encode(BenchInput.paragraph, pair: nil, maxLength: 512).tokens
        for n in [2, 8, 16, 32, 64, 128] {
            let input = BenchInput.input(tokens: n, model: model)
            XCTAssertEqual(input.tokens.count, n)
            XCTAssertEqual(input.tokens.first?.text, "[CLS]")
            XCTAssertEqual(input.tokens.last?.text, "[SEP]")
            let pieces = input.tokens.dropFirst().dropLast().map(\.id)
            let expected = (0..<pieces.count).map { full[1 + $0 % (full.count - 2)].id }
            XCTAssertEqual(pieces, expected, "\(n) tokens: the paragraph's pieces, repeated")
        }
        XCTAssertEqual(BenchInput.input(tokens: 100_000, model: model).tokens.count, model.config.maxPositionEmbeddings)
    }

    func testTheUISentenceIsWholeWordsThatFitTheTokenCount() throws {
        let model = try ModelFixtures.miniLM()
        for n in [3, 8, 16, 32, 64, 128] {
            let text = try BenchInput.sentence(tokens: n, model: model)
            let count = model.tokenizer.encode(text, pair: nil, maxLength: 512).tokens.count
            XCTAssertLessThanOrEqual(count, n, "\(n) tokens: \(text)")
            XCTAssertGreaterThanOrEqual(count, n - 2, "\(n) tokens: as close as whole words get")
            XCTAssertTrue(BenchInput.paragraph.hasPrefix(text) || text.hasPrefix(BenchInput.paragraph), text)
        }
        XCTAssertEqual(try BenchInput.sentence(tokens: 2, model: model), "The", "at least one word")
    }

    func testMedianMinAndMaxOfSamples() {
        XCTAssertEqual(Samples([3, 1, 2]).median, 2)
        XCTAssertEqual(Samples([4, 1, 3, 2]).median, 2.5)
        XCTAssertEqual(Samples([]).median, 0)
        XCTAssertEqual(Samples([5, -1, 2]).min, -1)
        XCTAssertEqual(Samples([5, -1, 2]).max, 5)
        var s = Samples([9, 9])
        s.removeAll()
        s.append(1)
        XCTAssertEqual(s, Samples([1]))
        XCTAssertEqual(Samples([1, 2]).scaled(by: 1000), Samples([1000, 2000]))
    }
}
