import ScopeUI

/// How big a figure is drawn: its natural size times a factor, or fitted into exactly `width` x `height`
/// (scaled uniformly and centred on the page colour, so nothing the layout separated can touch).
public enum FigureCanvas: Sendable, Hashable {
    /// The natural size times `factor` (2 for retina screens and print).
    case scaled(Double)
    /// Exactly this many pixels (PNG) or points (PDF).
    case exactly(width: Int, height: Int)

    /// Smallest exact size accepted.
    public static let minimum = Size(width: 320, height: 240)
    /// Largest exact size accepted.
    public static let maximum = Size(width: 4000, height: 4000)
    /// Largest `--scale` factor accepted.
    public static let maximumScale = 8.0

    /// Checks the bounds; the message names the option and the allowed range.
    public func validated() throws -> FigureCanvas {
        switch self {
        case .scaled(let f):
            guard f.isFinite, f > 0, f <= Self.maximumScale else {
                throw ExportError.invalidOption("--scale must be a number above 0 and at most 8, not \(f)")
            }
        case .exactly(let w, let h):
            guard (Self.minimum.width...Self.maximum.width).contains(w),
                (Self.minimum.height...Self.maximum.height).contains(h)
            else {
                throw ExportError.invalidOption(
                    "--size must be between 320x240 and 4000x4000 pixels for a figure, not \(w)x\(h)")
            }
        }
        return self
    }

    /// The page size, the factor the figure is drawn at and where its top left corner lands.
    func placement(of figure: Figure) -> (width: Int, height: Int, scale: Double, dx: Double, dy: Double) {
        let w = Double(max(1, figure.width))
        let h = Double(max(1, figure.height))
        switch self {
        case .scaled(let f):
            return (max(1, Int((w * f).rounded())), max(1, Int((h * f).rounded())), f, 0, 0)
        case .exactly(let cw, let ch):
            let s = min(Double(cw) / w, Double(ch) / h)
            return (cw, ch, s, ((Double(cw) - w * s) / 2).rounded(), ((Double(ch) - h * s) / 2).rounded())
        }
    }
}
