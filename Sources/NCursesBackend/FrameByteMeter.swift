import Foundation
import ScopeUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the bytes ncurses writes to draw frames, as a terminal of type `term` would receive them: curses on a
/// temporary file at a fixed size, no signal guard. The one hook `bench` and the byte-budget tests need from the
/// backend. Use from one thread.
public final class FrameByteMeter {
    private let screen: NCursesScreen
    private let output: Int32
    private let input: Int32

    /// Starts curses as `term` with `colors` at `size`; throws `TerminalError` when the terminal type is unknown
    /// or the temporary file cannot be made.
    public init(term: String = "xterm-256color", colors: ColorMode, size: Size) throws {
        var template = Array(
            (NSTemporaryDirectory() as NSString).appendingPathComponent("bertscope-bytes-XXXXXX").utf8CString)
        // Unlinked at once: nothing is left behind, whatever happens next.
        let fd = template.withUnsafeMutableBufferPointer { p -> Int32 in
            guard let name = p.baseAddress else { return -1 }
            let fd = mkstemp(name)
            if fd >= 0 { unlink(name) }
            return fd
        }
        guard fd >= 0 else { throw TerminalError.startFailed("cannot make a temporary file to count frame bytes") }
        output = fd
        input = open("/dev/null", O_RDONLY)
        guard input >= 0 else {
            close(fd)
            throw TerminalError.startFailed("cannot open /dev/null as the measuring screen's input")
        }
        do {
            screen = try NCursesScreen.offscreen(term: term, colors: colors, size: size, inputFD: input, outputFD: fd)
        } catch {
            close(fd)
            close(input)
            throw error
        }
    }

    deinit {
        screen.close()
        close(output)
        close(input)
    }

    /// The colour mode the frames are reduced to (lower than asked when terminfo says so).
    public var colorMode: ColorMode { screen.colorMode }

    /// Draws `frame` (only what changed since the previous one, as the explorer does) and returns the bytes written.
    public func draw(_ frame: CellBuffer) -> Int {
        let before = written
        screen.draw(frame)
        return written - before
    }

    /// Forgets what the terminal shows, draws `frame` whole and returns the bytes written (a full repaint).
    public func repaint(_ frame: CellBuffer) -> Int {
        let before = written
        screen.invalidate()
        screen.draw(frame)
        return written - before
    }

    private var written: Int { Int(lseek(output, 0, SEEK_END)) }
}
