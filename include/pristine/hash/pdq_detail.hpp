// Building blocks of the PDQ hash (see pdq.hpp and docs/hash_pdq.md): the two-pass box ("tent",
// Jarosz) filter, the 64 x 64 decimation, the 64 -> 16 DCT, the quality metric, median
// thresholding and the dihedral sign/transpose rules.
//
// The float arithmetic (operation order, running sums, int truncations) deliberately follows
// Facebook's reference implementation step by step: PDQ is defined by that code, and
// reordering a sum moves coefficients by an ulp, which can flip a bit next to the median.
// Everything here works on already-validated input and does not throw.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace pristine {
namespace pdq_detail {

constexpr std::size_t k_grid = 64;    // side of the decimated image
constexpr std::size_t k_coeffs = 16;  // side of the kept DCT block (frequencies 1..16)
constexpr int k_min_dim = 5;          // the reference declines smaller images (zero hash, quality 0)

using Grid64 = std::array<float, k_grid * k_grid>;        // row-major 64 x 64
using Coeffs16 = std::array<float, k_coeffs * k_coeffs>;  // row-major 16 x 16, (vertical, horizontal)

/// Box window per pass: ceil(dim / 128). Two passes of this box approximate a tent that
/// spans one 64th of the dimension, i.e. one output cell.
inline int window_size(int dim) noexcept { return (dim + 127) / 128; }

/// One running-sum box filter along `n` samples spaced `step` apart (so rows and columns share it).
/// Output i averages inputs [i - (w - h), i + h - 1] clipped to the vector, h = (w + 2) / 2, so
/// the window is centred for odd w and reaches one further right for even w (as the reference).
/// O(n) whatever the window.
inline void box_1d(const float* in, float* out, int n, std::ptrdiff_t step, int w) noexcept {
    const int h = (w + 2) / 2;
    float sum = 0.f;
    int count = 0;
    std::ptrdiff_t r = 0, l = 0, o = 0;
    for (int i = 0; i < h - 1; ++i, r += step) { sum += in[r]; ++count; }     // fill, no output yet
    for (int i = 0; i < w - h + 1; ++i, r += step, o += step) {                // growing window
        sum += in[r];
        ++count;
        out[o] = sum / static_cast<float>(count);
    }
    for (int i = 0; i < n - w; ++i, r += step, l += step, o += step) {        // full window
        sum += in[r];
        sum -= in[l];
        out[o] = sum / static_cast<float>(count);
    }
    for (int i = 0; i < h - 1; ++i, l += step, o += step) {                    // shrinking window
        sum -= in[l];
        --count;
        out[o] = sum / static_cast<float>(count);
    }
}

/// Column pass over all columns at once, row by row: the same per-column arithmetic as
/// box_1d (so results are identical) but with contiguous memory access.
inline void box_columns(const float* in, float* out, int rows, int cols, int w, std::vector<float>& sums) {
    const int h = (w + 2) / 2;
    sums.assign(static_cast<std::size_t>(cols), 0.f);
    float* s = sums.data();
    auto row_in = [&](int y) { return in + static_cast<std::ptrdiff_t>(y) * cols; };
    auto row_out = [&](int y) { return out + static_cast<std::ptrdiff_t>(y) * cols; };
    int r = 0, l = 0, o = 0, count = 0;
    for (int i = 0; i < h - 1; ++i, ++r, ++count) {
        const float* a = row_in(r);
        for (int x = 0; x < cols; ++x) s[x] += a[x];
    }
    for (int i = 0; i < w - h + 1; ++i, ++r, ++o) {
        const float* a = row_in(r);
        float* d = row_out(o);
        ++count;
        const float c = static_cast<float>(count);
        for (int x = 0; x < cols; ++x) { s[x] += a[x]; d[x] = s[x] / c; }
    }
    const float full = static_cast<float>(count);
    auto slide = [&](auto mean) {
        for (int i = 0; i < rows - w; ++i, ++r, ++l, ++o) {
            const float* a = row_in(r);
            const float* b = row_in(l);
            float* d = row_out(o);
            for (int x = 0; x < cols; ++x) { s[x] += a[x]; s[x] -= b[x]; d[x] = mean(s[x]); }
        }
    };
    // A window of one (pictures up to 128 high) divides by one, which changes nothing: skipped.
    if (full == 1.f)
        slide([](float sum) { return sum; });
    else
        slide([full](float sum) { return sum / full; });
    for (int i = 0; i < h - 1; ++i, ++l, ++o) {
        const float* b = row_in(l);
        float* d = row_out(o);
        --count;
        const float c = static_cast<float>(count);
        for (int x = 0; x < cols; ++x) { s[x] -= b[x]; d[x] = s[x] / c; }
    }
}

/// Row pass: box_1d along every row. Eight rows advance together so that their running sums
/// form independent dependency chains (the per-row arithmetic, hence the result, is unchanged).
inline void box_rows(const float* in, float* out, int rows, int cols, int w) noexcept {
    constexpr int lanes = 8;
    const int h = (w + 2) / 2;
    int y0 = 0;
    for (; y0 + lanes <= rows; y0 += lanes) {
        const std::ptrdiff_t base = static_cast<std::ptrdiff_t>(y0) * cols;
        const float* a = in + base;
        float* d = out + base;
        float s[lanes] = {};
        int r = 0, l = 0, o = 0, count = 0;
        auto at = [cols](int lane, int x) { return static_cast<std::ptrdiff_t>(lane) * cols + x; };
        for (int i = 0; i < h - 1; ++i, ++r, ++count)
            for (int k = 0; k < lanes; ++k) s[k] += a[at(k, r)];
        for (int i = 0; i < w - h + 1; ++i, ++r, ++o) {
            const float c = static_cast<float>(++count);
            for (int k = 0; k < lanes; ++k) { s[k] += a[at(k, r)]; d[at(k, o)] = s[k] / c; }
        }
        const float full = static_cast<float>(count);
        auto slide = [&](auto mean) {
            for (int i = 0; i < cols - w; ++i, ++r, ++l, ++o)
                for (int k = 0; k < lanes; ++k) {
                    s[k] += a[at(k, r)];
                    s[k] -= a[at(k, l)];
                    d[at(k, o)] = mean(s[k]);
                }
        };
        // A window of one (pictures up to 128 wide) divides by one, which changes nothing: skipped.
        if (full == 1.f)
            slide([](float sum) { return sum; });
        else
            slide([full](float sum) { return sum / full; });
        for (int i = 0; i < h - 1; ++i, ++l, ++o) {
            const float c = static_cast<float>(--count);
            for (int k = 0; k < lanes; ++k) { s[k] -= a[at(k, l)]; d[at(k, o)] = s[k] / c; }
        }
    }
    for (; y0 < rows; ++y0) {
        const std::ptrdiff_t off = static_cast<std::ptrdiff_t>(y0) * cols;
        box_1d(in + off, out + off, cols, 1, w);
    }
}

/// Blur `buf` (rows x cols, row-major) in place with two (rows pass, columns pass) rounds of
/// box filtering, then sample the 64 x 64 grid at cell centres: input index floor((k + 0.5) * dim / 64).
/// A 64 x 64 input is taken as is (the reference's single hash skips the filter there) unless
/// `filter_64`: the reference's dihedral entry point runs the window-1 filter even then, and its
/// add-then-subtract running sums can move a non-integral value by an ulp.
inline Grid64 downsample_64(std::vector<float>& buf, int rows, int cols, bool filter_64 = false) {
    Grid64 g{};
    if (filter_64 || rows != 64 || cols != 64) {
        std::vector<float> tmp(buf.size());
        std::vector<float> sums;
        const int w_rows = window_size(cols);  // along a row the extent is the width
        const int w_cols = window_size(rows);
        for (int pass = 0; pass < 2; ++pass) {
            box_rows(buf.data(), tmp.data(), rows, cols, w_rows);
            box_columns(tmp.data(), buf.data(), rows, cols, w_cols, sums);
        }
    }
    const auto width = static_cast<std::size_t>(cols);
    for (std::size_t i = 0; i < k_grid; ++i) {
        const auto y = static_cast<std::size_t>(((static_cast<double>(i) + 0.5) * rows) / 64.0);
        for (std::size_t j = 0; j < k_grid; ++j) {
            const auto x = static_cast<std::size_t>(((static_cast<double>(j) + 0.5) * cols) / 64.0);
            g[i * k_grid + j] = buf[y * width + x];
        }
    }
    return g;
}

/// Quality 0..100: sum over all horizontally and vertically adjacent pairs of the 64 x 64 grid
/// of |trunc((a - b) * 100 / 255)| (small steps count zero: only significant gradients matter),
/// divided by 90 (integer division) and clamped to 100.
inline int quality(const Grid64& g) noexcept {
    int sum = 0;
    for (std::size_t i = 0; i < k_grid - 1; ++i)
        for (std::size_t j = 0; j < k_grid; ++j) {
            const int d = static_cast<int>(((g[i * k_grid + j] - g[(i + 1) * k_grid + j]) * 100) / 255);
            sum += std::abs(d);
        }
    for (std::size_t i = 0; i < k_grid; ++i)
        for (std::size_t j = 0; j < k_grid - 1; ++j) {
            const int d = static_cast<int>(((g[i * k_grid + j] - g[i * k_grid + j + 1]) * 100) / 255);
            sum += std::abs(d);
        }
    return std::min(sum / 90, 100);
}

/// Rows 1..16 of the orthonormal 64-point DCT-II (pristine::dct_matrix(64) without its DC row).
/// Rounded as the reference does (float scale sqrt(2/64) times a double cosine) so hashes match
/// it bit for bit; the test checks it equals dct_matrix(64) to float precision.
struct Dct16x64 {
    std::array<float, k_coeffs * k_grid> m;
    std::array<float, k_grid * k_coeffs> transposed;  // transposed[k * 16 + j] = m[j * 64 + k]
    Dct16x64() noexcept {
        const double pi = 3.14159265358979323846;
        const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
        for (std::size_t i = 0; i < k_coeffs; ++i)
            for (std::size_t j = 0; j < k_grid; ++j)
                m[i * k_grid + j] = static_cast<float>(
                    scale * std::cos((pi / 2.0 / 64.0) * static_cast<double>(i + 1) * static_cast<double>(2 * j + 1)));
        for (std::size_t i = 0; i < k_coeffs; ++i)
            for (std::size_t k = 0; k < k_grid; ++k) transposed[k * k_coeffs + i] = m[i * k_grid + k];
    }
};
inline const Dct16x64& dct16x64() noexcept {
    static const Dct16x64 table;  // immutable after construction: thread-safe
    return table;
}

/// B = D A D^T with D the 16 x 64 matrix above; B(u, v): u vertical, v horizontal frequency - 1.
/// Plain sequential float sums in the reference's order (T = D A first). Each output's sum runs over k
/// in order from zero; k is the outer loop and one row of outputs the inner, so that neighbouring
/// outputs are summed side by side (vectorised) with the same arithmetic.
inline Coeffs16 dct_64_to_16(const Grid64& a) noexcept {
    const Dct16x64& table = dct16x64();
    std::array<float, k_coeffs * k_grid> t{};
    for (std::size_t i = 0; i < k_coeffs; ++i) {
        float* row = &t[i * k_grid];
        for (std::size_t k = 0; k < k_grid; ++k) {
            const float dik = table.m[i * k_grid + k];
            const float* ak = &a[k * k_grid];
            for (std::size_t j = 0; j < k_grid; ++j) row[j] += dik * ak[j];
        }
    }
    Coeffs16 b{};
    for (std::size_t i = 0; i < k_coeffs; ++i) {
        float* row = &b[i * k_coeffs];
        for (std::size_t k = 0; k < k_grid; ++k) {
            const float tik = t[i * k_grid + k];
            const float* dk = &table.transposed[k * k_coeffs];
            for (std::size_t j = 0; j < k_coeffs; ++j) row[j] += tik * dk[j];
        }
    }
    return b;
}

/// 256 bits: bit k = i*16 + j is set when B(i, j) > median, median = the 128th smallest of the
/// 256 values (the lower median, as Torben's method in the reference returns). Bit k is stored
/// in byte 31 - k/8 at position k%8, so the bytes in order are the reference's hex string.
inline std::array<std::uint8_t, 32> threshold_bits(const Coeffs16& b) {
    Coeffs16 sorted = b;
    std::nth_element(sorted.begin(), sorted.begin() + 127, sorted.end());
    const float median = sorted[127];
    std::array<std::uint8_t, 32> bits{};
    for (std::size_t k = 0; k < 256; ++k)
        if (b[k] > median) bits[31 - k / 8] |= static_cast<std::uint8_t>(1u << (k % 8));
    return bits;
}

/// Variants (pristine::Dihedral values) that mirror the original's horizontal / vertical axis:
/// flip_h, rot90, rot180 and antitranspose mirror x; flip_v, rot270, rot180 and antitranspose mirror y.
constexpr bool mirrors_x(int variant) noexcept { return variant == 1 || variant == 2 || variant == 4 || variant == 7; }
constexpr bool mirrors_y(int variant) noexcept { return variant == 2 || variant == 3 || variant == 5 || variant == 7; }

/// True when mirroring an axis of `dim` pixels mirrors its 64 samples of the filtered picture: the box
/// window ceil(dim / 128) is odd (an even one reaches one pixel further right than left) and the
/// sampling positions floor((k + 0.5) dim / 64) are symmetric about the centre. A 64 x 64 picture is
/// not filtered (`unfiltered`). Then the sign rule of dihedral_coeffs gives the mirrored picture's hash.
inline bool mirror_exact(int dim, bool unfiltered) noexcept {
    if (!unfiltered && window_size(dim) % 2 == 0) return false;
    const auto at = [dim](int i) { return static_cast<int>(((static_cast<double>(i) + 0.5) * dim) / 64.0); };
    for (int k = 0; k < 32; ++k)
        if (at(k) + at(63 - k) != dim - 1) return false;
    return true;
}

/// Coefficients of a transformed image from those of the original; `variant` is a
/// pristine::Dihedral value (dihedral.hpp).
/// Index p holds frequency p + 1, so mirroring an axis negates the even indices along it;
/// rotations and diagonal flips also transpose.
inline Coeffs16 dihedral_coeffs(const Coeffs16& a, int variant) noexcept {
    Coeffs16 b;
    for (std::size_t p = 0; p < k_coeffs; ++p)
        for (std::size_t q = 0; q < k_coeffs; ++q) {
            const bool p_odd_freq = (p & 1) == 0;  // frequency p + 1 is odd
            const bool q_odd_freq = (q & 1) == 0;
            const float same = a[p * k_coeffs + q];
            const float swapped = a[q * k_coeffs + p];
            float v = same;
            switch (variant) {
                case 0: v = same; break;                                             // identity
                case 1: v = p_odd_freq ? -swapped : swapped; break;                  // rot90 (counter-clockwise)
                case 2: v = (p_odd_freq != q_odd_freq) ? -same : same; break;        // rot180
                case 3: v = q_odd_freq ? -swapped : swapped; break;                  // rot270 (clockwise)
                case 4: v = q_odd_freq ? -same : same; break;                        // flipH
                case 5: v = p_odd_freq ? -same : same; break;                        // flipV
                case 6: v = swapped; break;                                          // transpose
                default: v = (p_odd_freq != q_odd_freq) ? -swapped : swapped; break; // antitranspose
            }
            b[p * k_coeffs + q] = v;
        }
    return b;
}

}  // namespace pdq_detail
}  // namespace pristine
