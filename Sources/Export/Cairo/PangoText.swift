import CPangoCairo
import Foundation

/// The one place that talks to pango: a private font map (fontconfig picks fallback fonts for scripts the
/// main family lacks, HarfBuzz shapes), used to measure text while laying out and to draw it on cairo.
///
/// Pango font maps are not thread-safe, so every call holds one lock. Hinting is off and glyph positions
/// are not rounded: widths scale linearly with the size, so a layout measured once holds at any scale and
/// on any surface (PNG or PDF).
final class PangoText: @unchecked Sendable {
    /// The shared engine, or nil when fontconfig finds no font at all.
    static let shared: PangoText? = PangoText()

    private let lock = NSRecursiveLock()
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let context: OpaquePointer
    private var widths: [Key: Double] = [:]
    private var vertical: [Key: VerticalMetrics] = [:]

    private struct Key: Hashable {
        var text: String
        var size: Double
        var bold: Bool
        var family: String
    }

    /// Ascent and descent of a line and the height of capitals, in pixels.
    struct VerticalMetrics {
        var ascent: Double
        var descent: Double
        var capHeight: Double
    }

    private init?() {
        guard let map = pango_cairo_font_map_new() else { return nil }
        guard let ctx = pango_font_map_create_context(map) else {
            cpango_unref(map)
            return nil
        }
        guard cpango_has_fonts(map, ctx) != 0 else {
            cpango_unref(UnsafeMutableRawPointer(ctx))
            cpango_unref(map)
            return nil
        }
        fontMap = map
        context = ctx
        Self.configure(ctx)
    }

    deinit {
        cpango_unref(UnsafeMutableRawPointer(context))
        cpango_unref(fontMap)
    }

    /// Grey antialiasing, no hinting, unrounded positions: the same shapes on every surface and scale.
    private static func configure(_ ctx: OpaquePointer) {
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(ctx, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(ctx, 0)
    }

    /// A one-line layout of `text` in `family` at `size` pixels.
    private func layout(_ text: String, size: Double, bold: Bool, family: String, in ctx: OpaquePointer)
        -> OpaquePointer?
    {
        guard let layout = pango_layout_new(ctx) else { return nil }
        let desc = pango_font_description_new()
        pango_font_description_set_family(desc, family)
        pango_font_description_set_absolute_size(desc, size * Double(cpango_scale()))
        pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_single_paragraph_mode(layout, 1)
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    /// The advance width of `text`, in pixels.
    func width(of text: String, size: Double, bold: Bool, family: String) -> Double {
        lock.lock()
        defer { lock.unlock() }
        let key = Key(text: text, size: size, bold: bold, family: family)
        if let w = widths[key] { return w }
        guard let l = layout(text, size: size, bold: bold, family: family, in: context) else { return 0 }
        defer { cpango_unref(UnsafeMutableRawPointer(l)) }
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(l, &ink, &logical)
        let w = Double(logical.width) / Double(cpango_scale())
        widths[key] = w
        return w
    }

    /// Line ascent and descent and the capital height of `family` at `size` pixels.
    func metrics(size: Double, bold: Bool, family: String) -> VerticalMetrics {
        lock.lock()
        defer { lock.unlock() }
        let key = Key(text: "", size: size, bold: bold, family: family)
        if let m = vertical[key] { return m }
        guard let l = layout("H", size: size, bold: bold, family: family, in: context) else {
            return VerticalMetrics(ascent: size, descent: size / 4, capHeight: size * 0.7)
        }
        defer { cpango_unref(UnsafeMutableRawPointer(l)) }
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(l, &ink, &logical)
        let scale = Double(cpango_scale())
        let baseline = Double(pango_layout_get_baseline(l)) / scale
        let m = VerticalMetrics(
            ascent: baseline, descent: Double(logical.height) / scale - baseline,
            capHeight: baseline - Double(ink.y) / scale)
        vertical[key] = m
        return m
    }

    /// Runs `body` with a pango context for drawing on `cr` (one per surface, holding the lock throughout).
    func drawing(on cr: OpaquePointer, _ body: (Drawer) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard let ctx = pango_font_map_create_context(fontMap) else { return }
        defer { cpango_unref(UnsafeMutableRawPointer(ctx)) }
        Self.configure(ctx)
        body(Drawer(engine: self, cr: cr, context: ctx))
    }

    /// Draws text on one cairo surface; made by `drawing(on:_:)`.
    struct Drawer {
        fileprivate let engine: PangoText
        fileprivate let cr: OpaquePointer
        fileprivate let context: OpaquePointer

        /// Draws `text` with the current origin on its baseline, `offset` pixels along the baseline after
        /// the text's start (0: start, half the width: middle, the width: end).
        func draw(
            _ text: String, size: Double, bold: Bool, family: String, offset: Double, color: (Double, Double, Double)
        ) {
            // The context follows cr's transformation (rotation for vertical labels, the export scale).
            pango_cairo_update_context(cr, context)
            guard let l = engine.layout(text, size: size, bold: bold, family: family, in: context) else { return }
            defer { cpango_unref(UnsafeMutableRawPointer(l)) }
            let baseline = Double(pango_layout_get_baseline(l)) / Double(cpango_scale())
            cairo_set_source_rgb(cr, color.0, color.1, color.2)
            cairo_move_to(cr, -offset, -baseline)
            pango_cairo_show_layout(cr, l)
        }
    }
}
