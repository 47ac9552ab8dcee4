#ifndef CFREETYPE_SHIM_H
#define CFREETYPE_SHIM_H
/* FreeType: anti-aliased text (Chinese and Latin) on chips and overview maps. */
#include <ft2build.h>
#include FT_FREETYPE_H

/* FT_LOAD_RENDER as a constant Swift can see (the macro is an expression). */
static const FT_Int32 shanshui_FT_LOAD_RENDER = FT_LOAD_RENDER;
#endif
