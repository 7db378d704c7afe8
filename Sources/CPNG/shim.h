#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H
#include <png.h>
#include <string.h>

/* libpng's simplified API (png_image_*, libpng >= 1.6) reports errors through a return value and
 * image->message instead of longjmp, so Swift can call it directly. These wrappers give Swift the
 * values that libpng only defines as macros or fixed-size char arrays. */

/// PNG_IMAGE_VERSION, for png_image.version.
static inline png_uint_32 cpng_image_version(void) { return PNG_IMAGE_VERSION; }
/// PNG_FORMAT_RGB: three 8-bit channels.
static inline png_uint_32 cpng_format_rgb(void) { return PNG_FORMAT_RGB; }
/// PNG_FORMAT_RGBA: four 8-bit channels, straight alpha.
static inline png_uint_32 cpng_format_rgba(void) { return PNG_FORMAT_RGBA; }
/// Copies image->message (NUL-terminated, at most 63 characters) into `out` (64 bytes).
static inline void cpng_image_message(const png_image *image, char out[64]) {
    memcpy(out, image->message, 64);
    out[63] = 0;
}
/// True when the last simplified-API call failed (warnings do not count).
static inline int cpng_image_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }

#endif
