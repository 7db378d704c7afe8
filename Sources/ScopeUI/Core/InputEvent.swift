/// A key as the app sees it, after the backend decoded the terminal's bytes.
public enum Key: Hashable, Sendable {
    /// Printable text (one grapheme; UTF-8 already decoded).
    case character(Character)
    /// Ctrl plus a letter (lower case), for the ones without a name below (ctrl-c, ctrl-u, ctrl-w, ...).
    case ctrl(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1...F12.
    case function(Int)
}

/// A mouse event in cell coordinates.
public struct MouseEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable { case press, release, drag, wheelUp, wheelDown, move }
    public var kind: Kind
    public var x: Int
    public var y: Int
    /// Creates a mouse event.
    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Everything that reaches the app from the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal's new size.
    case resize(Size)
    /// Bracketed paste (or a burst of text): inserted as a whole, newlines turned into spaces.
    case paste(String)
}
