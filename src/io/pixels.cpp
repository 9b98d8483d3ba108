// Channel conversion, orientation and limit checks shared by all decoders.
#include <algorithm>
#include <string>

#include "io/codecs.hpp"

namespace pristine::io {

void check_options(const DecodeOptions& o) {
    if (o.channels != 0 && o.channels != 1 && o.channels != 3 && o.channels != 4)
        throw Error(Status::invalid_argument,
                    "decode option channels=" + std::to_string(o.channels) + " (use 0, 1, 3 or 4)");
    if (o.scale_denom != 1 && o.scale_denom != 2 && o.scale_denom != 4 && o.scale_denom != 8)
        throw Error(Status::invalid_argument,
                    "decode option scale_denom=" + std::to_string(o.scale_denom) + " (use 1, 2, 4 or 8)");
    if (o.max_pixels == 0) throw Error(Status::invalid_argument, "decode option max_pixels must be > 0");
}

void check_dimensions(std::int64_t width, std::int64_t height, const DecodeOptions& o) {
    if (width <= 0 || height <= 0)
        throw Error(Status::corrupt_data,
                    "image header gives size " + std::to_string(width) + "x" + std::to_string(height));
    const auto pixels = static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
    if (pixels > o.max_pixels || width > (1 << 30) || height > (1 << 30))
        throw Error(Status::too_large, "image of " + std::to_string(width) + "x" + std::to_string(height) +
                                           " pixels exceeds the limit of " + std::to_string(o.max_pixels) +
                                           " pixels");
}

namespace {

inline std::uint8_t luma601(int r, int g, int b) {
    // Fixed-point BT.601 full range, rounded: (19595 R + 38470 G + 7471 B + 2^15) >> 16.
    return static_cast<std::uint8_t>((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
}

inline std::uint8_t over(int value, int alpha, int background) {
    return static_cast<std::uint8_t>((value * alpha + background * (255 - alpha) + 127) / 255);
}

}  // namespace

Image convert_channels(Image src, const DecodeOptions& o) {
    const int in = src.channels();
    const bool in_alpha = in == 2 || in == 4;
    int want = o.channels;
    if (want == 0) want = in == 2 ? 4 : in;  // "as stored": grey+alpha has no 2-channel output
    if (want == in) return src;

    Image out(src.width(), src.height(), want);
    const int bg_r = o.background[0], bg_g = o.background[1], bg_b = o.background[2];
    for (int y = 0; y < src.height(); ++y) {
        const std::uint8_t* s = src.row(y);
        std::uint8_t* d = out.row(y);
        for (int x = 0; x < src.width(); ++x, s += in, d += want) {
            int r, g, b, a = 255;
            if (in >= 3) { r = s[0]; g = s[1]; b = s[2]; if (in == 4) a = s[3]; }
            else { r = g = b = s[0]; if (in == 2) a = s[1]; }
            if (want == 4) { d[0] = r; d[1] = g; d[2] = b; d[3] = a; continue; }
            if (in_alpha && a != 255) { r = over(r, a, bg_r); g = over(g, a, bg_g); b = over(b, a, bg_b); }
            if (want == 3) { d[0] = r; d[1] = g; d[2] = b; }
            else d[0] = (r == g && g == b) ? static_cast<std::uint8_t>(r) : luma601(r, g, b);
        }
    }
    return out;
}

Image apply_orientation(Image src, int orientation) {
    if (orientation < 2 || orientation > 8) return src;
    const int w = src.width(), h = src.height(), c = src.channels();
    const bool swap = orientation >= 5;
    Image out(swap ? h : w, swap ? w : h, c);
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* s = src.row(y);
        for (int x = 0; x < w; ++x, s += c) {
            int dx = x, dy = y;  // destination of stored pixel (x, y), per the EXIF definitions
            switch (orientation) {
                case 2: dx = w - 1 - x; break;                         // mirror horizontal
                case 3: dx = w - 1 - x; dy = h - 1 - y; break;         // rotate 180
                case 4: dy = h - 1 - y; break;                         // mirror vertical
                case 5: dx = y; dy = x; break;                         // transpose
                case 6: dx = h - 1 - y; dy = x; break;                 // rotate 90 clockwise
                case 7: dx = h - 1 - y; dy = w - 1 - x; break;         // transverse
                case 8: dx = y; dy = w - 1 - x; break;                 // rotate 90 counter-clockwise
            }
            std::copy(s, s + c, out.row(dy) + static_cast<std::ptrdiff_t>(dx) * c);
        }
    }
    return out;
}

void unpremultiply(Image& image) {
    const int c = image.channels();
    if (c != 2 && c != 4) return;  // no alpha
    std::uint8_t* p = image.data();
    const std::size_t n = static_cast<std::size_t>(image.width()) * image.height();
    for (std::size_t i = 0; i < n; ++i, p += c) {
        const int a = p[c - 1];
        if (a == 255) continue;
        for (int k = 0; k < c - 1; ++k)
            p[k] = a == 0 ? 0 : static_cast<std::uint8_t>(std::min(255, (p[k] * 255 + a / 2) / a));
    }
}

void set_oriented_size(ImageInfo& info, std::int64_t width, std::int64_t height, int orientation) {
    info.width = static_cast<int>(width);
    info.height = static_cast<int>(height);
    info.orientation = orientation >= 1 && orientation <= 8 ? orientation : 1;
    const bool swap = info.orientation >= 5;
    info.display_width = swap ? info.height : info.width;
    info.display_height = swap ? info.width : info.height;
}

}  // namespace pristine::io
