import BertKit
import ScopeUI
import TestSupport
import XCTest

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
        XCTAssertEqual(slides, [
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
        Golden.assertText(core.render(size: Size(width: 80, height: 24)).debugDescription, matches: Golden.url("zen-80x24.txt"))
    }

    func testZoomMakesCellsWiderAndScrolls() {
        var core = Fixtures.miniLMCore(size: Size(width: 80, height: 24))
        Fixtures.press([.escape, .character("+"), .character("+"), .character("+"), .character("+")], &core)
        XCTAssertEqual(core.state.zoom, 4)
        Fixtures.press([.down, .down, .down], &core)
        Golden.assertText(core.render(size: Size(width: 80, height: 24)).debugDescription, matches: Golden.url("zoom4-80x24.txt"))
        Fixtures.press([.character("-"), .character("-"), .character("-"), .character("-")], &core)
        XCTAssertEqual(core.state.zoom, 0)
    }
}
