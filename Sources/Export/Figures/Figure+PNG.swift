import Foundation
import ScopeUI

extension Figure {
    /// The figure drawn into pixels.
    public func rasterize() -> Raster {
        var r = Raster(width: width, height: height, background: background)
        for element in elements {
            switch element {
            case .rect(let rect, let fill):
                r.fill(rect, with: fill)
            case .outline(let rect, let color):
                r.stroke(rect, with: color)
            case .text(let t):
                r.drawText(
                    t.string, x: t.x, baseline: t.baseline, scale: t.scale, color: t.color, anchor: t.anchor,
                    orientation: t.orientation, bold: t.bold)
            case .cells(let grid):
                for row in 0..<grid.rows {
                    for col in 0..<grid.columns {
                        r.fill(grid.cellRect(column: col, row: row), with: grid.colors[row * grid.columns + col])
                    }
                }
            case .gradient(let rect, let scale, let vertical):
                if vertical {
                    for i in 0..<rect.height {
                        let t = rect.height > 1 ? Double(rect.height - 1 - i) / Double(rect.height - 1) : 0
                        r.fill(PixelRect(x: rect.x, y: rect.y + i, width: rect.width, height: 1), with: scale.color(at: t))
                    }
                } else {
                    for i in 0..<rect.width {
                        let t = rect.width > 1 ? Double(i) / Double(rect.width - 1) : 0
                        r.fill(PixelRect(x: rect.x + i, y: rect.y, width: 1, height: rect.height), with: scale.color(at: t))
                    }
                }
            }
        }
        return r
    }

    /// The figure as PNG bytes.
    public func png() throws -> Data {
        try PNGCodec.encode(rasterize())
    }
}
