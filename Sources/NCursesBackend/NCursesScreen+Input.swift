import CNCursesW
import ScopeUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NCursesScreen {
    /// The screen's size now. The kernel's idea (TIOCGWINSZ) wins over ncurses' when they differ,
    /// because SIGWINCH can be missed; ncurses is resized to match. Never smaller than 1x1.
    public func currentSize() -> Size {
        let win = window
        if fixedSize == nil {
            var rows: Int32 = 0, cols: Int32 = 0
            cncw_window_size(outputFD, &rows, &cols)
            if rows > 0 && cols > 0 && (rows != cncw_lines() || cols != cncw_cols()) {
                resizeterm(rows, cols)
            }
        }
        return Size(width: max(1, Int(cncw_getmaxx(win))), height: max(1, Int(cncw_getmaxy(win))))
    }

    /// Waits up to `timeout` milliseconds for input, a wake-up (`TerminalGuard.wake`, used by the
    /// encode worker) or a signal, then returns every event that is ready. A size change is reported
    /// as `.resize` (checked on every call, not only on KEY_RESIZE). The screen handles two keys
    /// itself: Ctrl-Z suspends (job control) and Ctrl-L repaints everything (reported as a `.resize`
    /// to the same size, so the loop draws a fresh frame).
    public func nextEvents(timeout: Int32) -> [InputEvent] {
        guard isOpen else { return [] }
        let wait = decoder.isInsideSequence ? min(timeout, 100) : timeout
        waitForInput(timeout: wait)
        var events: [InputEvent] = []
        let win = window
        var ch: wint_t = 0
        var readAny = false
        while true {
            let r = wget_wch(win, &ch)
            if r == ERR { break }
            readAny = true
            let now = clock()
            if r == KEY_CODE_YES {
                let code = Int32(bitPattern: ch)
                if code == KEY_RESIZE { continue }  // the size check below reports it
                events += decoder.decode(.keyCode(Self.plainKeyCode(code)), now: now)
            } else if ch == 26 && !decoder.isInsideSequence {
                suspend()
            } else if ch == 12 && !decoder.isInsideSequence {
                // Ctrl-L: repaint everything (after line noise, or a program that wrote over us).
                invalidate()
                reportedSize = nil
            } else {
                events += decoder.decode(.character(ch), now: now)
            }
        }
        // The terminal went away (hang-up and nothing left to read) without a SIGHUP reaching us:
        // end as if it had, rather than spin on a descriptor that is always "ready".
        if hangupSeen && !readAny { inputClosed = true }
        events += decoder.flushStaleSequence(now: clock())
        events = InputDecoder.mergeGraphemes(events)
        let size = currentSize()
        if size != reportedSize {
            invalidate()
            reportedSize = size
            events.append(.resize(size))
        }
        return events
    }

    /// Blocks in poll() on the input and the wake pipe (returns early on input, wake-up or signal).
    func waitForInput(timeout: Int32) {
        var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)]
        if wakeFD >= 0 { fds.append(pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)) }
        let n = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeout) }
        if n > 0 && wakeFD >= 0 && fds[1].revents != 0 { TerminalGuard.drainWakePipe() }
        hangupSeen = n > 0 && fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// ncurses' code for modified arrows and Home/End (xterm's kLFT5, kRIT3, ...: codes above
    /// KEY_MAX named by the terminfo entry) folded into the plain key; other codes unchanged.
    static func plainKeyCode(_ code: Int32) -> Int32 {
        guard code > KEY_MAX, let cName = keyname(code) else { return code }
        let name = String(cString: cName)
        let table: [(String, Int32)] = [
            ("kLFT", KEY_LEFT), ("kRIT", KEY_RIGHT), ("kUP", KEY_UP), ("kDN", KEY_DOWN),
            ("kHOM", KEY_HOME), ("kEND", KEY_END), ("kPRV", KEY_PPAGE), ("kNXT", KEY_NPAGE), ("kDC", KEY_DC),
        ]
        for (prefix, key) in table where name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy(\.isNumber) {
            return key
        }
        return code
    }

    /// Ctrl-Z: gives the terminal back, stops the process (job control resumes it), then repaints.
    func suspend() {
        guard fixedSize == nil else { return }
        writeRaw(modesOff)
        def_prog_mode()
        endwin()
        kill(getpid(), SIGSTOP)
        reset_prog_mode()
        invalidate()
        wnoutrefresh(window)
        doupdate()
        writeRaw(modesOn)
    }
}
