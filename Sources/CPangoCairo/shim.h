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

/// The number of font families fontconfig can see (0: no fonts at all, so text cannot be drawn).
static inline int cpango_family_count(PangoFontMap *map) {
    PangoFontFamily **families = NULL;
    int n = 0;
    pango_font_map_list_families(map, &families, &n);
    g_free(families);
    return n;
}

/// Releases a GObject (font maps, contexts, layouts).
static inline void cpango_unref(void *object) { g_object_unref(object); }

#endif
