import BertKit
import ScopeUI
import TestSupport
import XCTest

/// The predictions view (`w`), the guesses and tags under the tokens, and NSP in the pooler panel, drawn from the
/// encodings of the tiny head checkpoints (Tests/Fixtures/models/heads-*).
final class PredictionsViewTests: XCTestCase {
    func model(_ name: String) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/\(name)"))
    }

    func core(_ model: BertModel, _ text: String, pair: String? = nil, size: Size = Size(width: 100, height: 30))
        throws -> ExplorerCore
    {
        let options = ExplorerOptions(
            modelName: model.name, config: model.config, sentence: text, pair: pair, layer: nil, head: .single(0),
            theme: .builtIn, themes: [], colorMode: .palette256)
        return Fixtures.core(options, showing: try model.encode(text, pair: pair), size: size)
    }

    func screen(_ core: ExplorerCore, size: Size = Size(width: 100, height: 30)) -> [String] {
        let buffer = core.render(size: size)
        return (0..<buffer.height).map { buffer.line($0) }
    }

    func testFillMaskListsTheTopPredictionsOfEveryMask() throws {
        let m = try model("heads-mlm-hf")
        var core = try core(m, "the man went to the [MASK] and bought a [MASK] of milk.")
        _ = Fixtures.press([.escape, .character("w")], &core)
        XCTAssertEqual(core.state.mainView, .predictions)
        let lines = screen(core)
        let masks = try XCTUnwrap(core.state.encoding?.heads.masks)
        XCTAssertEqual(masks.count, 2)
        for mask in masks {
            XCTAssertTrue(lines.contains { $0.contains("[MASK] at \(mask.position)") }, lines.joined(separator: "\n"))
            let best = try XCTUnwrap(mask.top.first)
            let label = EncodingAnalysis.probabilityLabel(best.probability)
            XCTAssertTrue(
                lines.contains { $0.contains(best.token) && $0.contains(label) }, lines.joined(separator: "\n"))
            // the best guess sits under the mask in the token rows
            XCTAssertTrue(lines[2].contains("→" + best.token), lines[2])
        }
    }

    func testLensFollowsTheSelectedTokenAndHighlightsTheSlidersLayer() throws {
        let m = try model("heads-pretraining-legacy")
        var core = try core(m, "the capital of france is [MASK].")
        _ = Fixtures.press([.escape, .character("w"), .down, .down], &core)
        let analysis = try XCTUnwrap(core.state.prepared)
        let lens = try XCTUnwrap(analysis.logitLens(at: 2))
        XCTAssertEqual(lens.steps.count, m.config.numHiddenLayers + 1)
        let buffer = core.render(size: Size(width: 100, height: 30))
        let lines = (0..<buffer.height).map { buffer.line($0) }
        XCTAssertTrue(
            lines.contains { $0.contains("final answer '\(lens.answer?.token ?? "?")'") }, lines.joined(separator: "\n")
        )
        for step in lens.steps {
            let label = step.layer == 0 ? "emb" : "L\(step.layer)"
            let y = try XCTUnwrap(
                lines.firstIndex { $0.hasPrefix(" \(label) ") && $0.contains(step.top[0].token) }, "\(label)")
            let x = 1
            let highlighted = buffer[x, y].style.bg != nil || buffer[x, y].style.attributes.contains(.reverse)
            XCTAssertEqual(highlighted, step.layer == core.state.layer, "row \(label)")
        }
    }

    func testNothingInThePredictionsViewIsCutOffAtTheUsualTerminalSizes() throws {
        // The lens table (layer, top, p, rank, p(ans)) and every message fit whole: messages wrap, the columns
        // share the width so the lens gets what its table needs (it was cut to "p(an…" at 120x40).
        let m = try model("heads-pretraining-legacy")
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            var core = try core(m, "the [MASK] sat on the mat", size: size)
            _ = Fixtures.press([.escape, .character("w"), .down, .down], &core)
            let lines = screen(core, size: size)
            let text = lines.joined(separator: "\n")
            XCTAssertTrue(text.contains("p(ans)"), "\(size)\n" + text)
            XCTAssertTrue(text.contains("logit lens: the MLM head on hidden_states[l]"), "\(size)\n" + text)
            XCTAssertTrue(text.contains("final answer '"), "\(size)\n" + text)
            let panel = lines.dropFirst(4).dropLast()
            XCTAssertFalse(panel.contains { $0.split(separator: "│").first?.contains("…") ?? false }, text)
        }
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var bare = try core(try model("tiny-bert"), "hello world", size: size)
            _ = Fixtures.press([.escape, .character("w")], &bare)
            let text = screen(bare, size: size).joined(separator: "\n")
            XCTAssertTrue(text.contains("tensors)"), "\(size)\n" + text)
            XCTAssertFalse(text.contains("logit lens at"), "a title naming a lens the checkpoint lacks\n" + text)
        }
    }

    func testCheckpointWithoutHeadsSaysSoInThePredictionsView() throws {
        var core = try core(try model("tiny-bert"), "hello [MASK] world")
        _ = Fixtures.press([.escape, .character("w")], &core)
        let text = screen(core).joined(separator: "\n")
        XCTAssertTrue(text.contains("this checkpoint has no MLM head: [MASK] stays unfilled"), text)
        XCTAssertTrue(text.contains("no logit lens"), text)
    }

    func testClassifierLabelsAndTokenTags() throws {
        var seq = try core(try model("heads-multilabel-hf"), "a good day")
        _ = Fixtures.press([.escape, .character("w")], &seq)
        let text = screen(seq).joined(separator: "\n")
        for label in ["sports", "politics", "LABEL_2", "LABEL_3"] { XCTAssertTrue(text.contains(" \(label) "), text) }
        let tok = try core(try model("heads-tokcls-legacy"), "the man went home")
        let tags = try XCTUnwrap(tok.state.encoding?.heads.tokenTags)
        let under = screen(tok)[2]
        for tag in tags { XCTAssertTrue(under.contains(tag.label), under) }
    }

    func testPoolerPanelShowsIsNextInPairModeAndTheMissingHead() throws {
        let m = try model("heads-nsp-hf")
        let c = try core(m, "she sat on the river bank.", pair: "the bank raised its rates.")
        let nsp = try XCTUnwrap(c.state.encoding?.heads.nextSentence)
        let text = screen(c).joined(separator: "\n")
        XCTAssertTrue(text.contains("P(IsNext) \(String(format: "%.3f", Double(nsp.isNext)))"), text)
        XCTAssertTrue(text.contains("seq_relationship"), text)
        let plain = try core(try model("tiny-bert"), "she sat on the river bank.", pair: "the bank raised its rates.")
        let plainText = screen(plain).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        XCTAssertTrue(plainText.contains("no NSP"), plainText)
    }
}
