// DCT-block entropy sampling: the N most textured 8 x 8 blocks of an image, as flat float tensors.
// Generation loss (JPEG requantisation, chroma subsampling, resampling, denoising) shows first in
// textured blocks, so a per-block evaluator looks at those. docs/blocks.md defines the sampling exactly.
//
// Colour: the integer RGB -> YCbCr conversion of libjpeg (full range, BT.601 weights, 16-bit fixed
// point), so the planes are the ones a JPEG encoder would transform and the DCT is in JPEG's units
// (divided by 128, see BlockSample). Grey input is its own Y with Cb = Cr = 128. Alpha is ignored.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "pristine/dct.hpp"
#include "pristine/error.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// Which planes a sample holds per block.
enum class BlockChannels {
    luma = 1,   ///< Y only (C = 1)
    ycbcr = 3,  ///< Y, Cb, Cr at full resolution (C = 3): chroma subsampling leaves its mark here
};

/// Largest entropy of a block: 112 pairs of adjacent pixels, each differing by at most 255.
constexpr int k_block_max_entropy = 112 * 255;
/// Largest accepted BlockSampleOptions::max_blocks (keeps a typo from allocating gigabytes).
constexpr int k_block_max_capacity = 1 << 20;

/// Index of each per-block metadata value in BlockSample::meta (k_block_meta_size values per slot).
enum BlockMeta : int {
    k_meta_x = 0,           ///< block centre x / image width, in (0, 1)
    k_meta_y = 1,           ///< block centre y / image height, in (0, 1)
    k_meta_entropy = 2,     ///< entropy / k_block_max_entropy, in [0, 1]
    k_meta_mean = 3,        ///< mean Y / 255, in [0, 1]
    k_meta_std = 4,         ///< population standard deviation of Y / 128, in [0, ~1]
    k_meta_clipped = 5,     ///< fraction of the 64 Y values that are 0 or 255 (clipping, crushed levels)
    k_meta_chroma = 6,      ///< mean (|Cb - 128| + |Cr - 128|) / 256, 0 for grey (colourfulness)
    k_meta_image_size = 7,  ///< log2(width * height) / 32: image-level scale cue, the same in every slot
    k_block_meta_size = 8,
};

/// Options of sample_blocks.
struct BlockSampleOptions {
    int max_blocks = 512;                          ///< N: slots in the output (capacity), 1..k_block_max_capacity
    BlockChannels channels = BlockChannels::ycbcr; ///< planes per block
    int offset_x = 0;  ///< grid origin, 0..7; (0, 0) is the JPEG block grid of an uncropped image
    int offset_y = 0;
};

/// Entropies of every full block of a grid (raster order: index = by * blocks_x + bx).
struct BlockGrid {
    int blocks_x = 0;
    int blocks_y = 0;
    int offset_x = 0;
    int offset_y = 0;
    std::vector<int> entropy;  ///< blocks_x * blocks_y values in 0..k_block_max_entropy
};

/// The selected blocks. Every vector has a fixed size set by `capacity` (= max_blocks), so samples of
/// different images stack into one batch tensor; slots >= count are absent and hold zeros.
/// Layouts (all contiguous, row-major, ready to wrap as tensors without copying):
///   pixels  [capacity][channels][8][8]  centred values (p - 128) / 128, in [-1, 127/128]
///   dct     [capacity][channels][8][8]  dct8x8 of the same centred 8 x 8 plane; [u][v], u vertical.
///                                       Multiply by 128 for JPEG's coefficient units (what
///                                       quantisation tables divide); DC = 8 * mean.
///   meta    [capacity][k_block_meta_size]  see BlockMeta
///   present [capacity]  1 for a selected block, 0 for an empty slot
///   xs, ys  [capacity]  pixel coordinates of the block's top-left corner; -1 in empty slots
///   entropy [capacity]  integer entropy (docs/blocks.md); 0 in empty slots
/// Slots are sorted by entropy descending, ties by (y, x) ascending.
struct BlockSample {
    int count = 0;         ///< selected blocks: min(capacity, total_blocks)
    int capacity = 0;      ///< slots
    int channels = 0;      ///< C: 1 or 3
    int total_blocks = 0;  ///< full blocks on the grid (candidates)
    int width = 0;         ///< source image size
    int height = 0;
    std::vector<float> pixels;
    std::vector<float> dct;
    std::vector<float> meta;
    std::vector<std::uint8_t> present;
    std::vector<int> xs;
    std::vector<int> ys;
    std::vector<int> entropy;
};

