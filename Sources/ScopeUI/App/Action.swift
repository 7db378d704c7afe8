/// An edit of the focused text line.
public enum EditCommand: Hashable, Sendable {
    /// Insert text at the cursor.
    case insert(String)
    case backspace, deleteForward, left, right, home, end
    /// Ctrl-U, Ctrl-K, Ctrl-W.
    case killToStart, killToEnd, deleteWordBackward
    /// Put the cursor at a character index (mouse click).
    case moveTo(Int)
}

/// Everything that can change the app state. Keys and mouse events become actions (`KeyMap`, mouse hit
/// testing in `ExplorerCore`); `AppState.reduce` applies them.
public enum Action: Hashable, Sendable {
    case quit
    case toggleHelp
    case closeHelp
    case scrollHelp(Int)
    /// Edit the focused text line (sentence A when focus is elsewhere).
    case edit(EditCommand)
    case historyPrevious
    case historyNext
    /// Enter in an input line: remember the line in its history.
    case commitLine
    case focusNext
    case focusPrevious
    case setFocus(Focus)
    /// Layer slider.
    case stepLayer(Int)
    case setLayer(Int)
    /// Selected token.
    case stepToken(Int)
    case selectToken(Int)
    /// Attention head (single heads, then mean, then max, cyclically).
    case stepHead(Int)
    case setHead(HeadSelection)
    /// The attention cursor's key column.
    case stepKeyCursor(Int)
    case setKeyCursor(Int)
    /// Horizontal pan in the 1:1 activation view (in dimensions).
    case pan(Int)
    /// `,`/`.`: key cursor in attention, pan in activations.
    case stepSecondary(Int)
    case setView(MainView)
    /// Show the FFN intermediate in the activation view (or back to hidden states).
    case toggleIntermediate
    case toggleZoom
    /// The side panel (or, on narrow screens, the pooler view).
    case togglePooler
    case toggleIDs
    case togglePair
    case cycleTheme(Int)
    /// Text from a paste: inserted whole into the focused line (sentence A if none), newlines as spaces.
    case paste(String)
    case resize(Size)
    case setHover(HeatmapPoint?)
    case setDraggingSlider(Bool)
    /// Enter outside the input lines: open the selected grid cell, or go back to typing.
    case activate
    /// `s`: ask the run loop to save figures and a screenshot.
    case saveShots
    /// `n`/`p` with a `--present` deck: next / previous slide.
    case stepSlide(Int)
    /// Zen: hide everything but the sentence and the heatmap.
    case toggleZen
    /// Heatmap cell width for the back of the room: +1 / -1 (auto, 2, 3, 4).
    case stepZoom(Int)
}
