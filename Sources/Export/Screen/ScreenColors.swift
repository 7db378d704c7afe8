import ScopeUI

/// The colours a screen export uses where a cell says "terminal default" (a nil colour): the theme's
/// normal foreground and background.
public struct ScreenColors: Sendable, Hashable {
    /// Text colour for cells without one.
    public var foreground: RGB
    /// Background for cells without one.
    public var background: RGB

    /// Creates screen colours.
    public init(foreground: RGB, background: RGB) {
        self.foreground = foreground
        self.background = background
    }

    /// The built-in default theme's page and ink.
    public static let standard = ScreenColors(theme: .builtIn)

    /// The concrete foreground and background of `style`, with reverse applied and dim blended toward the
    /// background (what a terminal shows).
    func resolve(_ style: Style) -> (fg: RGB, bg: RGB) {
        var fg = style.fg ?? foreground
        var bg = style.bg ?? background
        if style.attributes.contains(.reverse) { swap(&fg, &bg) }
        if style.attributes.contains(.dim) { fg = fg.mixed(with: bg, 0.4) }
        return (fg, bg)
    }
}
