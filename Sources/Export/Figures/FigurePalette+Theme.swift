import ScopeUI

extension FigurePalette {
    /// The figure colours of a UI theme: its text, dim text, border, accent, segment-B and histogram roles and both
    /// heatmap scales. A theme that keeps the terminal's own background gets a page that suits its text
    /// (dark behind light text, white behind dark text), since a file has no terminal behind it.
    public init(theme: Theme) {
        let text = theme.color(.text) ?? RGB(0xd0, 0xd0, 0xd0)
        let page = theme.color(.background) ?? (text.luminance > 0.5 ? RGB(0x12, 0x12, 0x12) : RGB(0xff, 0xff, 0xff))
        self.init(
            name: theme.name, background: page, text: text, muted: theme.color(.dimText) ?? text.mixed(with: page, 0.4),
            axis: theme.color(.border) ?? text.mixed(with: page, 0.6), accent: theme.color(.accent) ?? text,
            segmentB: theme.color(.segmentB) ?? text, clsBars: theme.color(.histogramCLS) ?? text,
            poolerBars: theme.color(.histogramPooler) ?? text, sequential: theme.sequential, diverging: theme.diverging)
    }
}

extension ScreenColors {
    /// What a theme's terminal-default colours stand for in a screen export (see `FigurePalette(theme:)`).
    public init(theme: Theme) {
        let p = FigurePalette(theme: theme)
        self.init(foreground: p.text, background: p.background)
    }
}
