import CNCursesW
import ScopeUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal, run by ncurses: starts curses (or refuses with a one-line `TerminalError`),
/// draws cell buffers by writing only what changed, decodes input into `InputEvent`s, and always
/// gives the terminal back as it found it.
///
/// Use from one thread. Call `close()` when done; the `TerminalGuard` covers signals and crashes.
public final class NCursesScreen {
    /// An ncurses window.
    typealias Window = UnsafeMutablePointer<WINDOW>

    /// How to start.
    public struct Options {
        /// `--colors`.
        public var colors: ColorRequest
        /// The process environment (TERM, COLORTERM, NO_COLOR, ESCDELAY are read from it).
        public var environment: [String: String]
        /// Report mouse presses, drags and the wheel.
        public var mouse: Bool
        /// Ask the terminal to bracket pasted text, so a paste arrives as one event.
        public var bracketedPaste: Bool

        /// Options with everything on.
        public init(
            colors: ColorRequest = .auto, environment: [String: String], mouse: Bool = true, bracketedPaste: Bool = true
        ) {
            self.colors = colors
            self.environment = environment
            self.mouse = mouse
            self.bracketedPaste = bracketedPaste
        }
    }

    /// The colour mode in use (what widgets should render for) and how it was chosen.
    public let colorSetup: ColorSetup
    /// The colour mode in use.
    public var colorMode: ColorMode { colorSetup.mode }
    /// Bytes written by bertscope itself (mode switches), besides ncurses' own output.
    public private(set) var extraBytesWritten = 0

    let screen: OpaquePointer
    let window: Window
    let inputFile: UnsafeMutablePointer<FILE>
    let outputFile: UnsafeMutablePointer<FILE>
    let inputFD: Int32
    let outputFD: Int32
    let wakeFD: Int32
    let guarded: Bool
    let fixedSize: Size?
    let clock: () -> Double
    var colors: TerminalColors
    var pairs: PairTable
    var previous: CellBuffer?
    var decoder = InputDecoder()
    var reportedSize: Size?
    var modesOn: [UInt8] = []
    var modesOff: [UInt8] = []
    var isOpen = true
    var cursorVisible = false
    var inputClosed = false
    var hangupSeen = false
    /// Bytes of a bracketed paste read straight from the terminal and not yet decoded (see `readPaste`).
    var pasteBytes: [UInt8] = []
    var wchars = [wchar_t](repeating: 0, count: 6)

