import BertKit
import ScopeUI
import TestSupport
import XCTest

/// Golden snapshots of whole screens (text, then style runs) with the dark theme and a pinned colour mode.
final class ScreenGoldenTests: XCTestCase {
    func check(_ core: ExplorerCore, _ size: Size, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let buffer = core.render(size: size)
        Golden.assertText(buffer.debugDescription, matches: Golden.url(name), file: file, line: line)
    }

    func testAttentionScreenAt40x12() {
        check(Fixtures.smallCore(size: Size(width: 40, height: 12)), Size(width: 40, height: 12), "attention-40x12.txt")
    }
    func testAttentionScreenAt80x24() {
        check(Fixtures.smallCore(), Size(width: 80, height: 24), "attention-80x24.txt")
    }
    func testMiniLMScreenAt120x40() { check(Fixtures.miniLMCore(), Size(width: 120, height: 40), "minilm-120x40.txt") }
    func testMiniLMScreenAt200x60() {
        check(
            Fixtures.miniLMCore(size: Size(width: 200, height: 60)), Size(width: 200, height: 60), "minilm-200x60.txt")
    }
    func testMiniLMScreenAt80x24() {
        check(Fixtures.miniLMCore(size: Size(width: 80, height: 24)), Size(width: 80, height: 24), "minilm-80x24.txt")
    }
    func testMiniLMScreenAt40x12() {
        check(Fixtures.miniLMCore(size: Size(width: 40, height: 12)), Size(width: 40, height: 12), "minilm-40x12.txt")
    }
}
