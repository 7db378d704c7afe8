import CNCursesW
import ScopeUI

/// What one `wget_wch` call delivered, before decoding.
public enum RawInput: Equatable, Sendable {
    /// `wget_wch` returned OK: a character (UTF-8 already decoded by ncurses) or a control code.
    case character(UInt32)
    /// `wget_wch` returned KEY_CODE_YES: an ncurses key code (KEY_UP, KEY_F0 + n, or one of ours).
    case keyCode(Int32)
}

/// Turns raw ncurses input into the app's `InputEvent`s: keys, bracketed paste, and the mouse.
/// Pure and stateful (a paste or mouse report in progress, the button held), so it is tested
/// without a terminal.
///
/// The mouse protocol is decoded here rather than by ncurses: ncurses' `getmouse` keeps only the
/// last of several reports that arrive together (a click over a slow link, a fast drag), so the
/// screen binds the report prefixes (`ESC [ <` for SGR 1006, `ESC [ M` for X10) to key codes of
/// ours and the decoder reads the rest of each report itself.
public struct InputDecoder: Sendable {
    /// Key code bound (with `define_key`) to the start of a bracketed paste, `ESC [ 200 ~`.
    public static let pasteBeginCode: Int32 = 0x3F00
    /// Key code bound to the end of a bracketed paste, `ESC [ 201 ~`.
    public static let pasteEndCode: Int32 = 0x3F01
    /// Key code bound to `ESC [ <`, the start of an SGR (1006) mouse report: `Cb ; Cx ; Cy M|m`.
    public static let sgrMouseCode: Int32 = 0x3F02
    /// Key code bound to `ESC [ M`, the start of an X10 mouse report: three bytes `Cb Cx Cy`, each + 32.
    public static let x10MouseCode: Int32 = 0x3F03
    /// A paste or mouse report whose end has not arrived after this many seconds is finished as it is.
    public static let sequenceTimeout: Double = 0.5

    enum Pending: Sendable, Equatable {
        case none
        /// Collecting a paste into `pasteText` (kept outside the enum, so appending never copies it).
        case paste
        case sgrMouse(String)
        case x10Mouse([UInt32])
    }

    private var pending = Pending.none
    private var pasteText = String.UnicodeScalarView()
    private var lastInput: Double = 0
    private var buttonHeld = false

    /// A decoder with nothing in progress.
    public init() {}

    /// True while a bracketed paste is being collected.
    public var isPasting: Bool { pending == .paste }

    /// True while a paste or mouse report is incomplete.
    public var isInsideSequence: Bool { pending != .none }

    /// Decodes one raw input at time `now` (seconds, any monotonic clock) into zero or more events.
    public mutating func decode(_ raw: RawInput, now: Double) -> [InputEvent] {
        lastInput = now
        switch pending {
        case .paste:
            switch raw {
            case .keyCode(Self.pasteEndCode):
                return finishPaste()
            case .character(let c):
                if let s = Unicode.Scalar(c) { pasteText.append(s) }
                return []
            case .keyCode:
                return []
            }
        case .sgrMouse(var report):
            guard case .character(let c) = raw, let s = Unicode.Scalar(c) else {
                pending = .none
                return decode(raw, now: now)
            }
            if s == "M" || s == "m" {
                pending = .none
                return decodeSGR(report, released: s == "m")
            }
            guard s == ";" || ("0"..."9").contains(s), report.count < 32 else {
                pending = .none  // not a mouse report after all: drop it, keep the key
                return decode(raw, now: now)
            }
            report.unicodeScalars.append(s)
            pending = .sgrMouse(report)
            return []
        case .x10Mouse(var bytes):
            guard case .character(let c) = raw else {
                pending = .none
                return decode(raw, now: now)
            }
            bytes.append(c)
            if bytes.count < 3 {
                pending = .x10Mouse(bytes)
                return []
            }
            pending = .none
            return decodeX10(bytes)
        case .none:
            break
        }
        switch raw {
        case .character(let c):
            return decodeCharacter(c).map { [$0] } ?? []
        case .keyCode(Self.pasteBeginCode):
            pending = .paste
            pasteText = String.UnicodeScalarView()
            return []
        case .keyCode(Self.sgrMouseCode):
            pending = .sgrMouse("")
            return []
        case .keyCode(Self.x10MouseCode):
            pending = .x10Mouse([])
            return []
        case .keyCode(Self.pasteEndCode):
            return []
        case .keyCode(let code):
            return Self.key(forCode: code).map { [.key($0)] } ?? []
        }
    }

    /// Finishes a paste whose end marker never came (delivered as it is) or drops a mouse report
    /// that was cut off, once input has been quiet for `sequenceTimeout`.
    public mutating func flushStaleSequence(now: Double) -> [InputEvent] {
        guard pending != .none, now - lastInput >= Self.sequenceTimeout else { return [] }
        if pending == .paste { return finishPaste() }
        pending = .none
        return []
    }

