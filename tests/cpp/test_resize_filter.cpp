// Area resize, filters, dihedral transforms and bit helpers against their written definitions.
#include <cmath>
#include <random>

#include <doctest/doctest.h>

#include "pristine/dihedral.hpp"
#include "pristine/filter.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/resize.hpp"

using pristine::PlaneF;

namespace {
PlaneF random_plane(int w, int h, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.f, 255.f);
    PlaneF p(h, w);
    for (int i = 0; i < p.size(); ++i) p.data()[i] = u(rng);
    return p;
}

// Area resize by its definition: integrate the box-reconstructed input over each output cell.
double brute_area(const PlaneF& in, int w, int h, int ox, int oy) {
    const double W = in.cols(), H = in.rows();
    const double x0 = ox * W / w, x1 = (ox + 1) * W / w, y0 = oy * H / h, y1 = (oy + 1) * H / h;
    double s = 0;
    for (int y = 0; y < in.rows(); ++y)
        for (int x = 0; x < in.cols(); ++x) {
            const double ax = std::max(0.0, std::min(x + 1.0, x1) - std::max<double>(x, x0));
            const double ay = std::max(0.0, std::min(y + 1.0, y1) - std::max<double>(y, y0));
            s += ax * ay * in(y, x);
        }
    return s / ((x1 - x0) * (y1 - y0));
}
}  // namespace

TEST_CASE("resize_area equals the area-integral definition for any ratio") {
    const PlaneF in = random_plane(7, 5, 1);
    for (auto [w, h] : {std::pair{3, 4}, {2, 2}, {7, 5}, {10, 3}, {1, 1}, {14, 11}}) {
        const PlaneF out = pristine::resize_area(in, w, h);
        REQUIRE(out.cols() == w);
        REQUIRE(out.rows() == h);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) CHECK(out(y, x) == doctest::Approx(brute_area(in, w, h, x, y)).epsilon(1e-5));
    }
}

TEST_CASE("resize_area: integer factors are block means, the mean is kept, upscaling replicates") {
    const PlaneF in = random_plane(8, 6, 2);
    const PlaneF out = pristine::resize_area(in, 4, 3);
    CHECK(out(1, 2) == doctest::Approx((in(2, 4) + in(2, 5) + in(3, 4) + in(3, 5)) / 4));
    CHECK(out.mean() == doctest::Approx(in.mean()).epsilon(1e-5));
    const PlaneF one = PlaneF::Constant(1, 1, 42.f);
    const PlaneF up = pristine::resize_area(one, 5, 3);
    CHECK((up.array() == 42.f).all());
    const PlaneF up2 = pristine::resize_area(in, 16, 12);
    CHECK(up2(5, 9) == in(2, 4));
    CHECK_THROWS_AS(pristine::resize_area(PlaneF(), 2, 2), pristine::Error);
    CHECK_THROWS_AS(pristine::resize_area(in, 0, 2), pristine::Error);
}

TEST_CASE("box_filter is the clamped-border window mean") {
    const PlaneF in = random_plane(9, 7, 3);
    const PlaneF out = pristine::box_filter(in, 3);
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 9; ++x) {
            double s = 0;
            for (int dy = -3; dy <= 3; ++dy)
                for (int dx = -3; dx <= 3; ++dx) s += in(std::clamp(y + dy, 0, 6), std::clamp(x + dx, 0, 8));
            CHECK(out(y, x) == doctest::Approx(s / 49).epsilon(1e-5));
        }
    CHECK(pristine::box_filter(in, 0) == in);
    CHECK_THROWS_AS(pristine::box_filter(in, -1), pristine::Error);
    const PlaneF tiny = PlaneF::Constant(1, 1, 7.f);
    CHECK(pristine::box_filter(tiny, 3)(0, 0) == doctest::Approx(7.f));
}

TEST_CASE("gaussian kernel and blur") {
    const auto k = pristine::gaussian_kernel(1.0);
    REQUIRE(k.size() == 7);
    double s = 0;
    for (double v : k) s += v;
    CHECK(s == doctest::Approx(1.0));
    CHECK(k[0] == doctest::Approx(k[6]));
    CHECK(k[3] / k[4] == doctest::Approx(std::exp(0.5)));
    const PlaneF flat = PlaneF::Constant(5, 4, 100.f);
    CHECK((pristine::gaussian_blur(flat, 1.0).array() - 100.f).abs().maxCoeff() < 1e-3f);
    CHECK_THROWS_AS(pristine::gaussian_kernel(0.0), pristine::Error);
}

