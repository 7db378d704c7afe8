import BertKit
import XCTest

/// The process-wide malloc policy is an explicit, repeatable call.
final class HeapPolicyTests: XCTestCase {
    func testGlibcTakesThePolicyAndASecondCallChangesNothing() {
        #if canImport(Glibc)
        XCTAssertTrue(HeapPolicy.keepFreedOutputs())
        XCTAssertTrue(HeapPolicy.keepFreedOutputs())
        #else
        XCTAssertFalse(HeapPolicy.keepFreedOutputs(), "nothing to set outside glibc")
        #endif
    }
}
