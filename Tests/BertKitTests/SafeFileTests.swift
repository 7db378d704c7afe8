import Foundation
import XCTest

@testable import BertKit

#if canImport(Glibc)
import Glibc
#endif

final class SafeFileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "bertscope-safefile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        chmod(dir, 0o755)
        try? FileManager.default.removeItem(atPath: dir)
    }

    func contents(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? []
    }

    func testWritesTheBytesAndLeavesNoTemporaryFile() throws {
        try SafeFile.write(Data([1, 2, 3]), to: dir + "/a.png")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/a.png")), Data([1, 2, 3]))
        XCTAssertEqual(contents(dir), ["a.png"])
    }

    func testReplacesAnExistingFileWhole() throws {
        try SafeFile.write("old and long", to: dir + "/a.svg")
        try SafeFile.write("new", to: dir + "/a.svg")
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.svg", encoding: .utf8), "new")
    }

    func testAMissingFolderIsAOneLineErrorNamingThePath() {
        let path = dir + "/no/such/folder/a.png"
        XCTAssertThrowsError(try SafeFile.write(Data([1]), to: path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(path), message)
            XCTAssertTrue(message.contains("does not exist"), message)
            XCTAssertFalse(message.contains("\n"))
        }
        XCTAssertEqual(contents(dir), [])
    }

    func testAFolderAsTargetIsRefused() throws {
        try FileManager.default.createDirectory(atPath: dir + "/x.svg", withIntermediateDirectories: false)
        XCTAssertThrowsError(try SafeFile.write("a", to: dir + "/x.svg")) { error in
            XCTAssertTrue("\(error)".contains("is a folder"), "\(error)")
        }
    }

    func testAFolderWithoutWritePermissionLeavesNoFile() throws {
        // Root ignores permission bits; /sys refuses file creation to everyone on Linux.
        var target = dir + "/ro/a.png"
        if geteuid() == 0 {
            guard FileManager.default.fileExists(atPath: "/sys/kernel") else {
                throw XCTSkip("running as root without /sys")
            }
            target = "/sys/kernel/bertscope-test.png"
        } else {
            try FileManager.default.createDirectory(atPath: dir + "/ro", withIntermediateDirectories: false)
            chmod(dir + "/ro", 0o555)
        }
        let folder = (target as NSString).deletingLastPathComponent
        let before = contents(folder)
        XCTAssertThrowsError(try SafeFile.write(Data([1, 2]), to: target)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(target), message)
            XCTAssertTrue(message.contains("permission denied"), message)
        }
        XCTAssertEqual(contents(folder), before)
    }

    func testAFullDiskMidWriteRemovesTheTemporaryFileAndKeepsTheOldOne() throws {
        try SafeFile.write("previous figure", to: dir + "/a.svg")
        var calls = SafeFile.Calls.system
        calls.write = { fd, p, n in
            // Accept a little, then fail as a full disk does.
            if n > 4 { return SafeFile.Calls.system.write(fd, p, 4) }
            errno = ENOSPC
            return -1
        }
        XCTAssertThrowsError(try SafeFile.write(Data(repeating: 65, count: 1000), to: dir + "/a.svg", calls: calls)) {
            error in
            XCTAssertEqual("\(error)", "cannot write \(self.dir)/a.svg: no space left on the device")
        }
        XCTAssertEqual(contents(dir), ["a.svg"], "no temporary file left behind")
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.svg", encoding: .utf8), "previous figure")
    }

    func testAFailedFlushIsReportedToo() throws {
        var calls = SafeFile.Calls.system
        calls.fsync = { _ in
            errno = EIO
            return -1
        }
        XCTAssertThrowsError(try SafeFile.write(Data([1]), to: dir + "/b.png", calls: calls))
        XCTAssertEqual(contents(dir), [])
    }
}
