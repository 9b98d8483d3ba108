// Synthetic originals: deterministic for a seed, the requested size, not flat, kinds look different,
// optional TrueType font, memes.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "degrade_test_images.hpp"
#include "pristine/lab/degrade.hpp"
#include "pristine/io/image_io.hpp"

using namespace pristine;
using namespace pristine::degrade;

namespace {

bool same(const Image& a, const Image& b) {
    return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels() &&
           std::equal(a.data(), a.data() + a.size_bytes(), b.data());
}

double mean_abs_diff(const Image& a, const Image& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size_bytes(); ++i) s += std::abs(int(a.data()[i]) - int(b.data()[i]));
    return s / static_cast<double>(a.size_bytes());
}

double stddev(const Image& a) {
    double s = 0, s2 = 0;
    for (std::size_t i = 0; i < a.size_bytes(); ++i) {
        s += a.data()[i];
        s2 += double(a.data()[i]) * a.data()[i];
    }
    const double n = static_cast<double>(a.size_bytes());
    return std::sqrt(std::max(0.0, s2 / n - (s / n) * (s / n)));
}

}  // namespace

TEST_CASE("synth_image: deterministic, sized, not flat, several colours") {
    for (SynthKind k : all_synth_kinds()) {
        CAPTURE(synth_kind_name(k));
        Rng r1(7), r2(7), r3(8);
        const Image a = synth_image(k, 240, 180, r1);
        const Image b = synth_image(k, 240, 180, r2);
        const Image c = synth_image(k, 240, 180, r3);
        CHECK(a.width() == 240);
        CHECK(a.height() == 180);
        CHECK(a.channels() == 3);
        CHECK(same(a, b));
        CHECK_FALSE(same(a, c));
        CHECK(stddev(a) > 5.0);
        CHECK(count_colors(a.view()) >= 8);  // anti-aliased edges give intermediate colours
    }
}

TEST_CASE("synth_image: kinds differ from each other") {
    std::vector<Image> imgs;
    for (SynthKind k : all_synth_kinds()) {
        Rng rng(3);
        imgs.push_back(synth_image(k, 160, 160, rng));
    }
    for (std::size_t i = 0; i < imgs.size(); ++i)
        for (std::size_t j = i + 1; j < imgs.size(); ++j) CHECK(mean_abs_diff(imgs[i], imgs[j]) > 5.0);
}

TEST_CASE("synth kinds: names round-trip, bad names and sizes throw") {
    for (SynthKind k : all_synth_kinds()) CHECK(parse_synth_kind(synth_kind_name(k)) == k);
    CHECK_THROWS_AS(parse_synth_kind("photo"), Error);
    Rng rng(1);
    CHECK_THROWS_AS(synth_image(SynthKind::shapes, 8, 100, rng), Error);
    CHECK_THROWS_AS(synth_image(SynthKind::shapes, 100, 9000, rng), Error);
    SynthFont junk{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}};
    CHECK_THROWS_AS(synth_image(SynthKind::text, 100, 100, rng, junk), Error);
}

TEST_CASE("synth_meme: crop of the photo with a white-on-black caption") {
    const Image photo = degrade_test::photo_like(400, 300);
    Rng r1(5), r2(5);
    const Image a = synth_meme(photo.view(), r1);
    const Image b = synth_meme(photo.view(), r2);
    CHECK(same(a, b));
    CHECK(a.channels() == 3);
    CHECK(a.width() <= 400);
    CHECK(a.height() <= 300);
    // Caption pixels: pure white and pure black appear (the photo has neither in quantity).
    int white = 0, black = 0;
    for (std::size_t i = 0; i + 2 < a.size_bytes(); i += 3) {
        white += a.data()[i] == 255 && a.data()[i + 1] == 255 && a.data()[i + 2] == 255;
        black += a.data()[i] == 0 && a.data()[i + 1] == 0 && a.data()[i + 2] == 0;
    }
    CHECK(white > 50);
    CHECK(black > 50);
    const Image tiny(20, 20, 3);
    CHECK_THROWS_AS(synth_meme(tiny.view(), r1), Error);
}

TEST_CASE("synth: a TrueType font when one is installed (optional)") {
    const char* path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    std::ifstream in(path, std::ios::binary);
    if (!in) return;  // the library never needs a font file; this only checks the TrueType path
    SynthFont font{std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {})};
    Rng r1(2), r2(2), r3(2);
    const Image with = synth_image(SynthKind::text, 300, 200, r1, font);
    const Image again = synth_image(SynthKind::text, 300, 200, r2, font);
    const Image without = synth_image(SynthKind::text, 300, 200, r3);
    CHECK(same(with, again));
    CHECK(mean_abs_diff(with, without) > 0.5);
    CHECK(stddev(with) > 5.0);
}
