import CSignals
import Foundation
import XCTest

@testable import NCursesBackend

/// The signal guard in this very process: a pipe stands in for the tty, `raise` for `kill`.
final class TerminalGuardTests: XCTestCase {
    /// True when `fd` has something to read right now.
    func readable(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 1
    }

    /// Everything readable from a non-blocking `fd` now.
    func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }

    func testDrainingTheWakePipeLetsPollBlockAgain() {
        let fd = bsig_wake_pipe_open()
        XCTAssertGreaterThanOrEqual(fd, 0)
        _ = bsig_wake_pipe_drain()
        for _ in 0..<3 { TerminalGuard.wake() }
        XCTAssertTrue(readable(fd), "a wake-up makes poll return")
        XCTAssertEqual(bsig_wake_pipe_drain(), 3, "every wake-up byte is read")
        XCTAssertFalse(readable(fd), "after draining, an idle poll waits instead of spinning")
    }

    func testASignalRestoresTheTerminalInsideTheHandlerAndSilencesTheUI() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let (ttyRead, ttyWrite) = (fds[0], fds[1])
        defer { close(ttyRead) }
        _ = fcntl(ttyRead, F_SETFL, fcntl(ttyRead, F_GETFL) | O_NONBLOCK)
        let restore = Array("\u{1B}[?2004l\u{1B}[?1049l".utf8)
        let wake = try TerminalGuard.activate(ttyFD: ttyWrite, restore: restore)
        defer {
            TerminalGuard.deactivate()
            close(ttyWrite)
        }
        _ = bsig_wake_pipe_drain()
        XCTAssertNil(TerminalGuard.pendingSignal)
        XCTAssertFalse(TerminalGuard.terminalRestored)

        raise(SIGTERM)

        XCTAssertEqual(TerminalGuard.pendingSignal, SIGTERM, "the loop is told which signal")
        XCTAssertTrue(TerminalGuard.terminalRestored, "restored before the loop even looked")
        XCTAssertTrue(readable(wake), "the loop is woken")
        XCTAssertEqual(readAll(ttyRead), [0x18] + restore, "CAN, then the restore bytes, reached the tty")
        // What the UI writes afterwards goes to /dev/null, not onto the shell's screen.
        let n = write(ttyWrite, "frame", 5)
        XCTAssertEqual(n, 5)
        XCTAssertEqual(readAll(ttyRead), [], "nothing drawn after the restore reaches the tty")
        _ = bsig_wake_pipe_drain()
    }
}
