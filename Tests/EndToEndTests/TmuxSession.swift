import Foundation
import TestSupport
import XCTest

/// A private tmux server running one command in a detached window of a given size: keys go in
/// with `send-keys`, the screen comes out with `capture-pane`. The server has its own socket
/// (`tmux -L`), so tests never touch the user's tmux, and `kill()` ends it.
final class TmuxSession {
    /// The socket name, unique per session.
    let socket: String
    /// The shell command the pane runs.
    let command: String

    /// Output and status of one tmux call.
    struct Result {
        let status: Int32
        let output: String
    }

    /// Starts `command` (a shell command line) in a `width` x `height` window. The pane stays
    /// on screen after the command ends (`remain-on-exit`), so what it left can still be read.
    init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        socket = "bertscope-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.command = command
        var args = ["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)"]
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(k)=\(v)"] }
        args += [command, ";", "set-option", "-g", "remain-on-exit", "on"]
        let r = try tmux(args)
        guard r.status == 0 else {
            throw NSError(
                domain: "TmuxSession", code: Int(r.status),
                userInfo: [NSLocalizedDescriptionKey: "tmux new-session failed: \(r.output)"])
        }
    }

    /// Ends the server (and whatever still runs in it).
    func kill() {
        _ = try? tmux(["kill-server"])
    }

    /// Runs `tmux -L <socket> args...` and returns its status and standard output (plus error).
    ///
    /// Spawned with posix_spawn and reaped with waitpid rather than through Foundation's Process:
    /// `new-session` forks the tmux server, which inherits the client's descriptors, and Process
    /// (like a pipe) would then wait for the server to end, not the client.
    @discardableResult
    func tmux(_ args: [String]) throws -> Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bertscope-tmux-\(UUID().uuidString)")
            .path
        defer { unlink(path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The panes inherit the server's environment: leave out what the test runner's terminal set
        // (swift test sets NO_COLOR=1), so each test states its own colour settings.
        var env = ProcessInfo.processInfo.environment
        for key in ["TMUX", "TMUX_PANE", "NO_COLOR", "COLORTERM", "TERM", "LINES", "COLUMNS", "ESCDELAY"] {
            env.removeValue(forKey: key)
        }
        let argv = ["tmux", "-L", socket] + args
        let envp = env.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cArgs in
            withCStrings(envp) { cEnv in posix_spawnp(&pid, "tmux", &actions, nil, cArgs, cEnv) }
        }
        guard spawned == 0 else {
            throw NSError(
                domain: "TmuxSession", code: Int(spawned),
                userInfo: [NSLocalizedDescriptionKey: "cannot run tmux (errno \(spawned))"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exitStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Sends tmux key names (`Escape`, `PageDown`, `C-c`, `q`, ...).
    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "e2e"] + keys)
    }

    /// Sends `text` as typed characters (or raw bytes such as a mouse report).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "e2e", "-l", text])
    }

    /// Pastes `text` the way a terminal does, bracketed if the program asked for it.
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "e2e", text])
        try tmux(["paste-buffer", "-p", "-d", "-b", "e2e", "-t", "e2e"])
    }

    /// Pastes a large `text` (beyond what one command-line argument may hold) through a file.
    func pasteLarge(_ text: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bertscope-paste-\(UUID().uuidString)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try tmux(["load-buffer", "-b", "e2e", file.path])
        try tmux(["paste-buffer", "-p", "-d", "-b", "e2e", "-t", "e2e"])
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The visible screen as text, one line per row (trailing blanks trimmed by tmux); with
    /// `history`, the lines scrolled off the top too.
    func screen(history: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "e2e"] + (history ? ["-S", "-"] : [])).output
    }

    /// The visible screen with colours and attributes as escape sequences.
    func screenWithEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", "e2e"]).output
    }

    /// A tmux format evaluated for the pane (`#{alternate_on}`, `#{pane_pid}`, ...).
    func format(_ f: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "e2e", f]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen every 50 ms until `condition` holds; fails with the last screen after `timeout` seconds.
    @discardableResult
    func waitFor(
        _ what: String, timeout: TimeInterval = 10, history: Bool = false, file: StaticString = #filePath,
        line: UInt = #line, _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while true {
            last = try screen(history: history)
            if condition(last) { return last }
            if Date() >= deadline { break }
            usleep(50_000)
        }
        XCTFail("timed out after \(timeout) s waiting for \(what); the screen was:\n\(last)", file: file, line: line)
        return last
    }

    /// Waits until the screen has settled: two captures in a row (colours and attributes included,
    /// `interval` apart) are identical. Returns that screen; fails with the last one after `timeout` seconds.
    @discardableResult
    func waitForSettledScreen(
        interval: TimeInterval = 0.15, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try screenWithEscapes()
        while Date() < deadline {
            usleep(useconds_t(interval * 1_000_000))
            let now = try screenWithEscapes()
            if now == last { return now }
            last = now
        }
        XCTFail("the screen kept changing for \(timeout) s; the last one was:\n\(last)", file: file, line: line)
        return last
    }

    /// Waits until the screen (with `history`, also the lines above it) contains `text`.
    @discardableResult
    func waitFor(
        text: String, timeout: TimeInterval = 10, history: Bool = false, file: StaticString = #filePath,
        line: UInt = #line
    ) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, history: history, file: file, line: line) { $0.contains(text) }
    }

    /// Waits until the program has ended and the shell printed its exit status (see `commandLine`).
    @discardableResult
    func waitForExit(status: Int32, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor(text: "EXITED:\(status)", history: true, file: file, line: line)
    }

    /// The process ids whose parent is the pane's shell (the program under test).
    func childPIDs() throws -> [Int32] {
        guard let shell = Int32(try format("#{pane_pid}")) else { return [] }
        var pids: [Int32] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // "pid (comm) state ppid ...": the parent is the second field after the command name.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == shell { pids.append(pid) }
        }
        return pids
    }

    /// A shell command line that runs `binary args...`, prints `EXITED:<status>`, and keeps the
    /// shell alive, so the pane shows the terminal as the program left it to a live shell.
    /// With `reportTTY`, the shell then prints `TTY:` and the line-discipline flags that are on
    /// (of icanon, echo, isig, icrnl, opost: all five on a sane terminal).
    static func commandLine(binary: String, arguments: [String], prefix: String = "", reportTTY: Bool = false) -> String
    {
        let quoted = ([binary] + arguments).map(shellQuote).joined(separator: " ")
        let tty =
            reportTTY
            ? "; echo TTY:$(stty -a | tr -s ' ;\\n' '\\n\\n\\n' | grep -x -e icanon -e echo -e isig -e icrnl -e opost | sort | tr '\\n' ' ')"
            : ""
        return "\(prefix)\(quoted); echo EXITED:$?\(tty); exec sleep 3600"
    }

    /// The `TTY:` line `commandLine(reportTTY:)` printed, as a set of flags (nil before it appeared).
    func reportedTTYFlags() throws -> Set<String>? {
        let lines = try screen(history: true).split(separator: "\n")
        guard let line = lines.last(where: { $0.hasPrefix("TTY:") }) else { return nil }
        return Set(line.dropFirst(4).split(separator: " ").map(String.init))
    }

    /// `s` in single quotes for sh.
    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Calls `body` with `strings` as a NULL-terminated C array.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}

