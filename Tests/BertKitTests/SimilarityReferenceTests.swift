import BertKit
import Foundation
import TestSupport
import XCTest

/// How tokens change across layers, the cosine matrix, and compare against numpy over HF transformers' hidden
/// states (Tests/Fixtures/scripts/make_similarity_fixtures.py), on the tiny random checkpoint and on MiniLM.
final class SimilarityReferenceTests: XCTestCase {
    static let tolerance: Float = 1e-5

    func assertMatchesNumpy(model: BertModel, reference: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let cases = try ReferenceCase.load(reference)
        let sentences = try XCTUnwrap(cases.first.map { ReferenceCase.sentences($0.file) })
        XCTAssertEqual(sentences.count, cases.count, file: file, line: line)
        XCTAssertFalse(cases.isEmpty, file: file, line: line)
        for (c, s) in zip(cases, sentences) {
            let name = "\(reference) case \(c.index)"
            let a = EncodingAnalysis(try model.encode(s.0))
            let b = EncodingAnalysis(try model.encode(try XCTUnwrap(s.1)))
            XCTAssertEqual(a.encoding.input.inputIds, c.inputIds, "\(name) ids", file: file, line: line)
            XCTAssertEqual(
                b.encoding.input.inputIds, c.ints("compare_input_ids"), "\(name) ids", file: file, line: line)
            let t = a.tokenCount
            let layers = a.encoding.hiddenStates.count
            // the cosine matrix and its summaries, every layer
            let off = try XCTUnwrap(c.floats("mean_off_diagonal")).values
            let intra = try XCTUnwrap(c.floats("intra_sentence")).values
            XCTAssertEqual(off.count, layers, file: file, line: line)
            for l in 0..<layers {
                let ref = try XCTUnwrap(c.floats("similarity.\(l)"))
                XCTAssertEqual(ref.shape, [t, t], file: file, line: line)
                let ours = try XCTUnwrap(a.similarity(layer: l))
                XCTAssertLessThanOrEqual(
                    maxAbsDifference(ours.cosines, ref.values), Self.tolerance, "\(name) similarity.\(l)", file: file,
                    line: line)
                XCTAssertEqual(ours.meanOffDiagonal, off[l], accuracy: Self.tolerance, "\(name) layer \(l)")
                XCTAssertEqual(ours.intraSentence, intra[l], accuracy: Self.tolerance, "\(name) layer \(l)")
            }
            // how each token changes
            let toFirst = try XCTUnwrap(c.floats("change_to_embeddings"))
            let toPrevious = try XCTUnwrap(c.floats("change_to_previous"))
            XCTAssertEqual(toFirst.shape, [t, layers], file: file, line: line)
            for i in 0..<t {
                let change = try XCTUnwrap(a.tokenChange(token: i))
                XCTAssertLessThanOrEqual(
                    maxAbsDifference(change.toEmbeddings, toFirst.values[(i * layers)..<((i + 1) * layers)]),
                    Self.tolerance, "\(name) token \(i) to layer 0", file: file, line: line)
                XCTAssertLessThanOrEqual(
                    maxAbsDifference(change.toPrevious, toPrevious.values[(i * layers)..<((i + 1) * layers)]),
                    Self.tolerance, "\(name) token \(i) to the layer before", file: file, line: line)
            }
            // compare: the same match, the same cosines
            let comparison = EncodingComparison(a, b)
            XCTAssertEqual(comparison.matchOfFirst.map { $0 ?? -1 }, c.ints("match"), "\(name) match")
            let ref = try XCTUnwrap(c.floats("compare"))
            for l in 0..<layers {
                let ours = try XCTUnwrap(comparison.cosines(layer: l))
                for i in 0..<t {
                    XCTAssertEqual(
                        ours[i] ?? 0, ref.values[i * layers + l], accuracy: Self.tolerance, "\(name) compare \(i) \(l)",
                        file: file, line: line)
                }
            }
        }
    }

    func testSimilarityTokenChangeAndCompareMatchNumpyOnTinyBert() throws {
        let tiny = try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert"))
        try assertMatchesNumpy(model: tiny, reference: "similarity-tiny-bert")
    }

