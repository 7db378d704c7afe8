import BertKit

/// The explorer without a terminal: feed it input events and encodings, ask it for frames.
///
/// The run loop (ncurses backend) calls `start()` once, then `handle(_:)` for every event and `receive` for every
/// finished encoding, performs the returned effects, and draws `render(size:)`. Everything here is pure and fast:
/// per-encoding statistics are computed once in `receive` (or off-thread in `PreparedEncoding`), never per frame.
public struct ExplorerCore: Sendable {
    /// The current state.
    public private(set) var state: AppState

    /// A core in its starting state (no encoding yet; call `start()` for the first request).
    public init(options: ExplorerOptions) {
        state = AppState(options: options)
    }

    /// The effects to run at start: the first `.encode` (and `.encodeCompare` with a compare sentence).
    public mutating func start() -> [Effect] {
        var effects = state.encodeRequestIfTextChanged().map { [Effect.encode($0)] } ?? []
        if let compare = state.compareRequestIfTextChanged() { effects.append(.encodeCompare(compare)) }
        return effects
    }

    /// Handles one input event; returns what to do (encode, quit).
    public mutating func handle(_ event: InputEvent) -> [Effect] {
        switch event {
        case .key(let key):
            state.message = nil
            guard let action = KeyMap.action(for: key, in: state) else { return [] }
            return apply(action)
        case .paste(let text):
            if state.showHelp { _ = apply(.closeHelp) }
            return apply(.paste(text))
        case .resize(let size):
            return apply(.resize(size))
        case .mouse(let m):
            return mouseActions(m).flatMap { apply($0) }
        }
    }

    /// Applies an action directly (for scripted use: exporters, tests, demos).
    public mutating func apply(_ action: Action) -> [Effect] {
        var effects = state.reduce(action)
        effects = effects.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        return effects
    }

    /// Shows `encoding` if it answers a request newer than the one on screen, or brings more layers of the one on
    /// screen (a prefix, then the complete encoding, arrive under the same request); returns whether it was shown.
    @discardableResult
    public mutating func receive(_ encoding: Encoding, request: Int) -> Bool {
        guard isNews(request: request, computedLayers: encoding.computedLayers) else { return false }
        return receive(PreparedEncoding(encoding), request: request)
    }

    /// Shows an encoding whose statistics were prepared elsewhere (e.g. on the encode worker thread).
    @discardableResult
    public mutating func receive(_ prepared: PreparedEncoding, request: Int) -> Bool {
        guard isNews(request: request, computedLayers: prepared.encoding.computedLayers) else { return false }
        state.show(prepared, request: request)
        return true
    }

    /// True for a newer request than the one on screen, or more layers of the same one.
    func isNews(request: Int, computedLayers: Int) -> Bool {
        request > state.shownRequest || (request == state.shownRequest && computedLayers > state.computedLayers)
    }

    /// Reports that request `request` failed with `message` (shown until a newer result arrives).
    /// Returns whether it was shown (errors older than the result on screen are dropped).
    @discardableResult
    public mutating func receiveError(_ message: String, request: Int) -> Bool {
        guard request > state.shownRequest else { return false }
        state.shownRequest = request
        state.encodeError = message
        return true
    }

    /// Shows the compare sentence's encoding if it answers the newest compare request; returns whether it was shown.
    @discardableResult
    public mutating func receiveCompare(_ prepared: PreparedEncoding, request: Int) -> Bool {
        state.showCompare(prepared, request: request)
    }

    /// Reports that compare request `request` failed with `message`; returns whether it was shown.
    @discardableResult
    public mutating func receiveCompareError(_ message: String, request: Int) -> Bool {
        state.compareFailed(message, request: request)
    }

    /// Shows a one-off message in the status bar until the next key (e.g. "saved 7 files to bertscope-shots/").
    public mutating func showMessage(_ text: String, isError: Bool = false) {
        state.message = StatusMessage(text: text, isError: isError)
    }

    /// The screen for a terminal of `size` (pure; any size, down to 0x0).
    public func render(size: Size) -> CellBuffer {
        Screen.render(state, size: size)
    }

    /// Where the terminal's own cursor belongs (the input line's cursor), or nil when no input line has focus
    /// or the help overlay covers it.
    public func cursorPosition(size: Size) -> Position? {
        let layout = FrameGeometry(state: state, size: size).layout
        guard !layout.isTooSmall, !state.showHelp else { return nil }
        switch state.focus {
        case .input:
            let p = InputLineWidget.cursorPosition(.a, state: state, rect: layout.inputA)
            return Position(x: p.x, y: p.y)
        case .pair:
            guard let b = layout.inputB else { return nil }
            let p = InputLineWidget.cursorPosition(.b, state: state, rect: b)
            return Position(x: p.x, y: p.y)
        case .compare:
            guard let c = layout.inputC else { return nil }
            let p = InputLineWidget.cursorPosition(.c, state: state, rect: c)
            return Position(x: p.x, y: p.y)
        default:
            return nil
        }
    }
}

/// A cell position on the screen.
public struct Position: Sendable, Hashable {
    /// Column, from 0 at the left.
    public var x: Int
    /// Row, from 0 at the top.
    public var y: Int
    /// Creates a position.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
