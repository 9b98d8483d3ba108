// Orthonormal DCT-II: N x N transform matrices and a fast-enough separable 8 x 8 block transform.
// Definition (orthonormal DCT-II):  X[k] = c(k) * sum_n x[n] cos(pi (2n + 1) k / (2N)),
// c(0) = sqrt(1/N), c(k>0) = sqrt(2/N). The inverse is the transpose (DCT-III).
#pragma once

#include <array>
#include <cmath>

#include <Eigen/Core>

#include "pristine/error.hpp"

namespace pristine {

using Block8f = std::array<float, 64>;  ///< an 8 x 8 block, row-major

/// The N x N orthonormal DCT-II matrix D (row k = basis k): X = D x, x = D^T X.
/// For a 2-D block B the transform is D B D^T. Throws Error(invalid_argument) for n < 1.
inline Eigen::MatrixXf dct_matrix(int n) {
    if (n < 1) throw Error(Status::invalid_argument, "dct_matrix: size must be >= 1");
    Eigen::MatrixXd d(n, n);
    const double pi = 3.14159265358979323846;
    for (int k = 0; k < n; ++k) {
        const double c = k == 0 ? std::sqrt(1.0 / n) : std::sqrt(2.0 / n);
        for (int i = 0; i < n; ++i) d(k, i) = c * std::cos(pi * (2 * i + 1) * k / (2.0 * n));
    }
    return d.cast<float>();
}

namespace detail {
struct Dct8Table {
    float m[8][8];
    Dct8Table() noexcept {
        const double pi = 3.14159265358979323846;
        for (int k = 0; k < 8; ++k) {
            const double c = k == 0 ? std::sqrt(1.0 / 8) : std::sqrt(2.0 / 8);
            for (int i = 0; i < 8; ++i) m[k][i] = static_cast<float>(c * std::cos(pi * (2 * i + 1) * k / 16.0));
        }
    }
};
// A constant table built once: immutable after construction, so thread-safe (C++11 magic statics).
inline const Dct8Table& dct8_table() noexcept {
    static const Dct8Table table;
    return table;
}
}  // namespace detail

/// 2-D orthonormal DCT-II of an 8 x 8 block (row-major in, row-major out: out[u*8+v], u = vertical frequency).
inline Block8f dct8x8(const Block8f& in) noexcept {
    const auto& t = detail::dct8_table().m;
    float tmp[64];
    for (int y = 0; y < 8; ++y)        // rows: tmp[y][v] = sum_x t[v][x] in[y][x]
        for (int v = 0; v < 8; ++v) {
            float s = 0.f;
            for (int x = 0; x < 8; ++x) s += t[v][x] * in[y * 8 + x];
            tmp[y * 8 + v] = s;
        }
    Block8f out;
    for (int u = 0; u < 8; ++u)        // columns: out[u][v] = sum_y t[u][y] tmp[y][v]
        for (int v = 0; v < 8; ++v) {
            float s = 0.f;
            for (int y = 0; y < 8; ++y) s += t[u][y] * tmp[y * 8 + v];
            out[u * 8 + v] = s;
        }
    return out;
}

/// Inverse of dct8x8 (orthonormal DCT-III): idct8x8(dct8x8(b)) == b up to rounding.
inline Block8f idct8x8(const Block8f& in) noexcept {
    const auto& t = detail::dct8_table().m;
    float tmp[64];
    for (int u = 0; u < 8; ++u)        // rows: tmp[u][x] = sum_v t[v][x] in[u][v]
        for (int x = 0; x < 8; ++x) {
            float s = 0.f;
            for (int v = 0; v < 8; ++v) s += t[v][x] * in[u * 8 + v];
            tmp[u * 8 + x] = s;
        }
    Block8f out;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
            float s = 0.f;
            for (int u = 0; u < 8; ++u) s += t[u][y] * tmp[u * 8 + x];
            out[y * 8 + x] = s;
        }
    return out;
}

}  // namespace pristine
