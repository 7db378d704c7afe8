import CPangoCairo
import Foundation
import ScopeUI

/// Why cairo could not draw a figure.
public enum CairoError: Error, Equatable, CustomStringConvertible {
    /// cairo reported `status` while making or drawing a surface.
    case failed(String)

    /// A one-line message for the user.
    public var description: String {
        switch self {
        case .failed(let status): return "cannot draw the figure: cairo says \(status)"
        }
    }
}

extension Figure {
    /// The figure drawn into pixels with real fonts (or the pixel font when `font` has none), at `canvas`.
    public func rasterize(font: FigureFont, canvas: FigureCanvas = .scaled(1)) throws -> Raster {
        let place = canvas.placement(of: self)
        guard place.width <= 1 << 15, place.height <= 1 << 15 else {
            throw CairoError.failed("a \(place.width)x\(place.height) image is too large")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(place.width), Int32(place.height))
        else {
            throw CairoError.failed("no memory")
        }
        defer { cairo_surface_destroy(surface) }
        try draw(on: surface, font: font, canvas: canvas, vector: false)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { throw CairoError.failed("no image data") }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var bytes = [UInt8](repeating: 0, count: place.width * place.height * 3)
        // CAIRO_FORMAT_RGB24: one native-endian 32-bit word per pixel, 0x00RRGGBB.
        data.withMemoryRebound(to: UInt8.self, capacity: stride * place.height) { base in
            for y in 0..<place.height {
                let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<place.width {
                    let v = row[x]
                    let i = (y * place.width + x) * 3
                    bytes[i] = UInt8((v >> 16) & 0xFF)
                    bytes[i + 1] = UInt8((v >> 8) & 0xFF)
                    bytes[i + 2] = UInt8(v & 0xFF)
                }
            }
        }
        guard let raster = Raster(width: place.width, height: place.height, channels: .rgb, bytes: bytes) else {
            throw CairoError.failed("unexpected image size")
        }
        return raster
    }

    /// The figure as PNG bytes (drawn by cairo and pango, encoded by libpng), at `canvas`.
    public func png(font: FigureFont = .system, canvas: FigureCanvas = .scaled(1)) throws -> Data {
        try PNGCodec.encode(rasterize(font: font, canvas: canvas))
    }

