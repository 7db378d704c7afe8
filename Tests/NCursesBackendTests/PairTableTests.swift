import NCursesBackend
import ScopeUI
import XCTest

final class PairTableTests: XCTestCase {
    func testDefaultColoursArePairZeroAndNewKeysGetIncreasingNumbers() {
        var table = PairTable(colorPairs: 4)
        XCTAssertEqual(table.pair(for: .terminalDefault), .existing(0))
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 1, bg: 2)), .new(1))
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 3, bg: -1)), .new(2))
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 1, bg: 2)), .existing(1))
    }

    func testAFullTableSaysSoUntilReset() {
        var table = PairTable(colorPairs: 3)
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 1, bg: 1)), .new(1))
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 2, bg: 2)), .new(2))
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 3, bg: 3)), .full)
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 2, bg: 2)), .existing(2), "known keys still resolve")
        table.reset()
        XCTAssertEqual(table.count, 0)
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 3, bg: 3)), .new(1))
    }

    func testNoPairsAtAllOnlyHasTheDefault() {
        var table = PairTable(colorPairs: 0)
        XCTAssertEqual(table.pair(for: .terminalDefault), .existing(0))
        XCTAssertEqual(table.pair(for: ColorPairKey(fg: 1, bg: 1)), .full)
    }
}
