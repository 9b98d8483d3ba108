// PDQ hash: the golden vector of docs/hash_pdq.md, the building blocks against their definitions,
// dihedral variants against pixel-wise transformed images, robustness, edge cases, threads.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/dct.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/hash/pdq.hpp"

using pristine::PdqHash;
using pristine::PlaneF;

namespace {

// The reference-vector picture of docs/hash_pdq.md: integer arithmetic only, so every
// implementation sees the same bytes.
pristine::Image golden_image() {
    const int w = 257, h = 193;
    pristine::Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int r = x * 255 / (w - 1), g = y * 255 / (h - 1), b = x * y / 256;
            if (x >= 40 && x < 120 && y >= 100 && y < 160) { r = 250; g = 240; b = 30; }
            if ((x - 180) * (x - 180) + (y - 60) * (y - 60) < 40 * 40) r = g = b = 20;
            std::uint8_t* p = img.row(y) + 3 * x;
            p[0] = static_cast<std::uint8_t>(r);
            p[1] = static_cast<std::uint8_t>(g);
            p[2] = static_cast<std::uint8_t>(b);
        }
    return img;
}

// A photo-like luma plane: a smooth random field (separable cosines, falling amplitudes) plus a
// bright rectangle and a dark disc at seed-dependent places. Integral values when `integral`.
PlaneF photo(int width, int height, unsigned seed, bool integral = true) {
    std::mt19937 rng(seed);
    auto uniform = [&rng]() { return static_cast<double>(rng()) / 4294967296.0; };
    const double two_pi = 6.283185307179586;
    PlaneF p = PlaneF::Constant(height, width, 128.f);
    for (int i = 0; i < 12; ++i) {
        const double fx = uniform() * 6, fy = uniform() * 6, px = uniform() * two_pi, py = uniform() * two_pi;
        const double amp = 60.0 / (1 + i * 0.4);
        std::vector<double> cx(width), cy(height);
        for (int x = 0; x < width; ++x) cx[x] = std::cos(two_pi * fx * x / width + px);
        for (int y = 0; y < height; ++y) cy[y] = amp * std::cos(two_pi * fy * y / height + py);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) p(y, x) += static_cast<float>(cy[y] * cx[x]);
    }
    const double rx0 = uniform() * 0.5, ry0 = uniform() * 0.5, dx = 0.3 + uniform() * 0.6, dy = 0.2 + uniform() * 0.6;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double u = double(x) / width, v = double(y) / height;
            double s = p(y, x);
            if (u > rx0 && u < rx0 + 0.3 && v > ry0 && v < ry0 + 0.4) s += 60;
            if ((u - dx) * (u - dx) * width * width + (v - dy) * (v - dy) * height * height < 0.03 * height * height) s -= 70;
            s = std::min(255.0, std::max(0.0, s));
            p(y, x) = static_cast<float>(integral ? std::round(s) : s);
        }
    return p;
}

PlaneF area_downscale(const PlaneF& in, int f) {
    PlaneF out(in.rows() / f, in.cols() / f);
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        for (Eigen::Index c = 0; c < out.cols(); ++c) out(r, c) = in.block(r * f, c * f, f, f).sum() / float(f * f);
    return out;
}

pristine::Image to_image(const PlaneF& p) {
    pristine::Image img(static_cast<int>(p.cols()), static_cast<int>(p.rows()), 1);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            img.row(y)[x] = static_cast<std::uint8_t>(std::lround(std::min(255.f, std::max(0.f, p(y, x)))));
    return img;
}

}  // namespace

TEST_CASE("pdq: golden reference vector (docs/hash_pdq.md)") {
    const pristine::Image img = golden_image();
    const PdqHash h = pristine::pdq_hash(img.view());
    CHECK(pristine::pdq_to_hex(h) == "d25e17a12d1b2a4b525e17b12da1ec4e3241d7b4d5a1ccce6a5e3331d8b6cc4b");
    CHECK(h.quality == 76);
    const auto v = pristine::pdq_hash_dihedral(img.view());
    CHECK(v[0] == h);
    CHECK(pristine::pdq_to_hex(v[1]) == "81737684338c33193b1b988edccc999b6672666646667bb1b91976a5b91b895a");
}

