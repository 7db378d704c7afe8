extension AppState {
    /// Applies `action` and returns what the outside world must do (an `.encode` whenever the text changed).
    public mutating func reduce(_ action: Action) -> [Effect] {
        var effects: [Effect] = []
        switch action {
        case .quit:
            effects.append(.quit)
        case .toggleHelp:
            showHelp.toggle()
            helpScroll = 0
        case .closeHelp:
            showHelp = false
        case .scrollHelp(let d):
            helpScroll = min(
                max(0, helpScroll + d), FrameGeometry.helpMaxScroll(size: size, presenting: !slides.isEmpty))
        case .edit(let command):
            if !focus.isTextInput { focus = .input }
            edit(command)
        case .historyPrevious:
            if focus == .pair {
                if let line = historyB.previous(current: inputB.text) { inputB.setText(line) }
            } else if focus == .compare {
                if let line = historyC.previous(current: inputC.text) { inputC.setText(line) }
            } else {
                if let line = historyA.previous(current: inputA.text) { inputA.setText(line) }
            }
        case .historyNext:
            if focus == .pair {
                if let line = historyB.next() { inputB.setText(line) }
            } else if focus == .compare {
                if let line = historyC.next() { inputC.setText(line) }
            } else {
                if let line = historyA.next() { inputA.setText(line) }
            }
        case .commitLine:
            switch focus {
            case .pair: historyB.record(inputB.text)
            case .compare: historyC.record(inputC.text)
            default: historyA.record(inputA.text)
            }
        case .focusNext:
            focus = nextFocus(after: focus, step: 1)
        case .focusPrevious:
            focus = nextFocus(after: focus, step: -1)
        case .setFocus(let f):
            focus = (f == .pair && !pairMode) || (f == .compare && !compareMode) ? .input : f
        case .stepLayer(let d):
            layer = clampLayer(layer + d)
        case .setLayer(let l):
            layer = clampLayer(l)
        case .stepToken(let d):
            selectToken(selectedToken + d)
        case .selectToken(let t):
            selectToken(t)
        case .stepHead(let d):
            head = steppedHead(by: d)
        case .setHead(let h):
            if case .single(let i) = h, i < 0 || i >= headCount { break }
            head = h
            if mainView != .attention && mainView != .grid { mainView = .attention }
        case .stepKeyCursor(let d):
            setKeyCursor(keyCursor + d)
        case .setKeyCursor(let k):
            setKeyCursor(k)
        case .pan(let d):
            pan(by: d)
        case .stepSecondary(let d):
            switch mainView {
            case .activations: pan(by: d * AppState.panStep)
            default: setKeyCursor(keyCursor + d)
            }
        case .setView(let v):
            setView(v)
        case .toggleIntermediate:
            if mainView == .activations && activationSource == .intermediate {
                activationSource = .hidden
            } else {
                activationSource = .intermediate
                setView(.activations)
            }
            activationPan = 0
        case .toggleZoom:
            activationZoom = activationZoom == .fitted ? .oneToOne : .fitted
            if mainView != .activations { setView(.activations) }
        case .togglePooler:
            if mainView == .pooler {
                mainView = previousView
            } else if ScreenLayout.canShowSidePanel(size) {
                showSidePanel.toggle()
            } else {
                setView(.pooler)
            }
        case .toggleIDs:
            showIDs.toggle()
        case .togglePair:
            pairMode.toggle()
            if pairMode {
                focus = .pair
            } else if focus == .pair {
                focus = .input
            }
        case .cycleTheme(let d):
            let n = themes.count
            themeIndex = ((themeIndex + d) % n + n) % n
            message = StatusMessage(
                text: n > 1
                    ? "theme \(theme.name) (\(themeIndex + 1)/\(n))" : "theme \(theme.name): the only theme found")
        case .paste(let text):
            if !focus.isTextInput { focus = .input }
            edit(.insert(text))
        case .resize(let s):
            size = s
        case .setHover(let p):
            hover = p
        case .setDraggingSlider(let on):
            draggingSlider = on
        case .saveShots:
            if prepared != nil {
                effects.append(.saveShots)
            } else {
                message = StatusMessage(text: "nothing to save yet: waiting for the first encoding", isError: true)
            }
        case .stepSlide(let d):
            guard !slides.isEmpty else { break }
            showSlide(min(max(0, (slideIndex ?? 0) + d), slides.count - 1))
        case .toggleZen:
            zen.toggle()
        case .stepZoom(let d):
            zoom = min(max(-AppState.zoomSteps, zoom + d), AppState.zoomSteps)
            message = StatusMessage(text: zoom == 0 ? "cells: fitted size" : "cells: zoom \(Self.zoomLabel(zoom))")
        case .pagePan(let d):
            pan(by: d * max(1, FrameGeometry.oneToOneVisibleDimensions(state: self)))
        case .panTo(let first):
            pan(by: (first == Int.max ? Int.max / 2 : first) - activationPan)
        case .pageToken(let d):
            selectToken(selectedToken + d * tokenPage)
        case .cycleAttentionSource:
            attentionSource = attentionSource.next
            setView(.attention)
            message = StatusMessage(text: "attention view shows: \(attentionSource.label)")
        case .toggleAttentionScale:
            attentionScale = attentionScale == .unit ? .toMax : .unit
            message = StatusMessage(text: "attention colours: \(attentionScale.label)")
        case .toggleCompare:
            toggleCompare()
        case .activate:
            if mainView == .grid {
                setView(.attention)
                if case .single = head {} else { head = .single(0) }
            } else if mainView == .compare && compareMode {
                focus = .compare
            } else {
                focus = .input
            }
        }
        if let request = encodeRequestIfTextChanged() { effects.append(.encode(request)) }
        if let request = compareRequestIfTextChanged() { effects.append(.encodeCompare(request)) }
        return effects
    }

    /// Dimensions one `,`/`.` press pans the 1:1 activation view.
    static let panStep = 16

    /// How many sizes `+`/`-` go beyond the fitted cells either way.
    static let zoomSteps = 4

    /// `+2`, `-1`: a zoom level as titles show it.
    static func zoomLabel(_ z: Int) -> String { z > 0 ? "+\(z)" : "\(z)" }

    /// Tokens one `{`/`}` press moves: about the rows a full-screen heatmap shows, at least 8.
    var tokenPage: Int { max(8, size.height - 10) }

    /// A new request when the text differs from the last one sent.
    mutating func encodeRequestIfTextChanged() -> EncodeRequest? {
        let key = currentText
        guard key != requestedText else { return nil }
        requestedText = key
        latestRequest += 1
        return EncodeRequest(id: latestRequest, textA: key.textA, textB: key.textB)
    }

    /// Applies an edit to the focused line.
    mutating func edit(_ command: EditCommand) {
        if focus == .pair {
            Self.apply(command, to: &inputB)
            historyB.stopBrowsing()
        } else if focus == .compare {
            Self.apply(command, to: &inputC)
            historyC.stopBrowsing()
        } else {
            Self.apply(command, to: &inputA)
            historyA.stopBrowsing()
        }
    }

    static func apply(_ command: EditCommand, to editor: inout LineEditor) {
        switch command {
        case .insert(let s): editor.insert(s)
        case .backspace: editor.backspace()
        case .deleteForward: editor.deleteForward()
        case .left: editor.moveLeft()
        case .right: editor.moveRight()
        case .home: editor.moveHome()
        case .end: editor.moveEnd()
        case .killToStart: editor.killToStart()
        case .killToEnd: editor.killToEnd()
        case .deleteWordBackward: editor.deleteWordBackward()
        case .moveTo(let i): editor.moveTo(i)
        }
    }

    /// The focus order Tab walks: input, (input B), (compare), tokens, heatmap.
    func nextFocus(after f: Focus, step: Int) -> Focus {
        let order: [Focus] =
            [.input] + (pairMode ? [.pair] : []) + (compareMode ? [.compare] : []) + [.tokens, .heatmap]
        let i = order.firstIndex(of: f) ?? 0
        return order[((i + step) % order.count + order.count) % order.count]
    }

    func clampLayer(_ l: Int) -> Int { min(max(0, l), layerCount) }

    mutating func selectToken(_ t: Int) {
        let n = tokenCount
        selectedToken = n == 0 ? 0 : min(max(0, t), n - 1)
        hover = nil
    }

    mutating func setKeyCursor(_ k: Int) {
        let n = tokenCount
        keyCursor = n == 0 ? 0 : min(max(0, k), n - 1)
        hover = nil
    }

    mutating func pan(by d: Int) {
        let dims = activationDimensionCount
        let visible = FrameGeometry.oneToOneVisibleDimensions(state: self)
        activationPan = min(max(0, activationPan + d), max(0, dims - visible))
    }

    /// Columns of the matrix the activation view shows.
    var activationDimensionCount: Int {
        activationSource == .hidden ? config.hiddenSize : config.intermediateSize
    }

    mutating func setView(_ v: MainView) {
        if v == .pooler && mainView != .pooler { previousView = mainView }
        mainView = v
        if v == .activations { activationPan = min(activationPan, max(0, activationDimensionCount - 1)) }
    }

    /// Heads in cycling order: 1...H, mean, max.
    func steppedHead(by d: Int) -> HeadSelection {
        let n = headCount + 2
        let i: Int
        switch head {
        case .single(let h): i = h
        case .mean: i = headCount
        case .max: i = headCount + 1
        }
        let j = ((i + d) % n + n) % n
        return j < headCount ? .single(j) : (j == headCount ? .mean : .max)
    }

    /// Puts slide `i` on screen: its text (re-encoded by the caller's text check) and where it looks. Every slide
    /// starts from the deck's defaults (the command line's layer and head, the attention view, hidden states,
    /// fitted, no pan, the first token), so reaching it forward or back gives the same screen; the speaker's room
    /// settings (theme, zoom, zen, side panel, ids) stay.
    mutating func showSlide(_ i: Int) {
        guard slides.indices.contains(i) else { return }
        let s = slides[i]
        slideIndex = i
        inputA.setText(s.textA)
        pairMode = s.textB != nil
        inputB.setText(s.textB ?? "")
        if focus == .pair && !pairMode { focus = .input }
        layer = clampLayer(s.layer ?? slideDefaults.layer)
        head = s.head ?? slideDefaults.head
        mainView = .attention
        previousView = .attention
        setView(s.view ?? .attention)
        activationSource = s.intermediate ? .intermediate : .hidden
        activationZoom = .fitted
        activationPan = 0
        selectedToken = 0
        keyCursor = 0
        hover = nil
        showHelp = false
        helpScroll = 0
    }

    /// Takes a new encoding: clamps selections to its size.
    mutating func show(_ prepared: PreparedEncoding, request: Int) {
        self.prepared = prepared
        shownRequest = request
        encodeError = nil
        let n = prepared.tokenCount
        selectedToken = min(selectedToken, max(0, n - 1))
        keyCursor = min(keyCursor, max(0, n - 1))
        if let h = hover, h.row >= n || ((mainView == .attention || mainView == .similarity) && h.col >= n) {
            hover = nil
        }
        rebuildComparison()
    }
}
