import ScopeUI

/// `--colors`: a fixed colour mode, or `auto` to detect it.
public enum ColorRequest: Sendable, Equatable {
    /// Detect from `NO_COLOR`, terminfo and `COLORTERM`.
    case auto
    /// Use this mode (lowered if the terminal cannot show it).
    case fixed(ColorMode)

    /// Parses `auto`, `truecolor` (or `24bit`), `256`, `16` or `mono` (or `none`); nil otherwise.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case "truecolor", "24bit", "direct": self = .fixed(.truecolor)
        case "256": self = .fixed(.palette256)
        case "16", "8": self = .fixed(.ansi16)
        case "mono", "none", "0": self = .fixed(.mono)
        default: return nil
        }
    }

    /// The accepted spellings, for help and error text.
    public static let choices = "auto|truecolor|256|16|mono"
}

/// What a terminfo entry says about colour.
public struct TerminfoColors: Sendable, Equatable {
    /// The `colors` number (0 or less: none).
    public var colors: Int
    /// The `RGB` flag: colour numbers are 0xRRGGBB (direct colour).
    public var hasRGB: Bool

    /// Creates a description.
    public init(colors: Int, hasRGB: Bool) {
        self.colors = colors
        self.hasRGB = hasRGB
    }

    /// True when ncurses can send 24-bit colours with this entry.
    public var isDirect: Bool { hasRGB || colors >= 1 << 24 }

    /// The richest mode this entry can show.
    public var bestMode: ColorMode {
        if isDirect { return .truecolor }
        if colors >= 256 { return .palette256 }
        if colors >= 8 { return .ansi16 }
        return .mono
    }
}

/// The colour mode chosen, and the terminfo entry to start curses with.
public struct ColorSetup: Sendable, Equatable {
    /// The mode widgets render for and the backend reduces to.
    public var mode: ColorMode
    /// The terminfo name to pass to `newterm` (TERM itself, or its `-direct` sibling for true colour).
    public var terminfoName: String
    /// Why an explicit `--colors` request could not be met, if it could not.
    public var note: String?

    /// Creates a setup.
    public init(mode: ColorMode, terminfoName: String, note: String? = nil) {
        self.mode = mode
        self.terminfoName = terminfoName
        self.note = note
    }
}