TEST_CASE("pdq: hex round trip, bit layout and distances") {
    const PdqHash h = pristine::pdq_hash(golden_image().view());
    const PdqHash back = pristine::pdq_from_hex(pristine::pdq_to_hex(h), h.quality);
    CHECK(back == h);
    CHECK(pristine::pdq_distance(h, back) == 0);
    PdqHash inverted = h;
    for (auto& b : inverted.bits) b = static_cast<std::uint8_t>(~b);
    CHECK(pristine::pdq_distance(h, inverted) == 256);
    // Median thresholding: exactly half of the coefficients lie strictly above the lower median
    // when they are distinct.
    int ones = 0;
    for (auto b : h.bits) ones += pristine::popcount8(b);
    CHECK(ones == 128);
    // Reference layout: coefficient k -> byte 31 - k/8, bit k%8; hex shows bit 255 first.
    PdqHash one;
    one.bits[31] = 1;  // coefficient 0 = DCT (1, 1)
    CHECK(pristine::pdq_to_hex(one) == std::string(63, '0') + "1");
    CHECK(pristine::pdq_from_hex(std::string(64, 'F')).bits[0] == 0xff);
    CHECK_THROWS_AS(pristine::pdq_from_hex("abc"), pristine::Error);
    CHECK_THROWS_AS(pristine::pdq_from_hex(std::string(63, '0') + "g"), pristine::Error);
}

TEST_CASE("pdq: box filter follows the reference's running sums") {
    using pristine::pdq_detail::box_1d;
    CHECK(pristine::pdq_detail::window_size(1) == 1);
    CHECK(pristine::pdq_detail::window_size(128) == 1);
    CHECK(pristine::pdq_detail::window_size(129) == 2);
    CHECK(pristine::pdq_detail::window_size(3000) == 24);
    std::vector<float> in(16), out(16);
    for (int i = 0; i < 16; ++i) in[i] = float(i);
    // Window 7: centred, shrinking at the ends (the reference's worked example).
    box_1d(in.data(), out.data(), 16, 1, 7);
    const float w7[16] = {6 / 4.f, 10 / 5.f, 15 / 6.f, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 75 / 6.f, 65 / 5.f, 54 / 4.f};
    for (int i = 0; i < 16; ++i) CHECK(out[i] == doctest::Approx(w7[i]));
    // Window 8: one sample further right than left.
    box_1d(in.data(), out.data(), 16, 1, 8);
    const float w8[16] = {10 / 5.f, 15 / 6.f, 21 / 7.f, 28 / 8.f, 4.5f, 5.5f, 6.5f, 7.5f,
                          8.5f, 9.5f, 10.5f, 11.5f, 84 / 7.f, 75 / 6.f, 65 / 5.f, 54 / 4.f};
    for (int i = 0; i < 16; ++i) CHECK(out[i] == doctest::Approx(w8[i]));
    // The fast passes (row-sweeping columns, eight rows at a time) are bit-identical to box_1d.
    const PlaneF p = photo(37, 301, 3, false);
    std::vector<float> a(p.data(), p.data() + p.size()), fast(a.size()), plain(a.size()), sums;
    for (int w : {1, 2, 3, 8}) {
        pristine::pdq_detail::box_columns(a.data(), fast.data(), 301, 37, w, sums);
        for (int x = 0; x < 37; ++x) box_1d(a.data() + x, plain.data() + x, 301, 37, w);
        CHECK(fast == plain);
        pristine::pdq_detail::box_rows(a.data(), fast.data(), 301, 37, w);
        for (int y = 0; y < 301; ++y) box_1d(a.data() + 37 * y, plain.data() + 37 * y, 37, 1, w);
        CHECK(fast == plain);
    }
}

