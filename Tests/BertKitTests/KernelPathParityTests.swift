import Foundation
import TestSupport
import XCTest

@testable import BertKit

/// Both forward-pass engines against HF, forced explicitly: the panel engine (CBertKernels, what this CPU
/// runs by default when it has AVX2 and FMA) and the BLAS engine (OpenBLAS, what every other CPU runs).
final class KernelPathParityTests: XCTestCase {
    static let hiddenTolerance: Float = 1e-4
    static let attentionTolerance: Float = 1e-5

    /// Worst differences from a reference, per kind of output.
    struct Margins: CustomStringConvertible {
        var hidden: Float = 0
        var attention: Float = 0
        var intermediate: Float = 0
        var pooler: Float = 0

        mutating func merge(_ o: Margins) {
            hidden = max(hidden, o.hidden)
            attention = max(attention, o.attention)
            intermediate = max(intermediate, o.intermediate)
            pooler = max(pooler, o.pooler)
        }

        var description: String {
            String(
                format: "hidden %.2e, attention %.2e, intermediate %.2e, pooler %.2e", hidden, attention, intermediate,
                pooler)
        }
    }

    /// all-MiniLM-L6-v2 where the set-up installs it (the default model).
    var miniLM: URL {
        get throws { try ModelLocator(environment: ProcessInfo.processInfo.environment).resolve(nil) }
    }

    func encoder(_ directory: URL, layout: BertWeights.Layout, threads: Int = 2) throws -> Encoder {
        let config = try BertConfig.load(from: directory.appendingPathComponent("config.json"))
        let weights = try BertWeights(directory: directory, config: config, layout: layout)
        XCTAssertEqual(weights.layout, layout)
        return Encoder(config: config, weights: weights, threads: threads)
    }

    func fixture(_ name: String) -> URL { TestPaths.fixtures.appendingPathComponent("models/\(name)") }

    func skipUnlessVectorKernels() throws {
        try XCTSkipUnless(KernelSupport.vectorKernels, "this CPU cannot run the simd engine (it needs AVX2 and FMA)")
    }

    /// Runs every reference case through `encoder` and returns the worst differences.
    func margins(_ encoder: Encoder, reference: String) throws -> Margins {
        var worst = Margins()
        for c in try ReferenceCase.load(reference) {
            let enc = encoder.run(input: c.tokenizedInput, modelName: "test")
            var m = Margins()
            for (i, hs) in enc.hiddenStates.enumerated() {
                let ref = try XCTUnwrap(c.floats("hidden_states.\(i)"))
                m.hidden = max(m.hidden, maxAbsDifference(hs.scalars, ref.values))
            }
            for (l, heads) in enc.attentions.enumerated() {
                let ref = try XCTUnwrap(c.floats("attentions.\(l)"))
                m.attention = max(m.attention, maxAbsDifference(heads.flatMap { Array($0.scalars) }, ref.values))
            }
            for (l, im) in enc.intermediates.enumerated() {
                guard let ref = c.floats("intermediate.\(l)") else { continue }
                m.intermediate = max(m.intermediate, maxAbsDifference(im.scalars, ref.values))
            }
            let pooler = try XCTUnwrap(c.floats("pooler_output"))
            m.pooler = maxAbsDifference(try XCTUnwrap(enc.poolerOutput), pooler.values)
            worst.merge(m)
        }
        return worst
    }

    func assertWithinTolerance(_ m: Margins, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        print("margins \(what): \(m)")
        XCTAssertLessThanOrEqual(m.hidden, Self.hiddenTolerance, "\(what) hidden states", file: file, line: line)
        XCTAssertLessThanOrEqual(m.intermediate, Self.hiddenTolerance, "\(what) intermediate", file: file, line: line)
        XCTAssertLessThanOrEqual(m.pooler, Self.hiddenTolerance, "\(what) pooler", file: file, line: line)
        XCTAssertLessThanOrEqual(m.attention, Self.attentionTolerance, "\(what) attentions", file: file, line: line)
    }

