import ScopeUI

/// A figure as a list of drawing elements in pixel units: laid out once, then rasterized to PNG or written
/// as SVG, so both formats put every cell and label in the same place.
public struct Figure: Sendable, Hashable {
    /// What the figure shows (the SVG `<title>`).
    public var title: String
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The page colour.
    public var background: RGB
    /// Elements in painting order.
    public var elements: [FigureElement]

    /// Creates a figure.
    public init(title: String, width: Int, height: Int, background: RGB, elements: [FigureElement] = []) {
        self.title = title
        self.width = width
        self.height = height
        self.background = background
        self.elements = elements
    }

    /// Appends an element.
    public mutating func add(_ element: FigureElement) {
        elements.append(element)
    }
}

/// One thing drawn in a figure.
public enum FigureElement: Sendable, Hashable {
    /// A filled rectangle.
    case rect(PixelRect, fill: RGB)
    /// A one-pixel outline just inside the rectangle.
    case outline(PixelRect, color: RGB)
    /// A line of text.
    case text(FigureText)
    /// A grid of coloured cells (a heatmap).
    case cells(CellGrid)
    /// A colour ramp through a scale's stops: bottom to top when vertical, left to right otherwise.
    case gradient(PixelRect, scale: ColorScale, vertical: Bool)
}

/// A line of text placed by its anchor on the baseline.
public struct FigureText: Sendable, Hashable {
    /// The text, exactly: every renderer draws these characters (the pixel-font fallback draws boxes for
    /// glyphs it lacks).
    public var string: String
    /// Anchor x.
    public var x: Int
    /// Baseline y (for vertical text: the anchor's y).
    public var baseline: Int
    /// Font size in pixels (the em size, as SVG's `font-size`).
    public var size: Double
    /// Ink colour.
    public var color: RGB
    /// Where the anchor sits along the text.
    public var anchor: TextAnchor
    /// Horizontal, or rotated to read bottom to top.
    public var orientation: TextOrientation
    /// Bold weight.
    public var bold: Bool
    /// Proportional or monospace.
    public var family: FontFamily

    /// Creates a text element at layout step `scale` (see `FigureFont.size(scale:)`).
    public init(
        _ string: String, x: Int, baseline: Int, scale: Int = 1, color: RGB, anchor: TextAnchor = .start,
        orientation: TextOrientation = .horizontal, bold: Bool = false
    ) {
        self.init(
            string, x: x, baseline: baseline, size: FigureFont.size(scale: scale), color: color, anchor: anchor,
            orientation: orientation, bold: bold)
    }

    /// Creates a text element `size` pixels high.
    public init(
        _ string: String, x: Int, baseline: Int, size: Double, color: RGB, anchor: TextAnchor = .start,
        orientation: TextOrientation = .horizontal, bold: Bool = false, family: FontFamily = .sans
    ) {
        self.string = string
        self.x = x
        self.baseline = baseline
        self.size = max(1, size)
        self.color = color
        self.anchor = anchor
        self.orientation = orientation
        self.bold = bold
        self.family = family
    }
}

/// A rectangular grid of equally sized cells, each one colour: how heatmaps are drawn.
public struct CellGrid: Sendable, Hashable {
    /// Top-left corner.
    public var x: Int
    /// Top-left corner.
    public var y: Int
    /// Cells across.
    public var columns: Int
    /// Cells down.
    public var rows: Int
    /// Width of one cell in pixels.
    public var cellWidth: Int
    /// Height of one cell in pixels.
    public var cellHeight: Int
    /// `rows * columns` colours, row-major.
    public var colors: [RGB]

    /// Creates a grid; `colors` must hold `rows * columns` entries.
    public init(x: Int, y: Int, columns: Int, rows: Int, cellWidth: Int, cellHeight: Int, colors: [RGB]) {
        precondition(colors.count == rows * columns, "a cell grid needs one colour per cell")
        self.x = x
        self.y = y
        self.columns = columns
        self.rows = rows
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.colors = colors
    }

    /// The pixels the grid covers.
    public var frame: PixelRect {
        PixelRect(x: x, y: y, width: columns * cellWidth, height: rows * cellHeight)
    }

    /// The pixels of cell (`column`, `row`).
    public func cellRect(column: Int, row: Int) -> PixelRect {
        PixelRect(x: x + column * cellWidth, y: y + row * cellHeight, width: cellWidth, height: cellHeight)
    }

    /// The grid at one pixel per cell (what SVG embeds and scales up for large grids).
    public var onePixelPerCell: Raster {
        var r = Raster(width: columns, height: rows)
        for row in 0..<rows {
            for col in 0..<columns { r.set(x: col, y: row, to: colors[row * columns + col]) }
        }
        return r
    }
}