namespace detail {

// libjpeg's jccolor.c fixed-point constants (16 fractional bits). Y's weights sum to 65536 and Cb/Cr's
// to 0, so grey v maps to (v, 128, 128) exactly; Cb/Cr round with ONE_HALF - 1 so they never reach 256.
inline int ycc_y(int r, int g, int b) noexcept { return (19595 * r + 38470 * g + 7471 * b + 32768) >> 16; }
inline int ycc_cb(int r, int g, int b) noexcept {
    return (-11059 * r - 21709 * g + 32768 * b + (128 << 16) + 32767) >> 16;
}
inline int ycc_cr(int r, int g, int b) noexcept {
    return (32768 * r - 27439 * g - 5329 * b + (128 << 16) + 32767) >> 16;
}

// Y of `n` pixels of a row starting at pixel `x0`. Grey rows are returned in place (no copy).
inline const std::uint8_t* luma_row(const ImageView& v, int y, int x0, int n, std::uint8_t* buf) noexcept {
    const std::uint8_t* p = v.pixel(x0, y);
    const int c = v.channels;
    if (c == 1) return p;
    // Constant strides per case let the compiler vectorise the interleaved loads.
    if (c == 2) {
        for (int i = 0; i < n; ++i) buf[i] = p[2 * i];
    } else if (c == 3) {
        for (int i = 0; i < n; ++i) buf[i] = static_cast<std::uint8_t>(ycc_y(p[3 * i], p[3 * i + 1], p[3 * i + 2]));
    } else {
        for (int i = 0; i < n; ++i) buf[i] = static_cast<std::uint8_t>(ycc_y(p[4 * i], p[4 * i + 1], p[4 * i + 2]));
    }
    return buf;
}

inline void check_grid_offset(int offset_x, int offset_y) {
    if (offset_x < 0 || offset_x > 7 || offset_y < 0 || offset_y > 7)
        throw Error(Status::invalid_argument, "block grid offset must be 0..7, got (" + std::to_string(offset_x) +
                                                  ", " + std::to_string(offset_y) + ")");
}

}  // namespace detail

