import Benchmarks
import BertKit
import Foundation
import TestSupport
import XCTest

/// The heads benchmark times the work it says it does (how long it takes is for `bertscope bench`, not tests).
final class HeadBenchTests: XCTestCase {
    func model(_ name: String) throws -> BertModel {
        try BertModel(directory: TestPaths.fixtures.appendingPathComponent("models/\(name)"))
    }

    func testFillMaskAndLensAreTimedOnAModelWithAnMLMHead() throws {
        let r = try XCTUnwrap(HeadBench.run(model: try model("heads-mlm-hf"), tokens: 24, minRuns: 3, seconds: 0))
        XCTAssertEqual(r.tokens, 24)
        XCTAssertEqual(r.masks, 3)
        XCTAssertGreaterThanOrEqual(r.fillMaskMs, 0)
        XCTAssertTrue(r.lensMs.isFinite && r.encodeMs.isFinite)
    }

    func testModelsWithoutAnMLMHeadAreNotTimed() throws {
        XCTAssertNil(HeadBench.run(model: try model("heads-seqcls-hf"), tokens: 16, minRuns: 1, seconds: 0))
    }
}
