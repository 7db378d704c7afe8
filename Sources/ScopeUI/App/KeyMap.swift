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
            case "f": return .toggleIntermediate
            case "z": return .toggleZoom
            case "p": return .togglePooler
            case "i": return .toggleIDs
            case "b": return .togglePair
            case "t": return .cycleTheme(1)
            case "T": return .cycleTheme(-1)
            case "e", "/": return .setFocus(.input)
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
            Binding(keys: "PgUp PgDn", summary: "layer slider -1 / +1"),
            Binding(keys: "Tab S-Tab", summary: "next / previous focus"),
            Binding(keys: "F1", summary: "this help"),
            Binding(keys: "Ctrl-C", summary: "quit"),
            Binding(keys: "mouse", summary: "click/drag/wheel the slider, click a token or cell"),
        ]),
        ("input line", [
            Binding(keys: "text", summary: "edit the sentence (re-encoded as you type)"),
            Binding(keys: "← → Home End", summary: "move the cursor (also Ctrl-B/F/A/E)"),
            Binding(keys: "Bksp Del", summary: "delete before / under the cursor"),
            Binding(keys: "Ctrl-U Ctrl-K", summary: "delete to start / to end of line"),
            Binding(keys: "Ctrl-W", summary: "delete the word before the cursor"),
            Binding(keys: "↑ ↓", summary: "history (Enter remembers the line)"),
            Binding(keys: "Esc", summary: "leave the input line"),
        ]),
        ("exploring (focus off the input line)", [
            Binding(keys: "← →", summary: "layer slider -1 / +1"),
            Binding(keys: "↑ ↓ Home End", summary: "select a token (query row)"),
            Binding(keys: "[ ] 1-9", summary: "previous / next / n-th attention head"),
            Binding(keys: "m x", summary: "mean / max over heads"),
            Binding(keys: ", .", summary: "key column (attention), pan (1:1 activations)"),
            Binding(keys: "a g", summary: "attention heatmap / all layers x heads grid"),
            Binding(keys: "v f z", summary: "activations / FFN intermediate / fitted-1:1"),
            Binding(keys: "p", summary: "[CLS] vs pooler_output panel"),
            Binding(keys: "i", summary: "token ids"),
            Binding(keys: "b", summary: "sentence B (pair mode) on/off"),
            Binding(keys: "t T", summary: "next / previous theme"),
            Binding(keys: "e / Enter", summary: "back to the input line (Enter: open grid cell)"),
            Binding(keys: "?", summary: "this help"),
            Binding(keys: "q", summary: "quit"),
        ]),
    ]
}
