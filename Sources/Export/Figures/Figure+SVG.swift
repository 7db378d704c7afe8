import Foundation
import ScopeUI

extension Figure {
    /// Grids with more cells than this are embedded as one PNG image (scaled up with crisp pixels) instead
    /// of one `<rect>` per cell, which keeps a 512-token attention SVG well under 2 MB.
    public static let maxVectorCells = 4096

    /// The monospace font stack screen exports ask for (the terminal grid).
    public static let svgFontFamily = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"
    /// The font stack figure text asks for: the family the layout was measured with first, then fallbacks
    /// for CJK and emoji, so labels keep the widths they were given room for.
    public static let svgSansFamily = "DejaVu Sans, Verdana, Noto Sans CJK JP, Noto Color Emoji, sans-serif"

    /// The figure as an SVG document. Labels are vector text (exact, searchable); cells are `<rect>`s, or
    /// one embedded PNG for large grids.
    public func svg(canvas: FigureCanvas = .scaled(1)) throws -> String {
        let place = canvas.placement(of: self)
        let page = place.width == width && place.height == height ? nil : (width: place.width, height: place.height)
        var w = SVGWriter(width: width, height: height, title: title, page: page)
        var gradientCount = 0
        w.element("rect", [("width", "\(width)"), ("height", "\(height)"), ("fill", background.hex)])
        w.begin("g", [("font-family", Self.svgSansFamily)])
        for element in elements {
            switch element {
            case .rect(let r, let fill):
                w.element("rect", Self.box(r) + [("fill", fill.hex)])
            case .outline(let r, let color):
                guard !r.isEmpty else { continue }
                w.element(
                    "rect",
                    [
                        ("x", "\(r.x).5"), ("y", "\(r.y).5"), ("width", "\(r.width - 1)"),
                        ("height", "\(r.height - 1)"),
                        ("fill", "none"), ("stroke", color.hex), ("stroke-width", "1"),
                    ])
            case .text(let t):
                var attrs: [(String, String)] = [
                    ("x", "\(t.x)"), ("y", "\(t.baseline)"),
                    ("font-size", Fixed.string(t.size, decimals: t.size == t.size.rounded() ? 0 : 2)),
                    ("fill", t.color.hex),
                ]
                if t.anchor != .start { attrs.append(("text-anchor", t.anchor.rawValue)) }
                if t.bold { attrs.append(("font-weight", "bold")) }
                if t.family == .mono { attrs.append(("font-family", Self.svgFontFamily)) }
                if t.orientation == .vertical { attrs.append(("transform", "rotate(-90 \(t.x) \(t.baseline))")) }
                w.element("text", attrs, text: t.string)
            case .cells(let grid):
                try Self.write(grid, into: &w)
            case .gradient(let r, let scale, let vertical):
                gradientCount += 1
                let id = "scale\(gradientCount)"
                w.begin(
                    "linearGradient",
                    [("id", id), ("x1", "0"), ("y1", vertical ? "1" : "0"), ("x2", vertical ? "0" : "1"), ("y2", "0")])
                let n = scale.stops.count
                for (i, stop) in scale.stops.enumerated() {
                    w.element(
                        "stop",
                        [("offset", Fixed.string(Double(i) / Double(n - 1), decimals: 4)), ("stop-color", stop.hex)])
                }
                w.end()
                w.element("rect", Self.box(r) + [("fill", "url(#\(id))")])
            }
        }
        w.end()
        return w.finish()
    }

    private static func box(_ r: PixelRect) -> [(String, String)] {
        [("x", "\(r.x)"), ("y", "\(r.y)"), ("width", "\(r.width)"), ("height", "\(r.height)")]
    }

    private static func write(_ grid: CellGrid, into w: inout SVGWriter) throws {
        let frame = grid.frame
        guard !frame.isEmpty else { return }
        if grid.rows * grid.columns > maxVectorCells {
            let png = try PNGCodec.encode(grid.onePixelPerCell)
            w.element(
                "image",
                box(frame) + [
                    ("preserveAspectRatio", "none"),
                    ("style", "image-rendering:crisp-edges;image-rendering:pixelated"),
                    ("href", "data:image/png;base64," + png.base64EncodedString()),
                ])
            return
        }
        // One rect per run of equal colours along a row: crisp, editable, and small.
        w.begin("g", [("shape-rendering", "crispEdges")])
        for row in 0..<grid.rows {
            var col = 0
            while col < grid.columns {
                let c = grid.colors[row * grid.columns + col]
                var end = col + 1
                while end < grid.columns && grid.colors[row * grid.columns + end] == c { end += 1 }
                let r = PixelRect(
                    x: grid.x + col * grid.cellWidth, y: grid.y + row * grid.cellHeight,
                    width: (end - col) * grid.cellWidth, height: grid.cellHeight)
                w.element("rect", box(r) + [("fill", c.hex)])
                col = end
            }
        }
        w.end()
    }
}
