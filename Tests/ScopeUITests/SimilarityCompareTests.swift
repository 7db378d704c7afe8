import TestSupport
import XCTest

@testable import BertKit
@testable import ScopeUI

/// The similarity view (`o`), the compare line and view (`C`), head roles in the grid, and what the status bar
/// says in views without a head: keys, focus, the compare requests and their results.
final class SimilarityCompareTests: XCTestCase {
    func compareRequests(_ effects: [Effect]) -> [EncodeRequest] {
        effects.compactMap { if case .encodeCompare(let r) = $0 { return r } else { return nil } }
    }

    func encodes(_ effects: [Effect]) -> [EncodeRequest] {
        effects.compactMap { if case .encode(let r) = $0 { return r } else { return nil } }
    }

    /// A synthetic encoding of `pieces` whose token ids follow the words (the same word, the same id), so two
    /// sentences match where their words do; its vectors depend on the position, so a word moved by one differs.
    static func worded(_ pieces: [String]) -> Encoding {
        let base = SyntheticEncoding.make(pieces: pieces, config: Fixtures.miniLMConfig, modelName: "all-MiniLM-L6-v2")
        let tokens = base.tokens.map { t -> Token in
            guard !t.isSpecial else { return t }
            let id = 100 + t.text.unicodeScalars.reduce(0) { $0 * 31 % 9973 + Int($1.value) }
            return Token(id: id, text: t.text, segment: t.segment, span: t.span)
        }
        return Fixtures.variant(
            of: base, input: TokenizedInput(textA: base.input.textA, textB: nil, tokens: tokens, truncation: nil))
    }

    static let riverPieces = ["the", "bank", "of", "the", "river"]
    static let ratesPieces = ["so", "the", "bank", "raised", "its", "rates"]

    /// A MiniLM-shaped core showing "the bank of the river" at `size`.
    static func riverCore(size: Size = Size(width: 80, height: 24), mode: ColorMode = .palette256) -> ExplorerCore {
        var options = Fixtures.options(
            config: Fixtures.miniLMConfig, sentence: Fixtures.sentence(of: riverPieces), mode: mode)
        options.modelName = "all-MiniLM-L6-v2"
        return Fixtures.core(options, showing: worded(riverPieces), size: size)
    }

    /// `core` with the compare line opened and "so the bank raised its rates" typed and encoded.
    static func comparing(_ core: inout ExplorerCore) {
        var effects = Fixtures.press([.escape, .character("C")], &core)
        effects += Fixtures.type(Fixtures.sentence(of: ratesPieces), &core)
        guard
            let last = effects.compactMap({ e -> EncodeRequest? in
                if case .encodeCompare(let r) = e { return r } else { return nil }
            }).last
        else { return }
        core.receiveCompare(PreparedEncoding(worded(ratesPieces)), request: last.id)
    }

    // MARK: keys and focus

