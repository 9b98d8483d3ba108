// Image containers of the core: an interleaved 8-bit view, an owning 8-bit image and a float plane.
// Thread-safety: like standard containers — concurrent const use is safe, a write needs exclusive access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "pristine/error.hpp"

namespace pristine {

/// Read-only view of interleaved 8-bit pixels (1 = grey, 2 = grey+alpha, 3 = RGB, 4 = RGBA).
/// `stride` is the distance in bytes between the starts of two rows (>= width * channels).
/// A view does not own its pixels; the caller keeps them alive.
struct ImageView {
    const std::uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    int channels = 0;
    std::ptrdiff_t stride = 0;

    const std::uint8_t* row(int y) const noexcept { return data + static_cast<std::ptrdiff_t>(y) * stride; }
    const std::uint8_t* pixel(int x, int y) const noexcept { return row(y) + static_cast<std::ptrdiff_t>(x) * channels; }
    bool empty() const noexcept { return data == nullptr || width <= 0 || height <= 0; }
    bool has_alpha() const noexcept { return channels == 2 || channels == 4; }
};

/// Throws Error(invalid_argument) unless `v` is a usable view. Call it at API edges; inner loops trust views.
inline void check_view(const ImageView& v) {
    if (v.data == nullptr) throw Error(Status::invalid_argument, "image view has no pixel data");
    if (v.width <= 0 || v.height <= 0)
        throw Error(Status::invalid_argument,
                    "image view has size " + std::to_string(v.width) + "x" + std::to_string(v.height));
    if (v.channels < 1 || v.channels > 4)
        throw Error(Status::invalid_argument,
                    "image view has " + std::to_string(v.channels) + " channels; 1 to 4 are supported");
    if (v.stride < static_cast<std::ptrdiff_t>(v.width) * v.channels)
        throw Error(Status::invalid_argument, "image view stride is smaller than width * channels");
}

/// Owning interleaved 8-bit image with tightly packed rows.
class Image {
public:
    Image() = default;
    Image(int width, int height, int channels)
        : width_(width), height_(height), channels_(channels) {
        if (width <= 0 || height <= 0 || channels < 1 || channels > 4)
            throw Error(Status::invalid_argument, "Image: bad size " + std::to_string(width) + "x" +
                                                      std::to_string(height) + "x" + std::to_string(channels));
        pixels_.assign(static_cast<std::size_t>(width) * height * channels, 0);
    }

    int width() const noexcept { return width_; }
    int height() const noexcept { return height_; }
    int channels() const noexcept { return channels_; }
    std::ptrdiff_t stride() const noexcept { return static_cast<std::ptrdiff_t>(width_) * channels_; }
    bool empty() const noexcept { return pixels_.empty(); }

    std::uint8_t* data() noexcept { return pixels_.data(); }
    const std::uint8_t* data() const noexcept { return pixels_.data(); }
    std::uint8_t* row(int y) noexcept { return pixels_.data() + y * stride(); }
    const std::uint8_t* row(int y) const noexcept { return pixels_.data() + y * stride(); }
    std::size_t size_bytes() const noexcept { return pixels_.size(); }

    ImageView view() const noexcept { return ImageView{pixels_.data(), width_, height_, channels_, stride()}; }

    /// Deep copy of any view into a tightly packed image.
    static Image copy_of(const ImageView& v) {
        check_view(v);
        Image out(v.width, v.height, v.channels);
        const std::size_t row_bytes = static_cast<std::size_t>(v.width) * v.channels;
        for (int y = 0; y < v.height; ++y) std::copy(v.row(y), v.row(y) + row_bytes, out.row(y));
        return out;
    }

private:
    std::vector<std::uint8_t> pixels_;
    int width_ = 0;
    int height_ = 0;
    int channels_ = 0;
};

/// A planar float image (one channel), row-major: rows = height, cols = width.
/// Eigen gives the hashes and the DCT matrix products for free.
using PlaneF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace pristine
