import ScopeUI

/// An 8-bit image in memory, row-major, RGB or RGBA: what figures rasterize into before PNG encoding,
/// and what the PNG reader hands back.
public struct Raster: Sendable, Hashable {
    /// The channel layout of each pixel.
    public enum Channels: Int, Sendable, Hashable {
        /// Red, green, blue: 3 bytes a pixel.
        case rgb = 3
        /// Red, green, blue, alpha (straight, not premultiplied): 4 bytes a pixel.
        case rgba = 4
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Channel layout.
    public let channels: Channels
    /// The samples: (height, width, channels), row-major, no padding between rows.
    public internal(set) var bytes: [UInt8]

    /// A raster filled with `background` (alpha 255 for RGBA).
    public init(width: Int, height: Int, channels: Channels = .rgb, background: RGB = RGB(0, 0, 0)) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.channels = channels
        let n = channels.rawValue
        var row = [UInt8]()
        row.reserveCapacity(self.width * n)
        for _ in 0..<self.width {
            row.append(background.r)
            row.append(background.g)
            row.append(background.b)
            if n == 4 { row.append(255) }
        }
        var all = [UInt8]()
        all.reserveCapacity(self.width * self.height * n)
        for _ in 0..<self.height { all.append(contentsOf: row) }
        bytes = all
    }

    /// Wraps existing samples; nil when `bytes` does not hold exactly `width * height * channels` of them.
    public init?(width: Int, height: Int, channels: Channels, bytes: [UInt8]) {
        guard width >= 0, height >= 0, bytes.count == width * height * channels.rawValue else { return nil }
        self.width = width
        self.height = height
        self.channels = channels
        self.bytes = bytes
    }

    /// The whole image as a rectangle.
    public var bounds: PixelRect { PixelRect(x: 0, y: 0, width: width, height: height) }

    /// Bytes in one row.
    public var rowStride: Int { width * channels.rawValue }

    /// The colour at (x, y), alpha ignored; nil outside the image.
    public func color(x: Int, y: Int) -> RGB? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let i = (y * width + x) * channels.rawValue
        return RGB(bytes[i], bytes[i + 1], bytes[i + 2])
    }

    /// The alpha at (x, y) (255 for RGB rasters); nil outside the image.
    public func alpha(x: Int, y: Int) -> UInt8? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return channels == .rgba ? bytes[(y * width + x) * 4 + 3] : 255
    }

    /// Sets one pixel (opaque); writes outside the image are ignored.
    public mutating func set(x: Int, y: Int, to c: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let n = channels.rawValue
        let i = (y * width + x) * n
        bytes[i] = c.r
        bytes[i + 1] = c.g
        bytes[i + 2] = c.b
        if n == 4 { bytes[i + 3] = 255 }
    }

    /// Fills `rect` (clipped to the image) with an opaque colour.
    public mutating func fill(_ rect: PixelRect, with c: RGB) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let n = channels.rawValue
        let w = width
        bytes.withUnsafeMutableBufferPointer { p in
            for y in r.y..<r.maxY {
                var i = (y * w + r.x) * n
                for _ in 0..<r.width {
                    p[i] = c.r
                    p[i + 1] = c.g
                    p[i + 2] = c.b
                    if n == 4 { p[i + 3] = 255 }
                    i += n
                }
            }
        }
    }

    /// Draws a one-pixel outline just inside `rect`.
    public mutating func stroke(_ rect: PixelRect, with c: RGB) {
        guard !rect.isEmpty else { return }
        fill(PixelRect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: c)
        fill(PixelRect(x: rect.x, y: rect.maxY - 1, width: rect.width, height: 1), with: c)
        fill(PixelRect(x: rect.x, y: rect.y, width: 1, height: rect.height), with: c)
        fill(PixelRect(x: rect.maxX - 1, y: rect.y, width: 1, height: rect.height), with: c)
    }
}