/// Entropy of every full 8 x 8 block whose top-left corner is at (offset_x + 8 bx, offset_y + 8 by).
/// Partial blocks at the right and bottom edges are not candidates. Entropy = sum of |difference| of
/// the 112 horizontally or vertically adjacent Y pairs inside the block; pairs that straddle a block
/// boundary do not count. One pass over the rows; the image is read once.
/// Throws Error(invalid_argument) for a bad view or an offset outside 0..7. Thread-safe (pure).
inline BlockGrid block_entropy_grid(const ImageView& image, int offset_x = 0, int offset_y = 0) {
    check_view(image);
    detail::check_grid_offset(offset_x, offset_y);
    BlockGrid grid;
    grid.offset_x = offset_x;
    grid.offset_y = offset_y;
    grid.blocks_x = image.width > offset_x ? (image.width - offset_x) / 8 : 0;
    grid.blocks_y = image.height > offset_y ? (image.height - offset_y) / 8 : 0;
    if (grid.blocks_x == 0 || grid.blocks_y == 0) {
        grid.blocks_x = grid.blocks_y = 0;
        return grid;
    }
    const int span = grid.blocks_x * 8;
    grid.entropy.resize(static_cast<std::size_t>(grid.blocks_x) * grid.blocks_y);

    // Per band of 8 rows, per column: sums of horizontal |Y[x+1]-Y[x]| and vertical |Y[y+1]-Y[y]|.
    // At most 8 * 255 per column, so 16 bits suffice and the loops vectorise over uint8/uint16 lanes.
    std::vector<std::uint8_t> buf(2 * static_cast<std::size_t>(span));
    std::vector<std::uint16_t> hacc(span), vacc(span);
    std::uint8_t* bufs[2] = {buf.data(), buf.data() + span};
    for (int by = 0; by < grid.blocks_y; ++by) {
        std::fill(hacc.begin(), hacc.end(), std::uint16_t{0});
        std::fill(vacc.begin(), vacc.end(), std::uint16_t{0});
        const std::uint8_t* prev = nullptr;
        for (int r = 0; r < 8; ++r) {
            const std::uint8_t* cur = detail::luma_row(image, offset_y + by * 8 + r, offset_x, span, bufs[r & 1]);
            std::uint16_t* h = hacc.data();
            for (int x = 0; x + 1 < span; ++x) {
                const std::uint8_t a = cur[x + 1], b = cur[x];
                h[x] = static_cast<std::uint16_t>(h[x] + (a > b ? a - b : b - a));
            }
            if (prev != nullptr) {
                std::uint16_t* vv = vacc.data();
                for (int x = 0; x < span; ++x) {
                    const std::uint8_t a = cur[x], b = prev[x];
                    vv[x] = static_cast<std::uint16_t>(vv[x] + (a > b ? a - b : b - a));
                }
            }
            prev = cur;
        }
        int* out = grid.entropy.data() + static_cast<std::ptrdiff_t>(by) * grid.blocks_x;
        for (int bx = 0; bx < grid.blocks_x; ++bx) {
            const std::uint16_t* h = hacc.data() + bx * 8;
            const std::uint16_t* vv = vacc.data() + bx * 8;
            // h[7] is the pair (x0+7, x0+8), which crosses into the next block: excluded.
            int e = 0;
            for (int j = 0; j < 7; ++j) e += h[j];
            for (int j = 0; j < 8; ++j) e += vv[j];
            out[bx] = e;
        }
    }
    return grid;
}

namespace detail {
/// Y, Cb, Cr (0..255) of the 8 x 8 block at (x0, y0), row-major; grey input (1-2 channels) gives its
/// own Y with Cb = Cr = 128. Alpha is ignored.
inline void load_block_ycc(const ImageView& image, int x0, int y0, int (&planes)[3][64]) noexcept {
    for (int r = 0; r < 8; ++r) {
        const std::uint8_t* p = image.pixel(x0, y0 + r);
        for (int c = 0; c < 8; ++c, p += image.channels) {
            const int i = r * 8 + c;
            if (image.channels < 3) {
                planes[0][i] = p[0];
                planes[1][i] = planes[2][i] = 128;
            } else {
                planes[0][i] = ycc_y(p[0], p[1], p[2]);
                planes[1][i] = ycc_cb(p[0], p[1], p[2]);
                planes[2][i] = ycc_cr(p[0], p[1], p[2]);
            }
        }
    }
}
}  // namespace detail

