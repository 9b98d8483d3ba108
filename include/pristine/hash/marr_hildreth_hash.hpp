// Marr-Hildreth hash (576 bits), after pHash's ph_mh_imagehash and Zauner's study. Definition
// (docs/hashes.md has it in full):
//   1. L = BT.601 luma;  2. A = resize_area(L, 128, 128);  3. B = gaussian_blur(A, sigma = 1);
//   4. E = equalize_histogram(B)  (256 bins of width 1, output 255 cdf / N);
//   5. R = E correlated with the 17 x 17 Mexican hat K(dx, dy) = (2 - r2/4) exp(-r2/8),
//      r2 = dx^2 + dy^2, dx, dy = -8..8, clamped borders (positive centre = -LoG, pHash's sign;
//      OpenCV's MarrHildrethHash writes exp(+r2/8), which is no Mexican hat);
//   6. 31 x 31 block sums S(i, j) of R over rows 2 + 4 i .. 2 + 4 i + 3, columns 2 + 4 j .. 2 + 4 j + 3
//      (a centred grid with a 2-pixel margin on every side, so the hash of a rotated or flipped
//      picture is a permutation of the bits);
//   7. for the 64 windows of 3 x 3 blocks at block rows/columns 0, 4, .., 28 (window row-major),
//      the 9 bits "S > mean of the window's 9 sums + tie margin 1e-3 + 1e-5 |mean|", blocks row-major:
//      bit 9 (8 wr + wc) + 3 i + j for window (wr, wc) = (0..7, 0..7), block (i, j) = (0..2, 0..2).
// pHash runs the same kernel on a 512 x 512 image with blocks of 16 px; at 128 x 128 with blocks of
// 4 px the kernel spans 4x more of the picture (pHash's "level 2"), which measured markedly more
// robust to noise and blur (and somewhat to crops and small rotations) at nearly the same
// discrimination, for 1/16 of the cost (docs/hashes.md, measured figures).
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
constexpr int k_mh_size = 128;  // working side; blocks of 4 px, margin 2 px

/// Steps 2-6: the 31 x 31 block sums. The kernel is split exactly into three separable terms,
/// K = 2 g(x) g(y) - h(x) g(y) - g(x) h(y) with g(t) = exp(-t^2/8), h(t) = (t^2/4) g(t),
/// so the 17 x 17 correlation costs 2 row and 3 column passes.
inline PlaneF mh_block_sums(const PlaneF& luma) {
    constexpr int n = k_mh_size, r = 8, pad = n + 2 * r, bs = 4, m = 2;
    static_assert(n == k_seed_working_size, "the Marr-Hildreth hash works on the shared working image");
    const PlaneF e = equalize_histogram(gaussian_blur(seed_working_plane(luma), 1.0));
    float g[2 * r + 1], h[2 * r + 1];
    for (int t = -r; t <= r; ++t) {
        g[t + r] = static_cast<float>(std::exp(-t * t / 8.0));
        h[t + r] = static_cast<float>(t * t / 4.0 * std::exp(-t * t / 8.0));
    }
    // Row passes into row-padded buffers (rows -8..519 clamped) so the column passes need no clamping.
    std::vector<float> rg(static_cast<std::size_t>(pad) * n), rh(static_cast<std::size_t>(pad) * n);
    std::vector<float> line(pad);
    for (int y = 0; y < n; ++y) {
        const float* src = e.data() + static_cast<std::ptrdiff_t>(y) * n;
        for (int x = 0; x < pad; ++x) line[x] = src[std::clamp(x - r, 0, n - 1)];
        float* og = rg.data() + static_cast<std::ptrdiff_t>(y + r) * n;
        float* oh = rh.data() + static_cast<std::ptrdiff_t>(y + r) * n;
        for (int x = 0; x < n; ++x) {
            float sg = 0, sh = 0;
            for (int k = 0; k <= 2 * r; ++k) sg += g[k] * line[x + k], sh += h[k] * line[x + k];
            og[x] = sg;
            oh[x] = sh;
        }
    }
    for (int y = 0; y < r; ++y) {  // clamped rows above and below
        std::copy_n(rg.data() + static_cast<std::ptrdiff_t>(r) * n, n, rg.data() + static_cast<std::ptrdiff_t>(y) * n);
        std::copy_n(rh.data() + static_cast<std::ptrdiff_t>(r) * n, n, rh.data() + static_cast<std::ptrdiff_t>(y) * n);
        std::copy_n(rg.data() + static_cast<std::ptrdiff_t>(n + r - 1) * n, n, rg.data() + static_cast<std::ptrdiff_t>(n + r + y) * n);
        std::copy_n(rh.data() + static_cast<std::ptrdiff_t>(n + r - 1) * n, n, rh.data() + static_cast<std::ptrdiff_t>(n + r + y) * n);
    }
    // Column passes, only for the rows the blocks use, summed straight into block sums.
    PlaneF sums = PlaneF::Zero(31, 31);
    std::vector<float> resp(n);
    for (int y = m; y < m + 31 * bs; ++y) {
        std::fill(resp.begin(), resp.end(), 0.f);
        for (int k = 0; k <= 2 * r; ++k) {
            const float* a = rg.data() + static_cast<std::ptrdiff_t>(y + k) * n;
            const float* b = rh.data() + static_cast<std::ptrdiff_t>(y + k) * n;
            const float wg = 2 * g[k] - h[k], wh = -g[k];  // 2 g g - g h (columns) - h g (rows)
            for (int x = 0; x < n; ++x) resp[x] += wg * a[x] + wh * b[x];
        }
        const int i = (y - m) / bs;
        for (int j = 0; j < 31; ++j) {
            double s = 0;
            for (int x = m + bs * j; x < m + bs * j + bs; ++x) s += resp[x];
            sums(i, j) += static_cast<float>(s);
        }
    }
    return sums;
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
/// (the centred grid and the isotropic kernel make the sums of a transformed picture the transformed sums).
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
