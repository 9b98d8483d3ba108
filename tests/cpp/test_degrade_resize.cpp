// The resampler: constants stay constant, area averaging, round trips, linear light, edge sizes.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <doctest/doctest.h>

#include "degrade_test_images.hpp"
#include "pristine/lab/degrade/resize.hpp"

using namespace pristine;
using namespace pristine::degrade;

namespace {
const ResizeFilter kAll[] = {ResizeFilter::point,   ResizeFilter::box,         ResizeFilter::bilinear,
                             ResizeFilter::bicubic, ResizeFilter::mitchell,    ResizeFilter::catmull_rom,
                             ResizeFilter::lanczos, ResizeFilter::area};

double mean_abs_diff(const Image& a, const Image& b) {
    REQUIRE(a.size_bytes() == b.size_bytes());
    double s = 0;
    for (std::size_t i = 0; i < a.size_bytes(); ++i) s += std::abs(int(a.data()[i]) - int(b.data()[i]));
    return s / a.size_bytes();
}
}  // namespace

TEST_CASE("a constant image stays constant for every filter, size and channel count") {
    const int sizes[][2] = {{1, 1}, {1, 7}, {5, 1}, {3, 4}, {17, 9}, {64, 33}};
    for (int channels = 1; channels <= 4; ++channels) {
        Image src(13, 11, channels);
        const std::uint8_t value[4] = {37, 200, 91, 255};
        for (int y = 0; y < src.height(); ++y)
            for (int x = 0; x < src.width(); ++x)
                for (int k = 0; k < channels; ++k) src.row(y)[x * channels + k] = value[k];
        for (ResizeFilter f : kAll)
            for (bool linear : {false, true})
                for (const auto& s : sizes) {
                    CAPTURE(filter_name(f));
                    CAPTURE(channels);
                    CAPTURE(linear);
                    const Image out = resize(src.view(), s[0], s[1], ResizeOptions{f, linear});
                    REQUIRE(out.width() == s[0]);
                    REQUIRE(out.height() == s[1]);
                    REQUIRE(out.channels() == channels);
                    for (int y = 0; y < out.height(); ++y)
                        for (int x = 0; x < out.width(); ++x)
                            for (int k = 0; k < channels; ++k) CHECK(int(out.row(y)[x * channels + k]) == value[k]);
                }
    }
}

TEST_CASE("area downscale of a 2x2 checker gives mid-grey") {
    Image c(2, 2, 1);
    c.row(0)[0] = 0;
    c.row(0)[1] = 255;
    c.row(1)[0] = 255;
    c.row(1)[1] = 0;
    const Image one = resize(c.view(), 1, 1, ResizeOptions{ResizeFilter::area, false});
    CHECK(std::abs(int(one.data()[0]) - 128) <= 1);
    // Box is the same on an integer factor.
    const Image box = resize(c.view(), 1, 1, ResizeOptions{ResizeFilter::box, false});
    CHECK(std::abs(int(box.data()[0]) - 128) <= 1);
}

TEST_CASE("area averages exactly on non-integer factors") {
    Image row(3, 1, 1);
    row.data()[0] = 0;
    row.data()[1] = 90;
    row.data()[2] = 180;
    // Two outputs covering [0, 1.5) and [1.5, 3): (0 + 0.5*90)/1.5 = 30, (0.5*90 + 180)/1.5 = 150.
    const Image out = resize(row.view(), 2, 1, ResizeOptions{ResizeFilter::area, false});
    CHECK(int(out.data()[0]) == 30);
    CHECK(int(out.data()[1]) == 150);
}

TEST_CASE("upscale then downscale nearly recovers a smooth image") {
    const Image src = degrade_test::photo_like(48, 40, 3, 5);
    const Image smooth = resize(src.view(), 24, 20, ResizeOptions{ResizeFilter::area, false});  // remove noise
    for (ResizeFilter f : {ResizeFilter::bilinear, ResizeFilter::bicubic, ResizeFilter::mitchell,
                           ResizeFilter::catmull_rom, ResizeFilter::lanczos, ResizeFilter::area, ResizeFilter::box}) {
        CAPTURE(filter_name(f));
        const Image up = resize(smooth.view(), 72, 60, ResizeOptions{f, false});
        const Image back = resize(up.view(), 24, 20, ResizeOptions{f, false});
        CHECK(mean_abs_diff(smooth, back) < 3.0);
    }
    // Nearest upscale by an integer factor and back is exact.
    const Image up = resize(smooth.view(), 72, 60, ResizeOptions{ResizeFilter::point, false});
    const Image back = resize(up.view(), 24, 20, ResizeOptions{ResizeFilter::point, false});
    CHECK(mean_abs_diff(smooth, back) == 0.0);
}

