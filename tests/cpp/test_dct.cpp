// The orthonormal DCT against its direct formula, and the inverse round trip.
#include <cmath>
#include <random>

#include <doctest/doctest.h>

#include "pristine/dct.hpp"

namespace {
double direct_dct2(const pristine::Block8f& b, int u, int v) {
    const double pi = 3.14159265358979323846;
    const double cu = u == 0 ? std::sqrt(1.0 / 8) : std::sqrt(2.0 / 8);
    const double cv = v == 0 ? std::sqrt(1.0 / 8) : std::sqrt(2.0 / 8);
    double s = 0;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            s += b[y * 8 + x] * std::cos(pi * (2 * y + 1) * u / 16) * std::cos(pi * (2 * x + 1) * v / 16);
    return cu * cv * s;
}
}  // namespace

TEST_CASE("dct8x8 equals the direct orthonormal DCT-II formula") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> pixel(0.f, 255.f);
    pristine::Block8f b;
    for (auto& p : b) p = pixel(rng);
    const auto c = pristine::dct8x8(b);
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v) CHECK(c[u * 8 + v] == doctest::Approx(direct_dct2(b, u, v)).epsilon(1e-4));
    // DC of a constant block is 8 * value (orthonormal scaling).
    pristine::Block8f flat;
    flat.fill(10.f);
    CHECK(pristine::dct8x8(flat)[0] == doctest::Approx(80.f));
}

TEST_CASE("idct8x8 inverts dct8x8") {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> pixel(-128.f, 127.f);
    pristine::Block8f b;
    for (auto& p : b) p = pixel(rng);
    const auto back = pristine::idct8x8(pristine::dct8x8(b));
    for (int i = 0; i < 64; ++i) CHECK(back[i] == doctest::Approx(b[i]).epsilon(1e-4));
}

TEST_CASE("dct_matrix is orthonormal and matches dct8x8") {
    for (int n : {1, 8, 16, 32}) {
        const Eigen::MatrixXf d = pristine::dct_matrix(n);
        const Eigen::MatrixXf should_be_identity = d * d.transpose();
        CHECK((should_be_identity - Eigen::MatrixXf::Identity(n, n)).cwiseAbs().maxCoeff() < 1e-5f);
    }
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> pixel(0.f, 255.f);
    pristine::Block8f b;
    for (auto& p : b) p = pixel(rng);
    Eigen::Matrix<float, 8, 8, Eigen::RowMajor> m = Eigen::Map<Eigen::Matrix<float, 8, 8, Eigen::RowMajor>>(b.data());
    const Eigen::MatrixXf d = pristine::dct_matrix(8);
    const Eigen::MatrixXf c = d * m * d.transpose();
    const auto fast = pristine::dct8x8(b);
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v) CHECK(fast[u * 8 + v] == doctest::Approx(c(u, v)).epsilon(1e-4));
    CHECK_THROWS_AS(pristine::dct_matrix(0), pristine::Error);
}
