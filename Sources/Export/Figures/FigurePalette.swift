import ScopeUI

/// The colours a figure is drawn in: page, ink, and the two heatmap scales. Built from a UI theme's roles,
/// so a figure looks like the screen it came from.
public struct FigurePalette: Sendable, Hashable {
    /// Name of the theme it came from (shown nowhere; used in file names and tests).
    public var name: String
    /// Page colour.
    public var background: RGB
    /// Main text (titles, labels).
    public var text: RGB
    /// Secondary text (subtitles, footnotes, special tokens).
    public var muted: RGB
    /// Frames, tick marks, axis lines.
    public var axis: RGB
    /// The selected token and other emphasis.
    public var accent: RGB
    /// Labels of sentence-B tokens in pair mode.
    public var segmentB: RGB
    /// Histogram bars of the [CLS] vector.
    public var clsBars: RGB
    /// Histogram bars of pooler_output (and the per-layer cosine bars).
    public var poolerBars: RGB
    /// Sequential scale for attention weights, low to high.
    public var sequential: ColorScale
    /// Diverging scale for activations: negative, zero (middle stop), positive.
    public var diverging: ColorScale

    /// Creates a palette.
    public init(
        name: String, background: RGB, text: RGB, muted: RGB, axis: RGB, accent: RGB, segmentB: RGB, clsBars: RGB,
        poolerBars: RGB, sequential: ColorScale, diverging: ColorScale
    ) {
        self.name = name
        self.background = background
        self.text = text
        self.muted = muted
        self.axis = axis
        self.accent = accent
        self.segmentB = segmentB
        self.clsBars = clsBars
        self.poolerBars = poolerBars
        self.sequential = sequential
        self.diverging = diverging
    }

    /// The built-in default theme's figure colours.
    public static let standard = FigurePalette(theme: .builtIn)
}
