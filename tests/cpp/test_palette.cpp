// count_colors, build_palette and map_to_palette: exactness, determinism, and dithers that keep the
// local mean of a gradient better than plain nearest-colour mapping.
#include <cmath>
#include <random>
#include <set>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

namespace {

// A horizontal grey ramp stored as RGB.
pristine::Image ramp(int w, int h) {
    pristine::Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto v = static_cast<std::uint8_t>(255 * x / (w - 1));
            std::uint8_t* p = img.row(y) + x * 3;
            p[0] = p[1] = p[2] = v;
        }
    return img;
}

// Mean over 8x8 blocks of |mean of the mapped block - mean of the original block|: what the eye sees of a
// ramp from a distance, and what dithering is for (an 8x8 Bayer tile averages exactly over a block).
double block_mean_error(const pristine::Image& img, const std::vector<std::uint8_t>& idx,
                        const std::vector<pristine::Rgb>& pal) {
    double total = 0;
    int blocks = 0;
    for (int by = 0; by + 8 <= img.height(); by += 8)
        for (int bx = 0; bx + 8 <= img.width(); bx += 8, ++blocks) {
            double a = 0, b = 0;
            for (int y = by; y < by + 8; ++y)
                for (int x = bx; x < bx + 8; ++x) {
                    a += img.row(y)[x * 3];
                    b += pal[idx[static_cast<std::size_t>(y) * img.width() + x]][0];
                }
            total += std::abs(a - b) / 64;
        }
    return total / blocks;
}

}  // namespace

TEST_CASE("count_colors is exact on constructed images") {
    pristine::Image img(100, 70, 3);
    for (int y = 0; y < 70; ++y)
        for (int x = 0; x < 100; ++x) {
            std::uint8_t* p = img.row(y) + x * 3;
            p[0] = static_cast<std::uint8_t>(x % 10);
            p[1] = static_cast<std::uint8_t>(y % 7);
            p[2] = 255;
        }
    CHECK(pristine::count_colors(img.view()) == 70);

    // Every 24-bit colour at most once plus repeats: 4096 x 4096 would be 16.7M; use a 512 x 512 slice.
    pristine::Image all(512, 512, 4);
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) {
            const std::uint32_t c = (static_cast<std::uint32_t>(y) * 512 + x) * 61;  // distinct, spread
            std::uint8_t* p = all.row(y) + x * 4;
            p[0] = static_cast<std::uint8_t>(c >> 16);
            p[1] = static_cast<std::uint8_t>(c >> 8);
            p[2] = static_cast<std::uint8_t>(c);
            p[3] = static_cast<std::uint8_t>(x);  // alpha is ignored
        }
    CHECK(pristine::count_colors(all.view()) == 512u * 512u);

    // A strided view of the left half: only the columns inside count.
    const pristine::ImageView left{img.data(), 5, 70, 3, img.stride()};
    CHECK(pristine::count_colors(left) == 35);

    const auto grey = ramp(256, 2);
    pristine::Image g(256, 1, 1);
    for (int x = 0; x < 256; ++x) g.row(0)[x] = static_cast<std::uint8_t>(x / 4);
    CHECK(pristine::count_colors(g.view()) == 64);
    CHECK(pristine::count_colors(grey.view()) == 256);
    CHECK_THROWS_AS(pristine::count_colors(pristine::ImageView{}), pristine::Error);
}

TEST_CASE("build_palette returns the exact colours when there are few, and maps back without loss") {
    pristine::Image img(30, 30, 3);
    const pristine::Rgb colours[5] = {{1, 2, 3}, {250, 0, 0}, {0, 250, 0}, {10, 10, 250}, {128, 128, 128}};
    for (int i = 0; i < 900; ++i) std::copy(colours[i * 7 % 5].begin(), colours[i * 7 % 5].end(), img.data() + i * 3);
    const auto pal = pristine::build_palette(img.view(), 16);
    CHECK(pal.size() == 5);
    const auto idx = pristine::map_to_palette(img.view(), pal, pristine::Dither::none);
    bool exact = true;
    for (int i = 0; i < 900; ++i) exact = exact && pal[idx[i]] == colours[i * 7 % 5];
    CHECK(exact);
    // Exact colours also survive the dithers (no error to diffuse).
    const auto fs = pristine::map_to_palette(img.view(), pal, pristine::Dither::floyd_steinberg);
    CHECK(fs == idx);
}

