// Block-mean hashes (Yang et al., Zauner's study; OpenCV BlockMeanHash modes 0 and 1).
// Definition (docs/hashes.md has it in full):
//   (W = resize_area(L, 128, 128), the working image shared by the seed hashes)
//   plain, 256 bits:    M = resize_area(W, 16, 16), the means of 16 x 16 blocks of the 256 x 256
//                       area-resized picture (area resizes to sizes that divide each other compose
//                       exactly, so this is the same up to rounding; conforming code follows this order);
//                       bit 16 i + j set iff M(i, j) > m, m = the 5% winsorised mean of the 256.
//   overlapping, 961 bits in 121 bytes: G = resize_area(W, 32, 32) (8 x 8 cells of the 256 x 256
//                       picture); M(i, j) = (G(i,j) + G(i,j+1) + G(i+1,j) + G(i+1,j+1)) / 4 for
//                       i, j = 0..30, the means of 16 x 16 blocks stepping by 8;
//                       bit 31 i + j set iff M(i, j) > m, m = the 5% winsorised mean of the 961.
//   5% winsorised mean of n values v_(0) <= ... <= v_(n-1): with c = floor(n / 20) (12 of 256, 48 of
//   961), the mean of the values clamped to [v_(c), v_(n-1-c)], summed in double in ascending order.
// "> m" means above by more than the tie margin 1e-3 + 1e-5 |m| (hash_input.hpp).
// i is the block row (top to bottom), j the column. Compare by Hamming distance.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "pristine/dihedral.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/hash_input.hpp"
#include "pristine/resize.hpp"

namespace pristine {

using BlockMeanHash = std::array<std::uint8_t, 32>;          ///< 256 bits
using BlockMeanOverlapHash = std::array<std::uint8_t, 121>;  ///< 961 bits, 7 zero bits at the end

namespace detail {
/// The grid of block means (16 x 16, or 31 x 31 when `overlap`).
inline PlaneF block_means(const PlaneF& luma, bool overlap) {
    const PlaneF w = seed_working_plane(luma);
    if (!overlap) return resize_area(w, 16, 16);
    const PlaneF g = resize_area(w, 32, 32);
    PlaneF m(31, 31);
    for (int i = 0; i < 31; ++i)
        for (int j = 0; j < 31; ++j)
            m(i, j) = static_cast<float>((static_cast<double>(g(i, j)) + g(i, j + 1) + g(i + 1, j) + g(i + 1, j + 1)) / 4.0);
    return m;
}

/// The threshold: the 5% winsorised mean (the c = n / 20 smallest values raised to the (c+1)-th
/// smallest, the c largest lowered to the (c+1)-th largest, then the mean, summed in ascending order).
/// Steadier than the median under crops (OpenCV's BlockMeanHash uses the plain mean), while the
/// clamped tails keep a few extreme blocks from moving it: docs/hashes.md has the measurements.
inline double block_mean_threshold(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size(), c = n / 20;
    const double lo = v[c], hi = v[n - 1 - c];
    double sum = 0;
    for (double x : v) sum += std::min(std::max(x, lo), hi);
    return sum / static_cast<double>(n);
}

template <std::size_t Bytes>
std::array<std::uint8_t, Bytes> block_mean_bits(const PlaneF& m) {
    const std::vector<double> v(m.data(), m.data() + m.size());
    const double t = block_mean_threshold(v);
    std::array<std::uint8_t, Bytes> h{};
    for (std::size_t i = 0; i < v.size(); ++i) set_bit(h.data(), i, above_threshold(v[i], t));
    return h;
}

template <std::size_t Bytes>
std::array<std::array<std::uint8_t, Bytes>, 8> block_mean_dihedral(const PlaneF& m) {
    // The grid is square and symmetric, so a transformed picture has the transformed grid.
    std::array<std::array<std::uint8_t, Bytes>, 8> out{};
    for (int k = 0; k < 8; ++k) out[k] = block_mean_bits<Bytes>(transform_dihedral(m, k_all_dihedral[k]));
    return out;
}
}  // namespace detail

/// 256-bit block-mean hash of a luma plane (>= 1 x 1). Throws Error(invalid_argument) for an empty plane. Thread-safe.
inline BlockMeanHash block_mean_hash(const PlaneF& luma) {
    detail::check_hash_plane(luma, "block_mean_hash");
    return detail::block_mean_bits<32>(detail::block_means(luma, false));
}
inline BlockMeanHash block_mean_hash(const ImageView& view) { return block_mean_hash(detail::hash_luma(view)); }

/// 961-bit overlapping block-mean hash. Throws Error(invalid_argument) for an empty plane. Thread-safe.
inline BlockMeanOverlapHash block_mean_overlap_hash(const PlaneF& luma) {
    detail::check_hash_plane(luma, "block_mean_overlap_hash");
    return detail::block_mean_bits<121>(detail::block_means(luma, true));
}
inline BlockMeanOverlapHash block_mean_overlap_hash(const ImageView& view) {
    return block_mean_overlap_hash(detail::hash_luma(view));
}

/// The hashes of the 8 dihedral transforms (pristine::Dihedral order), from one grid of means.
inline std::array<BlockMeanHash, 8> block_mean_hash_dihedral(const PlaneF& luma) {
    detail::check_hash_plane(luma, "block_mean_hash_dihedral");
    return detail::block_mean_dihedral<32>(detail::block_means(luma, false));
}
inline std::array<BlockMeanHash, 8> block_mean_hash_dihedral(const ImageView& view) {
    return block_mean_hash_dihedral(detail::hash_luma(view));
}
inline std::array<BlockMeanOverlapHash, 8> block_mean_overlap_hash_dihedral(const PlaneF& luma) {
    detail::check_hash_plane(luma, "block_mean_overlap_hash_dihedral");
    return detail::block_mean_dihedral<121>(detail::block_means(luma, true));
}
inline std::array<BlockMeanOverlapHash, 8> block_mean_overlap_hash_dihedral(const ImageView& view) {
    return block_mean_overlap_hash_dihedral(detail::hash_luma(view));
}

/// Hamming distances (0..256, 0..961).
inline int block_mean_hash_distance(const BlockMeanHash& a, const BlockMeanHash& b) noexcept {
    return hamming_distance(a.data(), b.data(), a.size());
}
inline int block_mean_overlap_hash_distance(const BlockMeanOverlapHash& a, const BlockMeanOverlapHash& b) noexcept {
    return hamming_distance(a.data(), b.data(), a.size());
}

}  // namespace pristine
