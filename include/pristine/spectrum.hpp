// Whole-image DCT statistics (the generation-loss model's global input). A copy's history leaves traces
// in every block, not only in the few high-entropy blocks the model samples (pristine/blocks.hpp):
// JPEG quantisation zeroes coefficients on the 8 x 8 grid (and not off it), an upscale empties the high
// frequencies, chroma subsampling empties chroma's. Per-frequency statistics over (a regular subset
// of) all blocks show them.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "pristine/blocks.hpp"
#include "pristine/dct.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// Layout of spectrum_stats(): six tables of the 64 DCT frequencies (index u * 8 + v, u vertical),
/// then the fraction of flat blocks. "Grid" blocks start at multiples of 8 (JPEG's grid), "off-grid"
/// blocks at (4, 4) + multiples of 8. Magnitudes are mean log1p(|c|) / 4 with c the orthonormal DCT
/// of the level-shifted values v - 128 (= JPEG coefficient units); zero fractions count |c| < 0.5. Flat blocks (all 64
/// luma values equal) are left out of every table, so flat drawings do not drown the statistics.
enum SpectrumTable : int {
    k_spec_y_grid_mag = 0,
    k_spec_y_grid_zero = 64,
    k_spec_y_off_mag = 128,
    k_spec_y_off_zero = 192,
    k_spec_cb_grid_mag = 256,
    k_spec_cr_grid_mag = 320,
    k_spec_flat_fraction = 384,
    k_spectrum_size = 385,
};

/// At most this many blocks per grid enter the statistics: larger images use every k-th block row and
/// column (deterministic), which keeps the cost near 10 ms for any size.
constexpr int k_spectrum_max_blocks = 4096;

namespace detail {

// Y, Cb, Cr of the 8 x 8 block at (x0, y0) (libjpeg's conversion, as the sampled blocks use), level-shifted
// by -128 as JPEG does: mid-grey and neutral chroma transform to exact zeros.
inline void block_ycc(const ImageView& v, int x0, int y0, Block8f& y, Block8f& cb, Block8f& cr) {
    int planes[3][64];
    load_block_ycc(v, x0, y0, planes);
    for (int i = 0; i < 64; ++i) {
        y[i] = static_cast<float>(planes[0][i] - 128);
        cb[i] = static_cast<float>(planes[1][i] - 128);
        cr[i] = static_cast<float>(planes[2][i] - 128);
    }
}

inline bool is_flat(const Block8f& y) {
    return std::all_of(y.begin(), y.end(), [&](float v) { return v == y[0]; });
}

struct SpectrumAccumulator {
    double mag[64] = {};
    double zero[64] = {};
    void add(const Block8f& coef) {
        for (int k = 0; k < 64; ++k) {
            const float a = std::fabs(coef[static_cast<std::size_t>(k)]);
            mag[k] += std::log1p(a);
            zero[k] += a < 0.5f ? 1.0 : 0.0;
        }
    }
    void write_mag(float* out, double n) const {
        for (int k = 0; k < 64; ++k) out[k] = n > 0 ? static_cast<float>(mag[k] / n / 4.0) : 0.f;
    }
    void write_zero(float* out, double n) const {
        for (int k = 0; k < 64; ++k) out[k] = n > 0 ? static_cast<float>(zero[k] / n) : 0.f;
    }
};

// Accumulates the blocks of the grid starting at (off, off); returns (blocks used, flat blocks seen).
// `visit`, when set, gets the luma DCT of every visited block, flat ones included.
inline std::pair<double, double> accumulate_grid(const ImageView& v, int off, SpectrumAccumulator& y_acc,
                                                 SpectrumAccumulator* cb_acc, SpectrumAccumulator* cr_acc,
                                                 const std::function<void(const Block8f&)>& visit = nullptr) {
    const int bw = (v.width - off) / 8, bh = (v.height - off) / 8;
    if (bw <= 0 || bh <= 0) return {0, 0};
    const double total = static_cast<double>(bw) * bh;
    const int step = std::max(1, static_cast<int>(std::ceil(std::sqrt(total / k_spectrum_max_blocks))));
    double used = 0, flat = 0;
    Block8f y, cb, cr;
    for (int by = step / 2; by < bh; by += step)
        for (int bx = step / 2; bx < bw; bx += step) {
            block_ycc(v, off + 8 * bx, off + 8 * by, y, cb, cr);
            const bool flat_block = is_flat(y);
            if (flat_block) ++flat;
            if (flat_block && !visit) continue;  // the statistics leave flat blocks out
            const Block8f y_coef = dct8x8(y);
            if (visit) visit(y_coef);
            if (flat_block) continue;
            ++used;
            y_acc.add(y_coef);
            if (cb_acc) cb_acc->add(dct8x8(cb));
            if (cr_acc) cr_acc->add(dct8x8(cr));
        }
    return {used, flat};
}

}  // namespace detail

/// Statistics of an image (1..4 channels; grey gives neutral chroma). An image smaller than one block
/// gives zeros. `on_grid_luma`, when set, is called with the luma DCT (JPEG units) of every block of
/// the grid the statistics visit, flat ones included, in raster order — for callers that need more
/// statistics of the same blocks without transforming them again. Throws Error(invalid_argument)
/// for a bad view. Thread-safe (pure).
inline std::vector<float> spectrum_stats(const ImageView& image,
                                         const std::function<void(const Block8f&)>& on_grid_luma = nullptr) {
    check_view(image);
    std::vector<float> out(k_spectrum_size, 0.f);
    detail::SpectrumAccumulator y_grid, y_off, cb, cr;
    const auto [n_grid, flat_grid] = detail::accumulate_grid(image, 0, y_grid, &cb, &cr, on_grid_luma);
    const auto n_off = detail::accumulate_grid(image, 4, y_off, nullptr, nullptr).first;
    y_grid.write_mag(&out[k_spec_y_grid_mag], n_grid);
    y_grid.write_zero(&out[k_spec_y_grid_zero], n_grid);
    y_off.write_mag(&out[k_spec_y_off_mag], n_off);
    y_off.write_zero(&out[k_spec_y_off_zero], n_off);
    cb.write_mag(&out[k_spec_cb_grid_mag], n_grid);
    cr.write_mag(&out[k_spec_cr_grid_mag], n_grid);
    const double seen = n_grid + flat_grid;
    out[k_spec_flat_fraction] = seen > 0 ? static_cast<float>(flat_grid / seen) : 0.f;
    return out;
}

}  // namespace pristine
