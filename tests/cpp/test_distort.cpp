// Pixel distortions and the hash-robustness distortion set.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include <doctest/doctest.h>

#include "degrade_test_images.hpp"
#include "pristine/lab/degrade/distort.hpp"
#include "pristine/lab/degrade/distortion_set.hpp"

using namespace pristine;
using namespace pristine::degrade;

namespace {
bool same(const Image& a, const Image& b) {
    return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels() &&
           std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}
const std::uint8_t* px(const Image& img, int x, int y) { return img.row(y) + static_cast<std::size_t>(x) * img.channels(); }
bool same_px(const std::uint8_t* a, const std::uint8_t* b, int c) { return std::memcmp(a, b, c) == 0; }

/// Does `part` occur at some offset inside `whole`?
bool is_sub_image(const Image& part, const Image& whole) {
    for (int oy = 0; oy + part.height() <= whole.height(); ++oy)
        for (int ox = 0; ox + part.width() <= whole.width(); ++ox) {
            bool ok = true;
            for (int y = 0; y < part.height() && ok; ++y)
                ok = std::memcmp(part.row(y), px(whole, ox, oy + y), static_cast<std::size_t>(part.width()) * part.channels()) == 0;
            if (ok) return true;
        }
    return false;
}
}  // namespace

TEST_CASE("the distortion set has every class, in order, with the input's channels") {
    for (int channels = 1; channels <= 4; ++channels) {
        CAPTURE(channels);
        const Image img = degrade_test::photo_like(60, 40, channels);
        const auto set = hash_distortion_set(img.view(), 7);
        const auto names = distortion_classes();
        REQUIRE(set.size() == names.size());
        REQUIRE(names.size() == 23);
        for (std::size_t i = 0; i < set.size(); ++i) {
            CAPTURE(names[i]);
            CHECK(set[i].name == names[i]);
            CHECK(!set[i].params.empty());
            CHECK(set[i].pixels.channels() == channels);
            CHECK(!same(set[i].pixels, img));  // every class changes something
        }
    }
}

TEST_CASE("distortion set: exact classes and sizes") {
    const Image img = degrade_test::photo_like(61, 43, 3);
    const auto set = hash_distortion_set(img.view(), 3);
    auto get = [&](const std::string& n) -> const Image& {
        for (const auto& d : set)
            if (d.name == n) return d.pixels;
        FAIL("missing class " << n);
        return set[0].pixels;
    };
    CHECK(same(get("flip_h"), flip_horizontal(img.view())));
    CHECK(same(get("flip_v"), flip_vertical(img.view())));
    CHECK(same(get("rotate90"), rotate90(img.view(), 1)));
    CHECK(same(get("rotate180"), rotate90(img.view(), 2)));
    // transpose: out(x, y) = in(y, x).
    const Image& t = get("transpose");
    REQUIRE(t.width() == 43);
    REQUIRE(t.height() == 61);
    bool transposed = true;
    for (int y = 0; y < t.height(); ++y)
        for (int x = 0; x < t.width(); ++x)
            for (int c = 0; c < 3; ++c) transposed &= t.row(y)[3 * x + c] == img.row(x)[3 * y + c];
    CHECK(transposed);
    // logo: only the bottom-right corner changes.
    const Image& logo = get("logo");
    REQUIRE(logo.width() == 61);
    bool top_left_kept = true;
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 30; ++x)
            for (int c = 0; c < 3; ++c) top_left_kept &= logo.row(y)[3 * x + c] == img.row(y)[3 * x + c];
    CHECK(top_left_kept);
    CHECK(!same(logo, img));
    // screenshot: as wide as the picture, taller (bars above and below).
    CHECK(get("screenshot").width() == 61);
    CHECK(get("screenshot").height() > 43);
    CHECK(get("crop10").width() == 55);  // round(0.9 * 61)
    CHECK(get("crop10").height() == 39);
    CHECK(get("crop20").width() == 49);
    CHECK(get("crop20").height() == 34);
    CHECK(is_sub_image(get("crop10"), img));
    CHECK(is_sub_image(get("crop20"), img));
    for (const char* n : {"blur", "noise", "text", "jpeg20", "jpeg50", "rotate5", "rotate10", "shear", "decimate",
                          "equalize", "brighter", "darker", "flip_h", "flip_v"}) {
        CAPTURE(n);
        CHECK(get(n).width() == 61);
        CHECK(get(n).height() == 43);
    }
    CHECK(get("rotate90").width() == 43);
    CHECK(get("downscale").width() == 31);
    CHECK(get("upscale").width() == 122);
    // Same seed, same set; another seed changes the noise.
    const auto again = hash_distortion_set(img.view(), 3);
    for (std::size_t i = 0; i < set.size(); ++i) CHECK(same(set[i].pixels, again[i].pixels));
    const auto other = hash_distortion_set(img.view(), 4);
    CHECK(!same(set[1].pixels, other[1].pixels));
}

