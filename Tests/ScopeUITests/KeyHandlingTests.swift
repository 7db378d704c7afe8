import BertKit
import ScopeUI
import TestSupport
import XCTest

/// Keys as a person presses them: what they change and which effects they ask for.
final class KeyHandlingTests: XCTestCase {
    func encodes(_ effects: [Effect]) -> [EncodeRequest] {
        effects.compactMap { if case .encode(let r) = $0 { return r } else { return nil } }
    }

    func testStartAsksForTheFirstEncoding() {
        var core = ExplorerCore(options: Fixtures.options(sentence: "Hello, my dog is cute"))
        XCTAssertEqual(encodes(core.start()), [EncodeRequest(id: 0, textA: "Hello, my dog is cute", textB: nil)])
        XCTAssertTrue(core.start().isEmpty, "no second request for the same text")
    }

    func testEveryKeystrokeThatChangesTheTextRequestsAnEncodeWithANewerID() {
        var core = Fixtures.smallCore()
        let effects = Fixtures.type("!?", &core)
        XCTAssertEqual(encodes(effects).map(\.id), [1, 2])
        XCTAssertEqual(encodes(effects).last?.textA, "hello , my dog is cute!?")
        XCTAssertTrue(
            encodes(Fixtures.press([.left, .home, .end], &core)).isEmpty, "moving the cursor re-encodes nothing")
        XCTAssertTrue(core.state.isEncoding)
    }

    func testEditingKeysInTheInputLine() {
        var core = Fixtures.smallCore()
        Fixtures.press([.ctrl("w"), .ctrl("w")], &core)
        XCTAssertEqual(core.state.inputA.text, "hello , my dog ")
        Fixtures.press([.home, .delete, .right, .backspace], &core)
        XCTAssertEqual(core.state.inputA.text, "llo , my dog ")
        Fixtures.press([.end, .left, .left, .ctrl("u")], &core)
        XCTAssertEqual(core.state.inputA.text, "g ")
        Fixtures.type("🐕狗", &core)
        Fixtures.press([.backspace], &core)
        XCTAssertEqual(core.state.inputA.text, "🐕g ")
        XCTAssertEqual(core.state.inputA.cursor, 1)
    }

    func testHistoryWithUpAndDown() {
        var core = Fixtures.smallCore()
        Fixtures.press([.ctrl("u")], &core)
        Fixtures.type("a cat", &core)
        Fixtures.press([.enter], &core)
        Fixtures.press([.ctrl("u")], &core)
        Fixtures.type("a bird", &core)
        let effects = Fixtures.press([.up], &core)
        XCTAssertEqual(core.state.inputA.text, "a cat")
        XCTAssertEqual(encodes(effects).last?.textA, "a cat")
        Fixtures.press([.up], &core)
        XCTAssertEqual(core.state.inputA.text, "hello , my dog is cute")
        Fixtures.press([.down, .down], &core)
        XCTAssertEqual(core.state.inputA.text, "a bird")
    }