    func testSimilarityTokenChangeAndCompareMatchNumpyOnMiniLM() throws {
        try assertMatchesNumpy(model: try ModelFixtures.miniLM(), reference: "similarity-minilm")
    }

    /// The classic demo: `bank` is the same vector at layer 0 in both sentences and drifts apart with context.
    func testBankStartsIdenticalAndDivergesInMiniLM() throws {
        let model = try ModelFixtures.miniLM()
        let a = EncodingAnalysis(try model.encode("the bank of the river"))
        let b = EncodingAnalysis(try model.encode("the bank raised its rates"))
        let comparison = EncodingComparison(a, b)
        let bank = try XCTUnwrap(a.encoding.tokens.firstIndex { $0.text == "bank" })
        XCTAssertEqual(comparison.matchOfFirst[bank], bank)
        XCTAssertNil(comparison.matchOfFirst[bank + 1], "'of' has no match in the second sentence")
        let first = try XCTUnwrap(comparison.cosines(layer: 0)?[bank] ?? nil)
        let last = try XCTUnwrap(comparison.cosines(layer: a.encoding.layerCount)?[bank] ?? nil)
        XCTAssertEqual(first, 1, accuracy: 1e-5)
        XCTAssertLessThan(last, 0.95)
    }

    func testAlignmentIsALongestCommonSubsequenceMatchingEarlyTokensFirst() {
        let (a, b) = EncodingComparison.align([1, 5, 7, 5, 2], [1, 5, 9, 2])
        XCTAssertEqual(a, [0, 1, nil, nil, 3])
        XCTAssertEqual(b, [0, 1, nil, 4])
        XCTAssertEqual(EncodingComparison.align([], [1]).second, [nil])
        XCTAssertEqual(EncodingComparison.align([3, 4], [4, 3]).first.compactMap { $0 }.count, 1)
    }

    func testSimilarityIsComputedOnlyForTheLayerAsked() throws {
        let a = EncodingAnalysis(SyntheticEncoding.make())
        XCTAssertNil(a.similarity(layer: -1))
        XCTAssertNil(a.similarity(layer: a.encoding.layerCount + 1))
        let s = try XCTUnwrap(a.similarity(layer: 1))
        XCTAssertTrue(a.hasComputed(.init("similarity", 1)))
        XCTAssertFalse(a.hasComputed(.init("similarity", 0)))
        for i in 0..<s.tokens {
            XCTAssertEqual(s[i, i], 1)
            for j in 0..<s.tokens { XCTAssertEqual(s[i, j], s[j, i], accuracy: 1e-6) }
        }
        XCTAssertNil(a.tokenChange(token: a.tokenCount))
        XCTAssertEqual(a.tokenChange(token: 0)?.toEmbeddings.first, 1)
    }

    func testCorpusRolesAreTheMeanOfEachSentencesRoles() throws {
        let model = try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert"))
        let sentences = CorpusHeadRoles.sentences(
            in: "The bank raised its rates.\r\n\n  She sat on the bank!  \nhello , world\n")
        XCTAssertEqual(sentences, ["The bank raised its rates.", "She sat on the bank!", "hello , world"])
        let corpus = try XCTUnwrap(try CorpusHeadRoles.compute(model: model, sentences: sentences, workers: 2))
        let each = try sentences.map { EncodingAnalysis(try model.encode($0)).headRoles }
        XCTAssertEqual(corpus.sentences, 3)
        XCTAssertEqual(corpus.roles.layers, each[0].layers)
        for (i, v) in corpus.roles.values.enumerated() {
            let mean = each.map { $0.values[i] }.reduce(0, +) / Float(each.count)
            XCTAssertEqual(v, mean, accuracy: 1e-6, "figure \(i)")
        }
        let serial = try XCTUnwrap(try CorpusHeadRoles.compute(model: model, sentences: sentences, workers: 1))
        XCTAssertEqual(serial.roles, corpus.roles, "the same numbers on one worker or two")
        XCTAssertNil(try CorpusHeadRoles.compute(model: model, sentences: []))
    }
}
