import CSignals

/// Restores the terminal whatever happens. A graceful signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT)
/// gives the terminal back inside the handler, then wakes the run loop, which ends; crashes and
/// `exit()` write the saved restore bytes and termios straight to the tty. The state lives once,
/// in the `CSignals` C target.
enum TerminalGuard {
    /// Saves the tty state, installs the handlers and opens the wake pipe; returns the pipe's read end.
    /// Call before `newterm` so ncurses leaves our SIGINT/SIGTERM handlers in place.
    static func activate(ttyFD: Int32, restore: [UInt8]) throws -> Int32 {
        let status = restore.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    bsig_guard_activate(ttyFD, $0, buf.count)
                }
            } ?? bsig_guard_activate(ttyFD, nil, 0)
        }
        let wake = bsig_wake_pipe_open()
        guard status == 0, wake >= 0 else {
            throw TerminalError.startFailed("could not create the wake-up pipe or open /dev/null")
        }
        return wake
    }

    /// Replaces the bytes written on an emergency restore.
    static func setRestoreBytes(_ restore: [UInt8]) {
        restore.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return bsig_guard_set_restore(nil, 0) }
            base.withMemoryRebound(to: CChar.self, capacity: buf.count) { bsig_guard_set_restore($0, buf.count) }
        }
    }

    /// The graceful signal received since activation, if any.
    static var pendingSignal: Int32? {
        let s = bsig_guard_pending_signal()
        return s == 0 ? nil : s
    }

    /// True once a signal has given the terminal back: nothing more may be drawn.
    static var terminalRestored: Bool { bsig_guard_restored() != 0 }

    /// Wakes the run loop (safe from any thread).
    static func wake() { bsig_wake() }

    /// Empties the wake pipe after the loop woke up.
    static func drainWakePipe() { _ = bsig_wake_pipe_drain() }

    /// Stops guarding after a clean `endwin()` and puts the previous handlers back.
    static func deactivate() { bsig_guard_deactivate() }

    /// Ends the process for `signal` with status 128 + signal (the terminal is already restored).
    static func exit(for signal: Int32) -> Never {
        bsig_exit_for_signal(signal)
    }
}