    func testPasteIsInsertedWholeWithNewlinesAsSpaces() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape], &core)
        let effects = core.handle(.paste(" and\nthe cat"))
        XCTAssertEqual(core.state.inputA.text, "hello , my dog is cute and the cat")
        XCTAssertEqual(encodes(effects).count, 1)
        XCTAssertEqual(core.state.focus, .input, "pasting goes back to the input line")
    }

    func testTabCyclesFocusAndQuitOnlyOutsideTheInputLine() {
        var core = Fixtures.smallCore()
        XCTAssertEqual(core.state.focus, .input)
        XCTAssertEqual(Fixtures.press([.character("q")], &core).contains(.quit), false)
        XCTAssertEqual(core.state.inputA.text, "hello , my dog is cuteq")
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .tokens)
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .heatmap)
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .input)
        Fixtures.press([.backTab], &core)
        XCTAssertEqual(core.state.focus, .heatmap)
        XCTAssertEqual(Fixtures.press([.character("q")], &core), [.quit])
    }

    func testCtrlCQuitsFromAnywhereEvenTheHelp() {
        var core = Fixtures.smallCore()
        XCTAssertEqual(Fixtures.press([.ctrl("c")], &core), [.quit])
        Fixtures.press([.escape, .character("?")], &core)
        XCTAssertTrue(core.state.showHelp)
        XCTAssertEqual(Fixtures.press([.ctrl("c")], &core), [.quit])
    }

    func testPageUpPageDownStepTheLayerAnywhereAndClamp() {
        var core = Fixtures.miniLMCore()
        XCTAssertEqual(core.state.layer, 1)
        Fixtures.press([.pageUp, .pageUp, .pageUp], &core)
        XCTAssertEqual(core.state.layer, 0)
        Fixtures.press(Array(repeating: .pageDown, count: 9), &core)
        XCTAssertEqual(core.state.layer, 6)
        XCTAssertTrue(core.render(size: Size(width: 120, height: 40)).line(39).contains("layer 6/6"))
        XCTAssertEqual(core.state.focus, .input, "PageUp/PageDown do not take the focus away from typing")
    }

    func testLeftRightMoveTheCursorInTheInputTheTokenOnTheTokenRowAndTheLayerOnTheHeatmap() {
        var core = Fixtures.miniLMCore()
        Fixtures.press([.left], &core)
        XCTAssertEqual(core.state.layer, 1)
        XCTAssertEqual(core.state.inputA.cursor, core.state.inputA.text.count - 1)
        Fixtures.press([.tab, .right, .right], &core)
        XCTAssertEqual(core.state.focus, .tokens)
        XCTAssertEqual(core.state.selectedToken, 2, "on the token row ←/→ walk the tokens")
        XCTAssertEqual(core.state.layer, 1)
        Fixtures.press([.left], &core)
        XCTAssertEqual(core.state.selectedToken, 1)
        Fixtures.press([.tab, .right, .right], &core)
        XCTAssertEqual(core.state.focus, .heatmap)
        XCTAssertEqual(core.state.layer, 3)
        Fixtures.press([.left], &core)
        XCTAssertEqual(core.state.layer, 2)
        XCTAssertEqual(core.state.selectedToken, 1)
    }

    func testHeadsCycleThroughEveryHeadThenMeanThenMax() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape], &core)
        XCTAssertEqual(core.state.headLabel, "head 1/4")
        Fixtures.press([.character("]"), .character("]"), .character("]")], &core)
        XCTAssertEqual(core.state.headLabel, "head 4/4")
        Fixtures.press([.character("]")], &core)
        XCTAssertEqual(core.state.headLabel, "head mean")
        Fixtures.press([.character("]")], &core)
        XCTAssertEqual(core.state.headLabel, "head max")
        Fixtures.press([.character("]")], &core)
        XCTAssertEqual(core.state.head, .single(0))
        Fixtures.press([.character("[")], &core)
        XCTAssertEqual(core.state.head, .max)
        Fixtures.press([.character("3")], &core)
        XCTAssertEqual(core.state.head, .single(2))
        Fixtures.press([.character("9")], &core)
        XCTAssertEqual(core.state.head, .single(2), "there is no head 9 of 4")
        Fixtures.press([.character("m")], &core)
        XCTAssertTrue(core.render(size: Size(width: 80, height: 24)).line(23).contains("head mean"))
    }

    func testTokenSelectionAndKeyCursorClampToTheTokens() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .up], &core)
        XCTAssertEqual(core.state.selectedToken, 0)
        Fixtures.press(Array(repeating: .down, count: 20), &core)
        XCTAssertEqual(core.state.selectedToken, 7)
        Fixtures.press([.home], &core)
        XCTAssertEqual(core.state.selectedToken, 0)
        Fixtures.press([.end, .character("."), .character(".")], &core)
        XCTAssertEqual(core.state.selectedToken, 7)
        XCTAssertEqual(core.state.keyCursor, 2)
    }

    func testPairModeTogglesSentenceBAndEncodesIt() {
        var core = Fixtures.smallCore()
        let on = Fixtures.press([.escape, .character("b")], &core)
        XCTAssertTrue(core.state.pairMode)
        XCTAssertEqual(core.state.focus, .pair)
        XCTAssertEqual(encodes(on).last?.textB, "")
        let typed = Fixtures.type("it sleeps", &core)
        XCTAssertEqual(encodes(typed).last, EncodeRequest(id: 10, textA: "hello , my dog is cute", textB: "it sleeps"))
        Fixtures.press([.tab], &core)
        XCTAssertEqual(core.state.focus, .tokens)
        let off = Fixtures.press([.character("b")], &core)
        XCTAssertFalse(core.state.pairMode)
        XCTAssertNil(encodes(off).last?.textB)
    }

    func testViewKeys() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .character("g")], &core)
        XCTAssertEqual(core.state.mainView, .grid)
        Fixtures.press([.enter], &core)
        XCTAssertEqual(core.state.mainView, .attention)
        Fixtures.press([.character("v"), .character("z")], &core)
        XCTAssertEqual(core.state.mainView, .activations)
        XCTAssertEqual(core.state.activationZoom, .oneToOne)
        Fixtures.press([.character("f")], &core)
        XCTAssertEqual(core.state.activationSource, .intermediate)
        Fixtures.press([.character("f")], &core)
        XCTAssertEqual(core.state.activationSource, .hidden)
        Fixtures.press([.character("i")], &core)
        XCTAssertTrue(core.state.showIDs)
        Fixtures.press([.character("p")], &core)
        XCTAssertFalse(core.state.showSidePanel, "80x24 has room for the side panel: p hides it")
        Fixtures.press([.character("e")], &core)
        XCTAssertEqual(core.state.focus, .input)
    }

    func testThemesCycleLive() {
        let light = Theme(
            name: "light", colors: [.text: .rgb(RGB(0, 0, 0))], sequential: Theme.builtIn.sequential,
            diverging: Theme.builtIn.diverging)
        var core = Fixtures.core(
            Fixtures.options(themes: [Theme.builtIn, light]), showing: SyntheticEncoding.make(),
            size: Size(width: 80, height: 24))
        let before = core.render(size: Size(width: 80, height: 24))
        Fixtures.press([.escape, .character("t")], &core)
        XCTAssertEqual(core.state.theme.name, "light")
        XCTAssertNotEqual(before, core.render(size: Size(width: 80, height: 24)))
        Fixtures.press([.character("t")], &core)
        XCTAssertEqual(core.state.theme.name, "dark")
    }

    func testHelpOpensWithQuestionMarkAndAnyKeyClosesIt() {
        var core = Fixtures.smallCore()
        Fixtures.press([.function(1)], &core)
        XCTAssertTrue(core.state.showHelp)
        let effects = Fixtures.press([.character("q")], &core)
        XCTAssertFalse(core.state.showHelp)
        XCTAssertTrue(effects.isEmpty, "q closes the help, it does not quit")
    }

    func testStaleResultsAreDroppedAndTheNewestWins() {
        var core = ExplorerCore(options: Fixtures.options())
        _ = core.start()
        let first = encodes(Fixtures.type("a", &core)).last?.id ?? -1
        let second = encodes(Fixtures.type("b", &core)).last?.id ?? -1
        XCTAssertTrue(core.receive(SyntheticEncoding.make(pieces: ["second"]), request: second))
        XCTAssertFalse(core.receive(SyntheticEncoding.make(pieces: ["first"]), request: first))
        XCTAssertEqual(core.state.encoding?.tokens[1].text, "second")
        XCTAssertFalse(core.state.isEncoding)
        XCTAssertFalse(core.receiveError("late failure", request: first))
        let third = encodes(Fixtures.type("c", &core)).last?.id ?? -1
        XCTAssertTrue(core.receiveError("vocab.txt vanished", request: third))
        XCTAssertTrue(
            core.render(size: Size(width: 80, height: 24)).line(2).contains("encode error: vocab.txt vanished"))
    }

    func testLayerZeroThenSelectionSurvivesAShorterEncoding() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .end], &core)
        XCTAssertEqual(core.state.selectedToken, 7)
        core.receive(SyntheticEncoding.make(pieces: ["hi"]), request: 5)
        XCTAssertEqual(core.state.selectedToken, 2)
        XCTAssertEqual(core.state.tokenCount, 3)
    }
}

