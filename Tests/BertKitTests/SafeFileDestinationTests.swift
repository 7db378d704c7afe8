import Foundation
import XCTest

@testable import BertKit

#if canImport(Glibc)
import Glibc
#endif

/// Where an atomic write lands: through symlinks, never over a device, FIFO or folder, keeping the file's mode,
/// and never as a file named after a folder the user meant (`--save newdir/`).
final class SafeFileDestinationTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "bertscope-destination-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWritesThroughASymlinkAndKeepsTheLink() throws {
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        try "old".write(toFile: dir + "/real/target.svg", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.svg", withDestinationPath: "real/target.svg")
        try SafeFile.write("new", to: dir + "/link.svg")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.svg"), "real/target.svg")
        XCTAssertEqual(try String(contentsOfFile: dir + "/real/target.svg", encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/real"), ["target.svg"])
    }

    func testADanglingSymlinkCreatesItsTarget() throws {
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.png", withDestinationPath: dir + "/made.png")
        try SafeFile.write(Data([7]), to: dir + "/link.png")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/made.png")), Data([7]))
    }

    func testKeepsTheModeOfTheFileItReplaces() throws {
        try "secret".write(toFile: dir + "/a.safetensors", atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(dir + "/a.safetensors", 0o600), 0)
        try SafeFile.write("new", to: dir + "/a.safetensors")
        var st = stat()
        XCTAssertEqual(stat(dir + "/a.safetensors", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }

    func testRefusesDevicesAndFIFOs() throws {
        XCTAssertEqual(mkfifo(dir + "/fifo", 0o600), 0)
        XCTAssertTrue(message { try SafeFile.write("x", to: dir + "/fifo") }.contains("not a regular file"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/null", withDestinationPath: "/dev/null")
        XCTAssertTrue(message { try SafeFile.write("x", to: dir + "/null") }.contains("not a regular file"))
        var st = stat()
        XCTAssertEqual(lstat("/dev/null", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/null is still the device")
    }

    func testAPathEndingInASlashIsAFolderNotAFileNamedAfterIt() throws {
        let m = message { try SafeFile.write("x", to: dir + "/newdir/") }
        XCTAssertTrue(m.contains("ends in /"), m)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/newdir"))
    }

    func testWritesToAClosedOrFullDescriptorAreErrors() throws {
        let m = message { try SafeFile.writeAll(Data([1]), to: 999, name: "standard output") }
        XCTAssertEqual(m, "cannot write standard output: it is closed")
        let full = open("/dev/full", O_WRONLY)
        defer { close(full) }
        XCTAssertTrue(message { try SafeFile.writeAll(Data([1]), to: full, name: "x") }.contains("no space left"))
    }
}
