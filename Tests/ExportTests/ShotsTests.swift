import BertKit
import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import Export

final class ShotsTests: XCTestCase {
    func testSlugsAreSafeFileNames() {
        XCTAssertEqual(Shots.slug("Hello, my dog is cute", maxLength: 40), "hello-my-dog-is-cute")
        XCTAssertEqual(Shots.slug("Café <b> & ../etc/passwd", maxLength: 40), "cafe-b-etc-passwd")
        XCTAssertEqual(Shots.slug("犬🐶", maxLength: 40), "text")
        XCTAssertEqual(Shots.slug(String(repeating: "ab ", count: 50), maxLength: 10), "ab-ab-ab-a")
    }

    func testSaveWritesEveryFigureTwiceAndTheScreenNamedByState() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString + "/shots"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let e = SyntheticEncoding.make()
        let request = Shots.Request(
            encoding: e, layer: 2, head: .single(3), selectedToken: 1, screen: CellBuffer(width: 10, height: 2))
        let written = try Shots.save(request, to: dir)
        let base = "synthetic-bert_layer2_head4_dark_hello-my-dog-is-cute"
        XCTAssertEqual(
            written.map { ($0 as NSString).lastPathComponent },
            ["attention", "activations", "pooler"].flatMap { [base + "-\($0).png", base + "-\($0).svg"] } + [
                base + "-screen.svg"
            ])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).count, 7)
        let png = try PNGCodec.read(contentsOf: written[0])
        XCTAssertGreaterThan(png.width, 100)
    }

    func testAFolderThatCannotBeMadeIsOneLineNamingIt() throws {
        let file = NSTemporaryDirectory() + "bertscope-shots-file-" + UUID().uuidString
        try Data().write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertThrowsError(
            try Shots.save(
                Shots.Request(encoding: SyntheticEncoding.make(), layer: 1, head: .mean), to: file + "/shots")
        ) {
            error in
            XCTAssertTrue("\(error)".hasPrefix("cannot write \(file)/shots: cannot create the folder"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }

    func testLayerZeroSkipsTheAttentionFigure() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try Shots.save(Shots.Request(encoding: SyntheticEncoding.make(), layer: 0, head: .mean), to: dir)
        XCTAssertFalse(written.contains { $0.contains("attention") })
        XCTAssertEqual(written.count, 4)
    }

    /// A core in the explorer's state after `keys`, showing the synthetic encoding at `size`.
    func core(_ keys: [Key], size: Size = Size(width: 120, height: 40)) -> ExplorerCore {
        let options = ExplorerOptions(
            modelName: "synthetic-bert", config: SyntheticEncoding.smallConfig, sentence: "hello , my dog is cute")
        var core = ExplorerCore(options: options)
        let effects = core.start()
        _ = core.handle(.resize(size))
        let id: Int = effects.compactMap { if case .encode(let r) = $0 { return r.id } else { return nil } }.first ?? 0
        _ = core.receive(SyntheticEncoding.make(), request: id)
        for k in [Key.escape] + keys { _ = core.handle(.key(k)) }
        return core
    }

    func testTheSavedFiguresAreTheViewsOnScreen() throws {
        XCTAssertEqual(
            Shots.views(state: core([]).state, size: Size(width: 120, height: 40)), [.attention, .activations, .pooler])
        XCTAssertEqual(Shots.views(state: core([.character("g")]).state, size: Size(width: 120, height: 40)), [.grid])
        XCTAssertEqual(
            Shots.views(state: core([.character("f")]).state, size: Size(width: 120, height: 40)),
            [.intermediate, .pooler], "the FFN view saves the FFN figure, not hidden states")
        XCTAssertEqual(
            Shots.views(state: core([.character("c")]).state, size: Size(width: 120, height: 40)),
            [.attention, .activations], "a hidden side panel is not saved")
    }

    func testTheAttentionViewSavesItsSourceAndFlowOnlyOnceItIsOnScreen() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = Size(width: 120, height: 40)
        let rollout = try XCTUnwrap(Shots.Request(state: core([.character("r"), .character("r")]).state, size: size))
        let rolloutFiles = try Shots.save(rollout, to: dir)
        let svg = try String(
            contentsOfFile: try XCTUnwrap(rolloutFiles.first { $0.hasSuffix("-rollout.svg") }, "\(rolloutFiles)"),
            encoding: .utf8)
        XCTAssertTrue(svg.contains("rollout"), "the rollout figure is the rollout's")
        XCTAssertFalse(rolloutFiles.contains { $0.contains("-attention.") })
        let flowState = core([.character("r"), .character("r"), .character("r")]).state
        let waiting = try Shots.save(try XCTUnwrap(Shots.Request(state: flowState, size: size)), to: dir)
        XCTAssertFalse(waiting.contains { $0.contains("-flow.") }, "flow still computing: not saved, not computed")
        XCTAssertNil(flowState.prepared?.computedFlow(layer: flowState.layer))
        _ = try XCTUnwrap(flowState.prepared?.flow(layer: flowState.layer))
        let shown = try Shots.save(try XCTUnwrap(Shots.Request(state: flowState, size: size)), to: dir)
        XCTAssertTrue(shown.contains { $0.hasSuffix("-flow.png") }, "\(shown)")
    }

    func testTheFFNViewSavesAFigureTitledFFNAndTheGridSavesTheGrid() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ffn = try XCTUnwrap(Shots.Request(state: core([.character("f")]).state, size: Size(width: 120, height: 40)))
        let written = try Shots.save(ffn, to: dir)
        let svg = try String(
            contentsOfFile: try XCTUnwrap(written.first { $0.hasSuffix("-intermediate.svg") }), encoding: .utf8)
        XCTAssertTrue(svg.contains("FFN intermediate"), "the FFN figure is the FFN's")
        XCTAssertFalse(written.contains { $0.contains("-activations.") })
        let grid = try XCTUnwrap(
            Shots.Request(state: core([.character("g")]).state, size: Size(width: 120, height: 40)))
        let gridFiles = try Shots.save(grid, to: dir)
        XCTAssertTrue(gridFiles.contains { $0.hasSuffix("-grid.png") }, "\(gridFiles)")
        XCTAssertFalse(gridFiles.contains { $0.contains("-attention.") })
    }

    func testSimilarityAndCompareSaveTheirFiguresNamedWithoutAHead() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = Size(width: 120, height: 40)
        let similarity = core([.character("o")]).state
        XCTAssertEqual(Shots.views(state: similarity, size: size), [.similarity], "no side panel below 140 columns")
        let files = try Shots.save(try XCTUnwrap(Shots.Request(state: similarity, size: size)), to: dir)
        let base = "synthetic-bert_layer1_dark_hello-my-dog-is-cute"
        XCTAssertEqual(
            files.map { ($0 as NSString).lastPathComponent },
            [base + "-similarity.png", base + "-similarity.svg", base + "-screen.svg"])
        let svg = try String(contentsOfFile: files[1], encoding: .utf8)
        XCTAssertTrue(svg.contains("mean cos"), "the similarity figure, with each layer's mean")

        // compare: nothing to save until the compare sentence is encoded, then its figure
        var compare = core([.character("C")])
        let id = compare.apply(.paste("my cat")).compactMap { e -> Int? in
            if case .encodeCompare(let r) = e { return r.id } else { return nil }
        }.last
        XCTAssertEqual(Shots.views(state: compare.state, size: size), [])
        compare.receiveCompare(
            PreparedEncoding(SyntheticEncoding.make(pieces: ["my", "cat"])), request: try XCTUnwrap(id))
        XCTAssertEqual(Shots.views(state: compare.state, size: size), [.compare])
        let compared = try Shots.save(try XCTUnwrap(Shots.Request(state: compare.state, size: size)), to: dir)
        // the screenshot of the first save is there already: the second save is numbered
        XCTAssertTrue(compared.contains { $0.hasSuffix(base + "_2-compare.png") }, "\(compared)")
        let figure = try String(
            contentsOfFile: try XCTUnwrap(compared.first { $0.hasSuffix("-compare.svg") }), encoding: .utf8)
        XCTAssertTrue(figure.contains("unmatched"), "the compare figure marks the unmatched tokens")
    }

    func testASecondSaveGetsANumberInsteadOfOverwriting() throws {
        let dir = NSTemporaryDirectory() + "bertscope-shots-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let request = try XCTUnwrap(Shots.Request(state: core([]).state, size: Size(width: 120, height: 40)))
        let first = try Shots.save(request, to: dir)
        let second = try Shots.save(request, to: dir)
        XCTAssertTrue(Set(first).isDisjoint(with: second), "\(first) \(second)")
        XCTAssertTrue(
            second[0].hasSuffix("synthetic-bert_layer1_head1_dark_hello-my-dog-is-cute_2-attention.png"), second[0])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).count, first.count * 2)
    }

    func testTitlesAndFootnotesSayWhatTheFigureShows() throws {
        let e = SyntheticEncoding.make()
        let text = try Figures.make(
            .attention(layer: 1, head: .max), encoding: e, options: FigureOptions(attentionScale: .unit)
        ).svg()
        XCTAssertFalse(text.contains("each row sums to 1"), "a max over heads does not sum to 1")
        XCTAssertTrue(text.contains("rows do not sum to 1"))
        XCTAssertTrue(text.contains("head max · 0–1"), "the scale is in the title")
        XCTAssertTrue(text.contains("colour: 0 to 1"))
        let one = try Figures.make(.attention(layer: 1, head: .single(0)), encoding: e).svg()
        XCTAssertTrue(one.contains("each row sums to 1"))
        XCTAssertTrue(one.contains("head 1/4 · 0–max"))
    }
}
