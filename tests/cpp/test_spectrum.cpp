// Whole-image DCT statistics: layout, flat and grey images, and the traces they exist to show
// (JPEG's grid, an upscale's missing high frequencies).
#include <algorithm>
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/lab/degrade.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/spectrum.hpp"
#include "test_helpers.hpp"

using pristine::Image;

namespace {

// Mid-range noise: no clipping, so a JPEG round trip changes it by quantisation alone.
Image noise_image(int w, int h, int channels, unsigned seed) { return test::noise_image(w, h, channels, seed, 40, 215); }

// Mean of a table's entries over the high frequencies (u + v >= 8).
double high_mean(const std::vector<float>& s, int table) {
    double sum = 0;
    int n = 0;
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v)
            if (u + v >= 8) {
                sum += s[static_cast<std::size_t>(table + u * 8 + v)];
                ++n;
            }
    return sum / n;
}

Image jpeg_round_trip(const Image& img, int quality) {
    pristine::JpegEncodeOptions o;
    o.quality = quality;
    const auto bytes = pristine::encode_jpeg(img.view(), o);
    return pristine::decode_memory(bytes.data(), bytes.size()).image;
}

}  // namespace

TEST_CASE("flat and tiny images") {
    Image flat(64, 48, 3);
    std::fill(flat.data(), flat.data() + flat.size_bytes(), std::uint8_t{77});
    const auto s = pristine::spectrum_stats(flat.view());
    REQUIRE(s.size() == static_cast<std::size_t>(pristine::k_spectrum_size));
    CHECK(s[pristine::k_spec_flat_fraction] == 1.f);
    CHECK(std::all_of(s.begin(), s.end() - 1, [](float v) { return v == 0.f; }));

    const auto tiny = pristine::spectrum_stats(noise_image(7, 30, 3, 1).view());
    CHECK(std::all_of(tiny.begin(), tiny.end(), [](float v) { return v == 0.f; }));
    CHECK_THROWS_AS(pristine::spectrum_stats(pristine::ImageView{}), pristine::Error);
}

TEST_CASE("grey images have neutral chroma; noise has no grid preference") {
    const Image grey = noise_image(96, 80, 1, 2);
    const auto s = pristine::spectrum_stats(grey.view());
    CHECK(s[pristine::k_spec_flat_fraction] == 0.f);
    for (int k = 0; k < 64; ++k) {  // chroma is the neutral 128 everywhere
        CHECK(s[static_cast<std::size_t>(pristine::k_spec_cb_grid_mag + k)] == 0.f);
        CHECK(s[static_cast<std::size_t>(pristine::k_spec_cr_grid_mag + k)] == 0.f);
    }
    const double on = high_mean(s, pristine::k_spec_y_grid_mag), off = high_mean(s, pristine::k_spec_y_off_mag);
    CHECK(on > 0.5);
    CHECK(std::abs(on - off) < 0.05 * on);
    CHECK(high_mean(s, pristine::k_spec_y_grid_zero) < 0.1);
}

TEST_CASE("JPEG quantisation zeroes coefficients on its grid, not off it") {
    const Image jpeg = jpeg_round_trip(noise_image(160, 128, 3, 3), 40);
    const auto s = pristine::spectrum_stats(jpeg.view());
    const double on = high_mean(s, pristine::k_spec_y_grid_zero), off = high_mean(s, pristine::k_spec_y_off_zero);
    CHECK(on > 0.5);
    CHECK(on > off + 0.3);
}

TEST_CASE("an upscale empties the high frequencies; results are deterministic") {
    const Image src = noise_image(120, 100, 3, 4);
    pristine::degrade::ResizeOptions ro;
    ro.filter = pristine::degrade::ResizeFilter::bilinear;
    const Image up = pristine::degrade::resize_by(src.view(), 2.0, ro);
    const auto a = pristine::spectrum_stats(src.view()), b = pristine::spectrum_stats(up.view());
    CHECK(high_mean(b, pristine::k_spec_y_grid_mag) < 0.6 * high_mean(a, pristine::k_spec_y_grid_mag));
    CHECK(pristine::spectrum_stats(up.view()) == b);
}

TEST_CASE("the grid visitor sees every visited grid block, flat ones included, without changing the result") {
    Image img = noise_image(64, 48, 3, 5);
    std::fill(img.data(), img.data() + img.stride() * 8, std::uint8_t{90});  // the first block row is flat
    int calls = 0;
    const auto with = pristine::spectrum_stats(img.view(), [&](const pristine::Block8f&) { ++calls; });
    CHECK(calls == 8 * 6);
    CHECK(with == pristine::spectrum_stats(img.view()));
    CHECK(with[pristine::k_spec_flat_fraction] == doctest::Approx(8.0 / 48.0));
}
