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
    /// Sequential scale for attention weights, low to high.
    public var sequential: ColorScale
    /// Diverging scale for activations: negative, zero (middle stop), positive.
    public var diverging: ColorScale

    /// Creates a palette.
    public init(
        name: String, background: RGB, text: RGB, muted: RGB, axis: RGB, accent: RGB, segmentB: RGB,
        sequential: ColorScale, diverging: ColorScale
    ) {
        self.name = name
        self.background = background
        self.text = text
        self.muted = muted
        self.axis = axis
        self.accent = accent
        self.segmentB = segmentB
        self.sequential = sequential
        self.diverging = diverging
    }

    /// A dark palette used when no theme is given.
    public static let standard = FigurePalette(
        name: "default",
        background: RGB(0x16, 0x18, 0x1d), text: RGB(0xe6, 0xe6, 0xe6), muted: RGB(0x9a, 0xa0, 0xa6),
        axis: RGB(0x5f, 0x63, 0x68), accent: RGB(0xff, 0xd1, 0x66), segmentB: RGB(0x7f, 0xdb, 0xca),
        sequential: ColorScale([
            RGB(0x00, 0x00, 0x04), RGB(0x42, 0x0a, 0x68), RGB(0x93, 0x26, 0x67), RGB(0xdd, 0x51, 0x3a),
            RGB(0xfc, 0xa5, 0x0a), RGB(0xfc, 0xff, 0xa4),
        ]),
        diverging: ColorScale([
            RGB(0x4f, 0xa3, 0xff), RGB(0x2a, 0x5c, 0x8f), RGB(0x24, 0x27, 0x2e), RGB(0x8f, 0x3a, 0x2a),
            RGB(0xff, 0x6b, 0x4f),
        ]))
}
