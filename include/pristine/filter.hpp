// Small-image filters of the hashes: separable correlation, mean (box) filter, Gaussian blur and
// histogram equalisation on float planes. Border rule everywhere: coordinates are clamped to the
// image (replicate the edge pixel), which commutes with rotations and flips, so a filtered
// rotated image is the rotated filtered image.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// Separable correlation with clamped borders:
///   tmp(y, x) = sum_k kx[k] in(y, clamp(x + k - rx)),   out(y, x) = sum_k ky[k] tmp(clamp(y + k - ry), x),
/// with rx = (kx.size() - 1) / 2, ry likewise (odd kernel lengths). Rows first, then columns; sums in
/// double. Throws Error(invalid_argument) for an empty plane or an even/empty kernel.
inline PlaneF separable_filter(const PlaneF& in, const std::vector<double>& kx, const std::vector<double>& ky) {
    if (in.rows() < 1 || in.cols() < 1) throw Error(Status::invalid_argument, "separable_filter: empty plane");
    if (kx.size() % 2 == 0 || ky.size() % 2 == 0)
        throw Error(Status::invalid_argument, "separable_filter: kernels must have odd length");
    const int W = static_cast<int>(in.cols()), H = static_cast<int>(in.rows());
    const int rx = static_cast<int>(kx.size() / 2), ry = static_cast<int>(ky.size() / 2);
    std::vector<double> tmp(static_cast<std::size_t>(W) * H);  // zeros
    for (int y = 0; y < H; ++y) {
        const float* src = in.data() + static_cast<std::ptrdiff_t>(y) * W;
        double* dst = tmp.data() + static_cast<std::ptrdiff_t>(y) * W;
        // Tap by tap over the whole row (the same sum, in the same order, for every x as taking
        // all taps of one x at a time), with the clamped borders apart so the inside vectorises.
        for (int k = -rx; k <= rx; ++k) {
            const double w = kx[k + rx];
            const int lo = std::min(std::max(0, -k), W), hi = std::max(lo, std::min(W, W - k));  // x + k inside
            for (int x = 0; x < lo; ++x) dst[x] += w * src[std::clamp(x + k, 0, W - 1)];
            for (int x = lo; x < hi; ++x) dst[x] += w * src[x + k];
            for (int x = hi; x < W; ++x) dst[x] += w * src[std::clamp(x + k, 0, W - 1)];
        }
    }
    PlaneF out(H, W);
    std::vector<double> acc(W);
    for (int y = 0; y < H; ++y) {
        std::fill(acc.begin(), acc.end(), 0.0);
        for (int k = -ry; k <= ry; ++k) {
            const double w = ky[k + ry];
            const double* src = tmp.data() + static_cast<std::ptrdiff_t>(std::clamp(y + k, 0, H - 1)) * W;
            for (int x = 0; x < W; ++x) acc[x] += w * src[x];
        }
        float* dst = out.data() + static_cast<std::ptrdiff_t>(y) * W;
        for (int x = 0; x < W; ++x) dst[x] = static_cast<float>(acc[x]);
    }
    return out;
}

/// Mean over the (2 radius + 1)^2 window around each pixel, clamped borders (radius 3 = the 7 x 7
/// mean filter of pHash). Radius 0 returns the input. Throws Error(invalid_argument) for radius < 0.
inline PlaneF box_filter(const PlaneF& in, int radius) {
    if (radius < 0) throw Error(Status::invalid_argument, "box_filter: radius must be >= 0");
    if (radius == 0) return in;
    const std::vector<double> k(2 * radius + 1, 1.0 / (2 * radius + 1));
    return separable_filter(in, k, k);
}

/// Normalised Gaussian taps g[k] = exp(-k^2 / (2 sigma^2)) / sum, k = -r..r, r = ceil(3 sigma).
inline std::vector<double> gaussian_kernel(double sigma) {
    if (!(sigma > 0) || !std::isfinite(sigma)) throw Error(Status::invalid_argument, "gaussian_kernel: sigma must be > 0");
    const int r = static_cast<int>(std::ceil(3.0 * sigma));
    std::vector<double> k(2 * r + 1);
    double sum = 0;
    for (int i = -r; i <= r; ++i) sum += k[i + r] = std::exp(-(i * i) / (2.0 * sigma * sigma));
    for (double& v : k) v /= sum;
    return k;
}

/// Gaussian blur with gaussian_kernel(sigma) along x then y, clamped borders.
/// Throws Error(invalid_argument) for sigma <= 0 or an empty plane.
inline PlaneF gaussian_blur(const PlaneF& in, double sigma) {
    const std::vector<double> k = gaussian_kernel(sigma);
    return separable_filter(in, k, k);
}

/// Histogram equalisation of a plane of nominal range 0..255. Each value v falls in bin
/// b = clamp(floor(v), 0, 255); with cdf(b) = number of pixels in bins <= b and N pixels, the
/// output is 255 * cdf(b) / N. Throws Error(invalid_argument) for an empty plane.
inline PlaneF equalize_histogram(const PlaneF& in) {
    if (in.size() < 1) throw Error(Status::invalid_argument, "equalize_histogram: empty plane");
    auto bin = [](float v) {
        if (!(v >= 0.f)) return 0;  // also maps NaN to bin 0
        return v >= 255.f ? 255 : static_cast<int>(v);
    };
    std::array<std::int64_t, 256> cdf{};
    const float* p = in.data();
    const std::ptrdiff_t n = in.size();
    for (std::ptrdiff_t i = 0; i < n; ++i) ++cdf[bin(p[i])];
    for (int b = 1; b < 256; ++b) cdf[b] += cdf[b - 1];
    std::array<float, 256> lut;
    for (int b = 0; b < 256; ++b) lut[b] = static_cast<float>(255.0 * static_cast<double>(cdf[b]) / static_cast<double>(n));
    PlaneF out(in.rows(), in.cols());
    for (std::ptrdiff_t i = 0; i < n; ++i) out.data()[i] = lut[bin(p[i])];
    return out;
}

}  // namespace pristine