/// A pane captured with `capture-pane -e`, decoded into cells: the character and its SGR colours as
/// tmux reports them (`30`-`37`/`90`-`97` as ANSI 0-15, `38;5;n` as n, `38;2;r;g;b` as 0x1000000 + rgb).
struct CapturedScreen {
    /// One cell: its text and colours (nil: the terminal's default).
    struct Cell: Hashable {
        var text: String
        var fg: Int?
        var bg: Int?
        var bold: Bool
    }

    /// Rows of cells.
    let rows: [[Cell]]

    init(_ escaped: String) {
        var rows: [[Cell]] = []
        for line in escaped.split(separator: "\n", omittingEmptySubsequences: false) {
            var row: [Cell] = []
            var fg: Int?
            var bg: Int?
            var bold = false
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i < scalars.count {
                if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                    var j = i + 2
                    var params = ""
                    while j < scalars.count, !("@"..."~").contains(scalars[j]) {
                        params.unicodeScalars.append(scalars[j])
                        j += 1
                    }
                    if j < scalars.count, scalars[j] == "m" {
                        let p = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                        var k = 0
                        while k < p.count {
                            switch p[k] {
                            case 0: (fg, bg, bold) = (nil, nil, false)
                            case 1: bold = true
                            case 22: bold = false
                            case 30...37: fg = p[k] - 30
                            case 90...97: fg = p[k] - 90 + 8
                            case 40...47: bg = p[k] - 40
                            case 100...107: bg = p[k] - 100 + 8
                            case 39: fg = nil
                            case 49: bg = nil
                            case 38, 48:
                                let code = p[k]
                                var value: Int?
                                if k + 2 < p.count, p[k + 1] == 5 {
                                    value = p[k + 2]
                                    k += 2
                                } else if k + 4 < p.count, p[k + 1] == 2 {
                                    value = 0x100_0000 + (p[k + 2] << 16) + (p[k + 3] << 8) + p[k + 4]
                                    k += 4
                                }
                                if code == 38 { fg = value } else { bg = value }
                            default: break
                            }
                            k += 1
                        }
                    }
                    i = j + 1
                    continue
                }
                row.append(Cell(text: String(scalars[i]), fg: fg, bg: bg, bold: bold))
                i += 1
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// The row's text.
    func text(_ y: Int) -> String { rows[y].map(\.text).joined() }
}
