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
            var rows: Int32 = 0
            var cols: Int32 = 0
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
                if decoder.isPasting { events += readPaste() }
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
        if decoder.isPasting { events += readPaste() }
        events += decoder.flushStaleSequence(now: clock())
        if !decoder.isPasting { pasteBytes.removeAll() }  // a paste whose end never came was finished as it was
        events = InputDecoder.mergeGraphemes(events)
        let size = currentSize()
        if size != reportedSize {
            invalidate()
            reportedSize = size
            events.append(.resize(size))
        }
        return events
    }

    /// The end of a bracketed paste, `ESC [ 201 ~`.
    static let pasteEndMarker: [UInt8] = Array("\u{1B}[201~".utf8)

    /// While a bracketed paste is being collected, reads it straight from the terminal in large chunks up to
    /// its end marker (ncurses reads one byte per system call: a 1,000,000-character paste took ten seconds).
    /// Bytes after the marker go back to ncurses. Returns the paste's event once its end has arrived.
    func readPaste() -> [InputEvent] {
        var events: [InputEvent] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let marker = Self.pasteEndMarker
        while decoder.isPasting {
            var p = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, 0) > 0 && p.revents & Int16(POLLIN) != 0
            let n = ready ? buffer.withUnsafeMutableBytes { read(inputFD, $0.baseAddress, $0.count) } : 0
            if n > 0 { pasteBytes += buffer[0..<n] }
            if let end = Self.firstIndex(of: marker, in: pasteBytes) {
                feedPaste(pasteBytes[..<end])
                events += decoder.decode(.keyCode(InputDecoder.pasteEndCode), now: clock())
                // What followed the paste is ncurses' to decode again (ungetch pushes to the front).
                for b in pasteBytes[(end + marker.count)...].reversed() { ungetch(Int32(b)) }
                pasteBytes = []
                break
            }
            // Decode all but what may be the start of the marker or of a character cut by the read.
            var keep = pasteBytes.count
            for length in stride(from: min(marker.count - 1, pasteBytes.count), to: 0, by: -1)
            where Array(pasteBytes.suffix(length)) == Array(marker.prefix(length)) {
                keep = pasteBytes.count - length
                break
            }
            var start = keep
            var lead = keep - 1
            while lead >= 0 && keep - lead < 4 && pasteBytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            if lead >= 0 && pasteBytes[lead] >= 0xC0 {
                let length = pasteBytes[lead] >= 0xF0 ? 4 : pasteBytes[lead] >= 0xE0 ? 3 : 2
                if keep - lead < length { start = lead }  // cut by the read: the rest comes with the next one
            }
            feedPaste(pasteBytes[..<start])
            pasteBytes.removeFirst(start)
            if n <= 0 { break }
        }
        return events
    }

    /// Hands UTF-8 bytes of a paste to the decoder.
    func feedPaste(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        let now = clock()
        for s in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            _ = decoder.decode(.character(s.value), now: now)
        }
    }

    /// Where `needle` first occurs in `haystack`.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            guard let j = haystack[i...].firstIndex(of: first), j + needle.count <= haystack.count else { return nil }
            if haystack[j..<(j + needle.count)].elementsEqual(needle) { return j }
            i = j + 1
        }
        return nil
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
