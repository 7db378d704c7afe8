/// Where a text's anchor point sits along its baseline (SVG's `text-anchor`).
public enum TextAnchor: String, Sendable, Hashable {
    /// The text starts at the anchor.
    case start
    /// The text is centred on the anchor.
    case middle
    /// The text ends at the anchor.
    case end
}

/// Which way a line of text runs.
public enum TextOrientation: Sendable, Hashable {
    /// Left to right.
    case horizontal
    /// Rotated 90° counter-clockwise: reads bottom to top (SVG `rotate(-90)` about the anchor).
    case vertical
}