    /// The figure as a vector PDF (one page, text as real text, large heatmaps as one embedded image)
    /// with no date in its metadata, so the same figure always gives the same bytes.
    public func pdf(font: FigureFont = .system, canvas: FigureCanvas = .scaled(1)) throws -> Data {
        let place = canvas.placement(of: self)
        let sink = PDFSink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PDFSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        guard
            let surface = cairo_pdf_surface_create_for_stream(
                write, box.toOpaque(), Double(place.width), Double(place.height))
        else { throw CairoError.failed("no memory") }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "bertscope")
        // An empty date is not a valid ISO 8601 date, so cairo writes no CreationDate/ModDate at all.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "")
        do {
            try draw(on: surface, font: font, canvas: canvas, vector: true)
        } catch {
            cairo_surface_destroy(surface)
            throw error
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError.failed(Self.describe(status)) }
        return sink.data
    }

    /// Paints every element on `surface`; `vector` keeps cells as shapes and images for PDF.
    private func draw(on surface: OpaquePointer, font: FigureFont, canvas: FigureCanvas, vector: Bool) throws {
        guard let cr = cairo_create(surface) else { throw CairoError.failed("no memory") }
        defer { cairo_destroy(cr) }
        let place = canvas.placement(of: self)
        Self.setColor(cr, background)
        cairo_paint(cr)
        cairo_translate(cr, place.dx, place.dy)
        cairo_scale(cr, place.scale, place.scale)
        cairo_rectangle(cr, 0, 0, Double(width), Double(height))
        cairo_clip(cr)
        if let pango = font.pango {
            pango.drawing(on: cr) { drawer in
                paint(cr, vector: vector) { paintText($0, cr: cr, font: font, drawer: drawer) }
            }
        } else {
            // No fonts: the pixel font's bitmap of the texts, laid over the shapes with nearest-neighbour scaling.
            paint(cr, vector: vector) { _ in }
            try overlayPixelText(cr)
        }
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError.failed(Self.describe(status)) }
    }

    /// Paints the shapes in order, calling `text` for each text element.
    private func paint(_ cr: OpaquePointer, vector: Bool, text: (FigureText) -> Void) {
        for element in elements {
            switch element {
            case .rect(let r, let fill):
                guard !r.isEmpty else { continue }
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                Self.setColor(cr, fill)
                cairo_rectangle(cr, Double(r.x), Double(r.y), Double(r.width), Double(r.height))
                cairo_fill(cr)
            case .outline(let r, let color):
                guard !r.isEmpty else { continue }
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                Self.setColor(cr, color)
                cairo_set_line_width(cr, 1)
                cairo_rectangle(cr, Double(r.x) + 0.5, Double(r.y) + 0.5, Double(r.width - 1), Double(r.height - 1))
                cairo_stroke(cr)
            case .text(let t):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
                text(t)
            case .cells(let grid):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                Self.paint(grid, on: cr, asImage: grid.rows * grid.columns > Figure.maxVectorCells)
            case .gradient(let r, let scale, let vertical):
                guard !r.isEmpty else { continue }
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                let x0 = Double(r.x)
                let y0 = Double(vertical ? r.maxY : r.y)
                let x1 = Double(vertical ? r.x : r.maxX)
                let y1 = Double(r.y)
                guard let pattern = cairo_pattern_create_linear(x0, y0, x1, y1) else { continue }
                let n = scale.stops.count
                for (i, stop) in scale.stops.enumerated() {
                    cairo_pattern_add_color_stop_rgb(
                        pattern, Double(i) / Double(n - 1), Double(stop.r) / 255, Double(stop.g) / 255,
                        Double(stop.b) / 255)
                }
                cairo_set_source(cr, pattern)
                cairo_rectangle(cr, Double(r.x), Double(r.y), Double(r.width), Double(r.height))
                cairo_fill(cr)
                cairo_pattern_destroy(pattern)
            }
        }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
    }

    /// One text element through pango, rotated about its anchor for vertical text.
    private func paintText(_ t: FigureText, cr: OpaquePointer, font: FigureFont, drawer: PangoText.Drawer) {
        let w = font.width(t.string, size: t.size, bold: t.bold, family: t.family)
        let offset: Double
        switch t.anchor {
        case .start: offset = 0
        case .middle: offset = w / 2
        case .end: offset = w
        }
        cairo_save(cr)
        cairo_translate(cr, Double(t.x), Double(t.baseline))
        if t.orientation == .vertical { cairo_rotate(cr, -Double.pi / 2) }
        drawer.draw(
            t.string, size: t.size, bold: t.bold, family: t.family.fontconfigName, offset: offset,
            color: (Double(t.color.r) / 255, Double(t.color.g) / 255, Double(t.color.b) / 255))
        cairo_restore(cr)
    }

    /// A heatmap as one rectangle per run of equal colour, or as one image of a pixel per cell scaled up
    /// with nearest-neighbour filtering (crisp cells, small files).
    private static func paint(_ grid: CellGrid, on cr: OpaquePointer, asImage: Bool) {
        guard grid.rows > 0, grid.columns > 0 else { return }
        if asImage, let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(grid.columns), Int32(grid.rows)) {
            defer { cairo_surface_destroy(image) }
            cairo_surface_flush(image)
            if let data = cairo_image_surface_get_data(image) {
                let stride = Int(cairo_image_surface_get_stride(image))
                for row in 0..<grid.rows {
                    let line = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                    for col in 0..<grid.columns {
                        let c = grid.colors[row * grid.columns + col]
                        line[col] = UInt32(c.r) << 16 | UInt32(c.g) << 8 | UInt32(c.b)
                    }
                }
            }
            cairo_surface_mark_dirty(image)
            cairo_save(cr)
            cairo_translate(cr, Double(grid.x), Double(grid.y))
            cairo_scale(cr, Double(grid.cellWidth), Double(grid.cellHeight))
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
            cairo_rectangle(cr, 0, 0, Double(grid.columns), Double(grid.rows))
            cairo_fill(cr)
            cairo_restore(cr)
            return
        }
        for row in 0..<grid.rows {
            var col = 0
            while col < grid.columns {
                let c = grid.colors[row * grid.columns + col]
                var end = col + 1
                while end < grid.columns && grid.colors[row * grid.columns + end] == c { end += 1 }
                setColor(cr, c)
                cairo_rectangle(
                    cr, Double(grid.x + col * grid.cellWidth), Double(grid.y + row * grid.cellHeight),
                    Double((end - col) * grid.cellWidth), Double(grid.cellHeight))
                cairo_fill(cr)
                col = end
            }
        }
    }

    /// The fallback's text: every text element drawn in the pixel font at the figure's natural size, then
    /// laid over the page wherever it has ink.
    private func overlayPixelText(_ cr: OpaquePointer) throws {
        var ink = Raster(width: max(1, width), height: max(1, height), channels: .rgba, background: RGB(0, 0, 0))
        for i in 0..<(ink.width * ink.height) { ink.bytes[i * 4 + 3] = 0 }
        for case .text(let t) in elements {
            ink.drawText(
                t.string, x: t.x, baseline: t.baseline, scale: FigureFont.pixelScale(t.size), color: t.color,
                anchor: t.anchor, orientation: t.orientation, bold: t.bold)
        }
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(ink.width), Int32(ink.height)) else {
            throw CairoError.failed("no memory")
        }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        if let data = cairo_image_surface_get_data(image) {
            let stride = Int(cairo_image_surface_get_stride(image))
            for y in 0..<ink.height {
                let line = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<ink.width {
                    let i = (y * ink.width + x) * 4
                    let a = UInt32(ink.bytes[i + 3])
                    // Premultiplied ARGB: the pixel font's ink is either fully on or off.
                    line[x] =
                        a == 0
                        ? 0
                        : 0xFF00_0000 | UInt32(ink.bytes[i]) << 16 | UInt32(ink.bytes[i + 1]) << 8
                            | UInt32(ink.bytes[i + 2])
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
    }

    private static func setColor(_ cr: OpaquePointer, _ c: RGB) {
        cairo_set_source_rgb(cr, Double(c.r) / 255, Double(c.g) / 255, Double(c.b) / 255)
    }

    private static func describe(_ status: cairo_status_t) -> String {
        guard let s = cairo_status_to_string(status) else { return "error \(status.rawValue)" }
        return String(cString: s)
    }
}

/// Collects the PDF bytes cairo writes.
private final class PDFSink {
    var data = Data()
}