    /// Starts the full-screen UI on standard input and output.
    ///
    /// Throws `TerminalError` without touching the screen when TERM is unset, `dumb`, unknown to
    /// terminfo, or when standard input or output is not a terminal.
    public static func start(_ options: Options) throws -> NCursesScreen {
        let term = try checkedTerm(options.environment)
        guard isatty(STDIN_FILENO) == 1 else { throw TerminalError.notATerminal(stream: "standard input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal(stream: "standard output") }
        let setup = ColorDepth.resolve(
            request: options.colors, environment: options.environment, term: term,
            lookup: { name in terminfoColors(name, fd: STDOUT_FILENO) })
        useUTF8Locale()
        return try NCursesScreen(
            terminfoName: setup.terminfoName, colorSetup: setup, inputFD: STDIN_FILENO, outputFD: STDOUT_FILENO,
            options: options, guarded: true, fixedSize: nil)
    }

    /// Starts curses on any pair of file descriptors with a fixed size and no signal guard: for
    /// measuring what the UI writes (benchmarks, tests) with output to a file or pipe.
    public static func offscreen(
        term: String, colors: ColorMode, size: Size, inputFD: Int32, outputFD: Int32
    ) throws -> NCursesScreen {
        guard let info = terminfoColors(term, fd: outputFD) else { throw TerminalError.termUnknown(term) }
        let mode = ColorDepth.rank(colors) <= ColorDepth.rank(info.bestMode) ? colors : info.bestMode
        useUTF8Locale()
        return try NCursesScreen(
            terminfoName: term, colorSetup: ColorSetup(mode: mode, terminfoName: term), inputFD: inputFD,
            outputFD: outputFD, options: Options(environment: [:], mouse: true, bracketedPaste: true),
            guarded: false, fixedSize: size)
    }

    /// TERM, checked against terminfo: set, known, and able to address the cursor.
    public static func checkedTerm(_ environment: [String: String]) throws -> String {
        guard let term = environment["TERM"], !term.isEmpty else { throw TerminalError.termUnset }
        let info = cncw_probe_terminfo(term, STDOUT_FILENO)
        if info.found == 0 {
            if info.setupterm_error == -1 { throw TerminalError.noTerminfoDatabase(term) }
            throw term == "dumb" ? TerminalError.termCannotAddressCursor(term) : TerminalError.termUnknown(term)
        }
        if info.has_cup == 0 || info.is_generic != 0 || info.is_hard_copy != 0 {
            throw TerminalError.termCannotAddressCursor(term)
        }
        return term
    }

    /// The colour facts of terminfo entry `name`, or nil when there is no such entry.
    static func terminfoColors(_ name: String, fd: Int32) -> TerminfoColors? {
        let info = cncw_probe_terminfo(name, fd)
        guard info.found != 0 else { return nil }
        return TerminfoColors(colors: Int(info.colors), hasRGB: info.has_rgb != 0)
    }

    /// Takes the user's locale (for wide characters) and, when it is not UTF-8, C.UTF-8 for the
    /// character type only, so tokens and text show as themselves rather than as escapes.
    static func useUTF8Locale() {
        setlocale(LC_ALL, "")
        if cncw_locale_is_utf8() == 0 {
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
                if cncw_locale_is_utf8() != 0 { break }
            }
        }
    }

    init(
        terminfoName: String, colorSetup setup: ColorSetup, inputFD: Int32, outputFD: Int32, options: Options,
        guarded: Bool, fixedSize: Size?
    ) throws {
        self.guarded = guarded
        self.fixedSize = fixedSize
        clock = NCursesScreen.monotonicSeconds
        let inDup = dup(inputFD)
        let outDup = dup(outputFD)
        guard inDup >= 0, outDup >= 0, let inFile = fdopen(inDup, "r"), let outFile = fdopen(outDup, "w") else {
            throw TerminalError.startFailed("could not open the terminal's file descriptors")
        }
        self.inputFD = inDup
        self.outputFD = outDup
        inputFile = inFile
        outputFile = outFile

        if guarded {
            // Until curses is up, an emergency restore only has to undo modes we may have switched on.
            wakeFD = try TerminalGuard.activate(
                ttyFD: outDup, restore: Array("\u{1B}[?2004l\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l".utf8))
            use_tioctl(true)
        } else {
            wakeFD = -1
        }
        guard let scr = newterm(terminfoName, outFile, inFile) else {
            if guarded { TerminalGuard.deactivate() }
            fclose(inFile)
            fclose(outFile)
            throw TerminalError.startFailed("newterm(\(terminfoName)) failed")
        }
        screen = scr
        set_term(scr)
        guard let win = cncw_stdscr() else {
            endwin()
            delscreen(scr)
            if guarded { TerminalGuard.deactivate() }
            fclose(inFile)
            fclose(outFile)
            throw TerminalError.startFailed("ncurses made no screen window")
        }
        window = win

        var setup = setup
        if setup.mode != .mono {
            if has_colors() && start_color() == OK {
                use_default_colors()
            } else {
                setup.mode = .mono
            }
        }
        colorSetup = setup
        colors = TerminalColors(mode: setup.mode, paletteSize: Int(cncw_colors()))
        pairs = PairTable(colorPairs: setup.mode == .mono ? 0 : Int(cncw_color_pairs()))

        raw()
        noecho()
        nonl()
        intrflush(win, false)
        keypad(win, true)
        nodelay(win, true)
        leaveok(win, true)
        curs_set(0)
        if options.environment["ESCDELAY"] == nil { set_escdelay(25) }
        Self.bindKeySequences()
        // Modes bertscope switches itself: mouse tracking in SGR encoding and bracketed paste; the
        // screen decodes both (see InputDecoder). 1003 (any motion) lets the heatmaps show the value
        // under the pointer; terminals without it keep 1002 (motion while a button is held: drags).
        if options.mouse && cncw_tigetstr("kmous") != nil {
            define_key("\u{1B}[<", InputDecoder.sgrMouseCode)
            define_key("\u{1B}[M", InputDecoder.x10MouseCode)
            modesOn += Array("\u{1B}[?1002h\u{1B}[?1003h\u{1B}[?1006h".utf8)
            modesOff += Array("\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l".utf8)
        }
        if options.bracketedPaste {
            define_key("\u{1B}[200~", InputDecoder.pasteBeginCode)
            define_key("\u{1B}[201~", InputDecoder.pasteEndCode)
            modesOn += Array("\u{1B}[?2004h".utf8)
            modesOff += Array("\u{1B}[?2004l".utf8)
        }
        if let fixedSize { resize_term(Int32(max(1, fixedSize.height)), Int32(max(1, fixedSize.width))) }
        // First paint (enters the alternate screen, switches the mouse on), then our modes after it.
        wnoutrefresh(win)
        doupdate()
        writeRaw(modesOn)
        if guarded { TerminalGuard.setRestoreBytes(restoreBytes()) }
    }

    deinit { close() }

    /// Gives the terminal back: our modes off, `endwin`, handlers restored. Safe to call twice.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        writeRaw(modesOff)
        set_term(screen)
        endwin()
        // Without an alternate screen (vt100, the Linux console) the explorer's last frame would stay
        // and the shell prompt would land on its status bar: leave a clean screen instead.
        if fixedSize == nil, cncw_tigetstr("rmcup") == nil, let clear = cncw_tigetstr("clear") {
            writeRaw(Self.withoutPadding(Array(String(cString: clear).utf8)))
        }
        delscreen(screen)
        fclose(inputFile)
        fclose(outputFile)
        if guarded { TerminalGuard.deactivate() }
    }