    func assertParity(layout: BertWeights.Layout, threads: Int) throws {
        let name = "\(layout) engine, \(threads) thread(s)"
        for (model, reference) in [
            ("tiny-bert", "tiny-bert"), ("tiny-bert-pretraining", "tiny-bert"), ("tiny-bert-f16", "tiny-bert-f16"),
            ("tiny-bert-bf16", "tiny-bert-bf16"),
        ] {
            assertWithinTolerance(
                try margins(try encoder(fixture(model), layout: layout, threads: threads), reference: reference),
                "\(model), \(name)")
        }
        assertWithinTolerance(
            try margins(try encoder(miniLM, layout: layout, threads: threads), reference: "minilm"),
            "all-MiniLM-L6-v2, \(name)")
    }

    func testPanelEngineMatchesHuggingFace() throws {
        try skipUnlessVectorKernels()
        try assertParity(layout: .panels, threads: 2)
    }

    func testPanelEngineOnOneThreadMatchesHuggingFace() throws {
        try skipUnlessVectorKernels()
        try assertParity(layout: .panels, threads: 1)
    }

    func testBLASEngineMatchesHuggingFace() throws {
        try assertParity(layout: .rowMajor, threads: 2)
    }

    func testLoadPicksPanelsExactlyWhenTheCPURunsVectorKernels() throws {
        let model = try BertModel(directory: fixture("tiny-bert"))
        XCTAssertEqual(model.weights.layout, KernelSupport.vectorKernels ? .panels : .rowMajor)
    }

    /// Each output element is computed by the same code whichever thread runs its chunk.
    func testPanelEngineGivesIdenticalResultsOnOneAndThreeThreads() throws {
        try skipUnlessVectorKernels()
        let one = try encoder(miniLM, layout: .panels, threads: 1)
        let three = try encoder(miniLM, layout: .panels, threads: 3)
        let input = Self.syntheticInput(tokens: 45)
        let a = one.run(input: input, modelName: "a")
        let b = three.run(input: input, modelName: "b")
        XCTAssertEqual(Array(a.hiddenStates[6].scalars), Array(b.hiddenStates[6].scalars))
        XCTAssertEqual(Array(a.attentions[5][11].scalars), Array(b.attentions[5][11].scalars))
        XCTAssertEqual(a.poolerOutput, b.poolerOutput)
    }

    /// Long inputs (the references are short): the two engines, written independently, agree on every
    /// output within the HF tolerances at 128 and 512 tokens (the model's maximum).
    func testEnginesAgreeOnLongInputs() throws {
        try skipUnlessVectorKernels()
        let panels = try encoder(miniLM, layout: .panels)
        let blas = try encoder(miniLM, layout: .rowMajor)
        for t in [128, 512] {
            let input = Self.syntheticInput(tokens: t)
            let a = panels.run(input: input, modelName: "a")
            let b = blas.run(input: input, modelName: "b")
            var m = Margins()
            for (x, y) in zip(a.hiddenStates, b.hiddenStates) {
                m.hidden = max(m.hidden, maxAbsDifference(x.scalars, y.scalars))
            }
            for (x, y) in zip(a.intermediates, b.intermediates) {
                m.intermediate = max(m.intermediate, maxAbsDifference(x.scalars, y.scalars))
            }
            for (x, y) in zip(a.attentions, b.attentions) {
                for (p, q) in zip(x, y) { m.attention = max(m.attention, maxAbsDifference(p.scalars, q.scalars)) }
            }
            m.pooler = maxAbsDifference(try XCTUnwrap(a.poolerOutput), try XCTUnwrap(b.poolerOutput))
            assertWithinTolerance(m, "panel vs BLAS engine at \(t) tokens")
        }
    }

    /// [CLS], `tokens - 2` word pieces from a fixed pseudo-random sequence (two segments), [SEP].
    static func syntheticInput(tokens n: Int) -> TokenizedInput {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var tokens = [Token(id: 101, text: "[CLS]", segment: 0, span: nil)]
        for i in 0..<(n - 2) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            tokens.append(Token(id: 1000 + Int(state >> 33) % 20000, text: "w", segment: i < n / 2 ? 0 : 1, span: nil))
        }
        tokens.append(Token(id: 102, text: "[SEP]", segment: 1, span: nil))
        return TokenizedInput(textA: "", textB: nil, tokens: tokens, truncation: nil)
    }
}
