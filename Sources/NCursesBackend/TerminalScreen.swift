import ScopeUI

/// What the run loop needs from a terminal: events in, frames out. `NCursesScreen` is the real one;
/// tests drive the loop with a scripted one.
public protocol TerminalScreen: AnyObject {
    /// The colour mode frames are rendered for.
    var colorMode: ColorMode { get }
    /// A graceful signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that asks the loop to end, if one came.
    var pendingSignal: Int32? { get }
    /// Waits up to `timeout` ms for input or a wake-up, then returns the ready events
    /// (a size change as `.resize`, always first on the first call).
    func nextEvents(timeout: Int32) -> [InputEvent]
    /// Shows `frame`, with the terminal's cursor at `cursor` (hidden when nil).
    func draw(_ frame: CellBuffer, cursor: (x: Int, y: Int)?)
    /// A function any thread may call to make a waiting `nextEvents` return at once.
    var waker: @Sendable () -> Void { get }
    /// Gives the terminal back.
    func close()
}
