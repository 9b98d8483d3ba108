// sRGB <-> linear light conversion tables (internal). Built once, immutable, so thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace pristine::degrade {

/// sRGB 8-bit code -> linear light in 0..1 (IEC 61966-2-1 curve).
inline const std::array<float, 256>& srgb_to_linear_table() {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const double v = i / 255.0;
            t[i] = static_cast<float>(v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
        }
        return t;
    }();
    return table;
}

/// Linear light 0..1 -> rounded sRGB 8-bit code, through a 16-bit table: its step is below 0.06 of
/// an 8-bit level even at the steep dark end of the curve.
inline std::uint8_t linear_to_srgb8(float linear) {
    static const std::vector<std::uint8_t> table = [] {
        std::vector<std::uint8_t> t(65536);
        for (int i = 0; i < 65536; ++i) {
            const double v = i / 65535.0;
            const double s = v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
            t[i] = static_cast<std::uint8_t>(std::lround(std::min(1.0, std::max(0.0, s)) * 255.0));
        }
        return t;
    }();
    const float c = linear < 0.f ? 0.f : (linear > 1.f ? 1.f : linear);
    return table[static_cast<std::size_t>(c * 65535.f + 0.5f)];
}

}  // namespace pristine::degrade
