#ifndef CTIFF_SHIM_H
#define CTIFF_SHIM_H
#include <tiffio.h>

/* TIFFGetField is variadic, which Swift cannot call: one typed wrapper per field width.
   They return 1 when the field is set (or has a default), 0 otherwise. */
static inline int ctiff_field_u32(TIFF *tif, uint32_t tag, uint32_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
static inline int ctiff_field_u16(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
#endif
