import Foundation
import TestSupport
import XCTest

/// The command-line faults a reliability run found: misleading messages for negative or out-of-range numbers and
/// unknown options, unbounded sizes, and writes to a full or closed standard output that trapped or exited 0.
final class CommandLineReliabilityTests: XCTestCase {
    var tiny: String { TestPaths.fixtures.appendingPathComponent("models/tiny-bert").path }
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "bertscope-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func assertFails(_ args: [String], naming fragment: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let r = try BinaryRunner.run(args)
        let what = args.joined(separator: " ")
        XCTAssertEqual(r.status, 2, "\(what): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(what): \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(fragment), "\(what): \(r.stderr)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Missing value"), "\(what): \(r.stderr)", file: file, line: line)
    }

    func testNegativeAndOutOfRangeNumbersNameTheOptionAndTheRange() throws {
        let out = dir + "/x.png"
        try assertFails(
            ["render", "--model", tiny, "--layer", "-1", "-o", out, "hi"], naming: "--layer -1: the model has layers 0")
        try assertFails(
            ["render", "--model", tiny, "--token", "-5", "-o", out, "hi"], naming: "--token -5: the input has 3 tokens")
        try assertFails(["render", "--model", tiny, "--token", "999", "-o", out, "hi"], naming: "--token 999")
        try assertFails(["explore", "--model", tiny, "--layer", "-1"], naming: "--layer -1")
        try assertFails(["explore", "--model", tiny, "--head", "grid"], naming: "--head grid is for render")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    func testAnUnknownOptionIsNamedEvenWithoutTheSentence() throws {
        try assertFails(["inspect", "-x"], naming: "Unknown option '-x'")
        try assertFails(["inspect"], naming: "<sentence>")
    }

    func testHeadIsOneTypeEverywhere() throws {
        let r = try BinaryRunner.run(["render", "--model", tiny, "--head", "avg", "-o", dir + "/a.svg", "hi"])
        XCTAssertEqual(r.status, 0, r.stderr)
        try assertFails(["render", "--model", tiny, "--head", "0", "-o", dir + "/a.svg", "hi"], naming: "--head")
    }

    func testTheScreenSizeHasAnUpperBound() throws {
        try assertFails(
            ["render", "--model", tiny, "--view", "screen", "--size", "100000x100000", "-o", dir + "/s.svg", "hi"],
            naming: "each side must be 1 to 1000 cells")
        try assertFails(
            ["render", "--model", tiny, "--size", "100000x100", "-o", dir + "/s.png", "hi"], naming: "pixels")
    }

    func testAFullStandardOutputIsAnErrorNotATrapOrExitZero() throws {
        for args in [
            ["render", "--model", tiny, "-o", "-", "--format", "png", "hi"], ["inspect", "--model", tiny, "hi"],
        ] {
            let r = try run(args, stdout: "/dev/full")
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, "bertscope: cannot write standard output: no space left on the device\n")
        }
    }

    func testSaveIntoAFolderNameIsRefused() throws {
        try assertFails(["inspect", "--model", tiny, "--save", dir + "/newdir/", "hi"], naming: "ends in /")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    func testAnEscapeSequenceInAFileNameDoesNotReachTheTerminal() throws {
        let r = try BinaryRunner.run(["render", "--model", tiny, "-o", dir + "/no\u{1B}[2J/x.png", "hi"])
        XCTAssertEqual(r.status, 2)
        XCTAssertFalse(r.stderr.contains("\u{1B}"), r.stderr)
        XCTAssertTrue(r.stderr.contains("\\u{1B}[2J"), r.stderr)
    }

    /// Runs the binary with standard output sent to `stdout` (a path such as /dev/full).
    func run(_ args: [String], stdout: String) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = BinaryRunner.binary
        p.arguments = args
        let err = Pipe()
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