    func testOShowsTheSimilarityViewAndTheHelpListsOAndC() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .character("o")], &core)
        XCTAssertEqual(core.state.mainView, .similarity)
        let keys = KeyMap.help(presenting: false).flatMap(\.bindings).map(\.keys)
        XCTAssertTrue(keys.contains("o"), "\(keys)")
        XCTAssertTrue(keys.contains("C"), "\(keys)")
        // in the input line o and C are typed
        Fixtures.press([.character("e")], &core)
        Fixtures.type("oC", &core)
        XCTAssertEqual(core.state.inputA.text, "hello , my dog is cuteoC")
        XCTAssertEqual(core.state.mainView, .similarity)
    }

    func testCOpensTheCompareLineFocusedAndTypingThereAsksForACompareEncodeOnly() {
        var core = Fixtures.smallCore()
        let opened = Fixtures.press([.escape, .character("C")], &core)
        XCTAssertTrue(core.state.compareMode)
        XCTAssertEqual(core.state.focus, .compare)
        XCTAssertEqual(core.state.mainView, .compare)
        XCTAssertTrue(compareRequests(opened).isEmpty, "an empty compare line asks for nothing")
        let typed = Fixtures.type("a cat", &core)
        XCTAssertEqual(core.state.inputC.text, "a cat")
        XCTAssertEqual(core.state.inputA.text, "hello , my dog is cute", "sentence A is untouched")
        XCTAssertTrue(encodes(typed).isEmpty, "typing the compare sentence does not re-encode sentence A")
        let requests = compareRequests(typed)
        XCTAssertEqual(requests.map(\.textA), ["a", "a ", "a c", "a ca", "a cat"])
        XCTAssertEqual(requests.map(\.textB), [nil, nil, nil, nil, nil], "encoded alone, never as a pair")
        XCTAssertEqual(requests.map(\.id), requests.map(\.id).sorted(), "ids increase")
        XCTAssertTrue(core.state.isEncodingCompare)
    }

    func testEscAndEnterOnTheCompareLineBehaveAsOnTheOtherLines() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .character("C")], &core)
        Fixtures.type("a cat", &core)
        Fixtures.press([.enter], &core)
        XCTAssertEqual(core.state.focus, .compare, "Enter keeps the line and records it")
        Fixtures.press([.ctrl("u")], &core)
        Fixtures.type("a dog", &core)
        Fixtures.press([.up], &core)
        XCTAssertEqual(core.state.inputC.text, "a cat", "its own history")
        XCTAssertEqual(core.state.inputA.text, "hello , my dog is cute")
        Fixtures.press([.escape], &core)
        XCTAssertEqual(core.state.focus, .heatmap)
        // Enter on the compare view goes back to the compare line
        Fixtures.press([.enter], &core)
        XCTAssertEqual(core.state.focus, .compare)
    }

    func testTabWalksThroughTheCompareLineOnlyWhileItIsOpen() {
        var core = Fixtures.smallCore()
        XCTAssertEqual(core.state.focus, .input)
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .tokens, "no compare line yet")
        Fixtures.press([.escape, .character("C"), .backTab], &core)
        XCTAssertEqual(core.state.focus, .input)
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .compare)
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .tokens)
        _ = core.apply(.setFocus(.compare))
        XCTAssertEqual(core.state.focus, .compare)
    }

    func testCAgainShowsTheCompareViewThenClosesIt() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .character("C")], &core)
        Fixtures.type("a cat", &core)
        Fixtures.press([.escape, .character("a")], &core)
        XCTAssertEqual(core.state.mainView, .attention)
        Fixtures.press([.character("C")], &core)
        XCTAssertEqual(core.state.mainView, .compare, "back to the compare view, the line kept")
        XCTAssertEqual(core.state.focus, .compare)
        XCTAssertEqual(core.state.inputC.text, "a cat")
        Fixtures.press([.escape, .character("C")], &core)
        XCTAssertFalse(core.state.compareMode)
        XCTAssertEqual(core.state.mainView, .attention)
        XCTAssertNil(core.state.comparison)
        _ = core.apply(.setFocus(.compare))
        XCTAssertEqual(core.state.focus, .input, "no compare line to focus")
    }

    // MARK: the compare results

    func testTheNewestCompareResultIsMatchedAndOlderOnesAreDropped() {
        var core = Self.riverCore()
        Fixtures.press([.escape, .character("C")], &core)
        let ids = compareRequests(Fixtures.type("so", &core)).map(\.id)
        XCTAssertEqual(ids.count, 2)
        XCTAssertFalse(
            core.receiveCompare(PreparedEncoding(Self.worded(["s"])), request: ids[0]), "an older request")
        XCTAssertNil(core.state.comparison)
        XCTAssertTrue(core.receiveCompare(PreparedEncoding(Self.worded(Self.ratesPieces)), request: ids[1]))
        let c = try? XCTUnwrap(core.state.comparison)
        // [CLS] the bank of the river [SEP] against [CLS] so the bank raised its rates [SEP]
        XCTAssertEqual(c?.matchOfFirst, [0, 2, 3, nil, nil, nil, 7])
        XCTAssertFalse(core.state.isEncodingCompare)
        XCTAssertFalse(core.receiveCompare(PreparedEncoding(Self.worded(["x"])), request: ids[1]), "shown already")
    }

    func testANewSentenceAIsMatchedAgainstTheCompareSentenceOnScreen() {
        var core = Self.riverCore()
        Self.comparing(&core)
        let before = core.state.comparison
        XCTAssertNotNil(before)
        Fixtures.press([.escape, .character("e")], &core)
        let id = encodes(Fixtures.type("!", &core)).last?.id ?? -1
        core.receive(Self.worded(["the", "bank", "!"]), request: id)
        XCTAssertFalse(core.state.comparison === before, "matched again")
        XCTAssertEqual(core.state.comparison?.matchOfFirst, [0, 2, 3, nil, 7])
    }

    func testEmptyingTheCompareLineClearsTheComparisonAndDropsTheRequestInFlight() {
        var core = Self.riverCore()
        Self.comparing(&core)
        let inFlight = compareRequests(Fixtures.type("!", &core)).last?.id ?? -1
        let cleared = Fixtures.press([.ctrl("u")], &core)
        XCTAssertTrue(compareRequests(cleared).isEmpty)
        XCTAssertNil(core.state.comparison)
        XCTAssertFalse(core.receiveCompare(PreparedEncoding(Self.worded(["x"])), request: inFlight))
        XCTAssertFalse(core.state.isEncodingCompare)
        XCTAssertEqual(CompareWidget.placeholder(core.state)?.first, "type a sentence to compare with")
    }

    func testACompareErrorIsShownUntilTheNextResult() {
        var core = Self.riverCore()
        Fixtures.press([.escape, .character("C")], &core)
        let id = compareRequests(Fixtures.type("x", &core)).last?.id ?? -1
        XCTAssertTrue(core.receiveCompareError("input too long", request: id))
        XCTAssertEqual(
            CompareWidget.placeholder(core.state), ["the compare sentence failed to encode", "input too long"])
        let line = core.render(size: Size(width: 80, height: 24)).line(23)
        XCTAssertTrue(line.contains("cmp error") || line.contains("compare error"), line)
    }

    func testTheCompareOptionStartsInTheCompareViewAndAsksForBothEncodes() {
        var options = Fixtures.options()
        options.compare = "a cat"
        var core = ExplorerCore(options: options)
        let effects = core.start()
        XCTAssertEqual(encodes(effects).count, 1)
        XCTAssertEqual(compareRequests(effects).map(\.textA), ["a cat"])
        XCTAssertEqual(core.state.mainView, .compare)
        XCTAssertTrue(core.state.compareMode)
    }

    // MARK: mouse

    func testClickingTheCompareLineFocusesItAndAComparisonCellPicksTokenAndLayer() {
        var core = Self.riverCore()
        Self.comparing(&core)
        Fixtures.press([.escape], &core)
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: 10, y: 1)))
        XCTAssertEqual(core.state.focus, .compare)
        let frame = FrameGeometry(state: core.state, size: core.state.size)
        guard let g = frame.compare, let x = g.x(ofColumn: 3) else { return XCTFail("no compare heatmap") }
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: x, y: g.gridY + 2 * g.rowLines)))
        XCTAssertEqual(core.state.selectedToken, 2)
        XCTAssertEqual(core.state.layer, 3)
        XCTAssertEqual(core.state.focus, .heatmap)
    }

    func testClickingTheSimilarityMatrixPicksBothTokens() {
        var core = Self.riverCore()
        Fixtures.press([.escape, .character("o")], &core)
        let frame = FrameGeometry(state: core.state, size: core.state.size)
        guard let g = frame.similarity, let x = g.x(ofColumn: 4) else { return XCTFail("no similarity heatmap") }
        _ = core.handle(.mouse(MouseEvent(kind: .press, x: x, y: g.gridY + 2 * max(1, g.rowLines))))
        XCTAssertEqual(core.state.selectedToken, 2)
        XCTAssertEqual(core.state.keyCursor, 4)
    }

    // MARK: what the screen says

    func testTheStatusBarNamesAHeadOnlyWhereTheViewHasOne() {
        var core = Self.riverCore()
        Fixtures.press([.escape], &core)
        let size = Size(width: 80, height: 24)
        func status() -> String { core.render(size: size).line(size.height - 1) }
        XCTAssertTrue(status().contains("head 1/12"), status())
        for key: Character in ["o", "C", "v"] {
            Fixtures.press([.escape, .character(key)], &core)
            XCTAssertFalse(status().contains("head"), "\(key): \(status())")
        }
        Fixtures.press([.escape, .character("g")], &core)
        XCTAssertTrue(status().contains("head 1/12"), status())
        Fixtures.press([.character("a"), .character("r"), .character("r")], &core)
        XCTAssertEqual(core.state.attentionSource, .rollout)
        XCTAssertFalse(status().contains("head"), "rollout mixes every head: \(status())")
    }

    func testTheSimilarityTitleCarriesTheAnalysisMean() {
        var core = Self.riverCore()
        Fixtures.press([.escape, .character("o"), .right], &core)
        let mean = core.state.prepared?.similarity(layer: 2)?.meanOffDiagonal ?? .nan
        let title = core.render(size: Size(width: 80, height: 24)).line(3)
        XCTAssertTrue(title.contains("mean cos i≠j \(Chrome.number(mean, 2))"), title)
    }

    func testSimilarityAndCompareTakeTheWholeWidthBelow140Columns() {
        for key: Character in ["o", "C"] {
            var core = Self.riverCore(size: Size(width: 120, height: 40))
            Fixtures.press([.escape, .character(key)], &core)
            let layout = ScreenLayout(size: Size(width: 120, height: 40), state: core.state)
            XCTAssertNil(layout.side, "\(key)")
            XCTAssertEqual(layout.main.width, 120)
            var wide = Self.riverCore(size: Size(width: 200, height: 60))
            Fixtures.press([.escape, .character(key)], &wide)
            XCTAssertNotNil(ScreenLayout(size: Size(width: 200, height: 60), state: wide.state).side)
        }
    }

    func testTheNewViewsDrawAtEverySizeDownToTheSmallest() {
        for key: Character in ["o", "C", "g"] {
            for size in [
                Size(width: 30, height: 9), Size(width: 40, height: 12), Size(width: 80, height: 24),
                Size(width: 120, height: 40), Size(width: 200, height: 60),
            ] {
                var core = Self.riverCore(size: size)
                if key == "C" { Self.comparing(&core) } else { Fixtures.press([.escape, .character(key)], &core) }
                let screen = core.render(size: size)
                let text = (0..<size.height).map { screen.line($0) }.joined(separator: "\n")
                let title = key == "o" ? "cos" : (key == "C" ? "compare" : "heads")
                XCTAssertTrue(text.contains(title), "\(key) at \(size.width)x\(size.height):\n\(text)")
                XCTAssertTrue(screen.line(size.height - 1).contains("layer"), "the status bar stays")
            }
        }
    }

    func testCompareCellsGrowWithTheScreen() {
        var small = Self.riverCore()
        Self.comparing(&small)
        var large = Self.riverCore(size: Size(width: 200, height: 60))
        Self.comparing(&large)
        guard let a = FrameGeometry(state: small.state, size: Size(width: 80, height: 24)).compare,
            let b = FrameGeometry(state: large.state, size: Size(width: 200, height: 60)).compare
        else { return XCTFail("no compare heatmap") }
        XCTAssertEqual(a.visibleRows, 7)
        XCTAssertEqual(a.visibleCols, 7)
        XCTAssertGreaterThan(b.cellWidth, a.cellWidth)
        XCTAssertGreaterThan(b.rowLines, a.rowLines)
    }
}