TEST_CASE("flips and quarter turns are exact") {
    const Image img = degrade_test::photo_like(7, 5, 4);
    const Image h = flip_horizontal(img.view());
    const Image v = flip_vertical(img.view());
    const Image r = rotate90(img.view(), 1);
    REQUIRE(r.width() == 5);
    REQUIRE(r.height() == 7);
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 7; ++x) {
            CHECK(same_px(px(h, x, y), px(img, 6 - x, y), 4));
            CHECK(same_px(px(v, x, y), px(img, x, 4 - y), 4));
            CHECK(same_px(px(r, 4 - y, x), px(img, x, y), 4));  // clockwise
        }
    CHECK(same(flip_horizontal(h.view()), img));
    CHECK(same(rotate90(img.view(), 4), img));
    CHECK(same(rotate90(img.view(), -1), rotate90(img.view(), 3)));
    CHECK(same(rotate90(img.view(), 2), flip_vertical(h.view())));
    Image r4 = r;
    for (int i = 0; i < 3; ++i) r4 = rotate90(r4.view(), 1);
    CHECK(same(r4, img));
}

TEST_CASE("rotate: 0 degrees is identity, 90 with expand matches the exact quarter turn") {
    const Image img = degrade_test::photo_like(9, 6, 3);
    CHECK(same(rotate(img.view(), 0.0), img));
    const Image r = rotate(img.view(), 90.0, {0, 0, 0, 255}, true);
    const Image q = rotate90(img.view(), 1);
    REQUIRE(r.width() == q.width());
    REQUIRE(r.height() == q.height());
    for (std::size_t i = 0; i < r.size_bytes(); ++i) CHECK(std::abs(int(r.data()[i]) - int(q.data()[i])) <= 1);
    // Rotating a small angle in place fills the corners.
    const Image big = degrade_test::photo_like(40, 30, 3);
    const Image f = rotate(big.view(), 10.0, {255, 0, 255, 255});
    CHECK(same_px(px(f, 0, 0), std::array<std::uint8_t, 3>{255, 0, 255}.data(), 3));
}

TEST_CASE("crops and shave") {
    const Image img = degrade_test::photo_like(20, 10, 2);
    const Image c = crop(img.view(), 3, 2, 5, 4);
    CHECK(c.width() == 5);
    CHECK(same_px(px(c, 0, 0), px(img, 3, 2), 2));
    CHECK(same_px(px(c, 4, 3), px(img, 7, 5), 2));
    const Image s = shave(img.view(), 2);
    CHECK(s.width() == 16);
    CHECK(s.height() == 6);
    CHECK(crop_fraction(img.view(), 0.5).width() == 10);
    CHECK(crop_fraction(img.view(), 1.0).width() == 20);
    CHECK_THROWS_AS(crop(img.view(), 16, 0, 5, 4), Error);
    CHECK_THROWS_AS(shave(img.view(), 5), Error);
    CHECK_THROWS_AS(crop_fraction(img.view(), 0.0), Error);
}

