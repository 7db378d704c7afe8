import Foundation
import XCTest

/// Golden-file assertions: compare against a committed file; record only when `RECORD_SNAPSHOTS=1` is set
/// (and then still fail, so a recording run is never mistaken for a passing one).
public enum Golden {
    /// True when the developer asked to (re)record goldens.
    public static var recording: Bool {
        ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    }

    /// Asserts that `actual` equals the text in `url`; prints a line diff when not.
    public static func assertText(
        _ actual: String, matches url: URL, file: StaticString = #filePath, line: UInt = #line
    ) {
        if recording {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                XCTFail("recorded \(url.lastPathComponent); unset RECORD_SNAPSHOTS and run again", file: file, line: line)
            } catch {
                XCTFail("could not record \(url.path): \(error)", file: file, line: line)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("no golden file \(url.path); record it with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        guard expected != actual else { return }
        XCTFail("\(url.lastPathComponent) differs:\n" + lineDiff(expected: expected, actual: actual), file: file, line: line)
    }

    /// Asserts that `actual` bytes equal the file at `url` (for PNG and other binary goldens).
    public static func assertData(_ actual: Data, matches url: URL, file: StaticString = #filePath, line: UInt = #line) {
        if recording {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url)
            XCTFail("recorded \(url.lastPathComponent); unset RECORD_SNAPSHOTS and run again", file: file, line: line)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            XCTFail("no golden file \(url.path); record it with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        XCTAssertEqual(expected, actual, "\(url.lastPathComponent) differs (\(expected.count) vs \(actual.count) bytes)", file: file, line: line)
    }

    /// A minimal line diff: `-` expected, `+` actual, for the lines that differ (at most 40 shown).
    public static func lineDiff(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[i] : nil, al = i < a.count ? a[i] : nil
            if el != al {
                if let el { out.append("-\(i + 1): \(el)") }
                if let al { out.append("+\(i + 1): \(al)") }
            }
            if out.count >= 40 {
                out.append("...")
                break
            }
        }
        return out.joined(separator: "\n")
    }

    /// The folder a test file's goldens live in: `<dir of the test file>/Goldens/<name>`.
    public static func url(_ name: String, besides testFile: String = #filePath) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Goldens").appendingPathComponent(name)
    }
}

/// Paths of things the tests share.
public enum TestPaths {
    /// The repository root (found from this file's location).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Shared fixtures outside any one test target (e.g. the tiny random BERT checkpoints).
    public static let fixtures: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures")
}