/// The `s` key and the status bar message that reports where the shots went.
final class SaveShotsTests: XCTestCase {
    func testSAsksToSaveAndTheMessageShowsUntilTheNextKey() {
        var core = Fixtures.smallCore()
        XCTAssertEqual(Fixtures.press([.escape, .character("s")], &core), [.saveShots])
        core.showMessage("saved 7 files to bertscope-shots/")
        let size = Size(width: 80, height: 24)
        XCTAssertTrue(core.render(size: size).line(23).contains("saved 7 files to bertscope-shots/"))
        XCTAssertTrue(core.render(size: size).line(23).contains("layer 1/2"))
        Fixtures.press([.right], &core)
        XCTAssertFalse(core.render(size: size).line(23).contains("saved"))
    }

    func testALongMessageNeverPushesTheLayerOffTheStatusBar() {
        var core = Fixtures.smallCore(size: Size(width: 40, height: 12))
        core.showMessage(String(repeating: "could not write ", count: 10), isError: true)
        let line = core.render(size: Size(width: 40, height: 12)).line(11)
        XCTAssertTrue(line.contains("layer 1/2"), line)
        XCTAssertTrue(line.contains("could not"), line)
    }

    func testNothingToSaveBeforeTheFirstEncoding() {
        var core = ExplorerCore(options: Fixtures.options())
        _ = core.start()
        XCTAssertEqual(Fixtures.press([.escape, .character("s")], &core), [])
        XCTAssertNotNil(core.state.message)
    }
}

/// The input line scrolls to keep the cursor visible and marks text hidden on either side.
final class InputLineScrollTests: XCTestCase {
    func testLongTextScrollsWithTheCursorAndShowsEllipses() {
        var core = Fixtures.miniLMCore(size: Size(width: 60, height: 20))
        let size = Size(width: 60, height: 20)
        var line = core.render(size: size).line(0)
        XCTAssertTrue(line.hasPrefix(" › …"), line)
        XCTAssertTrue(line.contains("near by ."), "typing at the end keeps the end visible: \(line)")
        Fixtures.press([.home], &core)
        line = core.render(size: size).line(0)
        XCTAssertTrue(line.hasPrefix(" › the quick"), line)
        XCTAssertTrue(line.trimmingCharacters(in: .whitespaces).hasSuffix("…"), line)
        XCTAssertEqual(core.cursorPosition(size: size), Position(x: 3, y: 0))
    }

    func testWideCharactersKeepTheCursorInItsColumn() {
        var core = ExplorerCore(options: Fixtures.options(sentence: "狗🐕a"))
        _ = core.start()
        XCTAssertEqual(core.cursorPosition(size: Size(width: 40, height: 12)), Position(x: 8, y: 0))
        Fixtures.press([.left, .left], &core)
        XCTAssertEqual(core.cursorPosition(size: Size(width: 40, height: 12)), Position(x: 5, y: 0))
    }
}
