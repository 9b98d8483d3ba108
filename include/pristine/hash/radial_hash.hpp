// Radial variance hash (40 bytes), after pHash's image digest / Zauner's radial hash. Definition
// (docs/hashes.md has it in full):
//   1. L = BT.601 luma (or the caller's luma plane);
//   2. A = gaussian_blur(resize_area(L, 128, 128), sigma = 1)  (taps -3..3, clamped borders);
//   3. for each of 180 lines k = 0..179 through the centre c = (63.5, 63.5) at angle
//      theta_k = pi k / 180 (x right, y down), sample A bilinearly at p = c + t (cos, sin)(theta_k)
//      for the integers t = -90..90, keeping the points with 0 <= x, y <= 127;
//      f_k = variance of those samples (mean of squares - square of mean, in double; 0 if < 1e-6);
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

#include "pristine/filter.hpp"
#include "pristine/hash/hash_input.hpp"
#include "pristine/resize.hpp"

namespace pristine {

using RadialHash = std::array<std::uint8_t, 40>;

namespace detail {
constexpr int k_radial_size = 128;   // working image side
constexpr int k_radial_lines = 180;  // projection angles
constexpr int k_radial_reach = 90;   // samples t = -reach..reach (the half-diagonal is 89.8)

struct RadialLine {
    std::array<double, k_radial_lines> cos_t, sin_t;
};
inline const RadialLine& radial_angles() {
    static const RadialLine table = [] {  // constant table, built once
        RadialLine r{};
        const double pi = 3.14159265358979323846;
        for (int k = 0; k < k_radial_lines; ++k) {
            r.cos_t[k] = std::cos(pi * k / k_radial_lines);
            r.sin_t[k] = std::sin(pi * k / k_radial_lines);
        }
        return r;
    }();
    return table;
}

static_assert(k_radial_size == k_seed_working_size, "the radial hash works on the shared working image");
inline PlaneF radial_working(const PlaneF& luma) { return gaussian_blur(seed_working_plane(luma), 1.0); }

/// Step 3: the variance of the working image along each line.
inline std::array<double, k_radial_lines> radial_features(const PlaneF& a) {
    const RadialLine& ang = radial_angles();
    const double c = (k_radial_size - 1) / 2.0, last = k_radial_size - 1;
    std::array<double, k_radial_lines> f{};
    for (int k = 0; k < k_radial_lines; ++k) {
        double sum = 0, sum2 = 0;
        int n = 0;
        for (int t = -k_radial_reach; t <= k_radial_reach; ++t) {
            const double x = c + t * ang.cos_t[k], y = c + t * ang.sin_t[k];
            if (!(x >= 0 && x <= last && y >= 0 && y <= last)) continue;
            const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
            const int x1 = std::min(x0 + 1, k_radial_size - 1), y1 = std::min(y0 + 1, k_radial_size - 1);
            const double fx = x - x0, fy = y - y0;
            const double v = (1 - fy) * ((1 - fx) * a(y0, x0) + fx * a(y0, x1)) + fy * ((1 - fx) * a(y1, x0) + fx * a(y1, x1));
            sum += v;
            sum2 += v * v;
            ++n;
        }
        const double mean = sum / n;
        const double var = sum2 / n - mean * mean;
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
    std::array<double, 40> coef{};
    for (int u = 0; u < 40; ++u) {
        double s = 0;
        for (int n = 0; n < k_radial_lines; ++n) s += f[n] * std::cos(pi * (2 * n + 1) * u / (2.0 * k_radial_lines));
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

/// Radial variance hash of a luma plane (>= 1 x 1). Throws Error(invalid_argument) for an empty plane. Thread-safe.
inline RadialHash radial_hash(const PlaneF& luma) {
    detail::check_hash_plane(luma, "radial_hash");
    return detail::radial_from_features(detail::radial_features(detail::radial_working(luma)));
}

/// Radial variance hash of an 8-bit view (1..4 channels, alpha ignored). Throws Error(invalid_argument) for a bad view.
inline RadialHash radial_hash(const ImageView& view) { return radial_hash(detail::hash_luma(view)); }

/// The hashes of the 8 dihedral transforms (pristine::Dihedral order) from one set of line
/// variances: the working image is square and centred, so a rotation or flip only maps line
/// k to another line: rot90 takes line k + 90, rot270 line k - 90, rot180 k -> k, flips k -> -k,
/// transposes k -> 90 - k (mod 180).
inline std::array<RadialHash, 8> radial_hash_dihedral(const PlaneF& luma) {
    detail::check_hash_plane(luma, "radial_hash_dihedral");
    const auto f = detail::radial_features(detail::radial_working(luma));
    auto mapped = [&](int sign, int shift) {  // f'_k = f_{(sign k + shift) mod 180}
        std::array<double, detail::k_radial_lines> g{};
        for (int k = 0; k < detail::k_radial_lines; ++k)
            g[k] = f[((sign * k + shift) % 180 + 180) % 180];
        return detail::radial_from_features(g);
    };
    const RadialHash id = detail::radial_from_features(f);
    const RadialHash flip = mapped(-1, 0), transposed = mapped(-1, 90);
    return {id, mapped(1, 90), id, mapped(1, -90), flip, flip, transposed, transposed};
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
