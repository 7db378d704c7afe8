import ScopeUI

/// The colours a screen export uses where a cell says "terminal default" (a nil colour): the theme's
/// normal foreground and background.
public struct ScreenColors: Sendable, Hashable {
    /// Text colour for cells without one.
    public var foreground: RGB
    /// Background for cells without one.
    public var background: RGB

    /// The terminal depth the export shows (nil: the cells' own RGB, as a true-colour terminal does).
    public var depth: TerminalColors?

    /// Creates screen colours.
    public init(foreground: RGB, background: RGB, depth: TerminalColors? = nil) {
        self.foreground = foreground
        self.background = background
        self.depth = depth
    }

    /// The built-in default theme's page and ink.
    public static let standard = ScreenColors(theme: .builtIn)

    /// The concrete foreground and background of `style`, with reverse applied and dim blended toward the
    /// background (what a terminal shows).
    func resolve(_ style: Style) -> (fg: RGB, bg: RGB) {
        var fg = style.fg ?? foreground
        var bg = style.bg ?? background
        var attributes = style.attributes
        if let depth {
            // What a terminal of that depth shows: the backend's own reduction, back to the RGB it displays.
            let look = depth.look(for: style)
            fg = depth.rgb(look.colors.fg, default: foreground)
            bg = depth.rgb(look.colors.bg, default: background)
            attributes = look.attributes
        }
        if attributes.contains(.reverse) { swap(&fg, &bg) }
        if attributes.contains(.dim) { fg = fg.mixed(with: bg, 0.4) }
        return (fg, bg)
    }
}
