// Radial variance hash (40 bytes), after pHash's image digest / Zauner's radial hash. Definition
// (docs/hashes.md has it in full):
//   1. L = BT.601 luma (or the caller's luma plane);
//   2. A = gaussian_blur(resize_area(L, w, h), sigma = 1)  (taps -3..3, clamped borders), the picture
//      at its own aspect ratio with the long side 128: w x h = 128 x max(1, round(128 H / W)) for a
//      W x H plane with W >= H, else max(1, round(128 W / H)) x 128 (round half up);
//   3. 180 lines k = 0..179 at angle pi k / 180 (x right, y down), with pHash's projection geometry
//      (nearest samples, lines parameterised by x or y, pivots at (w/2, h/2) for the near-horizontal
//      lines and off-centre for the others on non-square pictures; docs/hashes.md lists the samples);
//      f_k = variance of the samples of line k (mean of squares - square of mean, in double; 0 when
//      below 1e-6 or when the line has no sample);
//   4. z_k = (f_k - mean f) / std f (population std; all 0 when std <= 1e-6), as pHash does, so that
//      no DC spike dominates the bytes; F = orthonormal DCT-II of the 180 z_k, first 40 coefficients;
//   5. byte i = floor(255 (F_i - min F) / (max F - min F) + 0.5), all 0 when max F - min F <= 1e-9.
// Compare: peak over the 40 circular shifts of the Pearson correlation of the two byte vectors,
// a similarity in [-1, 1] (1 when both are constant and equal, 0 when one is constant and they
// differ); distance = 1 - peak.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

#include "pristine/dihedral.hpp"
#include "pristine/error.hpp"
#include "pristine/filter.hpp"
#include "pristine/hash/hash_input.hpp"
#include "pristine/resize.hpp"