TEST_CASE("pdq: DCT rows are rows 1..16 of the orthonormal 64-point DCT") {
    const Eigen::MatrixXf d = pristine::dct_matrix(64);
    const auto& m = pristine::pdq_detail::dct16x64().m;
    float worst = 0;
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 64; ++j) worst = std::max(worst, std::abs(m[i * 64 + j] - d(i + 1, j)));
    CHECK(worst < 1e-6f);
}

TEST_CASE("pdq: dihedral variants equal the hashes of transformed images") {
    // Every variant equals hashing the transformed pixels, whatever the size: odd and even filter
    // windows, sampling grids that a mirror moves (256, 384, 128: positions 2, 6, ... or 3, 9, ...),
    // sides of 64 (no filter), odd sides, integral and fractional luma.
    const std::vector<std::pair<int, int>> sizes{{127, 127}, {383, 257}, {100, 61}, {384, 256}, {256, 384},
                                                 {128, 128}, {64, 64}, {255, 383}, {129, 200}, {97, 131},
                                                 {640, 480}, {17, 23}};
    for (const auto& size : sizes)
        for (bool integral : {true, false}) {
            const PlaneF p = photo(size.first, size.second, 5, integral);
            const auto v = pristine::pdq_hash_dihedral(p);
            CHECK(v[0] == pristine::pdq_hash(p));
            for (auto t : pristine::k_all_dihedral) {
                CAPTURE(size.first);
                CAPTURE(size.second);
                CAPTURE(integral);
                CAPTURE(static_cast<int>(t));
                const PdqHash moved = pristine::pdq_hash(pristine::transform_dihedral(p, t));
                CHECK(pristine::pdq_distance(moved, v[static_cast<int>(t)]) == 0);
                CHECK(moved.quality == v[0].quality);
                CHECK(pristine::pdq_distance_dihedral(v, moved) == 0);
            }
        }
    // An RGB picture with even windows (1001 x 777: windows 8 and 7), through the 8-bit view.
    const pristine::Image rgb = to_image(photo(1001, 777, 9));
    const auto v = pristine::pdq_hash_dihedral(rgb.view());
    for (auto t : pristine::k_all_dihedral) {
        CAPTURE(static_cast<int>(t));
        const pristine::Image moved = pristine::transform_dihedral(rgb.view(), t);
        CHECK(pristine::pdq_distance(pristine::pdq_hash(moved.view()), v[static_cast<int>(t)]) == 0);
    }
    // A rotated copy is far from the original itself but found through the variants, both ways.
    const PdqHash rotated = pristine::pdq_hash(pristine::transform_dihedral(rgb.view(), pristine::Dihedral::rot90).view());
    CHECK(pristine::pdq_distance(v[0], rotated) > 60);
    CHECK(pristine::pdq_distance_dihedral(v, rotated) == 0);
    const auto w = pristine::pdq_hash_dihedral(pristine::transform_dihedral(rgb.view(), pristine::Dihedral::rot90).view());
    CHECK(pristine::pdq_distance_dihedral(w, v[0]) == 0);
}

TEST_CASE("pdq: noise, unrelated pictures and downscaled inputs") {
    const PlaneF p = photo(640, 480, 21);
    const PdqHash h = pristine::pdq_hash(p);
    // Mild noise: uniform in [-12, 12].
    std::mt19937 rng(99);
    PlaneF noisy = p;
    for (Eigen::Index i = 0; i < noisy.size(); ++i)
        noisy.data()[i] = std::min(255.f, std::max(0.f, noisy.data()[i] + float(int(rng() % 25) - 12)));
    CHECK(pristine::pdq_distance(h, pristine::pdq_hash(noisy)) < 30);
    // Unrelated pictures (different seeds) sit near 128 bits apart.
    for (unsigned seed : {31u, 32u, 33u}) CHECK(pristine::pdq_distance(h, pristine::pdq_hash(photo(640, 480, seed))) > 90);
    // A reduced-scale decode stands in for the full picture (docs/hash_pdq.md has the table).
    const PlaneF big = photo(1200, 800, 41, false);
    const PdqHash hb = pristine::pdq_hash(big);
    CHECK(pristine::pdq_distance(hb, pristine::pdq_hash(area_downscale(big, 2))) <= 16);
    CHECK(pristine::pdq_distance(hb, pristine::pdq_hash(area_downscale(big, 4))) <= 24);
}

