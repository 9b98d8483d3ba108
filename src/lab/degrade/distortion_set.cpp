// The named distortion classes of the hash-robustness evaluation. Parameters are fixed here (and
// documented in the header) so that results measured on different days stay comparable.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "pristine/lab/degrade/distort.hpp"
#include "pristine/lab/degrade/distortion_set.hpp"
#include "pristine/lab/degrade/resize.hpp"

namespace pristine::degrade {
namespace {

Image jpeg_round_trip(const ImageView& v, int quality) {
    JpegEncodeOptions o;
    o.quality = quality;
    o.subsampling = ChromaSubsampling::s420;
    const std::vector<std::uint8_t> bytes = encode_jpeg(v, o);
    DecodeOptions d;
    // Keep the input's channel count so every copy in the set is comparable pixel for pixel.
    d.channels = v.channels <= 2 ? 1 : 3;
    d.apply_orientation = false;
    d.max_pixels = UINT64_MAX;
    Image img = decode_memory(bytes.data(), bytes.size(), d).image;
    if (!v.has_alpha()) return img;
    // JPEG has no alpha: put the original alpha back so the copy keeps the input's layout.
    Image out(v.width, v.height, v.channels);
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
            const std::uint8_t* s = img.row(y) + static_cast<std::size_t>(x) * img.channels();
            std::uint8_t* o = out.row(y) + static_cast<std::size_t>(x) * v.channels;
            for (int k = 0; k < img.channels(); ++k) o[k] = s[k];
            o[v.channels - 1] = v.pixel(x, y)[v.channels - 1];
        }
    return out;
}

/// A crop keeping `keep` of each side at a random position.
Image random_crop(const ImageView& v, double keep, Rng& rng) {
    const int w = std::max(1, static_cast<int>(std::lround(v.width * keep)));
    const int h = std::max(1, static_cast<int>(std::lround(v.height * keep)));
    const int x = rng.uniform_int(0, v.width - w), y = rng.uniform_int(0, v.height - h);
    return crop(v, x, y, w, h);
}

/// Colour `rgb` blended at `alpha` over pixel p (any channel count; alpha channels are left alone).
void blend(std::uint8_t* p, int channels, const int rgb[3], double alpha) {
    const int colour = channels <= 2 ? 1 : 3;
    for (int c = 0; c < colour; ++c) {
        const int target = colour == 1 ? (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000 : rgb[c];
        p[c] = static_cast<std::uint8_t>(std::lround(p[c] * (1.0 - alpha) + target * alpha));
    }
}

/// A watermark logo in the bottom-right corner: a half-opaque disc (a fifth of the short side across)
/// with a white ring and a solid square in its middle, as channels and brands stamp on reposts.
Image overlay_logo(const ImageView& v) {
    Image out = crop(v, 0, 0, v.width, v.height);
    const double r = std::max(3.0, 0.1 * std::min(v.width, v.height));
    const double cx = v.width - 1.6 * r, cy = v.height - 1.6 * r;
    const int disc[3] = {200, 30, 40}, ring[3] = {255, 255, 255}, mark[3] = {255, 230, 0};
    for (int y = std::max(0, static_cast<int>(cy - r - 1)); y < std::min(v.height, static_cast<int>(cy + r + 2)); ++y)
        for (int x = std::max(0, static_cast<int>(cx - r - 1)); x < std::min(v.width, static_cast<int>(cx + r + 2)); ++x) {
            const double d = std::hypot(x - cx, y - cy);
            std::uint8_t* p = out.row(y) + static_cast<std::size_t>(x) * out.channels();
            if (std::abs(x - cx) < 0.35 * r && std::abs(y - cy) < 0.35 * r) blend(p, out.channels(), mark, 0.9);
            else if (d < 0.8 * r) blend(p, out.channels(), disc, 0.6);
            else if (d < r) blend(p, out.channels(), ring, 0.8);
        }
    return out;
}

/// A phone screenshot of the picture: shown at 90 % of the screen's width between a dark status bar
/// and a light bar of buttons below, on a white page (the screen is as wide as the picture).
Image screenshot_with_borders(const ImageView& v) {
    const int w = std::max(1, static_cast<int>(std::lround(v.width * 0.9)));
    const int h = std::max(1, static_cast<int>(std::lround(v.height * 0.9)));
    const Image shown = resize(v, w, h, ResizeOptions{ResizeFilter::bilinear, false});
    const int top = std::max(2, v.height / 12), bottom = std::max(3, v.height / 7), margin = (v.width - w) / 2;
    const int H = top + h + bottom + margin;
    Image out(v.width, H, v.channels);
    const int white[3] = {255, 255, 255}, status[3] = {30, 30, 34}, bar[3] = {236, 236, 240}, button[3] = {90, 90, 100};
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < v.width; ++x) {
            std::uint8_t* p = out.row(y) + static_cast<std::size_t>(x) * out.channels();
            if (v.has_alpha()) p[out.channels() - 1] = 255;
            const int* colour = y < top ? status : y >= top + h + margin ? bar : white;
            // Three round buttons centred in the bottom bar.
            if (y >= top + h + margin) {
                const double by = top + h + margin + bottom / 2.0, br = bottom / 4.0;
                for (int k = 1; k <= 3; ++k)
                    if (std::hypot(x - v.width * k / 4.0, y - by) < br) colour = button;
            }
            blend(p, out.channels(), colour, 1.0);
        }
    for (int y = 0; y < h; ++y)
        std::copy_n(shown.row(y), static_cast<std::size_t>(w) * out.channels(),
                    out.row(top + margin / 2 + y) + static_cast<std::size_t>(margin) * out.channels());
    return out;
}

/// Locale-independent short number text (2 decimals at most).
std::string num(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, std::round(v * 100.0) / 100.0);
    return std::string(buf, r.ptr);
}

}  // namespace

