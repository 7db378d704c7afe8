import CNCursesW

/// Restores the terminal whatever happens: graceful signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) are
/// recorded and wake the run loop so it can tear curses down itself; crashes, `exit()` and a second
/// signal while one is pending write the saved restore bytes and termios straight to the tty.
///
/// The C side keeps `static` state in `shim.h`, so this file is the only one that calls `cncw_guard_*`.
enum TerminalGuard {
    /// Saves the tty state, installs the handlers and opens the wake pipe; returns the pipe's read end.
    /// Call before `newterm` so ncurses leaves our SIGINT/SIGTERM handlers in place.
    static func activate(ttyFD: Int32, restore: [UInt8]) throws -> Int32 {
        let status = restore.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    cncw_guard_activate(ttyFD, $0, buf.count)
                }
            } ?? cncw_guard_activate(ttyFD, nil, 0)
        }
        guard status == 0 else { throw TerminalError.startFailed("could not create the wake-up pipe") }
        return cncw_guard_open_wake_pipe()
    }

    /// Replaces the bytes written on an emergency restore.
    static func setRestoreBytes(_ restore: [UInt8]) {
        restore.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return cncw_guard_set_restore(nil, 0) }
            base.withMemoryRebound(to: CChar.self, capacity: buf.count) { cncw_guard_set_restore($0, buf.count) }
        }
    }

    /// The graceful signal received since activation, if any.
    static var pendingSignal: Int32? {
        let s = cncw_guard_pending_signal()
        return s == 0 ? nil : s
    }

    /// Wakes the run loop (safe from any thread).
    static func wake() { cncw_guard_wake_loop() }

    /// Empties the wake pipe after the loop woke up.
    static func drainWakePipe() { cncw_guard_drain_wake_pipe() }

    /// Stops guarding after a clean `endwin()` and puts the previous handlers back.
    static func deactivate() { cncw_guard_deactivate() }

    /// Terminates the process by `signal` with the default action (the terminal is already restored).
    static func die(of signal: Int32) -> Never {
        cncw_die_of_signal(signal)
    }
}
