/// Turns keys into actions. What a key does depends on the focus: in an input line printable keys type.
public enum KeyMap {
    /// The action for `key` in `state` (nil: the key does nothing here).
    public static func action(for key: Key, in state: AppState) -> Action? {
        // Anywhere, even over the help overlay.
        switch key {
        case .ctrl("c"): return .quit
        case .function(1): return .toggleHelp
        default: break
        }
        if state.showHelp { return helpAction(for: key) }
        switch key {
        case .pageUp: return .stepLayer(-1)
        case .pageDown: return .stepLayer(1)
        case .tab: return .focusNext
        case .backTab: return .focusPrevious
        default: break
        }
        return state.focus.isTextInput ? inputAction(for: key) : exploreAction(for: key, in: state)
    }

    /// Keys over the help overlay: scroll it or close it.
    static func helpAction(for key: Key) -> Action? {
        switch key {
        case .up: return .scrollHelp(-1)
        case .down: return .scrollHelp(1)
        case .pageUp: return .scrollHelp(-10)
        case .pageDown: return .scrollHelp(10)
        case .character("q"): return .closeHelp
        default: return .closeHelp
        }
    }

    /// Keys in an input line.
    static func inputAction(for key: Key) -> Action? {
        switch key {
        case .character(let c): return .edit(.insert(String(c)))
        case .backspace, .ctrl("h"): return .edit(.backspace)
        case .delete, .ctrl("d"): return .edit(.deleteForward)
        case .left, .ctrl("b"): return .edit(.left)
        case .right, .ctrl("f"): return .edit(.right)
        case .home, .ctrl("a"): return .edit(.home)
        case .end, .ctrl("e"): return .edit(.end)
        case .ctrl("u"): return .edit(.killToStart)
        case .ctrl("k"): return .edit(.killToEnd)
        case .ctrl("w"): return .edit(.deleteWordBackward)
        case .up, .ctrl("p"): return .historyPrevious
        case .down, .ctrl("n"): return .historyNext
        case .enter: return .commitLine
        case .escape: return .setFocus(.heatmap)
        default: return nil
        }
    }

    /// Keys outside the input lines.
    static func exploreAction(for key: Key, in state: AppState) -> Action? {
        switch key {
        case .left: return .stepLayer(-1)
        case .right: return .stepLayer(1)
        case .up: return .stepToken(-1)
        case .down: return .stepToken(1)
        case .home: return .selectToken(0)
        case .end: return .selectToken(Int.max)
        case .enter: return .activate
        case .escape: return state.mainView == .pooler ? .togglePooler : nil
        case .character(let c):
            switch c {
            case "q": return .quit
            case "?": return .toggleHelp
            case "[": return .stepHead(-1)
            case "]": return .stepHead(1)
            case "m": return .setHead(.mean)
            case "x": return .setHead(.max)
            case ",", "<": return .stepSecondary(-1)
            case ".", ">": return .stepSecondary(1)
            case "a": return .setView(.attention)
            case "g": return .setView(.grid)
            case "v": return .setView(.activations)
            case "w": return .setView(.predictions)
            case "f": return .toggleIntermediate
            case "z": return .toggleZoom
            case "p": return state.slides.isEmpty ? .togglePooler : .stepSlide(-1)
            case "n": return state.slides.isEmpty ? nil : .stepSlide(1)
            case "c": return .togglePooler
            case "Z": return .toggleZen
            case "+", "=": return .stepZoom(1)
            case "-": return .stepZoom(-1)
            case "i": return .toggleIDs
            case "b": return .togglePair
            case "t": return .cycleTheme(1)
            case "T": return .cycleTheme(-1)
            case "e", "/": return .setFocus(.input)
            case "s": return .saveShots
            default:
                if let d = c.wholeNumberValue, c.isASCII, d >= 1 { return .setHead(.single(d - 1)) }
                return nil
            }
        default: return nil
        }
    }

    /// One line of the help overlay.
    public struct Binding: Sendable, Hashable {
        /// The keys, as a person would write them.
        public let keys: String
        /// What they do.
        public let summary: String
    }

    /// The help overlay's sections, in order: every key the explorer knows.
    public static let help: [(title: String, bindings: [Binding])] = [
        ("anywhere", [
            Binding(keys: "PgUp PgDn", summary: "layer -1 / +1"),
            Binding(keys: "Tab S-Tab", summary: "next / previous focus"),
            Binding(keys: "F1", summary: "this help"),
            Binding(keys: "Ctrl-C", summary: "quit"),
            Binding(keys: "mouse", summary: "slider, tokens, cells"),
            Binding(keys: "wheel", summary: "layer -1 / +1"),
        ]),
        ("input line", [
            Binding(keys: "typing", summary: "edit, re-encodes live"),
            Binding(keys: "←→ Home End", summary: "move the cursor"),
            Binding(keys: "Bksp Del", summary: "delete back / forward"),
            Binding(keys: "Ctrl-U K", summary: "delete to start / end"),
            Binding(keys: "Ctrl-W", summary: "delete word before"),
            Binding(keys: "↑ ↓", summary: "history (Enter saves)"),
            Binding(keys: "Esc", summary: "leave the input line"),
        ]),
        ("exploring (off the input)", [
            Binding(keys: "← →", summary: "layer -1 / +1"),
            Binding(keys: "↑↓ Home End", summary: "select token (query)"),
            Binding(keys: "[ ] 1-9", summary: "prev / next / nth head"),
            Binding(keys: "m x", summary: "mean / max of heads"),
            Binding(keys: ", .", summary: "key column / pan"),
            Binding(keys: "a g", summary: "attention / all heads"),
            Binding(keys: "v f", summary: "activations / FFN"),
            Binding(keys: "w", summary: "predictions, logit lens"),
            Binding(keys: "z", summary: "fitted ↔ 1:1 dims"),
            Binding(keys: "p c", summary: "[CLS] vs pooler panel"),
            Binding(keys: "n p", summary: "next / prev slide"),
            Binding(keys: "+ - Z", summary: "zoom cells / zen"),
            Binding(keys: "i b", summary: "token ids / sentence B"),
            Binding(keys: "t T", summary: "next / previous theme"),
            Binding(keys: "s", summary: "save figures & screen"),
            Binding(keys: "e Enter", summary: "edit (grid: open head)"),
            Binding(keys: "? q", summary: "help / quit"),
        ]),
    ]
}