TEST_CASE("linear light keeps the brightness of a black/white checker; gamma space darkens it") {
    Image c(8, 8, 3);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            for (int k = 0; k < 3; ++k) c.row(y)[x * 3 + k] = ((x + y) % 2) ? 255 : 0;
    for (ResizeFilter f : {ResizeFilter::area, ResizeFilter::box, ResizeFilter::lanczos, ResizeFilter::bilinear}) {
        CAPTURE(filter_name(f));
        const Image gamma = resize(c.view(), 2, 2, ResizeOptions{f, false});
        const Image linear = resize(c.view(), 2, 2, ResizeOptions{f, true});
        for (std::size_t i = 0; i < gamma.size_bytes(); ++i) {
            CHECK(linear.data()[i] > gamma.data()[i] + 40);
            if (f == ResizeFilter::area || f == ResizeFilter::box) {
                CHECK(std::abs(int(gamma.data()[i]) - 128) <= 1);
                CHECK(std::abs(int(linear.data()[i]) - 188) <= 1);  // sRGB of linear 0.5
            }
        }
    }
}

TEST_CASE("point filter duplicates pixels on an integer upscale") {
    const Image src = degrade_test::photo_like(5, 3, 1, 9);
    const Image up = resize(src.view(), 10, 9, ResizeOptions{ResizeFilter::point, false});
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 10; ++x) CHECK(up.row(y)[x] == src.row(y / 3)[x / 2]);
}

TEST_CASE("premultiplied alpha: transparent pixels do not darken opaque ones") {
    Image img(8, 1, 4);
    for (int x = 0; x < 8; ++x) {
        std::uint8_t* p = img.row(0) + x * 4;
        p[0] = x < 4 ? 0 : 255;  // transparent half is black, opaque half is white
        p[1] = p[0];
        p[2] = p[0];
        p[3] = x < 4 ? 0 : 255;
    }
    const Image out = resize(img.view(), 3, 1, ResizeOptions{ResizeFilter::lanczos, false});
    for (int x = 0; x < 3; ++x) {
        const std::uint8_t* p = out.row(0) + x * 4;
        if (p[3] > 10) CHECK(p[0] >= 250);
    }
}

TEST_CASE("resize_by, fit_size and filter names") {
    const Image src = degrade_test::photo_like(10, 6);
    const Image half = resize_by(src.view(), 0.5);
    CHECK(half.width() == 5);
    CHECK(half.height() == 3);
    const Image tiny = resize_by(src.view(), 0.01);
    CHECK(tiny.width() == 1);
    CHECK(tiny.height() == 1);
    int w = 0, h = 0;
    fit_size(4000, 3000, 1600, w, h);
    CHECK(w == 1600);
    CHECK(h == 1200);
    fit_size(3000, 4000, 1080, w, h);
    CHECK(w == 810);
    CHECK(h == 1080);
    for (ResizeFilter f : kAll) CHECK(parse_filter(filter_name(f)) == f);
    CHECK(parse_filter("nearest") == ResizeFilter::point);
    CHECK(parse_filter("catrom") == ResizeFilter::catmull_rom);
    CHECK_THROWS_AS(parse_filter("linear"), Error);
    CHECK_THROWS_AS(resize(src.view(), 0, 5), Error);
    CHECK_THROWS_AS(resize_by(src.view(), -1.0), Error);
    ImageView bad = src.view();
    bad.channels = 5;
    CHECK_THROWS_AS(resize(bad, 3, 3), Error);
}

TEST_CASE("random sizes: positive filters stay within the input's range") {
    Rng rng(99);
    for (int trial = 0; trial < 200; ++trial) {
        const int iw = rng.uniform_int(1, 40), ih = rng.uniform_int(1, 40);
        const int ow = rng.uniform_int(1, 60), oh = rng.uniform_int(1, 60);
        const int channels = rng.uniform_int(1, 4);
        const Image src = degrade_test::photo_like(iw, ih, channels, static_cast<std::uint64_t>(trial));
        std::uint8_t lo = 255, hi = 0;
        if (channels == 1 || channels == 3) {
            lo = *std::min_element(src.data(), src.data() + src.size_bytes());
            hi = *std::max_element(src.data(), src.data() + src.size_bytes());
        }
        for (ResizeFilter f : kAll) {
            const Image out = resize(src.view(), ow, oh, ResizeOptions{f, rng.chance(0.5)});
            REQUIRE(out.width() == ow);
            REQUIRE(out.height() == oh);
            const bool positive = f == ResizeFilter::point || f == ResizeFilter::box || f == ResizeFilter::bilinear ||
                                  f == ResizeFilter::area;
            if (positive && lo <= hi) {
                CHECK(*std::min_element(out.data(), out.data() + out.size_bytes()) >= lo - 1);
                CHECK(*std::max_element(out.data(), out.data() + out.size_bytes()) <= hi + 1);
            }
        }
    }
}
