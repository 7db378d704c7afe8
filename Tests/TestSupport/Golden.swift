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
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                XCTFail(
                    "recorded \(url.lastPathComponent); unset RECORD_SNAPSHOTS and run again", file: file, line: line)
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
        XCTFail(
            "\(url.lastPathComponent) differs:\n" + lineDiff(expected: expected, actual: actual), file: file, line: line
        )
    }

    /// Asserts that `actual` bytes equal the file at `url` (for PNG and other binary goldens).
    public static func assertData(_ actual: Data, matches url: URL, file: StaticString = #filePath, line: UInt = #line)
    {
        if recording {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url)
            XCTFail("recorded \(url.lastPathComponent); unset RECORD_SNAPSHOTS and run again", file: file, line: line)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            XCTFail("no golden file \(url.path); record it with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        XCTAssertEqual(
            expected, actual, "\(url.lastPathComponent) differs (\(expected.count) vs \(actual.count) bytes)",
            file: file, line: line)
    }

    /// A line diff by longest common subsequence, as `diff -u` shows it: `-` lines only in `expected`, `+` lines
    /// only in `actual`, with up to `context` unchanged lines around each change and `@@` line numbers; an
    /// inserted line shifts nothing after it. At most `limit` lines are printed.
    public static func lineDiff(expected: String, actual: String, context: Int = 2, limit: Int = 80) -> String {
        let e = expected.components(separatedBy: "\n")
        let a = actual.components(separatedBy: "\n")
        // lcs[i][j]: the longest common subsequence of e[i...] and a[j...]
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: a.count + 1), count: e.count + 1)
        for i in stride(from: e.count - 1, through: 0, by: -1) {
            for j in stride(from: a.count - 1, through: 0, by: -1) {
                lcs[i][j] = e[i] == a[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        enum Op {
            case same(Int, Int)
            case removed(Int, Int)
            case added(Int, Int)
        }
        var ops: [Op] = []
        var i = 0
        var j = 0
        while i < e.count || j < a.count {
            if i < e.count && j < a.count && e[i] == a[j] {
                ops.append(.same(i, j))
                i += 1
                j += 1
            } else if i < e.count && (j == a.count || lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.append(.removed(i, j))
                i += 1
            } else {
                ops.append(.added(i, j))
                j += 1
            }
        }
        let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
        var shown = Set<Int>()
        for k in changed { for c in max(0, k - context)...min(ops.count - 1, k + context) { shown.insert(c) } }
        var out: [String] = []
        var last = -2
        for k in shown.sorted() {
            if k != last + 1 {
                switch ops[k] {
                case .same(let x, let y), .removed(let x, let y), .added(let x, let y):
                    out.append("@@ -\(x + 1) +\(y + 1) @@")
                }
            }
            last = k
            switch ops[k] {
            case .same(let x, _): out.append("  " + e[x])
            case .removed(let x, _): out.append("- " + e[x])
            case .added(_, let y): out.append("+ " + a[y])
            }
            if out.count >= limit {
                out.append("... (\(changed.count) changed lines in all)")
                break
            }
        }
        return out.joined(separator: "\n")
    }

    /// The folder a test file's goldens live in: `<dir of the test file>/Goldens/<name>`.
    public static func url(_ name: String, besides testFile: String = #filePath) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Goldens")
            .appendingPathComponent(name)
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
