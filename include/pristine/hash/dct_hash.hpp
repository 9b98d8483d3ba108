// DCT hash (64 bits), the pHash/Zauner DCT hash with a bounded-cost pre-filter. Definition
// (docs/hashes.md has it in full, with reference vectors):
//   1. L = BT.601 luma (or the caller's luma plane, nominal range 0..255);
//   2. A = resize_area(L, 128, 128);  3. B = box_filter(A, 3) (7 x 7 mean, clamped borders);
//   4. P = resize_area(B, 32, 32);    5. C = D P D^T with D the orthonormal 32-point DCT-II;
//   6. the 64 values V(u, v) = C(u, v) for u, v = 0..7 (u vertical frequency) with the DC term
//      V(0, 0) = 0; bit u*8 + v set iff V(u, v) > mean of the 64 values + tie margin
//      (1e-3 + 1e-5 |mean|, see hash_input.hpp). All 64 bits are used (bit 0 is set iff the mean of
//      the 63 AC values is below minus the margin).
// Issue 3 (after pHash) names the band u, v = 1..8 and a median threshold; the band 0..7 with the DC
// zeroed and a mean threshold (OpenCV's PHash rule) measured markedly steadier under crops and
// rotations and under mirroring (docs/hashes.md, DCT hash, "Why band 0..7 and the mean").
// Compare by Hamming distance (0..64).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "pristine/filter.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/hash_input.hpp"
#include "pristine/resize.hpp"

namespace pristine {

using DctHash = std::array<std::uint8_t, 8>;

namespace detail {
using Mat32d = Eigen::Matrix<double, 32, 32, Eigen::RowMajor>;

inline const Mat32d& dct32_matrix() {
    static const Mat32d d = [] {  // constant table, built once (thread-safe magic static)
        Mat32d m;
        const double pi = 3.14159265358979323846;
        for (int k = 0; k < 32; ++k)
            for (int i = 0; i < 32; ++i)
                m(k, i) = (k == 0 ? std::sqrt(1.0 / 32) : std::sqrt(2.0 / 32)) * std::cos(pi * (2 * i + 1) * k / 64.0);
        return m;
    }();
    return d;
}

/// Steps 3-5 on the 128 x 128 working image: the full 32 x 32 coefficient matrix.
inline Mat32d dct_hash_coefficients(const PlaneF& working) {
    const PlaneF p = resize_area(box_filter(working, 3), 32, 32);
    const Mat32d& d = dct32_matrix();
    const Mat32d pd = p.cast<double>();
    return d * pd * d.transpose();
}

/// Step 6 on C(u, v) = sign(u, v) * c(tu ? v : u, tu ? u : v): the coefficients of a rotated or
/// flipped image are sign changes and a transposition of the original's (see dct_hash_dihedral);
/// the DC term (u = v = 0) is even under every transform and is 0 anyway.
inline DctHash dct_hash_bits(const Mat32d& c, bool transposed, bool flip_u, bool flip_v) {
    std::array<double, 64> sel{};
    double sum = 0;
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v) {
            if (u == 0 && v == 0) continue;  // the DC term counts as 0
            double x = transposed ? c(v, u) : c(u, v);
            if ((flip_u && (u & 1)) != (flip_v && (v & 1))) x = -x;
            sel[u * 8 + v] = x;
        }
    for (int i = 1; i < 64; ++i) sum += sel[i];  // fixed order, so every implementation gets the same mean
    const double mean = sum / 64;
    DctHash h{};
    for (int i = 0; i < 64; ++i) set_bit(h.data(), i, above_threshold(sel[i], mean));
    return h;
}
}  // namespace detail

/// DCT hash of a luma plane (>= 1 x 1). Throws Error(invalid_argument) for an empty plane. Thread-safe.
inline DctHash dct_hash(const PlaneF& luma) {
    detail::check_hash_plane(luma, "dct_hash");
    return detail::dct_hash_bits(detail::dct_hash_coefficients(detail::seed_working_plane(luma)), false, false, false);
}

/// DCT hash of an 8-bit view (1..4 channels, alpha ignored). Throws Error(invalid_argument) for a bad view.
inline DctHash dct_hash(const ImageView& view) { return dct_hash(detail::hash_luma(view)); }

/// The hashes of the 8 dihedral transforms of the picture, in pristine::Dihedral order, from one
/// working image: a flip along x negates the coefficients of odd horizontal frequency v, along y
/// those of odd u, and a transpose swaps u and v; the mean is then taken again per variant.
inline std::array<DctHash, 8> dct_hash_dihedral(const PlaneF& luma) {
    detail::check_hash_plane(luma, "dct_hash_dihedral");
    const detail::Mat32d c = detail::dct_hash_coefficients(detail::seed_working_plane(luma));
    // Each transform as (transpose first?, then flip rows (u), flip columns (v)).
    // rot90 = transpose then mirror top-bottom; rot270 = transpose then mirror left-right;
    // antitranspose = transpose then rot180.
    return {detail::dct_hash_bits(c, false, false, false), detail::dct_hash_bits(c, true, true, false),
            detail::dct_hash_bits(c, false, true, true),   detail::dct_hash_bits(c, true, false, true),
            detail::dct_hash_bits(c, false, false, true),  detail::dct_hash_bits(c, false, true, false),
            detail::dct_hash_bits(c, true, false, false),  detail::dct_hash_bits(c, true, true, true)};
}

inline std::array<DctHash, 8> dct_hash_dihedral(const ImageView& view) { return dct_hash_dihedral(detail::hash_luma(view)); }

/// Hamming distance, 0..64.
inline int dct_hash_distance(const DctHash& a, const DctHash& b) noexcept { return hamming_distance(a.data(), b.data(), 8); }

}  // namespace pristine
