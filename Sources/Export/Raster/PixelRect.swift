import ScopeUI

/// A rectangle of pixels: the same geometry as ScopeUI's cell `Rect` (origin top left, x right, y down,
/// sizes never negative), named for the unit it measures in raster code.
public typealias PixelRect = Rect
