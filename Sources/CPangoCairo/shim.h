#ifndef CPANGOCAIRO_SHIM_H
#define CPANGOCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>


/* cairo draws (image surfaces for PNG, the PDF surface for PDF); pango lays text out on it, with
 * fontconfig choosing fallback fonts and HarfBuzz shaping. These wrappers give Swift the values that
 * the headers only define as macros. */

/// PANGO_SCALE: pango units per device unit.
static inline int cpango_scale(void) { return PANGO_SCALE; }

/// True when fontconfig finds a font with a glyph for 'A' (pango always lists its generic aliases, so the
/// family list cannot tell whether any font file exists).
static inline int cpango_has_fonts(PangoFontMap *map, PangoContext *context) {
    PangoFontDescription *desc = pango_font_description_from_string("DejaVu Sans 12");
    PangoFont *font = pango_font_map_load_font(map, context, desc);
    pango_font_description_free(desc);
    if (font == NULL) return 0;
    int ok = pango_font_has_char(font, 'A');
    g_object_unref(font);
    return ok;
}

/// Releases a GObject (font maps, contexts, layouts).
static inline void cpango_unref(void *object) { g_object_unref(object); }

#endif
