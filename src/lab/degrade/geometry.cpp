// Crops, exact flips and quarter turns, and bilinear affine warps (rotation, shear).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "pristine/lab/degrade/distort.hpp"

namespace pristine::degrade {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// Source coordinate -> index space (sample centres on integers), clamped so that far-away or NaN
/// positions cannot overflow the int conversion; beyond one pixel outside every neighbour is fill anyway.
double to_index(double coord, int size) {
    if (std::isnan(coord)) return -2.0;
    return std::clamp(coord - 0.5, -2.0, size + 1.0);
}

/// Inverse affine map from output pixel-centre coordinates to source coordinates:
/// sx = m[0] x + m[1] y + m[2], sy = m[3] x + m[4] y + m[5] (continuous coordinates, pixel i spans [i, i+1)).
Image warp_affine(const ImageView& in, const double m[6], int out_w, int out_h, const Fill& fill) {
    const int c = in.channels;
    std::uint8_t fill_px[4];
    if (c <= 2) {
        fill_px[0] = fill[0];
        fill_px[1] = fill[3];
    } else {
        for (int k = 0; k < 4; ++k) fill_px[k] = fill[k];
    }
    Image out(out_w, out_h, c);
    for (int y = 0; y < out_h; ++y) {
        std::uint8_t* o = out.row(y);
        for (int x = 0; x < out_w; ++x, o += c) {
            const double cx = x + 0.5, cy = y + 0.5;
            const double u = to_index(m[0] * cx + m[1] * cy + m[2], in.width);
            const double v = to_index(m[3] * cx + m[4] * cy + m[5], in.height);
            const double fu = std::floor(u), fv = std::floor(v);
            const int x0 = static_cast<int>(fu), y0 = static_cast<int>(fv);
            const double ax = u - fu, ay = v - fv;
            const double w[4] = {(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay};
            const int xs[4] = {x0, x0 + 1, x0, x0 + 1}, ys[4] = {y0, y0, y0 + 1, y0 + 1};
            double acc[4] = {0, 0, 0, 0};
            for (int n = 0; n < 4; ++n) {
                if (w[n] == 0) continue;
                const bool inside = xs[n] >= 0 && xs[n] < in.width && ys[n] >= 0 && ys[n] < in.height;
                const std::uint8_t* p = inside ? in.pixel(xs[n], ys[n]) : fill_px;
                for (int k = 0; k < c; ++k) acc[k] += w[n] * p[k];
            }
            for (int k = 0; k < c; ++k)
                o[k] = static_cast<std::uint8_t>(std::min(255.0, std::max(0.0, acc[k])) + 0.5);
        }
    }
    return out;
}

}  // namespace

Image crop(const ImageView& image, int x, int y, int width, int height) {
    check_view(image);
    if (width <= 0 || height <= 0 || x < 0 || y < 0 || x > image.width - width || y > image.height - height)
        throw Error(Status::invalid_argument, "crop: rectangle " + std::to_string(width) + "x" +
                                                  std::to_string(height) + "+" + std::to_string(x) + "+" +
                                                  std::to_string(y) + " is not inside the " +
                                                  std::to_string(image.width) + "x" +
                                                  std::to_string(image.height) + " image");
    ImageView sub = image;
    sub.data = image.pixel(x, y);
    sub.width = width;
    sub.height = height;
    return Image::copy_of(sub);
}

Image crop_fraction(const ImageView& image, double keep) {
    check_view(image);
    if (!(keep > 0 && keep <= 1)) throw Error(Status::invalid_argument, "crop: keep fraction must be in (0, 1]");
    const int w = std::max(1, static_cast<int>(std::lround(image.width * keep)));
    const int h = std::max(1, static_cast<int>(std::lround(image.height * keep)));
    return crop(image, (image.width - w) / 2, (image.height - h) / 2, w, h);
}

Image shave(const ImageView& image, int pixels) {
    check_view(image);
    if (pixels < 0) throw Error(Status::invalid_argument, "shave: pixels must be >= 0");
    if (2 * static_cast<long long>(pixels) >= image.width || 2 * static_cast<long long>(pixels) >= image.height)
        throw Error(Status::invalid_argument, "shave: " + std::to_string(pixels) + " px from each edge leaves nothing of a " +
                                                  std::to_string(image.width) + "x" + std::to_string(image.height) +
                                                  " image");
    return crop(image, pixels, pixels, image.width - 2 * pixels, image.height - 2 * pixels);
}

Image flip_horizontal(const ImageView& image) {
    check_view(image);
    const int c = image.channels;
    Image out(image.width, image.height, c);
    for (int y = 0; y < image.height; ++y) {
        const std::uint8_t* s = image.row(y);
        std::uint8_t* d = out.row(y);
        for (int x = 0; x < image.width; ++x) std::memcpy(d + (image.width - 1 - x) * c, s + x * c, c);
    }
    return out;
}

Image flip_vertical(const ImageView& image) {
    check_view(image);
    Image out(image.width, image.height, image.channels);
    const std::size_t row_bytes = static_cast<std::size_t>(image.width) * image.channels;
    for (int y = 0; y < image.height; ++y) std::memcpy(out.row(image.height - 1 - y), image.row(y), row_bytes);
    return out;
}

Image rotate90(const ImageView& image, int quarter_turns) {
    check_view(image);
    const int t = ((quarter_turns % 4) + 4) % 4;
    if (t == 0) return Image::copy_of(image);
    if (t == 2) {
        const Image h = flip_horizontal(image);
        return flip_vertical(h.view());
    }
    const int c = image.channels, w = image.width, h = image.height;
    Image out(h, w, c);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // Clockwise: source (x, y) lands at (h-1-y, x); counter-clockwise at (y, w-1-x).
            const int ox = t == 1 ? h - 1 - y : y;
            const int oy = t == 1 ? x : w - 1 - x;
            std::memcpy(out.row(oy) + static_cast<std::size_t>(ox) * c, image.pixel(x, y), c);
        }
    return out;
}

Image rotate(const ImageView& image, double degrees, const Fill& fill, bool expand) {
    check_view(image);
    if (!std::isfinite(degrees)) throw Error(Status::invalid_argument, "rotate: angle must be finite");
    const double th = degrees * kPi / 180.0;
    const double cs = std::cos(th), sn = std::sin(th);
    int out_w = image.width, out_h = image.height;
    if (expand) {
        // Tolerance so that 90 degrees (cos = 6e-17) does not add a pixel.
        const double bw = std::fabs(image.width * cs) + std::fabs(image.height * sn);
        const double bh = std::fabs(image.width * sn) + std::fabs(image.height * cs);
        out_w = std::max(1, static_cast<int>(std::ceil(bw - 1e-6)));
        out_h = std::max(1, static_cast<int>(std::ceil(bh - 1e-6)));
    }
    const double icx = image.width / 2.0, icy = image.height / 2.0, ocx = out_w / 2.0, ocy = out_h / 2.0;
    // Forward (clockwise on screen, y down): d' = R d with R = [cos -sin; sin cos]; inverse is R^T.
    const double m[6] = {cs, sn, icx - cs * ocx - sn * ocy, -sn, cs, icy + sn * ocx - cs * ocy};
    return warp_affine(image, m, out_w, out_h, fill);
}

Image shear(const ImageView& image, double factor, const Fill& fill) {
    check_view(image);
    if (!std::isfinite(factor)) throw Error(Status::invalid_argument, "shear: factor must be finite");
    const double cy = image.height / 2.0;
    const double m[6] = {1, -factor, factor * cy, 0, 1, 0};
    return warp_affine(image, m, image.width, image.height, fill);
}

}  // namespace pristine::degrade