namespace pristine {

using RadialHash = std::array<std::uint8_t, 40>;

namespace detail {
constexpr int k_radial_side = 128;   // long side of the working image
constexpr int k_radial_lines = 180;  // projection angles

/// Step 2 size: the long side k_radial_side, the short side max(1, round(128 short / long)).
inline std::pair<int, int> radial_working_size(int width, int height) {
    const bool wide = width >= height;
    const long long lo = wide ? height : width, hi = wide ? width : height;
    const int s = std::max(1, static_cast<int>((2LL * k_radial_side * lo + hi) / (2 * hi)));
    return wide ? std::make_pair(k_radial_side, s) : std::make_pair(s, k_radial_side);
}

/// Step 2: the blurred working image at the picture's aspect ratio. Throws Error(invalid_argument)
/// when the plane holds NaN or infinity.
inline PlaneF radial_working_of_resized(const PlaneF& a) {
    if (!a.allFinite()) throw Error(Status::invalid_argument, "luma plane holds NaN or infinite values");
    return gaussian_blur(a, 1.0);
}
inline PlaneF radial_working(const PlaneF& luma) {
    const auto [w, h] = radial_working_size(static_cast<int>(luma.cols()), static_cast<int>(luma.rows()));
    return radial_working_of_resized(resize_area(luma, w, h));
}

/// Step 3: the variance along each line, pHash's radon projection geometry (ph_radon_projections,
/// also OpenCV's RadialVarianceHash). round() halves away from zero; xo = w / 2, yo = h / 2 (integer
/// division), D = max(w, h); for k = 0..45 and k = 135..179, with a = tan(pi k / 180) and
/// d(x) = round(a (x - xo)) for x = 0..D-1:
///   line k takes A(yo + d, x) when x < w and 0 <= yo + d < h;
///   for k <= 44, line 90 - k takes A(x, xo + d) when x < h and 0 <= xo + d < w;
///   for k >= 136, line 270 - k takes A(2 yo - x, yo - d) when 0 <= 2 yo - x < h and 0 <= yo - d < w.
/// (On a non-square picture the lines 46..134 do not pass through the centre; that is pHash's
/// geometry and measurably steadier under small rotations than centred lines: docs/hashes.md.)
inline std::array<double, k_radial_lines> radial_features(const PlaneF& img) {
    const int w = static_cast<int>(img.cols()), h = static_cast<int>(img.rows());
    const int xo = w / 2, yo = h / 2, dmax = std::max(w, h);
    const double pi = 3.14159265358979323846;
    std::array<double, k_radial_lines> sum{}, sum2{};
    std::array<int, k_radial_lines> n{};
    auto take = [&](int line, double v) {
        sum[line] += v;
        sum2[line] += v * v;
        ++n[line];
    };
    auto round_away = [](double v) { return static_cast<int>(std::floor(v + (v >= 0 ? 0.5 : -0.5))); };
    for (int k = 0; k < k_radial_lines; ++k) {
        if (k > 45 && k < 135) continue;
        const double a = std::tan(pi * k / k_radial_lines);
        for (int x = 0; x < dmax; ++x) {
            const int d = round_away(a * (x - xo));
            if (x < w && yo + d >= 0 && yo + d < h) take(k, img(yo + d, x));
            if (k <= 44 && x < h && xo + d >= 0 && xo + d < w) take(90 - k, img(x, xo + d));
            if (k >= 136 && 2 * yo - x >= 0 && 2 * yo - x < h && yo - d >= 0 && yo - d < w)
                take(270 - k, img(2 * yo - x, yo - d));
        }
    }
    std::array<double, k_radial_lines> f{};
    for (int k = 0; k < k_radial_lines; ++k) {
        if (n[k] == 0) continue;
        const double mean = sum[k] / n[k];
        const double var = sum2[k] / n[k] - mean * mean;
        f[k] = var > 1e-6 ? var : 0.0;  // rounding noise of a flat line is 0
    }
    return f;
}

/// Steps 4-5.
inline RadialHash radial_from_features(std::array<double, k_radial_lines> f) {
    const double pi = 3.14159265358979323846;
    double mean = 0, var = 0;
    for (double v : f) mean += v;
    mean /= k_radial_lines;
    for (double v : f) var += (v - mean) * (v - mean);
    const double sd = std::sqrt(var / k_radial_lines);
    for (double& v : f) v = sd > 1e-6 ? (v - mean) / sd : 0.0;
    // The DCT's cosines, the same values as computed in place, once per process.
    static const std::array<std::array<double, k_radial_lines>, 40> cosines = [pi] {
        std::array<std::array<double, k_radial_lines>, 40> c{};
        for (int u = 0; u < 40; ++u)
            for (int n = 0; n < k_radial_lines; ++n) c[u][n] = std::cos(pi * (2 * n + 1) * u / (2.0 * k_radial_lines));
        return c;
    }();
    std::array<double, 40> coef{};
    for (int u = 0; u < 40; ++u) {
        double s = 0;
        for (int n = 0; n < k_radial_lines; ++n) s += f[n] * cosines[u][n];
        coef[u] = s * (u == 0 ? std::sqrt(1.0 / k_radial_lines) : std::sqrt(2.0 / k_radial_lines));
    }
    double lo = coef[0], hi = coef[0];
    for (double v : coef) lo = std::min(lo, v), hi = std::max(hi, v);
    RadialHash h{};
    if (hi - lo > 1e-9)
        for (int i = 0; i < 40; ++i) h[i] = static_cast<std::uint8_t>(std::floor(255.0 * (coef[i] - lo) / (hi - lo) + 0.5));
    return h;
}
}  // namespace detail

namespace detail {
/// The hash, and the hashes of the 8 dihedral transforms, from the blurred working image A.
inline RadialHash radial_hash_of_working(const PlaneF& a) { return radial_from_features(radial_features(a)); }
inline std::array<RadialHash, 8> radial_hash_dihedral_of_working(const PlaneF& a) {
    std::array<RadialHash, 8> out{};
    for (int t = 0; t < 8; ++t) out[t] = radial_hash_of_working(transform_dihedral(a, k_all_dihedral[t]));
    return out;
}
}  // namespace detail

/// Radial variance hash of a luma plane (>= 1 x 1). Throws Error(invalid_argument) for an empty plane. Thread-safe.
inline RadialHash radial_hash(const PlaneF& luma) {
    detail::check_hash_plane(luma, "radial_hash");
    return detail::radial_hash_of_working(detail::radial_working(luma));
}

/// Radial variance hash of an 8-bit view (1..4 channels, alpha ignored). Throws Error(invalid_argument) for a bad view.
inline RadialHash radial_hash(const ImageView& view) { return radial_hash(detail::hash_luma(view)); }

/// The hashes of the 8 dihedral transforms (pristine::Dihedral order): each is computed from the
/// transformed working image (the blur and the area resize commute with rotations and flips; the
/// projection geometry does not on non-square pictures, so the lines are sampled 8 times).
inline std::array<RadialHash, 8> radial_hash_dihedral(const PlaneF& luma) {
    detail::check_hash_plane(luma, "radial_hash_dihedral");
    return detail::radial_hash_dihedral_of_working(detail::radial_working(luma));
}

inline std::array<RadialHash, 8> radial_hash_dihedral(const ImageView& view) {
    return radial_hash_dihedral(detail::hash_luma(view));
}

/// Peak cross-correlation of two radial hashes over the 40 circular shifts, in [-1, 1].
inline double radial_hash_similarity(const std::uint8_t* a, const std::uint8_t* b) noexcept {
    constexpr int n = 40;
    double ma = 0, mb = 0;
    for (int i = 0; i < n; ++i) ma += a[i], mb += b[i];
    ma /= n;
    mb /= n;
    double va = 0, vb = 0;
    for (int i = 0; i < n; ++i) va += (a[i] - ma) * (a[i] - ma), vb += (b[i] - mb) * (b[i] - mb);
    if (va == 0 || vb == 0) {
        for (int i = 0; i < n; ++i)
            if (a[i] != b[i]) return 0.0;
        return 1.0;
    }
    const double den = std::sqrt(va * vb);
    double peak = -1.0;
    for (int d = 0; d < n; ++d) {
        double s = 0;
        for (int i = 0; i < n; ++i) s += (a[i] - ma) * (b[(i + d) % n] - mb);
        peak = std::max(peak, s / den);
    }
    return std::min(1.0, std::max(-1.0, peak));
}

inline double radial_hash_similarity(const RadialHash& a, const RadialHash& b) noexcept {
    return radial_hash_similarity(a.data(), b.data());
}

/// 1 - radial_hash_similarity, in [0, 2].
inline double radial_hash_distance(const RadialHash& a, const RadialHash& b) noexcept {
    return 1.0 - radial_hash_similarity(a, b);
}

}  // namespace pristine
