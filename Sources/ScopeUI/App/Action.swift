/// An edit of the focused text line.
public enum EditCommand: Hashable, Sendable {
    /// Insert text at the cursor.
    case insert(String)
    /// Backspace, Delete, cursor left/right, Home, End.
    case backspace, deleteForward, left, right, home, end
    /// Ctrl-U, Ctrl-K, Ctrl-W.
    case killToStart, killToEnd, deleteWordBackward
    /// Put the cursor at a character index (mouse click).
    case moveTo(Int)
}

/// Everything that can change the app state. Keys and mouse events become actions (`KeyMap`, mouse hit
/// testing in `ExplorerCore`); `AppState.reduce` applies them.
public enum Action: Hashable, Sendable {
    /// Leave (q, Ctrl-C).
    case quit
    /// Open or close the help overlay.
    case toggleHelp
    /// Close the help overlay.
    case closeHelp
    /// Scroll the help overlay by lines.
    case scrollHelp(Int)
    /// Edit the focused text line (sentence A when focus is elsewhere).
    case edit(EditCommand)
    /// Up in an input line: the previous history entry.
    case historyPrevious
    /// Down in an input line: the next history entry (or back to the draft).
    case historyNext
    /// Enter in an input line: remember the line in its history.
    case commitLine
    /// Tab: the next focus.
    case focusNext
    /// Shift-Tab: the previous focus.
    case focusPrevious
    /// Focus a given place.
    case setFocus(Focus)
    /// Layer slider, by a step.
    case stepLayer(Int)
    /// Layer slider to a position (clamped).
    case setLayer(Int)
    /// Selected token, by a step.
    case stepToken(Int)
    /// Select a token by index (clamped; `Int.max` is the last).
    case selectToken(Int)
    /// Attention head by a step (single heads, then mean, then max, cyclically).
    case stepHead(Int)
    /// Show a given head, or the mean/max.
    case setHead(HeadSelection)
    /// The attention cursor's key column, by a step.
    case stepKeyCursor(Int)
    /// Put the key cursor on a column.
    case setKeyCursor(Int)
    /// Horizontal pan in the 1:1 activation view (in dimensions).
    case pan(Int)
    /// `,`/`.`: key cursor in attention, pan in activations.
    case stepSecondary(Int)
    /// Show a view in the main area.
    case setView(MainView)
    /// `r`: the attention view's next source (weights, value-weighted norms, rollout, flow); shows that view.
    case cycleAttentionSource
    /// Show the FFN intermediate in the activation view (or back to hidden states).
    case toggleIntermediate
    /// Activation view: fitted (binned) or 1:1 (panned).
    case toggleZoom
    /// The side panel (or, on narrow screens, the pooler view).
    case togglePooler
    /// Token ids under the tokens.
    case toggleIDs
    /// Sentence B (pair mode) on or off.
    case togglePair
    /// `C`: open the compare line (and view), show the compare view, or close it (see `AppState.toggleCompare`).
    case toggleCompare
    /// Next (+1) or previous (-1) theme.
    case cycleTheme(Int)
    /// Text from a paste: inserted whole into the focused line (sentence A if none), newlines as spaces.
    case paste(String)
    /// The terminal's new size.
    case resize(Size)
    /// The heatmap cell under the mouse (nil: none).
    case setHover(HeatmapPoint?)
    /// A mouse drag on the slider started or ended.
    case setDraggingSlider(Bool)
    /// Enter outside the input lines: open the selected grid cell, or go back to typing.
    case activate
    /// `s`: ask the run loop to save figures and a screenshot.
    case saveShots
    /// `n`/`p` with a `--present` deck: next / previous slide.
    case stepSlide(Int)
    /// Zen: hide everything but the sentence and the heatmap.
    case toggleZen
    /// Heatmap cells for the back of the room: +1 one size larger than now, -1 one smaller (0 is the fitted size).
    case stepZoom(Int)
    /// The 1:1 activation view by a page (the dimensions on screen): -1 left, +1 right.
    case pagePan(Int)
    /// The 1:1 activation view to a first dimension (clamped; `Int.max` shows the last ones).
    case panTo(Int)
    /// The selected token by a page (the rows a heatmap shows): -1 up, +1 down.
    case pageToken(Int)
    /// Attention colours from 0 to 1, or from 0 to the largest weight shown (screen and saved figures alike).
    case toggleAttentionScale
}
