import BertKit
import TestSupport
import XCTest

@testable import ScopeUI

/// Talks: a deck of slides stepped with n/p, zen (only sentence and heatmap), zoomed cells.
final class PresentationTests: XCTestCase {
    let deck = """
        # warm-up
        The cat sat on the mat.	It was tired.	layer=2	head=mean

        The bank of the river.	view=grid
        Money in the bank.	view=intermediate	layer=1	head=3
        """

    func testDeckLinesBecomeSlides() throws {
        let slides = try Slide.parseDeck(deck, layerCount: 2, headCount: 4)
        XCTAssertEqual(
            slides,
            [
                Slide(textA: "The cat sat on the mat.", textB: "It was tired.", layer: 2, head: .mean),
                Slide(textA: "The bank of the river.", view: .grid),
                Slide(textA: "Money in the bank.", layer: 1, head: .single(2), view: .activations, intermediate: true),
            ])
    }

    func testBadDeckLinesNameTheLine() {
        XCTAssertThrowsError(try Slide.parseDeck("ok\nfine\tlayer=9", layerCount: 6, headCount: 12)) { error in
            XCTAssertEqual(error as? SlideError, SlideError(line: 2, message: "layer=9: use 0 to 6"))
        }
        XCTAssertThrowsError(try Slide.parseDeck("a\tb\tc", layerCount: 6, headCount: 12)) { error in
            XCTAssertEqual((error as? SlideError)?.line, 1)
        }
        XCTAssertThrowsError(try Slide.parseDeck("x\tview=sideways", layerCount: 6, headCount: 12))
        XCTAssertThrowsError(try Slide.parseDeck("\thead=2", layerCount: 6, headCount: 12))
    }

    func testCRLFDecksAreOneSlidePerLine() throws {
        let slides = try Slide.parseDeck(
            "One.\tlayer=1\r\nTwo.\r\n\r\nThree.\tview=grid\r\n", layerCount: 2, headCount: 4)
        XCTAssertEqual(
            slides, [Slide(textA: "One.", layer: 1), Slide(textA: "Two."), Slide(textA: "Three.", view: .grid)])
        XCTAssertThrowsError(try Slide.parseDeck("ok\r\nbad\tlayer=9\r\n", layerCount: 2, headCount: 4)) { error in
            XCTAssertEqual((error as? SlideError)?.line, 2)
        }
    }

    func testEmptyMisspeltOrUnknownFieldsAreErrorsNotSentenceB() {
        for (field, message) in [
            ("layer=", "layer=: use 0 to 2"), ("head=", "head=: use 1 to 4, mean or max"),
            ("view=", "view=: use attention, grid, activations, intermediate or pooler"),
            ("layre=3", "unknown field layre=: use layer=, head=, view="),
            ("head=13", "head=13: use 1 to 4, mean or max"),
            ("zoom=2", "unknown field zoom=: use layer=, head=, view="),
        ] {
            XCTAssertThrowsError(try Slide.parseDeck("fine\nA sentence.\t\(field)", layerCount: 2, headCount: 4), field)
            { error in
                XCTAssertEqual((error as? SlideError)?.line, 2, field)
                XCTAssertEqual((error as? SlideError)?.message, message)
            }
        }
        // text that merely contains "=" is still a sentence
        XCTAssertEqual(
            try Slide.parseDeck("Let x = 5.\t2 + 2 = 4", layerCount: 2, headCount: 4),
            [Slide(textA: "Let x = 5.", textB: "2 + 2 = 4")])
    }

    func testEverySlideStartsFromTheDeckDefaultsSoForwardAndBackAgree() throws {
        var options = Fixtures.options(layer: 1)
        options.slides = try Slide.parseDeck(
            "First.\nSecond.\tlayer=2\thead=max\tview=grid\nThird.\tview=intermediate\nFourth.", layerCount: 2,
            headCount: 4)
        var core = ExplorerCore(options: options)
        _ = core.start()
        _ = core.handle(.resize(Size(width: 100, height: 30)))
        func snapshot() -> String {
            let s = core.state
            return
                "\(s.slideIndex ?? -1) \(s.layer) \(s.head) \(s.mainView) \(s.activationSource) \(s.activationZoom) \(s.activationPan)"
        }
        var forward: [String] = [snapshot()]
        for _ in 0..<3 {
            // wander off between slides: none of it may leak into the next slide
            Fixtures.press([.character("z"), .character("]"), .right, .character("x")], &core)
            Fixtures.press([.character("n")], &core)
            forward.append(snapshot())
        }
        var backward: [String] = [snapshot()]
        for _ in 0..<3 {
            Fixtures.press([.character("g"), .left, .character("2")], &core)
            Fixtures.press([.character("p")], &core)
            backward.insert(snapshot(), at: 0)
        }
        XCTAssertEqual(forward, backward)
        XCTAssertEqual(forward[0], "0 1 single(0) attention hidden fitted 0", "slide 1: the deck's defaults")
        XCTAssertEqual(forward[3], "3 1 single(0) attention hidden fitted 0", "slide 4 does not inherit slide 3's view")
    }

