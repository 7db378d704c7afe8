import BertKit
import ScopeUI
import TestSupport
import XCTest

/// The attention view's source (`r`): weights -> value-weighted norms -> rollout -> flow, with titles that say what
/// is shown, the weight-vs-norm shares in the footer, and flow computed outside the state (the view waits for it).
final class AttentionSourceTests: XCTestCase {
    func tinyCore(_ text: String, size: Size = Size(width: 160, height: 40), model: BertModel? = nil) throws
        -> ExplorerCore
    {
        let model = try model ?? BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/tiny-bert"))
        let options = ExplorerOptions(
            modelName: model.name, config: model.config, sentence: text, pair: nil, layer: nil, head: .single(0),
            theme: .builtIn, themes: [], colorMode: .palette256)
        return Fixtures.core(options, showing: try model.encode(text), size: size)
    }

    func screen(_ core: ExplorerCore, size: Size = Size(width: 160, height: 40)) -> [String] {
        let buffer = core.render(size: size)
        return (0..<buffer.height).map { buffer.line($0) }
    }

    func testRCyclesTheSourcesAndShowsTheAttentionView() {
        var core = Fixtures.smallCore()
        _ = Fixtures.press([.escape, .character("g")], &core)
        XCTAssertEqual(core.state.mainView, .grid)
        var seen: [AttentionSource] = []
        for _ in 0..<4 {
            _ = Fixtures.press([.character("r")], &core)
            XCTAssertEqual(core.state.mainView, .attention)
            seen.append(core.state.attentionSource)
        }
        XCTAssertEqual(seen, [.norms, .rollout, .flow, .weights])
        let help = KeyMap.help(presenting: false).flatMap { $0.bindings }
        XCTAssertTrue(help.contains { $0.keys == "r" }, "r is in the help overlay")
    }

    func testTitlesSayWhatIsShown() throws {
        var core = try tinyCore("the bank raised its rates.")
        _ = Fixtures.press([.escape, .character("r")], &core)
        let layers = core.state.layerCount
        let layer = core.state.layer
        let norms = screen(core).joined(separator: "\n")
        XCTAssertTrue(norms.contains("value-weighted norms ‖αf‖ · layer \(layer)/\(layers) · head 1/"), norms)
        XCTAssertTrue(norms.contains("0–max"), norms)
        XCTAssertTrue(norms.contains("by weight") && norms.contains("by norm"), norms)
        _ = Fixtures.press([.character("m")], &core)
        let summed = screen(core).joined(separator: "\n")
        XCTAssertTrue(summed.contains("‖Σαf‖ · layer \(layer)/\(layers) · summed over heads"), summed)
        _ = Fixtures.press([.character("r")], &core)
        let rollout = screen(core).joined(separator: "\n")
        let through = layer == 1 ? "layer 1" : "layers 1–\(layer)"
        XCTAssertTrue(rollout.contains("attention rollout · \(through) of \(layers)"), rollout)
        XCTAssertTrue(rollout.contains("no head"), rollout)
        XCTAssertFalse(rollout.contains("head 1/"), rollout)
    }

    func testTheNormsSharesStayInTheFooterAt120And200Columns() throws {
        // Beside the side panel the footer is about 80 columns at 120x40: the shortest form of the weight-vs-norm
        // shares still fits there (it was dropped). At 80x24 the panel is 48 columns and the value read-out wins.
        for size in [Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            var core = try tinyCore("the bank raised its rates.", size: size)
            _ = Fixtures.press([.escape, .character("r")], &core)
            let text = screen(core, size: size).joined(separator: "\n")
            XCTAssertTrue(text.contains("by norm"), "\(size)\n" + text)
        }
    }

    func testFlowIsRequestedShownWhileComputingAndThenDrawn() throws {
        var core = try tinyCore("the bank raised its rates.")
        XCTAssertNil(core.state.flowNeeded, "no flow asked for while the view shows weights")
        _ = Fixtures.press([.escape, .character("r"), .character("r"), .character("r")], &core)
        XCTAssertEqual(core.state.attentionSource, .flow)
        let request = try XCTUnwrap(core.state.flowNeeded)
        XCTAssertEqual(request.layer, core.state.layer)
        XCTAssertEqual(core.state.flowStatus, .computing)
        XCTAssertTrue(screen(core).contains { $0.contains("computing flow…") })
        // What the run loop's worker does, then the redraw.
        let analysis = try XCTUnwrap(core.state.prepared)
        XCTAssertNotNil(analysis.flow(layer: request.layer))
        XCTAssertNil(core.state.flowNeeded)
        let lines = screen(core)
        XCTAssertFalse(lines.contains { $0.contains("computing flow") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("attention flow · layer") }, lines.joined(separator: "\n"))
    }

