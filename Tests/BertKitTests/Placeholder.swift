import XCTest
final class BertKitTestsSmoke: XCTestCase { func testBuilds() {} }
