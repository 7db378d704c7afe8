import Foundation
import TestSupport
import XCTest

/// `--budget` is checked before the screen is touched: a bad value is one line naming the option, exit status 2.
final class BudgetOptionTests: XCTestCase {
    var tiny: String { TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path }

    func testABadBudgetIsOneLineNamingTheOption() throws {
        for value in ["abc", "12", "-5", "1e9"] {
            let r = try BinaryRunner.run(["explore", "--model", tiny, "--budget", value, "hi"])
            XCTAssertEqual(r.status, 2, "\(value): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(value): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("--budget"), "\(value): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("1000 to 100000000, or none"), "names the range: \(r.stderr)")
        }
    }
}
