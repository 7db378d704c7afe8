import XCTest
final class ExportTestsSmoke: XCTestCase { func testBuilds() {} }
