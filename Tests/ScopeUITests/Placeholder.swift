import XCTest
final class ScopeUITestsSmoke: XCTestCase { func testBuilds() {} }