    func testFlowPastTheLengthLimitSaysSoAndAsksForNothing() throws {
        let words = Array(repeating: "word", count: EncodingAnalysis.flowTokenLimit + 2).joined(separator: " ")
        // MiniLM: the tiny checkpoint's positions end before the limit.
        var core = try tinyCore(words, model: try ModelFixtures.miniLM())
        _ = Fixtures.press([.escape, .character("r"), .character("r"), .character("r")], &core)
        let n = try XCTUnwrap(core.state.prepared).tokenCount
        XCTAssertGreaterThan(n, EncodingAnalysis.flowTokenLimit)
        XCTAssertNil(core.state.flowNeeded)
        XCTAssertEqual(core.state.flowStatus, .tooLong(n))
        XCTAssertTrue(screen(core).contains { $0.contains("too long for flow (\(n) tokens)") })
    }

    func testNarrowScreensKeepTheSourceInTheTitle() throws {
        var core = try tinyCore("the bank raised its rates.", size: Size(width: 80, height: 24))
        _ = Fixtures.press([.escape, .character("r")], &core)
        let size = Size(width: 80, height: 24)
        XCTAssertTrue(screen(core, size: size).contains { $0.contains("norms") }, "norms at 80x24")
        _ = Fixtures.press([.character("r")], &core)
        XCTAssertTrue(screen(core, size: size).contains { $0.contains("rollout") }, "rollout at 80x24")
    }

    /// MiniLM on an input past `EncodingAnalysis.foregroundTokenLimit` (the tiny checkpoint's positions end before it).
    func longCore(size: Size = Size(width: 160, height: 40)) throws -> ExplorerCore {
        let words = Array(repeating: "word", count: EncodingAnalysis.foregroundTokenLimit + 2).joined(separator: " ")
        let core = try tinyCore(words, size: size, model: try ModelFixtures.miniLM())
        XCTAssertGreaterThan(try XCTUnwrap(core.state.prepared).tokenCount, EncodingAnalysis.foregroundTokenLimit)
        return core
    }

    func testALongInputsNormsComeFromTheBackgroundAndThenAreDrawn() throws {
        var core = try longCore()
        XCTAssertNil(core.state.backgroundNeeded, "nothing asked for while the view shows weights")
        _ = Fixtures.press([.escape, .character("r")], &core)
        let layer = core.state.layer
        let request = try XCTUnwrap(core.state.backgroundNeeded)
        XCTAssertEqual(request.analysis, .norms(layer: layer))
        XCTAssertFalse(core.state.normsReady)
        let analysis = try XCTUnwrap(core.state.prepared)
        let waiting = screen(core)
        XCTAssertTrue(
            waiting.contains { $0.contains("computing value-weighted norms…") }, waiting.joined(separator: "\n"))
        XCTAssertFalse(analysis.hasComputedNorms(layer: layer), "drawing the screen computed nothing")
        // What the run loop's worker does, then the redraw.
        XCTAssertTrue(analysis.compute(request.analysis))
        XCTAssertNil(core.state.backgroundNeeded)
        XCTAssertTrue(core.state.normsReady)
        let drawn = screen(core)
        XCTAssertFalse(drawn.contains { $0.contains("computing value-weighted") }, drawn.joined(separator: "\n"))
        XCTAssertTrue(drawn.contains { $0.contains("by norm") }, drawn.joined(separator: "\n"))
        // Another layer asks again.
        _ = Fixtures.press([layer > 1 ? .pageUp : .pageDown], &core)
        XCTAssertNotEqual(core.state.layer, layer)
        XCTAssertEqual(core.state.backgroundNeeded?.analysis, .norms(layer: core.state.layer))
    }

    func testAShortInputsNormsAndRolesAreComputedAsTheScreenDraws() throws {
        var core = try tinyCore("the bank raised its rates.")
        _ = Fixtures.press([.escape, .character("r")], &core)
        XCTAssertNil(core.state.backgroundNeeded)
        XCTAssertTrue(core.state.normsReady)
        _ = Fixtures.press([.character("g")], &core)
        XCTAssertNil(core.state.backgroundNeeded)
        XCTAssertNotNil(core.state.headRolesShown)
    }

    func testALongInputsHeadRolesComeFromTheBackground() throws {
        var core = try longCore()
        _ = Fixtures.press([.escape, .character("g")], &core)
        XCTAssertEqual(core.state.mainView, .grid)
        XCTAssertEqual(core.state.backgroundNeeded?.analysis, .headRoles)
        XCTAssertNil(core.state.headRolesShown)
        XCTAssertTrue(screen(core).contains { $0.contains("head roles: computing in the background…") })
        XCTAssertTrue(try XCTUnwrap(core.state.prepared).compute(.headRoles))
        XCTAssertNil(core.state.backgroundNeeded)
        XCTAssertNotNil(core.state.headRolesShown)
        let drawn = screen(core)
        XCTAssertFalse(drawn.contains { $0.contains("computing in the background") }, drawn.joined(separator: "\n"))
        XCTAssertTrue(drawn.contains { $0.contains("head roles (≥ 50% of attention)") }, drawn.joined(separator: "\n"))
    }

    func testAScreenDrawnOnceComputesWhatTheBackgroundWouldHave() throws {
        var core = try longCore()
        _ = core.apply(.setView(.grid))
        XCTAssertNotNil(core.state.backgroundNeeded)
        core.computeBackgroundAnalyses()
        XCTAssertNil(core.state.backgroundNeeded)
        XCTAssertNotNil(core.state.headRolesShown)
    }
}
