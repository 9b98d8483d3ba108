// Luma (grey) conversions. Two definitions exist because two families of algorithms use them:
//  - BT.601 full range, Y = 0.299 R + 0.587 G + 0.114 B, range 0..255 (JPEG's own Y, PDQ, most code);
//  - the pHash/CImg YCbCr Y, Y = floor((66 R + 129 G + 25 B + 128) / 256 + 16), range 16..235
//    (what pHash's RGBtoYCbCr().channel(0) stores in its 8-bit image: CImg truncates on the store;
//    offered so pHash-conforming code can say so).
// Everything here is a pure function: thread-safe.
// Alpha is ignored here: decoders composite it over a background before any hash sees it.
#pragma once

#include <cmath>
#include <cstdint>

#include "pristine/image.hpp"

namespace pristine {

enum class LumaFormula { bt601_full, phash_cimg };

/// Luma of one pixel. `p` points at the first channel; `channels` is 1..4.
inline float luma_of(const std::uint8_t* p, int channels, LumaFormula formula) noexcept {
    if (channels < 3) {
        // Grey input: BT.601 Y of (g,g,g) is g; the CImg formula still maps to its 16..235 range.
        const float g = p[0];
        return formula == LumaFormula::bt601_full ? g : std::floor((g * (66.f + 129.f + 25.f) + 128.f) / 256.f + 16.f);
    }
    const float r = p[0], g = p[1], b = p[2];
    if (formula == LumaFormula::bt601_full) return 0.299f * r + 0.587f * g + 0.114f * b;
    return std::floor((66.f * r + 129.f * g + 25.f * b + 128.f) / 256.f + 16.f);
}

/// Luma plane of a view (height x width). Throws Error(invalid_argument) for a bad view.
inline PlaneF to_luma(const ImageView& v, LumaFormula formula = LumaFormula::bt601_full) {
    check_view(v);
    PlaneF out(v.height, v.width);
    for (int y = 0; y < v.height; ++y) {
        const std::uint8_t* p = v.row(y);
        float* o = out.data() + static_cast<std::ptrdiff_t>(y) * v.width;
        for (int x = 0; x < v.width; ++x, p += v.channels) o[x] = luma_of(p, v.channels, formula);
    }
    return out;
}

}  // namespace pristine