/// Like sample_blocks, but fills `out`, reusing its vectors' storage (batch loaders keep one per worker).
/// Throws Error(invalid_argument) for a bad view or options; `out` is then unspecified.
inline void sample_blocks_into(const ImageView& image, const BlockSampleOptions& options, BlockSample& out) {
    if (options.max_blocks < 1 || options.max_blocks > k_block_max_capacity)
        throw Error(Status::invalid_argument, "max_blocks must be 1.." + std::to_string(k_block_max_capacity) +
                                                  ", got " + std::to_string(options.max_blocks));
    if (options.channels != BlockChannels::luma && options.channels != BlockChannels::ycbcr)
        throw Error(Status::invalid_argument, "block channels must be luma or ycbcr");
    const BlockGrid grid = block_entropy_grid(image, options.offset_x, options.offset_y);

    const int cap = options.max_blocks;
    const int nc = static_cast<int>(options.channels);
    const std::size_t ucap = static_cast<std::size_t>(cap);
    out.capacity = cap;
    out.channels = nc;
    out.width = image.width;
    out.height = image.height;
    out.total_blocks = static_cast<int>(grid.entropy.size());
    out.count = std::min(cap, out.total_blocks);
    out.pixels.assign(ucap * nc * 64, 0.f);
    out.dct.assign(ucap * nc * 64, 0.f);
    out.meta.assign(ucap * k_block_meta_size, 0.f);
    out.present.assign(ucap, 0);
    out.xs.assign(ucap, -1);
    out.ys.assign(ucap, -1);
    out.entropy.assign(ucap, 0);
    if (out.count == 0) return;

    // Top N by (entropy desc, raster index asc): a strict total order, so the result does not depend
    // on how nth_element/sort are implemented. Raster index order is (y, x) order.
    std::vector<int> order(grid.entropy.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    const int* ent = grid.entropy.data();
    const auto before = [ent](int a, int b) { return ent[a] != ent[b] ? ent[a] > ent[b] : a < b; };
    if (out.count < static_cast<int>(order.size()))
        std::nth_element(order.begin(), order.begin() + out.count, order.end(), before);
    std::sort(order.begin(), order.begin() + out.count, before);

    const float size_cue =
        static_cast<float>(std::log2(static_cast<double>(image.width) * image.height) / 32.0);
    int planes[3][64];
    Block8f centred;
    for (int s = 0; s < out.count; ++s) {
        const int idx = order[s];
        const int x0 = grid.offset_x + (idx % grid.blocks_x) * 8;
        const int y0 = grid.offset_y + (idx / grid.blocks_x) * 8;
        // Y, Cb, Cr of the block (Cb/Cr are needed for the colourfulness metadata even in luma mode).
        detail::load_block_ycc(image, x0, y0, planes);
        for (int ch = 0; ch < nc; ++ch) {
            const std::size_t base = (static_cast<std::size_t>(s) * nc + ch) * 64;
            for (int i = 0; i < 64; ++i) centred[i] = (planes[ch][i] - 128) / 128.f;
            std::copy(centred.begin(), centred.end(), out.pixels.begin() + base);
            const Block8f coeffs = dct8x8(centred);
            std::copy(coeffs.begin(), coeffs.end(), out.dct.begin() + base);
        }
        int sum = 0, sum_sq = 0, clipped = 0, chroma = 0;
        for (int i = 0; i < 64; ++i) {
            const int yv = planes[0][i];
            sum += yv;
            sum_sq += yv * yv;
            clipped += (yv == 0 || yv == 255) ? 1 : 0;
            chroma += std::abs(planes[1][i] - 128) + std::abs(planes[2][i] - 128);
        }
        // 64 * sum_sq - sum^2 is an exact integer in a double, so the variance has no cancellation error.
        const double var = (64.0 * sum_sq - static_cast<double>(sum) * sum) / (64.0 * 64.0);
        float* m = out.meta.data() + static_cast<std::size_t>(s) * k_block_meta_size;
        m[k_meta_x] = static_cast<float>((x0 + 4.0) / image.width);
        m[k_meta_y] = static_cast<float>((y0 + 4.0) / image.height);
        m[k_meta_entropy] = static_cast<float>(static_cast<double>(ent[idx]) / k_block_max_entropy);
        m[k_meta_mean] = static_cast<float>(sum / (64.0 * 255.0));
        m[k_meta_std] = static_cast<float>(std::sqrt(std::max(var, 0.0)) / 128.0);
        m[k_meta_clipped] = static_cast<float>(clipped / 64.0);
        m[k_meta_chroma] = static_cast<float>(chroma / (64.0 * 256.0));
        m[k_meta_image_size] = size_cue;
        out.present[s] = 1;
        out.xs[s] = x0;
        out.ys[s] = y0;
        out.entropy[s] = ent[idx];
    }
}

/// The `options.max_blocks` highest-entropy full 8 x 8 blocks of `image` on the grid at
/// (offset_x, offset_y), with their centred pixels, orthonormal DCT and metadata (see BlockSample).
/// An image with fewer blocks (or smaller than 8 x 8) gives count < capacity and absent slots.
/// Throws Error(invalid_argument) for a bad view or options. Deterministic; thread-safe (pure).
inline BlockSample sample_blocks(const ImageView& image, const BlockSampleOptions& options = {}) {
    BlockSample out;
    sample_blocks_into(image, options, out);
    return out;
}

}  // namespace pristine
