// The two luma formulas against values computed by hand from their definitions.
#include <cstdint>

#include <doctest/doctest.h>

#include "pristine/color.hpp"

using pristine::LumaFormula;
using pristine::luma_of;

namespace {
float luma(std::uint8_t r, std::uint8_t g, std::uint8_t b, LumaFormula f) {
    const std::uint8_t p[3] = {r, g, b};
    return luma_of(p, 3, f);
}
}  // namespace

TEST_CASE("BT.601 full-range luma") {
    CHECK(luma(0, 0, 0, LumaFormula::bt601_full) == doctest::Approx(0.0));
    CHECK(luma(255, 255, 255, LumaFormula::bt601_full) == doctest::Approx(255.0));
    CHECK(luma(255, 0, 0, LumaFormula::bt601_full) == doctest::Approx(76.245));
    CHECK(luma(0, 255, 0, LumaFormula::bt601_full) == doctest::Approx(149.685));
    CHECK(luma(0, 0, 255, LumaFormula::bt601_full) == doctest::Approx(29.07));
    const std::uint8_t grey = 77;
    CHECK(luma_of(&grey, 1, LumaFormula::bt601_full) == doctest::Approx(77.0));
}

TEST_CASE("pHash/CImg luma truncates like CImg's 8-bit store") {
    CHECK(luma(0, 0, 0, LumaFormula::phash_cimg) == 16.0f);     // (0 + 128) / 256 + 16 = 16.5 -> 16
    CHECK(luma(255, 255, 255, LumaFormula::phash_cimg) == 235.0f);  // 56228 / 256 + 16 = 235.64 -> 235
    CHECK(luma(255, 0, 0, LumaFormula::phash_cimg) == 82.0f);   // (16830 + 128) / 256 + 16 = 82.24 -> 82
    CHECK(luma(0, 255, 0, LumaFormula::phash_cimg) == 144.0f);  // (32895 + 128) / 256 + 16 = 144.99 -> 144
    CHECK(luma(0, 0, 255, LumaFormula::phash_cimg) == 41.0f);   // (6375 + 128) / 256 + 16 = 41.40 -> 41
    const std::uint8_t grey = 255;
    CHECK(luma_of(&grey, 1, LumaFormula::phash_cimg) == 235.0f);
}
