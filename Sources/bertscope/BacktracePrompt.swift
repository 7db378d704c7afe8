import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Swift's crash backtracer asks on the terminal whether to debug (and waits 30 s) when standard input
/// and output are terminals. For the full-screen explorer that prompt lands on a raw tty, so the
/// explorer runs itself with `SWIFT_BACKTRACE=interactive=no` (the crash report still prints).
/// The runtime reads the variable at start-up, so setting it means re-running the same binary once.
enum BacktracePrompt {
    /// The environment variable Swift's runtime reads its backtracer settings from.
    static let variable = "SWIFT_BACKTRACE"

    /// The `SWIFT_BACKTRACE` value to run with, or nil when the current one already says
    /// `interactive=` (the user's own choice wins) or backtracing is off.
    static func setting(current: String?) -> String? {
        guard let current, !current.isEmpty else { return "interactive=no" }
        let keys = current.split(separator: ",").map { $0.split(separator: "=").first.map(String.init) ?? "" }
        if keys.contains("interactive") { return nil }
        return current + ",interactive=no"
    }

    /// Re-executes this process with the prompt off when needed; returns if it is not needed or the
    /// re-exec fails (then the explorer still runs, only with the runtime's default).
    static func disableByReexec(environment: [String: String]) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1,
            let value = setting(current: environment[variable])
        else { return }
        // The binary's real path (not /proc/self/exe, which would rename the process "exe").
        var path = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &path, path.count - 1)
        guard n > 0 else { return }
        setenv(variable, value, 1)
        execv(path, CommandLine.unsafeArgv)
        // Still here: the exec failed. Nothing is lost; the runtime keeps its setting.
    }
}
