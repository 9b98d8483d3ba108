// Marr-Hildreth hash (576 bits), after pHash's ph_mh_imagehash and Zauner's study. Definition
// (docs/hashes.md has it in full):
//   1. L = BT.601 luma;  2. W = resize_area(L, 128, 128);  3. B = gaussian_blur(W, sigma = 1);
//   4. E = equalize_histogram(B)  (256 bins of width 1, output 255 cdf / N);
//   5. G(i, j), i, j = 0..30: the means of E over 4 x 4 blocks at rows 2 + 4 i .. 2 + 4 i + 3, columns
//      2 + 4 j .. 2 + 4 j + 3 (a centred grid with a 2-pixel margin on every side, so the hash of a
//      rotated or flipped picture is a permutation of the bits);
//   6. S = G correlated with the Mexican hat of scale s = 3 blocks (12 px of W),
//      K(dx, dy) = (2 - r2/9) exp(-r2/18), r2 = dx^2 + dy^2, dx, dy = -12..12, clamped borders
//      (positive centre = -LoG, pHash's sign; OpenCV's MarrHildrethHash writes exp(+r2/8), which is no
//      Mexican hat), evaluated as the sum of the two separable terms a(x) g(y) + g(x) a(y),
//      g(t) = exp(-t^2/18), a(t) = (1 - t^2/9) g(t);
//   7. for the 64 windows of 3 x 3 blocks at block rows/columns 0, 4, .., 28 (window row-major),
//      the 9 bits "S > mean of the window's 9 values + tie margin 1e-3 + 1e-5 |mean|", blocks row-major:
//      bit 9 (8 wr + wc) + 3 i + j for window (wr, wc) = (0..7, 0..7), block (i, j) = (0..2, 0..2).
// pHash correlates a 512 x 512 image with a Mexican hat of scale 2 px (level 1) and then sums blocks of
// 16 px. Here the blocks come first and the hat runs on the block grid: block sums of a Laplacian of
// Gaussian equal the LoG of the block means up to the kernel's variation inside a block, small at this
// scale. The scale (48 px of pHash's 512 x 512 image) is what makes the hash steady: at pHash's scale
// (and at 2 px of W, the previous definition) the response is fine edge structure that a 10% crop or
// a 5 degree rotation moves (docs/hashes.md, Marr-Hildreth hash, "Why the coarse scale", measured).
// Compare by Hamming distance (0..576); normalised = distance / 576.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "pristine/dihedral.hpp"
#include "pristine/filter.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/hash_input.hpp"
#include "pristine/resize.hpp"

namespace pristine {

using MarrHildrethHash = std::array<std::uint8_t, 72>;

namespace detail {
constexpr int k_mh_size = 128;   // working side; blocks of 4 px, margin 2 px
constexpr int k_mh_grid = 31;    // blocks per side
constexpr int k_mh_scale = 3;    // Mexican hat scale s, in blocks
constexpr int k_mh_radius = 12;  // kernel taps -12..12 (4 s)

/// Steps 3-6: the 31 x 31 Mexican-hat responses on the block grid.
inline PlaneF mh_block_sums(const PlaneF& luma) {
    constexpr int n = k_mh_size, bs = 4, m = 2, nb = k_mh_grid, r = k_mh_radius;
    static_assert(n == k_seed_working_size, "the Marr-Hildreth hash works on the shared working image");
    static_assert(m + nb * bs + m == n, "the block grid is centred");
    const PlaneF e = equalize_histogram(gaussian_blur(seed_working_plane(luma), 1.0));
    PlaneF g(nb, nb);
    for (int i = 0; i < nb; ++i)
        for (int j = 0; j < nb; ++j) {
            double acc = 0;
            for (int y = m + bs * i; y < m + bs * i + bs; ++y)
                for (int x = m + bs * j; x < m + bs * j + bs; ++x) acc += e(y, x);
            g(i, j) = static_cast<float>(acc / (bs * bs));
        }
    constexpr double s2 = static_cast<double>(k_mh_scale) * k_mh_scale;
    std::vector<double> gk(2 * r + 1), ak(2 * r + 1);
    for (int t = -r; t <= r; ++t) {
        gk[t + r] = std::exp(-t * t / (2 * s2));
        ak[t + r] = (1 - t * t / s2) * gk[t + r];
    }
    PlaneF s = separable_filter(g, ak, gk);  // a(x) g(y)
    s += separable_filter(g, gk, ak);        // + g(x) a(y)
    return s;
}

inline MarrHildrethHash mh_bits(const PlaneF& s) {
    MarrHildrethHash out{};
    int bit = 0;
    for (int wr = 0; wr < 8; ++wr)
        for (int wc = 0; wc < 8; ++wc) {
            double mean = 0;
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j) mean += s(4 * wr + i, 4 * wc + j);
            mean /= 9;
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j) set_bit(out.data(), bit++, above_threshold(s(4 * wr + i, 4 * wc + j), mean));
        }
    return out;
}
}  // namespace detail

/// Marr-Hildreth hash of a luma plane (>= 1 x 1, nominal range 0..255). Throws Error(invalid_argument)
/// for an empty plane. Thread-safe.
inline MarrHildrethHash marr_hildreth_hash(const PlaneF& luma) {
    detail::check_hash_plane(luma, "marr_hildreth_hash");
    return detail::mh_bits(detail::mh_block_sums(luma));
}
inline MarrHildrethHash marr_hildreth_hash(const ImageView& view) { return marr_hildreth_hash(detail::hash_luma(view)); }

/// The hashes of the 8 dihedral transforms (pristine::Dihedral order), from one set of block sums
/// (the centred grid and the isotropic kernel make the responses of a transformed picture the transformed responses).
inline std::array<MarrHildrethHash, 8> marr_hildreth_hash_dihedral(const PlaneF& luma) {
    detail::check_hash_plane(luma, "marr_hildreth_hash_dihedral");
    const PlaneF s = detail::mh_block_sums(luma);
    std::array<MarrHildrethHash, 8> out{};
    for (int k = 0; k < 8; ++k) out[k] = detail::mh_bits(transform_dihedral(s, k_all_dihedral[k]));
    return out;
}
inline std::array<MarrHildrethHash, 8> marr_hildreth_hash_dihedral(const ImageView& view) {
    return marr_hildreth_hash_dihedral(detail::hash_luma(view));
}

/// Hamming distance, 0..576.
inline int marr_hildreth_hash_distance(const MarrHildrethHash& a, const MarrHildrethHash& b) noexcept {
    return hamming_distance(a.data(), b.data(), a.size());
}

}  // namespace pristine