    func testInADeckPStepsBackAndTheHelpSaysSo() throws {
        var options = Fixtures.options()
        options.slides = try Slide.parseDeck("One.\nTwo.", layerCount: 2, headCount: 4)
        var core = ExplorerCore(options: options)
        _ = core.start()
        _ = core.handle(.resize(Size(width: 120, height: 40)))
        core.receive(SyntheticEncoding.make(), request: 0)
        Fixtures.press([.character("n"), .character("p")], &core)
        XCTAssertEqual(core.state.slideIndex, 0)
        XCTAssertTrue(core.state.showSidePanel, "p is the previous slide, not the pooler")
        Fixtures.press([.character("?")], &core)
        let help = core.render(size: Size(width: 120, height: 40)).debugDescription
        XCTAssertTrue(help.contains("next / previous slide"), help)
        XCTAssertFalse(help.contains("p c "), "p is not listed for the pooler in a deck")
        var plain = Fixtures.smallCore(size: Size(width: 120, height: 40))
        Fixtures.press([.escape, .character("?")], &plain)
        let plainHelp = plain.render(size: Size(width: 120, height: 40)).debugDescription
        XCTAssertFalse(plainHelp.contains("previous slide"), "without a deck there are no slide keys")
        XCTAssertTrue(plainHelp.contains("p c "))
    }

    func testNAndPStepThroughTheDeckAndReEncode() throws {
        var options = Fixtures.options()
        options.slides = try Slide.parseDeck(deck, layerCount: 2, headCount: 4)
        var core = ExplorerCore(options: options)
        let first = core.start()
        XCTAssertEqual(first, [.encode(EncodeRequest(id: 0, textA: "The cat sat on the mat.", textB: "It was tired."))])
        XCTAssertEqual(core.state.layer, 2)
        XCTAssertEqual(core.state.head, .mean)
        _ = core.handle(.resize(Size(width: 80, height: 24)))
        core.receive(SyntheticEncoding.make(), request: 0)
        XCTAssertTrue(core.render(size: Size(width: 80, height: 24)).line(23).contains("slide 1/3"))

        XCTAssertEqual(core.state.focus, .heatmap, "a presentation starts off the input line, so n works at once")
        let next = Fixtures.press([.character("n")], &core)
        XCTAssertEqual(next, [.encode(EncodeRequest(id: 1, textA: "The bank of the river.", textB: nil))])
        XCTAssertEqual(core.state.mainView, .grid)
        XCTAssertFalse(core.state.pairMode)
        Fixtures.press([.character("n"), .character("n")], &core)
        XCTAssertEqual(core.state.slideIndex, 2, "the last slide stays")
        XCTAssertEqual(core.state.activationSource, .intermediate)
        XCTAssertEqual(core.state.head, .single(2))
        Fixtures.press([.character("p")], &core)
        XCTAssertEqual(core.state.slideIndex, 1)
        XCTAssertEqual(core.state.activationSource, .hidden)
        Fixtures.press([.character("c")], &core)
        XCTAssertEqual(core.state.slideIndex, 1, "c toggles the pooler panel while p steps slides")
    }

    func testWithoutADeckNDoesNothingAndPIsThePooler() {
        var core = Fixtures.smallCore()
        XCTAssertEqual(Fixtures.press([.escape, .character("n")], &core), [])
        Fixtures.press([.character("p")], &core)
        XCTAssertFalse(core.state.showSidePanel)
    }

    func testZenShowsOnlyTheSentenceTheHeatmapAndTheStatusBar() {
        var core = Fixtures.smallCore()
        Fixtures.press([.escape, .character("Z")], &core)
        XCTAssertTrue(core.state.zen)
        Golden.assertText(
            core.render(size: Size(width: 80, height: 24)).debugDescription, matches: Golden.url("zen-80x24.txt"))
    }

    func testPlusMakesCellsLargerThanFittedAndMinusSmaller() throws {
        let size = Size(width: 120, height: 40)
        var core = Fixtures.smallCore(size: size)
        Fixtures.press([.escape], &core)
        func scale(_ c: ExplorerCore) throws -> HeatmapGeometry.Scale {
            return try XCTUnwrap(FrameGeometry(state: c.state, size: size).attention).scale
        }
        func area(_ s: HeatmapGeometry.Scale) -> Int { s.cellWidth * (s.rowLines == 0 ? 1 : 2 * s.rowLines) }
        let fitted = try scale(core)
        var last = area(fitted)
        for _ in 0..<3 {
            Fixtures.press([.character("+")], &core)
            let a = area(try scale(core))
            XCTAssertGreaterThan(a, last, "each + makes the cells larger than the last")
            last = a
        }
        Fixtures.press([.character("-"), .character("-"), .character("-")], &core)
        XCTAssertEqual(try scale(core), fitted)
        Fixtures.press([.character("-")], &core)
        XCTAssertLessThan(area(try scale(core)), area(fitted), "- goes below the fitted size")
    }

    func testZoomMakesCellsWiderAndScrolls() {
        var core = Fixtures.miniLMCore(size: Size(width: 80, height: 24))
        Fixtures.press([.escape, .character("+"), .character("+"), .character("+"), .character("+")], &core)
        XCTAssertEqual(core.state.zoom, 4)
        Fixtures.press([.down, .down, .down], &core)
        Golden.assertText(
            core.render(size: Size(width: 80, height: 24)).debugDescription, matches: Golden.url("zoom4-80x24.txt"))
        Fixtures.press([.character("-"), .character("-"), .character("-"), .character("-")], &core)
        XCTAssertEqual(core.state.zoom, 0)
    }
}