TEST_CASE("equalize_histogram maps through the cumulative histogram") {
    PlaneF p(1, 4);
    p << 10.f, 10.5f, 200.f, 300.f;  // bins 10, 10, 200, 255 (clamped)
    const PlaneF e = pristine::equalize_histogram(p);
    CHECK(e(0, 0) == doctest::Approx(255.0 * 2 / 4));
    CHECK(e(0, 1) == doctest::Approx(255.0 * 2 / 4));
    CHECK(e(0, 2) == doctest::Approx(255.0 * 3 / 4));
    CHECK(e(0, 3) == doctest::Approx(255.0));
}

TEST_CASE("dihedral transforms: definitions and group laws") {
    PlaneF p(2, 3);  // W = 3, H = 2
    p << 1, 2, 3,
         4, 5, 6;
    using pristine::Dihedral;
    PlaneF r90(3, 2);  // counter-clockwise: the right edge becomes the top
    r90 << 3, 6,
           2, 5,
           1, 4;
    CHECK(pristine::transform_dihedral(p, Dihedral::rot90) == r90);
    PlaneF t(3, 2);
    t << 1, 4,
         2, 5,
         3, 6;
    CHECK(pristine::transform_dihedral(p, Dihedral::transpose) == t);
    PlaneF at(3, 2);
    at << 6, 3,
          5, 2,
          4, 1;
    CHECK(pristine::transform_dihedral(p, Dihedral::antitranspose) == at);
    auto T = [](const PlaneF& x, Dihedral d) { return pristine::transform_dihedral(x, d); };
    CHECK(T(T(T(T(p, Dihedral::rot90), Dihedral::rot90), Dihedral::rot90), Dihedral::rot90) == p);
    CHECK(T(T(p, Dihedral::rot90), Dihedral::rot270) == p);
    CHECK(T(T(p, Dihedral::rot90), Dihedral::rot90) == T(p, Dihedral::rot180));
    CHECK(T(T(p, Dihedral::flip_h), Dihedral::flip_v) == T(p, Dihedral::rot180));
    CHECK(T(T(p, Dihedral::transpose), Dihedral::rot180) == T(p, Dihedral::antitranspose));
    // The 8-bit version agrees with the float one.
    pristine::Image img(3, 2, 1);
    for (int i = 0; i < 6; ++i) img.data()[i] = static_cast<std::uint8_t>(i + 1);
    for (Dihedral d : pristine::k_all_dihedral) {
        const pristine::Image o = pristine::transform_dihedral(img.view(), d);
        const PlaneF f = T(p, d);
        REQUIRE(o.width() == f.cols());
        for (int y = 0; y < o.height(); ++y)
            for (int x = 0; x < o.width(); ++x) CHECK(o.row(y)[x] == f(y, x));
    }
}

TEST_CASE("bits: MSB-first order, Hamming distance, hex") {
    std::uint8_t b[2] = {0, 0};
    pristine::set_bit(b, 0, true);
    pristine::set_bit(b, 9, true);
    CHECK(b[0] == 0x80);
    CHECK(b[1] == 0x40);
    CHECK(pristine::get_bit(b, 9));
    CHECK_FALSE(pristine::get_bit(b, 8));
    pristine::set_bit(b, 0, false);
    CHECK(b[0] == 0);
    std::vector<std::uint8_t> x(13), y(13);
    std::mt19937 rng(5);
    int expected = 0;
    for (int i = 0; i < 13; ++i) {
        x[i] = static_cast<std::uint8_t>(rng());
        y[i] = static_cast<std::uint8_t>(rng());
        for (int k = 0; k < 8; ++k) expected += ((x[i] ^ y[i]) >> k) & 1;
    }
    CHECK(pristine::hamming_distance(x.data(), y.data(), 13) == expected);
    CHECK(pristine::to_hex(x) .size() == 26);
    CHECK(pristine::from_hex(pristine::to_hex(x)) == x);
    CHECK(pristine::to_hex(std::vector<std::uint8_t>{0x0a, 0xff}) == "0aff");
    CHECK(pristine::from_hex("0AfF") == std::vector<std::uint8_t>{0x0a, 0xff});
    CHECK_THROWS_AS(pristine::from_hex("abc"), pristine::Error);
    CHECK_THROWS_AS(pristine::from_hex("zz"), pristine::Error);
    CHECK(pristine::pack_bits({true, false, true}) == std::vector<std::uint8_t>{0xa0});
}