/// Chooses the colour mode from `--colors`, the environment and terminfo (a pure function: the
/// environment and the terminfo lookup are passed in).
///
/// - `NO_COLOR` (set and not empty) gives mono unless `--colors` asks for something explicitly.
/// - Otherwise the terminfo entry decides: direct colour (the `RGB` flag, as in `xterm-direct`)
///   gives true colour, 256 colours give the xterm palette (the safe default over SSH), 8 or 16
///   give the ANSI colours, fewer give mono.
/// - `COLORTERM=truecolor|24bit` (or `--colors truecolor`) on a 256-colour entry switches to the
///   entry's direct-colour sibling (`xterm-256color` -> `xterm-direct`, `tmux-256color` -> `tmux-direct`)
///   when the terminfo database has one: ncurses can then send 24-bit colours itself. Without such an
///   entry bertscope stays on 256 colours rather than writing escape sequences behind ncurses' back.
public enum ColorDepth {
    /// Resolves the mode. `lookup` returns the terminfo colours of an entry name, or nil if there is none.
    public static func resolve(
        request: ColorRequest, environment: [String: String], term: String,
        lookup: (String) -> TerminfoColors?
    ) -> ColorSetup {
        let own = lookup(term) ?? TerminfoColors(colors: -1, hasRGB: false)
        switch request {
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
                return ColorSetup(mode: .mono, terminfoName: term)
            }
            if own.isDirect { return ColorSetup(mode: .truecolor, terminfoName: term) }
            let colorterm = (environment["COLORTERM"] ?? "").lowercased()
            // The terminal itself says it takes 24-bit colour (TERM often undersells it: `xterm`, `screen`).
            if colorterm == "truecolor" || colorterm == "24bit" {
                if own.colors >= 8, let direct = directSibling(of: term, environment: environment, lookup: lookup) {
                    return ColorSetup(mode: .truecolor, terminfoName: direct)
                }
                if own.colors < 8 {
                    return ColorSetup(
                        mode: own.bestMode, terminfoName: term,
                        note:
                            "--colors truecolor: TERM '\(term)' has only \(max(own.colors, 0)) colours, so \(describe(own.bestMode))"
                    )
                }
                return ColorSetup(
                    mode: own.bestMode, terminfoName: term,
                    note:
                        "COLORTERM=\(colorterm): no direct-colour terminfo entry for TERM '\(term)', so \(describe(own.bestMode)); install ncurses-term (xterm-direct, tmux-direct)"
                )
            }
            return ColorSetup(mode: own.bestMode, terminfoName: term)
        case .fixed(let wanted):
            if wanted == .mono { return ColorSetup(mode: .mono, terminfoName: term) }
            if wanted == .truecolor {
                if own.isDirect { return ColorSetup(mode: .truecolor, terminfoName: term) }
                if own.colors >= 8, let direct = directSibling(of: term, environment: environment, lookup: lookup) {
                    return ColorSetup(mode: .truecolor, terminfoName: direct)
                }
                return ColorSetup(
                    mode: own.bestMode, terminfoName: term,
                    note:
                        "--colors truecolor: no direct-colour terminfo entry for TERM '\(term)', so \(describe(own.bestMode)); install ncurses-term (xterm-direct, tmux-direct)"
                )
            }
            if rank(wanted) <= rank(own.bestMode) { return ColorSetup(mode: wanted, terminfoName: term) }
            return ColorSetup(
                mode: own.bestMode, terminfoName: term,
                note:
                    "--colors \(wanted.rawValue): TERM '\(term)' has only \(max(own.colors, 0)) colours, so \(describe(own.bestMode))"
            )
        }
    }

    /// The direct-colour entries tried for `term`, most specific first. Inside tmux (`TMUX` set) or
    /// GNU screen's naming (`screen*`, which tmux also uses), `tmux-direct` is among them: tmux takes
    /// 24-bit colours and passes them on (or reduces them for the terminal outside).
    public static func directCandidates(for term: String, environment: [String: String] = [:]) -> [String] {
        var names = ["\(term)-direct"]
        for suffix in ["-256color", "-88color", "-color", "-16color"] where term.hasSuffix(suffix) {
            names.append(String(term.dropLast(suffix.count)) + "-direct")
        }
        for family in ["xterm", "tmux", "konsole", "vte", "mlterm", "st", "iterm2", "kitty"]
        where term == family || term.hasPrefix(family + "-") {
            names.append("\(family)-direct")
        }
        if !(environment["TMUX"] ?? "").isEmpty || term == "screen" || term.hasPrefix("screen-") {
            names.append("tmux-direct")
        }
        names.append("xterm-direct")  // every terminal that sets COLORTERM=truecolor speaks xterm's SGR
        var seen = Set<String>()
        return names.filter { $0 != term && seen.insert($0).inserted }
    }

    static func directSibling(
        of term: String, environment: [String: String], lookup: (String) -> TerminfoColors?
    ) -> String? {
        directCandidates(for: term, environment: environment).first { lookup($0)?.isDirect == true }
    }

    static func rank(_ mode: ColorMode) -> Int {
        switch mode {
        case .mono: return 0
        case .ansi16: return 1
        case .palette256: return 2
        case .truecolor: return 3
        }
    }

    static func describe(_ mode: ColorMode) -> String {
        switch mode {
        case .mono: return "no colours"
        case .ansi16: return "16 colours"
        case .palette256: return "256 colours"
        case .truecolor: return "24-bit colours"
        }
    }
}