/// Small widget expectations for the new views, line by line.
final class SimilarityCompareWidgetTests: XCTestCase {
    let palette = Palette(theme: .builtIn, mode: .palette256)

    func testTheTokenChangeColumnMarksTheSlidersLayer() {
        let change = TokenChange(token: 1, toEmbeddings: [1, 0.5, -0.25], toPrevious: [1, 0.5, 0.75])
        var core = Fixtures.smallCore()
        _ = core.apply(.setLayer(1))
        var b = CellBuffer(width: 26, height: 5)
        SimilarityWidget.drawTokenChange(
            change, label: "dog", state: core.state, palette: palette, rect: Rect(x: 0, y: 0, width: 26, height: 5),
            buffer: &b)
        assertBuffer(
            b,
            lines: [
                "│ change of dog",
                "│    cos to L0  to prev",
                "│ emb    1.00     —",
                "│▶ L1    0.50     0.50",
                "│  L2   −0.25     0.75",
            ])
        // the swatches are the diverging scale's colours of each value
        XCTAssertEqual(b[6, 3], palette.divergingCell(0.5))
        XCTAssertEqual(b[6, 4], palette.divergingCell(-0.25))
        XCTAssertEqual(b[3, 3].style, palette.selection, "the slider's layer is highlighted")
    }