TEST_CASE("build_palette and map_to_palette are deterministic and reasonable on many colours") {
    const auto img = test::make_rgb(160, 120);
    const auto a = pristine::build_palette(img.view(), 32);
    const auto b = pristine::build_palette(img.view(), 32);
    CHECK(a == b);
    CHECK(a.size() <= 32);
    CHECK(a.size() >= 16);
    for (auto d : {pristine::Dither::none, pristine::Dither::floyd_steinberg, pristine::Dither::ordered}) {
        const auto i1 = pristine::map_to_palette(img.view(), a, d);
        const auto i2 = pristine::map_to_palette(img.view(), a, d);
        CHECK(i1 == i2);
        // Reconstruct and check the error stays small.
        pristine::Image back(160, 120, 3);
        for (std::size_t i = 0; i < i1.size(); ++i) std::copy(a[i1[i]].begin(), a[i1[i]].end(), back.data() + i * 3);
        CHECK(test::mean_abs_diff(back.view(), img.view()) < 14);
    }
}

TEST_CASE("dithering keeps the mean of a gradient at 8 colours better than nearest colour") {
    const auto img = ramp(256, 32);
    const auto pal = pristine::build_palette(img.view(), 8);
    REQUIRE(pal.size() == 8);
    const double none = block_mean_error(img, pristine::map_to_palette(img.view(), pal, pristine::Dither::none), pal);
    const double fs =
        block_mean_error(img, pristine::map_to_palette(img.view(), pal, pristine::Dither::floyd_steinberg), pal);
    const double ordered =
        block_mean_error(img, pristine::map_to_palette(img.view(), pal, pristine::Dither::ordered), pal);
    MESSAGE("8x8 block-mean error: none " << none << ", floyd_steinberg " << fs << ", ordered " << ordered);
    CHECK(none > 4);
    CHECK(fs < none * 0.35);
    CHECK(ordered < none * 0.35);
    // The palette spreads over the ramp: its levels are distinct and cover both ends.
    std::set<int> levels;
    for (const auto& c : pal) levels.insert(c[0]);
    CHECK(levels.size() == 8);
    CHECK(*levels.begin() < 32);
    CHECK(*levels.rbegin() > 223);
}

TEST_CASE("map_to_palette without dither picks the exact nearest colour (lowest index on ties)") {
    std::mt19937 rng(21);
    for (int size : {1, 2, 37, 256}) {
        std::vector<pristine::Rgb> pal(static_cast<std::size_t>(size));
        for (auto& c : pal) c = {static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng() & 0xF0)};
        if (size > 2) pal[1] = pal[2];  // a duplicate: index 1 must win
        pristine::Image img(64, 64, 3);
        for (std::size_t i = 0; i < img.size_bytes(); ++i) img.data()[i] = static_cast<std::uint8_t>(rng());
        const auto idx = pristine::map_to_palette(img.view(), pal, pristine::Dither::none);
        bool exact = true;
        for (int i = 0; i < 64 * 64; ++i) {
            const std::uint8_t* p = img.data() + i * 3;
            int best = 0, best_d = 1 << 30;
            for (int k = 0; k < size; ++k) {
                const int dr = p[0] - pal[k][0], dg = p[1] - pal[k][1], db = p[2] - pal[k][2];
                const int d = dr * dr + dg * dg + db * db;
                if (d < best_d) { best_d = d; best = k; }
            }
            exact = exact && idx[i] == best;
        }
        CAPTURE(size);
        CHECK(exact);
    }
}

TEST_CASE("palette functions reject bad arguments") {
    const auto img = test::make_rgb(8, 8);
    CHECK_THROWS_AS(pristine::build_palette(img.view(), 0), pristine::Error);
    CHECK_THROWS_AS(pristine::build_palette(img.view(), 257), pristine::Error);
    CHECK_THROWS_AS(pristine::map_to_palette(img.view(), {}, pristine::Dither::none), pristine::Error);
    CHECK_THROWS_AS(pristine::map_to_palette(img.view(), std::vector<pristine::Rgb>(257), pristine::Dither::none),
                    pristine::Error);
}
