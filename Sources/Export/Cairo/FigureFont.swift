/// The typeface a piece of figure text is set in.
public enum FontFamily: String, Sendable, Hashable {
    /// Proportional text: titles, labels, ticks (DejaVu Sans, with fontconfig's fallback for other scripts).
    case sans
    /// Monospace: the terminal grid of a screen export (DejaVu Sans Mono).
    case mono

    /// The fontconfig family name asked for.
    var fontconfigName: String { self == .sans ? "DejaVu Sans" : "DejaVu Sans Mono" }
}

/// How figure text is measured while a figure is laid out and drawn when it is rendered: real fonts through
/// pango (fontconfig fallback for every script, HarfBuzz shaping), or the built-in pixel font when
/// fontconfig finds no font at all. Layout and rendering use the same one, so what was measured is drawn.
public struct FigureFont: Sendable {
    let pango: PangoText?

    /// Real fonts when fontconfig has any, else the pixel font.
    public static let system = FigureFont(pango: PangoText.shared)
    /// The built-in 5x7 pixel font (for tests of the fallback).
    public static let pixel = FigureFont(pango: nil)

    /// True when text is drawn with real fonts; false when only the pixel font is available.
    public var hasRealFonts: Bool { pango != nil }

    /// The pixel size of text at layout step `scale`: 1 for labels and notes (11 px), 2 for titles, axes and
    /// ticks (16 px), 3 and up for large figures.
    public static func size(scale: Int) -> Double { Double(6 + 5 * max(1, scale)) }

    /// The pixel font's integer magnification closest to `size` (the fallback's notion of a size).
    static func pixelScale(_ size: Double) -> Int { max(1, Int(((size - 6) / 5).rounded())) }

    /// Width of `text` along its baseline at `size` pixels.
    func width(_ text: String, size: Double, bold: Bool = false, family: FontFamily = .sans) -> Double {
        guard let pango else { return Double(PixelFont.width(of: text, scale: Self.pixelScale(size))) }
        return pango.width(of: text, size: size, bold: bold, family: family.fontconfigName)
    }

    /// Width of `text` at layout step `scale`, rounded up to whole pixels.
    func width(_ text: String, scale: Int, bold: Bool = false) -> Int {
        Int(width(text, size: Self.size(scale: scale), bold: bold).rounded(.up))
    }

    /// Height of capitals above the baseline at `size` pixels.
    func capHeight(size: Double, family: FontFamily = .sans) -> Double {
        guard let pango else { return Double(PixelFont.capHeight * Self.pixelScale(size)) }
        return pango.metrics(size: size, bold: false, family: family.fontconfigName).capHeight
    }

    /// How far a line reaches above its baseline (accents, tall scripts) at `size` pixels.
    func ascent(size: Double, family: FontFamily = .sans) -> Double {
        guard let pango else { return Double(PixelFont.capHeight * Self.pixelScale(size)) }
        return pango.metrics(size: size, bold: false, family: family.fontconfigName).ascent
    }

    /// How far a line reaches below its baseline at `size` pixels.
    func descent(size: Double, family: FontFamily = .sans) -> Double {
        guard let pango else { return Double(PixelFont.descent * Self.pixelScale(size)) }
        return pango.metrics(size: size, bold: false, family: family.fontconfigName).descent
    }

    /// Capital height at layout step `scale`, in whole pixels.
    func capHeight(_ scale: Int) -> Int { Int(capHeight(size: Self.size(scale: scale)).rounded()) }

    /// Distance from one baseline to the next at layout step `scale`, in whole pixels.
    func lineHeight(_ scale: Int) -> Int { ascent(scale) + descent(scale) }

    /// Ascent at layout step `scale`, in whole pixels.
    func ascent(_ scale: Int) -> Int { Int(ascent(size: Self.size(scale: scale)).rounded(.up)) }

    /// Descent at layout step `scale`, in whole pixels.
    func descent(_ scale: Int) -> Int { Int(descent(size: Self.size(scale: scale)).rounded(.up)) }

    /// The box `text` covers: along the baseline from its start to its end, across from ascent to descent;
    /// rotated for vertical text exactly as it is drawn.
    public func box(of text: FigureText) -> PixelRect {
        let w = width(text.string, size: text.size, bold: text.bold, family: text.family)
        let up = ascent(size: text.size, family: text.family)
        let down = descent(size: text.size, family: text.family)
        let start: Double
        switch text.anchor {
        case .start: start = 0
        case .middle: start = -w / 2
        case .end: start = -w
        }
        let x = Double(text.x)
        let y = Double(text.baseline)
        switch text.orientation {
        case .horizontal:
            return Self.rect(x0: x + start, y0: y - up, x1: x + start + w, y1: y + down)
        case .vertical:
            // rotate(-90) about the anchor: along-baseline runs up (-y), "up" from the baseline runs left (-x).
            return Self.rect(x0: x - up, y0: y - start - w, x1: x + down, y1: y - start)
        }
    }

    /// The whole pixels a real-valued box touches.
    private static func rect(x0: Double, y0: Double, x1: Double, y1: Double) -> PixelRect {
        let l = Int(x0.rounded(.down))
        let t = Int(y0.rounded(.down))
        let r = Int(x1.rounded(.up))
        let b = Int(y1.rounded(.up))
        return PixelRect(x: l, y: t, width: max(0, r - l), height: max(0, b - t))
    }
}