std::vector<std::string> distortion_classes() {
    return {"blur",    "noise",   "crop10", "crop20",   "text",      "jpeg20",   "jpeg50",
            "rotate5", "rotate10", "rotate90", "flip_h", "flip_v",   "shear",    "decimate",
            "downscale", "upscale", "equalize", "brighter", "darker",  "rotate180", "transpose", "logo",
            "screenshot"};
}

std::vector<DistortedCopy> hash_distortion_set(const ImageView& image, std::uint64_t seed) {
    check_view(image);
    Rng rng(seed);
    std::vector<DistortedCopy> out;
    auto add = [&](const char* name, std::string params, Image img) {
        out.push_back(DistortedCopy{name, std::move(params), std::move(img)});
    };
    const int min_side = std::min(image.width, image.height);
    const double sigma = std::max(1.0, min_side / 200.0);
    add("blur", "sigma=" + num(sigma), gaussian_blur(image, sigma));
    add("noise", "sigma=10", gaussian_noise(image, 10.0, rng));
    add("crop10", "keep=0.9", random_crop(image, 0.9, rng));
    add("crop20", "keep=0.8", random_crop(image, 0.8, rng));
    {
        Image t = overlay_text(image, "WHEN THE HASH", TextPlacement::top, 0.1);
        add("text", "top+bottom captions", overlay_text(t.view(), "STILL MATCHES", TextPlacement::bottom, 0.1));
    }
    add("jpeg20", "q=20,420", jpeg_round_trip(image, 20));
    add("jpeg50", "q=50,420", jpeg_round_trip(image, 50));
    add("rotate5", "deg=5,same size,black fill", rotate(image, 5.0));
    add("rotate10", "deg=10,same size,black fill", rotate(image, 10.0));
    add("rotate90", "quarter turn clockwise", rotate90(image, 1));
    add("flip_h", "mirror left-right", flip_horizontal(image));
    add("flip_v", "mirror top-bottom", flip_vertical(image));
    add("shear", "factor=0.1,black fill", shear(image, 0.1));
    {
        const int w = std::max(1, image.width / 4), h = std::max(1, image.height / 4);
        const Image small = resize(image, w, h, ResizeOptions{ResizeFilter::area, false});
        add("decimate", "area 1/4 then bilinear back",
            resize(small.view(), image.width, image.height, ResizeOptions{ResizeFilter::bilinear, false}));
    }
    add("downscale", "0.5,lanczos", resize_by(image, 0.5, ResizeOptions{ResizeFilter::lanczos, false}));
    add("upscale", "2,bicubic", resize_by(image, 2.0, ResizeOptions{ResizeFilter::bicubic, false}));
    add("equalize", "luma", equalize_histogram(image, EqualizeMode::luma));
    add("brighter", "x1.3", adjust_brightness(image, 1.3));
    add("darker", "x0.7", adjust_brightness(image, 0.7));
    // Added later, after every class that draws from `rng`, so the earlier classes stay as they were.
    add("rotate180", "half turn", rotate90(image, 2));
    add("transpose", "mirror over the main diagonal", flip_horizontal(rotate90(image, 1).view()));
    add("logo", "watermark disc bottom right, 1/5 of the short side", overlay_logo(image));
    add("screenshot", "0.9 bilinear between a status bar and a button bar, white margins", screenshot_with_borders(image));
    return out;
}

}  // namespace pristine::degrade