TEST_CASE("pdq: quality separates flat from textured pictures") {
    const PdqHash flat = pristine::pdq_hash(PlaneF(PlaneF::Constant(200, 300, 90.f)));
    CHECK(flat.quality == 0);
    PlaneF ramp(200, 300);
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 300; ++x) ramp(y, x) = 100.f + 0.05f * static_cast<float>(x);  // 15 grey levels across: still flat
    CHECK(pristine::pdq_hash(ramp).quality < 10);
    CHECK(pristine::pdq_hash(photo(300, 200, 7)).quality >= 80);
}

TEST_CASE("pdq: every size and channel layout works") {
    // Below 5 pixels a side the reference declines: zero hash, quality 0.
    const std::uint8_t one_pixel[4] = {10, 200, 30, 255};
    for (int channels = 1; channels <= 4; ++channels) {
        const pristine::ImageView v{one_pixel, 1, 1, channels, channels};
        CHECK(pristine::pdq_hash(v) == PdqHash{});
        for (const auto& h : pristine::pdq_hash_dihedral(v)) CHECK(h == PdqHash{});
    }
    CHECK(pristine::pdq_hash(photo(4, 300, 1)) == PdqHash{});
    CHECK(pristine::pdq_hash(photo(5, 5, 1)).quality >= 0);
    CHECK(pristine::pdq_hash(photo(64, 64, 1)).quality > 0);  // taken as the 64 x 64 grid directly
    CHECK(pristine::pdq_hash(photo(7, 2000, 1)).quality > 0);
    // Alpha is ignored; grey+alpha hashes as grey.
    const pristine::Image grey = to_image(photo(150, 90, 2));
    pristine::Image ga(150, 90, 2), rgba(150, 90, 4);
    for (int y = 0; y < 90; ++y)
        for (int x = 0; x < 150; ++x) {
            const std::uint8_t g = grey.row(y)[x];
            ga.row(y)[2 * x] = g;
            ga.row(y)[2 * x + 1] = static_cast<std::uint8_t>(x);
            for (int c = 0; c < 3; ++c) rgba.row(y)[4 * x + c] = g;
            rgba.row(y)[4 * x + 3] = static_cast<std::uint8_t>(y);
        }
    const PdqHash hg = pristine::pdq_hash(grey.view());
    CHECK(pristine::pdq_hash(ga.view()) == hg);
    CHECK(pristine::pdq_distance(pristine::pdq_hash(rgba.view()), hg) <= 2);  // 0.299+0.587+0.114 rounds in float
    // Bad input is rejected at the edge.
    CHECK_THROWS_AS(pristine::pdq_hash(pristine::ImageView{}), pristine::Error);
    CHECK_THROWS_AS(pristine::pdq_hash(PlaneF()), pristine::Error);
    PlaneF with_nan = photo(20, 20, 1);
    with_nan(3, 4) = std::nanf("");
    CHECK_THROWS_AS(pristine::pdq_hash(with_nan), pristine::Error);
    CHECK_THROWS_AS(pristine::pdq_hash_dihedral(PlaneF()), pristine::Error);
}

TEST_CASE("pdq: concurrent hashing equals serial hashing") {
    std::vector<PlaneF> planes;
    for (unsigned s = 0; s < 8; ++s) planes.push_back(photo(320 + 13 * int(s), 240, 100 + s, false));
    std::vector<std::array<PdqHash, 8>> serial;
    for (const auto& p : planes) serial.push_back(pristine::pdq_hash_dihedral(p));
    std::vector<std::array<PdqHash, 8>> parallel(planes.size());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t i = static_cast<std::size_t>(t); i < planes.size(); i += 4)
                parallel[i] = pristine::pdq_hash_dihedral(planes[i]);
        });
    for (auto& th : threads) th.join();
    for (std::size_t i = 0; i < planes.size(); ++i) CHECK(parallel[i] == serial[i]);
}
