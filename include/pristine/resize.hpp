// Exact area (box) resampling of a float plane: the one resize every pristine hash uses, so that
// another implementation can conform bit for bit.
//
// Definition. Input W x H, output w x h. Along x, output pixel ox covers the input interval
// [ox * W / w, (ox + 1) * W / w); its value is the area-weighted mean of the input pixels it
// overlaps (input pixel i covers [i, i + 1)). Weights are exact rationals: in units of
// 1 / w input pixels, the overlap of input i and output ox is
//     max(0, min((i + 1) * w, (ox + 1) * W) - max(i * w, ox * W)),
// and the weights of one output sum to W. The same along y. The 2-D resize is separable:
// rows first (x), then columns (y), each as a weighted sum divided by W (resp. H).
// Works for down- and up-scaling (upscaling replicates pixels: box reconstruction) and for any
// ratio; 1 x 1 inputs give constant outputs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/image.hpp"

namespace pristine {

namespace detail {
/// Sparse weights of a 1-D area resize: output o takes input [first[o], first[o] + count[o]).
struct AreaWeights {
    std::vector<int> first, count;
    std::vector<double> weight;  // concatenated, already divided by the input size
    std::vector<int> offset;     // start of output o's weights in `weight`
};

inline AreaWeights area_weights(int in, int out) {
    AreaWeights aw;
    aw.first.resize(out);
    aw.count.resize(out);
    aw.offset.resize(out);
    const std::int64_t n_in = in, n_out = out;
    for (int o = 0; o < out; ++o) {
        const std::int64_t lo = o * n_in, hi = (o + 1) * n_in;  // in units of 1/out input pixels
        const int i0 = static_cast<int>(lo / n_out);
        const int i1 = static_cast<int>((hi + n_out - 1) / n_out);  // exclusive
        aw.first[o] = i0;
        aw.count[o] = i1 - i0;
        aw.offset[o] = static_cast<int>(aw.weight.size());
        for (int i = i0; i < i1; ++i) {
            const std::int64_t a = std::max<std::int64_t>(i * n_out, lo);
            const std::int64_t b = std::min<std::int64_t>((i + 1) * n_out, hi);
            aw.weight.push_back(static_cast<double>(b - a) / static_cast<double>(n_in));
        }
    }
    return aw;
}
}  // namespace detail

namespace detail {
/// resize_area of an H x W plane of samples of type T (float, or 8-bit values, which convert to
/// float exactly), row y at data + y * stride. The same operations, in the same order, for every
/// output value as the definition; only the loops are arranged for speed (four input rows at a
/// time, so that one output's weights are read once for four sums that vectorise).
template <class T>
PlaneF resize_area_of(const T* data, std::ptrdiff_t stride, int W, int H, int width, int height) {
    const AreaWeights wx = area_weights(W, width);
    const AreaWeights wy = area_weights(H, height);

    // Rows first: H x width, accumulated in double so that the result hardly depends on sum order.
    std::vector<double> tmp(static_cast<std::size_t>(H) * width);
    std::vector<double> quad(static_cast<std::size_t>(W) * 4);  // 4 rows interleaved: quad[4 x + r]
    int y = 0;
    for (; y + 4 <= H; y += 4) {
        for (int r = 0; r < 4; ++r) {
            const T* src = data + static_cast<std::ptrdiff_t>(y + r) * stride;
            for (int x = 0; x < W; ++x) quad[4 * static_cast<std::size_t>(x) + r] = static_cast<float>(src[x]);
        }
        for (int o = 0; o < width; ++o) {
            const double* w = wx.weight.data() + wx.offset[o];
            const double* s = quad.data() + 4 * static_cast<std::ptrdiff_t>(wx.first[o]);
            double acc[4] = {0, 0, 0, 0};
            for (int k = 0; k < wx.count[o]; ++k, s += 4)
                for (int r = 0; r < 4; ++r) acc[r] += w[k] * s[r];
            for (int r = 0; r < 4; ++r) tmp[static_cast<std::size_t>(y + r) * width + o] = acc[r];
        }
    }
    for (; y < H; ++y) {
        const T* src = data + static_cast<std::ptrdiff_t>(y) * stride;
        double* dst = tmp.data() + static_cast<std::ptrdiff_t>(y) * width;
        for (int o = 0; o < width; ++o) {
            const double* w = wx.weight.data() + wx.offset[o];
            const T* s = src + wx.first[o];
            double acc = 0;
            for (int k = 0; k < wx.count[o]; ++k) acc += w[k] * static_cast<double>(static_cast<float>(s[k]));
            dst[o] = acc;
        }
    }
    // Then columns.
    PlaneF out(height, width);
    std::vector<double> acc(width);
    for (int o = 0; o < height; ++o) {
        std::fill(acc.begin(), acc.end(), 0.0);
        const double* w = wy.weight.data() + wy.offset[o];
        for (int k = 0; k < wy.count[o]; ++k) {
            const double* src = tmp.data() + static_cast<std::ptrdiff_t>(wy.first[o] + k) * width;
            for (int x = 0; x < width; ++x) acc[x] += w[k] * src[x];
        }
        float* dst = out.data() + static_cast<std::ptrdiff_t>(o) * width;
        for (int x = 0; x < width; ++x) dst[x] = static_cast<float>(acc[x]);
    }
    return out;
}
}  // namespace detail

/// Area-resizes `in` to `width` x `height` (see the definition above). Throws Error(invalid_argument)
/// for an empty input or a target size < 1. Thread-safe; allocates its result.
inline PlaneF resize_area(const PlaneF& in, int width, int height) {
    if (in.rows() < 1 || in.cols() < 1) throw Error(Status::invalid_argument, "resize_area: empty input plane");
    if (width < 1 || height < 1) throw Error(Status::invalid_argument, "resize_area: target size must be >= 1x1");
    const int W = static_cast<int>(in.cols()), H = static_cast<int>(in.rows());
    if (W == width && H == height) return in;
    return detail::resize_area_of(in.data(), W, W, H, width, height);
}

/// resize_area of the float plane of an 8-bit single-channel view (grey: its BT.601 luma), without
/// making that plane: equal, bit for bit, to resize_area(to_luma(view), width, height).
/// Throws Error(invalid_argument) for a view that is not 1 x 1 or larger with one channel, or a
/// target size < 1.
inline PlaneF resize_area_grey(const ImageView& view, int width, int height) {
    if (view.data == nullptr || view.width < 1 || view.height < 1 || view.channels != 1 || view.stride < view.width)
        throw Error(Status::invalid_argument, "resize_area_grey: needs a non-empty single-channel view");
    if (width < 1 || height < 1) throw Error(Status::invalid_argument, "resize_area: target size must be >= 1x1");
    if (view.width == width && view.height == height) {
        PlaneF out(height, width);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) out(y, x) = static_cast<float>(view.row(y)[x]);
        return out;
    }
    return detail::resize_area_of(view.data, view.stride, view.width, view.height, width, height);
}

}  // namespace pristine
