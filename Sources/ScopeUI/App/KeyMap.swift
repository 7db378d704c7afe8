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

    /// Keys outside the input lines. With focus on the token row every arrow and Home/End moves the token; on the
    /// heatmap ←/→ step the layer, and in the 1:1 activation view Home/End pan to the first/last dimensions.
    static func exploreAction(for key: Key, in state: AppState) -> Action? {
        let onTokens = state.focus == .tokens
        let panning = state.focus == .heatmap && state.mainView == .activations && state.activationZoom == .oneToOne
        switch key {
        case .left: return onTokens ? .stepToken(-1) : .stepLayer(-1)
        case .right: return onTokens ? .stepToken(1) : .stepLayer(1)
        case .up: return .stepToken(-1)
        case .down: return .stepToken(1)
        case .home: return panning ? .panTo(0) : .selectToken(0)
        case .end: return panning ? .panTo(Int.max) : .selectToken(Int.max)
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
            case "A": return .toggleAttentionScale
            case "r": return .cycleAttentionSource
            case ",": return .stepSecondary(-1)
            case ".": return .stepSecondary(1)
            case "<": return .pagePan(-1)
            case ">": return .pagePan(1)
            case "{": return .pageToken(-1)
            case "}": return .pageToken(1)
            case "a": return .setView(.attention)
            case "g": return .setView(.grid)
            case "v": return .setView(.activations)
            case "w": return .setView(.predictions)
            case "o": return .setView(.similarity)
            case "C": return .toggleCompare
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

    /// The help overlay's sections for the current mode, in order: every key the explorer knows there (with a
    /// `--present` deck `n`/`p` step slides and the pooler panel is `c` only).
    public static func help(presenting: Bool) -> [(title: String, bindings: [Binding])] {
        var exploring = [
            Binding(keys: "← →", summary: "layer (tokens: token)"),
            Binding(keys: "↑↓ { }", summary: "token (query) / a page"),
            Binding(keys: "Home End", summary: "first/last token or dim"),
            Binding(keys: "[ ] 1-9", summary: "prev / next / nth head"),
            Binding(keys: "m x", summary: "mean / max of heads"),
            Binding(keys: "A", summary: "attention scale 0–1/max"),
            Binding(keys: "r", summary: "norms/rollout/flow view"),
            Binding(keys: ", .", summary: "key column / pan"),
            Binding(keys: "< >", summary: "pan a page (1:1 view)"),
            Binding(keys: "a g", summary: "attention / all heads"),
            Binding(keys: "v f", summary: "activations / FFN"),
            Binding(keys: "w", summary: "predictions, logit lens"),
            Binding(keys: "o", summary: "token similarity/change"),
            Binding(keys: "C", summary: "compare a 2nd sentence"),
            Binding(keys: "z", summary: "fitted ↔ 1:1 dims"),
            Binding(keys: presenting ? "c" : "p c", summary: "[CLS] vs pooler panel"),
            Binding(keys: "i b", summary: "token ids / sentence B"),
            Binding(keys: "t T", summary: "next / previous theme"),
            Binding(keys: "s", summary: "save figures & screen"),
            Binding(keys: "e Enter", summary: "edit (grid: open head)"),
            Binding(keys: "? q", summary: "help / quit"),
        ]
        if !presenting {
            exploring.insert(Binding(keys: "+ - Z", summary: "zoom in / out, zen"), at: exploring.count - 5)
        }
        var sections: [(title: String, bindings: [Binding])] = [
            (
                "anywhere",
                [
                    Binding(keys: "PgUp PgDn", summary: "layer -1 / +1"),
                    Binding(keys: "Tab S-Tab", summary: "next / previous focus"),
                    Binding(keys: "F1", summary: "this help"),
                    Binding(keys: "Ctrl-C", summary: "quit"),
                    Binding(keys: "mouse", summary: "slider, tokens, cells"),
                    Binding(keys: "wheel", summary: "layer -1 / +1"),
                ]
            ),
            (
                "input line",
                [
                    Binding(keys: "typing", summary: "edit, re-encodes live"),
                    Binding(keys: "←→ Home End", summary: "move the cursor"),
                    Binding(keys: "Bksp Del", summary: "delete back / forward"),
                    Binding(keys: "Ctrl-U K", summary: "delete to start / end"),
                    Binding(keys: "Ctrl-W", summary: "delete word before"),
                    Binding(keys: "↑ ↓", summary: "history (Enter saves)"),
                    Binding(keys: "Esc", summary: "leave the input line"),
                ]
            ),
        ]
        if presenting {
            sections.append(
                (
                    "presenting (a --present deck)",
                    [
                        Binding(keys: "n p", summary: "next / previous slide"),
                        Binding(keys: "+ -", summary: "bigger / smaller cells"),
                        Binding(keys: "Z", summary: "zen: sentence & heatmap"),
                    ]
                ))
        }
        sections.append(("exploring (off the input)", exploring))
        return sections
    }
}