TEST_CASE("tone: blur, noise, brightness, equalisation") {
    Image flat(16, 16, 3);
    std::fill(flat.data(), flat.data() + flat.size_bytes(), 100);
    CHECK(same(gaussian_blur(flat.view(), 2.5), flat));
    Rng rng(1);
    const Image noisy = gaussian_noise(flat.view(), 10, rng);
    double mean = 0, var = 0;
    for (std::size_t i = 0; i < noisy.size_bytes(); ++i) mean += noisy.data()[i];
    mean /= noisy.size_bytes();
    for (std::size_t i = 0; i < noisy.size_bytes(); ++i) var += (noisy.data()[i] - mean) * (noisy.data()[i] - mean);
    CHECK(std::abs(mean - 100) < 2.0);
    CHECK(std::sqrt(var / noisy.size_bytes()) == doctest::Approx(10).epsilon(0.2));
    CHECK(int(adjust_brightness(flat.view(), 1.3).data()[0]) == 130);
    CHECK(int(adjust_brightness(flat.view(), 0.7).data()[0]) == 70);

    // Low-contrast ramp: equalisation stretches it to the full range; a constant image is unchanged.
    Image ramp(64, 1, 1);
    for (int x = 0; x < 64; ++x) ramp.data()[x] = static_cast<std::uint8_t>(100 + x / 2);
    for (EqualizeMode m : {EqualizeMode::luma, EqualizeMode::per_channel}) {
        const Image e = equalize_histogram(ramp.view(), m);
        CHECK(*std::min_element(e.data(), e.data() + 64) == 0);
        CHECK(*std::max_element(e.data(), e.data() + 64) == 255);
        CHECK(same(equalize_histogram(flat.view(), m), flat));
    }
    // Luma mode keeps a grey pixel grey.
    Image rgb_ramp(64, 1, 3);
    for (int x = 0; x < 64; ++x)
        for (int k = 0; k < 3; ++k) rgb_ramp.data()[x * 3 + k] = static_cast<std::uint8_t>(100 + x / 2);
    const Image e = equalize_histogram(rgb_ramp.view(), EqualizeMode::luma);
    for (int x = 0; x < 64; ++x) {
        CHECK(e.data()[x * 3] == e.data()[x * 3 + 1]);
        CHECK(e.data()[x * 3] == e.data()[x * 3 + 2]);
    }
}

TEST_CASE("text overlay draws white letters outlined in black at the top or bottom") {
    Image grey(200, 120, 3);
    std::fill(grey.data(), grey.data() + grey.size_bytes(), 128);
    for (TextPlacement where : {TextPlacement::top, TextPlacement::bottom}) {
        const Image t = overlay_text(grey.view(), "HELLO \xC3\xA9 world\x01", where, 0.15);
        int white = 0, black = 0, top_changed = 0, bottom_changed = 0;
        for (int y = 0; y < t.height(); ++y)
            for (int x = 0; x < t.width(); ++x) {
                const std::uint8_t* p = px(t, x, y);
                white += p[0] == 255;
                black += p[0] == 0;
                if (p[0] != 128) (y < 60 ? top_changed : bottom_changed)++;
            }
        CHECK(white > 50);
        CHECK(black > 50);
        if (where == TextPlacement::top) {
            CHECK(top_changed > 0);
            CHECK(bottom_changed == 0);
        } else {
            CHECK(top_changed == 0);
            CHECK(bottom_changed > 0);
        }
    }
    CHECK_THROWS_AS(overlay_text(grey.view(), ""), Error);
    // Tiny images still work.
    Image one(1, 1, 1);
    CHECK(overlay_text(one.view(), "A").width() == 1);
}

TEST_CASE("quantize limits the colour count and keeps channels") {
    const Image img = degrade_test::photo_like(40, 30, 4);
    for (Dither d : {Dither::none, Dither::floyd_steinberg, Dither::ordered}) {
        const Image q = quantize(img.view(), 8, d);
        CHECK(q.channels() == 4);
        CHECK(count_colors(q.view()) <= 8);
        for (int y = 0; y < 30; ++y) CHECK(px(q, 0, y)[3] == px(img, 0, y)[3]);  // alpha untouched
    }
    CHECK_THROWS_AS(quantize(img.view(), 1), Error);
    CHECK_THROWS_AS(quantize(img.view(), 257), Error);
}

TEST_CASE("tiny images go through every distortion") {
    for (int w : {1, 2, 3})
        for (int h : {1, 2, 5}) {
            const Image img = degrade_test::photo_like(w, h, 3);
            const auto set = hash_distortion_set(img.view(), 1);
            CHECK(set.size() == distortion_classes().size());
            CHECK(rotate(img.view(), 33.0, {0, 0, 0, 255}, true).width() >= 1);
            CHECK(shear(img.view(), 1e300).width() == w);
        }
}