    func testTheHeadRoleLegendNamesEveryLetterAndTheThreshold() {
        var b = CellBuffer(width: 70, height: 1)
        AttentionGridWidget.drawRoleLegend(
            palette: palette, rect: Rect(x: 0, y: 0, width: 70, height: 1), y: 0, buffer: &b)
        assertBuffer(b, lines: [" roles ≥50%: C [CLS] · S [SEP] · P punct · < prev · = self · > next"])
        XCTAssertEqual(b[13, 0].style, palette.style(.accent, [.bold]))
    }

    func testUnmatchedTokensAreARowSayingSoAndMatchedOnesCarryTheirCosine() {
        let a = SimilarityCompareTests.worded(["the", "bank"])
        let b = SimilarityCompareTests.worded(["a", "bank"])
        let c = EncodingComparison(EncodingAnalysis(a), EncodingAnalysis(b))
        XCTAssertEqual(c.matchOfFirst, [0, nil, 2, 3])
        let g = HeatmapGeometry(
            rect: Rect(x: 0, y: 0, width: 30, height: 4), rows: 4, cols: 2, labelWidth: 8, cellWidth: 7, rowLines: 1,
            headerHeight: 0, labelStyle: .none, rowStart: 0, visibleRows: 4, colStart: 0, visibleCols: 2)
        var buffer = CellBuffer(width: 30, height: 4)
        let table = [c.cosines(layer: 0), c.cosines(layer: 1)]
        CompareWidget.drawCells(
            table, comparison: c, geometry: g, point: HeatmapPoint(row: 0, col: 1), palette: palette, buffer: &buffer)
        let bank0 = Chrome.number(table[0]?[2] ?? .nan, 2)
        let bank1 = Chrome.number(table[1]?[2] ?? .nan, 2)
        assertBuffer(
            buffer,
            lines: [
                "         1.00   1.00",
                "         · unmatched ·",
                "         \(bank0)   \(bank1)",
                "         1.00   1.00",
            ])
        // [CLS] is at position 0 in both: identical vectors, and the marked cell is bold
        XCTAssertTrue(buffer[16, 0].style.attributes.contains(.bold))
        XCTAssertEqual(buffer[9, 1].style, palette.style(.dimText))
    }
}