    /// Joins characters that belong to one grapheme (a letter and its combining marks, emoji
    /// sequences, flags) which the terminal sent as separate code points.
    public static func mergeGraphemes(_ events: [InputEvent]) -> [InputEvent] {
        var out: [InputEvent] = []
        out.reserveCapacity(events.count)
        for event in events {
            if case .key(.character(let next)) = event, case .key(.character(let previous))? = out.last {
                let joined = String(previous) + String(next)
                if joined.count == 1, let merged = joined.first {
                    out[out.count - 1] = .key(.character(merged))
                    continue
                }
            }
            out.append(event)
        }
        return out
    }

    // MARK: - Keys

    func decodeCharacter(_ c: UInt32) -> InputEvent? {
        switch c {
        case 13, 10: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 27: return .key(.escape)
        case 0: return nil  // Ctrl-Space / Ctrl-@
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(c + 96)))))
        case 28...31: return .key(.ctrl(Character(Unicode.Scalar(UInt8(c + 64)))))
        case 0x80..<0xA0: return nil  // C1 controls
        default:
            guard let scalar = Unicode.Scalar(c) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// The key for an ncurses key code, or nil for keys the app does not use.
    public static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP, KEY_SR: return .up
        case KEY_DOWN, KEY_SF: return .down
        case KEY_LEFT, KEY_SLEFT: return .left
        case KEY_RIGHT, KEY_SRIGHT: return .right
        case KEY_HOME, KEY_SHOME, KEY_A1: return .home
        case KEY_END, KEY_SEND, KEY_C1, KEY_LL: return .end
        case KEY_PPAGE, KEY_SPREVIOUS, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_SNEXT, KEY_C3: return .pageDown
        case KEY_DC, KEY_SDC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    // MARK: - Paste

    /// Ends the paste: line breaks, tabs and other control characters become single spaces.
    mutating func finishPaste() -> [InputEvent] {
        pending = .none
        let text = pasteText
        pasteText = String.UnicodeScalarView()
        var cleaned = String.UnicodeScalarView()
        cleaned.reserveCapacity(text.count)
        var previousWasCR = false
        for s in text {
            let isControl = s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
            if isControl {
                // "\r\n" is one line break.
                if s == "\n" && previousWasCR {
                    previousWasCR = false
                    continue
                }
                previousWasCR = s == "\r"
                cleaned.append(" ")
            } else {
                previousWasCR = false
                cleaned.append(s)
            }
        }
        let result = String(cleaned)
        return result.isEmpty ? [] : [.paste(result)]
    }

    // MARK: - Mouse

    /// `Cb;Cx;Cy` of an SGR report (1-based cells); `released` for the final `m`.
    mutating func decodeSGR(_ report: String, released: Bool) -> [InputEvent] {
        let parts = report.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let cb = parts[0], let cx = parts[1], let cy = parts[2] else { return [] }
        return decodeMouse(cb: cb, x: cx - 1, y: cy - 1, released: released)
    }

    /// Three X10 bytes, each offset by 32 (cells 1-based); button 3 means "released".
    mutating func decodeX10(_ bytes: [UInt32]) -> [InputEvent] {
        let cb = Int(bytes[0]) - 32
        let cx = Int(bytes[1]) - 32
        let cy = Int(bytes[2]) - 32
        guard cb >= 0, cx >= 1, cy >= 1 else { return [] }
        let isMotion = cb & 32 != 0
        let isWheel = cb & 64 != 0
        let released = !isMotion && !isWheel && cb & 3 == 3
        if released && !buttonHeld { return [] }  // X10 does not say which button: only the left one is tracked
        return decodeMouse(cb: released ? 0 : cb, x: cx - 1, y: cy - 1, released: released)
    }

    /// The xterm button byte: low bits the button (0 left, 1 middle, 2 right, 3 none), +32 motion,
    /// +64 wheel (0 up, 1 down); +4/+8/+16 modifiers are ignored. Only the left button and the
    /// wheel are used.
    mutating func decodeMouse(cb: Int, x: Int, y: Int, released: Bool) -> [InputEvent] {
        let button = cb & 3
        func event(_ kind: MouseEvent.Kind) -> [InputEvent] {
            [.mouse(MouseEvent(kind: kind, x: max(0, x), y: max(0, y)))]
        }
        if cb & 64 != 0 {
            switch button {
            case 0: return event(.wheelUp)
            case 1: return event(.wheelDown)
            default: return []  // horizontal wheel
            }
        }
        if cb & 32 != 0 {
            if button == 0 { return event(.drag) }
            if button == 3 { return event(.move) }
            return []
        }
        guard button == 0 else { return [] }
        if released {
            buttonHeld = false
            return event(.release)
        }
        buttonHeld = true
        return event(.press)
    }
}
