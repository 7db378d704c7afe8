import ScopeUI

extension Raster {
    /// Draws `text` in the bitmap font with its anchor at (`x`, `baseline`).
    ///
    /// `scale` multiplies every font pixel (1: 7-pixel capitals). Vertical text is rotated about the anchor
    /// exactly as SVG's `rotate(-90 x baseline)`, so both renderers put labels in the same place.
    public mutating func drawText(
        _ text: String, x: Int, baseline: Int, scale: Int = 1, color: RGB, anchor: TextAnchor = .start,
        orientation: TextOrientation = .horizontal, bold: Bool = false
    ) {
        let s = max(1, scale)
        let total = PixelFont.width(of: text, scale: s)
        var pen: Int
        switch anchor {
        case .start: pen = 0
        case .middle: pen = -total / 2
        case .end: pen = -total
        }
        // (dx, dy) are offsets from the anchor in the text's own frame: dx along the baseline, dy down.
        func plot(_ dx: Int, _ dy: Int, _ w: Int, _ h: Int) {
            switch orientation {
            case .horizontal:
                fill(PixelRect(x: x + dx, y: baseline + dy, width: w, height: h), with: color)
            case .vertical:
                // rotate(-90): (dx, dy) -> (dy, -dx); a w x h block becomes h wide, w tall, ending at -dx.
                fill(PixelRect(x: x + dy, y: baseline - dx - w, width: h, height: w), with: color)
            }
        }
        // Bold widens every stroke by half a font pixel (at least one screen pixel), as bitmap fonts do.
        let top = -PixelFont.capHeight * s
        for ch in text {
            switch PixelFont.shape(of: ch) {
            case .none:
                continue
            case .glyph(let g):
                for (r, bits) in g.rows.enumerated() where bits != 0 {
                    for c in 0..<5 where bits & (0x10 >> UInt8(c)) != 0 {
                        plot(pen + c * s, top + r * s, s + (bold ? max(1, s / 2) : 0), s)
                    }
                }
                pen += PixelFont.advance * s
            case .box(let cells):
                let w = cells * PixelFont.advance * s - s
                let h = PixelFont.capHeight * s
                plot(pen, top, w, s)
                plot(pen, top + h - s, w, s)
                plot(pen, top, s, h)
                plot(pen + w - s, top, s, h)
                pen += cells * PixelFont.advance * s
            }
        }
    }
}