    /// The graceful signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that arrived, if any, or SIGHUP when
    /// the terminal hung up: the loop should close the screen and end.
    public var pendingSignal: Int32? {
        if guarded, let s = TerminalGuard.pendingSignal { return s }
        return inputClosed ? SIGHUP : nil
    }

    /// Everything an emergency restore writes: our modes off, attributes and cursor back, keypad
    /// back to normal, and out of the alternate screen (or, without one, a cleared screen).
    func restoreBytes() -> [UInt8] {
        var bytes = modesOff
        for cap in ["sgr0", "cnorm", "rmkx", cncw_tigetstr("rmcup") == nil ? "clear" : "rmcup"] {
            if let s = cncw_tigetstr(cap) { bytes += Self.withoutPadding(Array(String(cString: s).utf8)) }
        }
        return bytes
    }

    /// Binds the cursor and editing keys' other common encodings (normal and application cursor
    /// mode, rxvt's Home/End, the VT220 function keys) where terminfo did not, so a terminal that
    /// ignores `smkx` or a multiplexer in between still delivers arrows rather than `ESC [ A`.
    static func bindKeySequences() {
        let table: [(String, Int32)] = [
            ("[A", KEY_UP), ("[B", KEY_DOWN), ("[C", KEY_RIGHT), ("[D", KEY_LEFT),
            ("OA", KEY_UP), ("OB", KEY_DOWN), ("OC", KEY_RIGHT), ("OD", KEY_LEFT),
            ("[H", KEY_HOME), ("[F", KEY_END), ("OH", KEY_HOME), ("OF", KEY_END),
            ("[1~", KEY_HOME), ("[4~", KEY_END), ("[7~", KEY_HOME), ("[8~", KEY_END),
            ("[2~", KEY_IC), ("[3~", KEY_DC), ("[5~", KEY_PPAGE), ("[6~", KEY_NPAGE), ("[Z", KEY_BTAB),
            ("OM", KEY_ENTER),
            ("OP", KEY_F0 + 1), ("OQ", KEY_F0 + 2), ("OR", KEY_F0 + 3), ("OS", KEY_F0 + 4),
            ("[11~", KEY_F0 + 1), ("[12~", KEY_F0 + 2), ("[13~", KEY_F0 + 3), ("[14~", KEY_F0 + 4),
            ("[15~", KEY_F0 + 5), ("[17~", KEY_F0 + 6), ("[18~", KEY_F0 + 7), ("[19~", KEY_F0 + 8),
            ("[20~", KEY_F0 + 9), ("[21~", KEY_F0 + 10), ("[23~", KEY_F0 + 11), ("[24~", KEY_F0 + 12),
        ]
        for (tail, code) in table {
            let sequence = "\u{1B}" + tail
            if key_defined(sequence) == 0 { define_key(sequence, code) }
        }
    }

    /// Removes terminfo padding specifications (`$<5>`, `$<2*/>`) from a capability string.
    static func withoutPadding(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<"),
                let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ">"))
            {
                i = close + 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Writes bytes straight to the terminal (after flushing what ncurses has queued).
    func writeRaw(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        fflush(outputFile)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(outputFD, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            off += n
        }
        extraBytesWritten += off
    }

    /// Seconds on a monotonic clock.
    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
