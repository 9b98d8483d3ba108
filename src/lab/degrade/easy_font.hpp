// Internal (not installed): stb_easy_font's glyphs as rectangles. The font is a set of axis-aligned
// rectangles, so rasterising it is filling rectangles. Shared by text.cpp (meme captions) and the
// synthetic-image generator, so the font is decoded in one place.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wconversion"
#endif
#include <stb_easy_font.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace pristine::degrade::detail {

struct FontRect {
    float x0, y0, x1, y1;
};

/// Characters stb_easy_font can draw: printable ASCII and '\n'; anything else becomes '?'
/// (the font indexes its tables by character - 32, so others would read out of bounds).
inline std::string easy_font_clean(const std::string& text) {
    std::string clean = text;
    for (char& ch : clean)
        if (ch != '\n' && (static_cast<unsigned char>(ch) < 32 || static_cast<unsigned char>(ch) > 126)) ch = '?';
    return clean;
}

/// The font's rectangles for `text` (already cleaned) at origin 0,0 in font units (a capital is about
/// 7 units tall, a line 12). stb_easy_font only reads its tables (we never call
/// stb_easy_font_spacing, its one writer), so this is thread-safe.
inline std::vector<FontRect> easy_font_rects(std::string text) {
    std::vector<char> buf(text.size() * 1200 + 1024);
    text.push_back('\0');
    const int quads = stb_easy_font_print(0, 0, text.data(), nullptr, buf.data(), static_cast<int>(buf.size()));
    std::vector<FontRect> rects;
    rects.reserve(static_cast<std::size_t>(quads));
    for (int q = 0; q < quads; ++q) {
        float v[8];  // x,y of the 4 vertices; each vertex is x,y,z floats + 4 colour bytes
        for (int k = 0; k < 4; ++k) std::memcpy(&v[2 * k], buf.data() + (q * 4 + k) * 16, 2 * sizeof(float));
        rects.push_back({std::min({v[0], v[2], v[4], v[6]}), std::min({v[1], v[3], v[5], v[7]}),
                         std::max({v[0], v[2], v[4], v[6]}), std::max({v[1], v[3], v[5], v[7]})});
    }
    return rects;
}

}  // namespace pristine::degrade::detail
