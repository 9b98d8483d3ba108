// Blur, noise, brightness and histogram equalisation.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "pristine/color.hpp"
#include "pristine/lab/degrade/distort.hpp"

namespace pristine::degrade {
namespace {

std::uint8_t clamp_round(double v) {
    return static_cast<std::uint8_t>(std::min(255.0, std::max(0.0, v)) + 0.5);
}

int colour_channels(const ImageView& v) { return v.has_alpha() ? v.channels - 1 : v.channels; }

}  // namespace

Image gaussian_blur(const ImageView& image, double sigma) {
    check_view(image);
    if (!(sigma >= 0) || sigma > 1000) throw Error(Status::invalid_argument, "gaussian_blur: sigma must be in 0..1000");
    if (sigma == 0) return Image::copy_of(image);
    const int radius = std::max(1, static_cast<int>(std::ceil(3 * sigma)));
    std::vector<float> k(2 * radius + 1);
    double sum = 0;
    for (int i = -radius; i <= radius; ++i) sum += k[i + radius] = static_cast<float>(std::exp(-0.5 * i * i / (sigma * sigma)));
    for (float& v : k) v = static_cast<float>(v / sum);

    const int w = image.width, h = image.height, c = image.channels;
    const std::size_t row_len = static_cast<std::size_t>(w) * c;
    std::vector<float> tmp(row_len * h);
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* s = image.row(y);
        float* t = tmp.data() + y * row_len;
        for (int x = 0; x < w; ++x)
            for (int ch = 0; ch < c; ++ch) {
                float acc = 0;
                for (int i = -radius; i <= radius; ++i) {
                    const int xx = std::min(w - 1, std::max(0, x + i));
                    acc += k[i + radius] * s[xx * c + ch];
                }
                t[x * c + ch] = acc;
            }
    }
    Image out(w, h, c);
    std::vector<float> acc(row_len);
    for (int y = 0; y < h; ++y) {
        std::fill(acc.begin(), acc.end(), 0.f);
        for (int i = -radius; i <= radius; ++i) {
            const float* t = tmp.data() + std::min(h - 1, std::max(0, y + i)) * row_len;
            const float ki = k[i + radius];
            for (std::size_t j = 0; j < row_len; ++j) acc[j] += ki * t[j];
        }
        std::uint8_t* o = out.row(y);
        for (std::size_t j = 0; j < row_len; ++j) o[j] = clamp_round(acc[j]);
    }
    return out;
}

Image gaussian_noise(const ImageView& image, double sigma, Rng& rng) {
    check_view(image);
    if (!(sigma >= 0 && sigma <= 255)) throw Error(Status::invalid_argument, "gaussian_noise: sigma must be in 0..255");
    Image out = Image::copy_of(image);
    const int c = image.channels, cc = colour_channels(image);
    for (int y = 0; y < out.height(); ++y) {
        std::uint8_t* p = out.row(y);
        for (int x = 0; x < out.width(); ++x, p += c)
            for (int k = 0; k < cc; ++k) p[k] = clamp_round(p[k] + sigma * rng.normal());
    }
    return out;
}

Image adjust_brightness(const ImageView& image, double factor) {
    check_view(image);
    if (!(factor >= 0 && factor <= 1000)) throw Error(Status::invalid_argument, "adjust_brightness: factor must be in 0..1000");
    std::array<std::uint8_t, 256> lut{};
    for (int i = 0; i < 256; ++i) lut[i] = clamp_round(i * factor);
    Image out = Image::copy_of(image);
    const int c = image.channels, cc = colour_channels(image);
    for (int y = 0; y < out.height(); ++y) {
        std::uint8_t* p = out.row(y);
        for (int x = 0; x < out.width(); ++x, p += c)
            for (int k = 0; k < cc; ++k) p[k] = lut[p[k]];
    }
    return out;
}

namespace {
/// OpenCV's equalisation table for a 256-bin histogram; identity for a constant image.
std::array<std::uint8_t, 256> equalize_lut(const std::array<std::uint64_t, 256>& hist) {
    std::array<std::uint8_t, 256> lut{};
    std::uint64_t total = 0, cdf_min = 0;
    for (auto v : hist) total += v;
    for (auto v : hist)
        if (v) {
            cdf_min = v;
            break;
        }
    if (total == cdf_min) {
        for (int i = 0; i < 256; ++i) lut[i] = static_cast<std::uint8_t>(i);
        return lut;
    }
    std::uint64_t cdf = 0;
    for (int i = 0; i < 256; ++i) {
        cdf += hist[i];
        const double v = cdf <= cdf_min ? 0.0 : static_cast<double>(cdf - cdf_min) * 255.0 / static_cast<double>(total - cdf_min);
        lut[i] = clamp_round(v);
    }
    return lut;
}
}  // namespace

Image equalize_histogram(const ImageView& image, EqualizeMode mode) {
    check_view(image);
    Image out = Image::copy_of(image);
    const int c = image.channels, cc = colour_channels(image);
    const int w = out.width(), h = out.height();
    if (mode == EqualizeMode::per_channel || cc == 1) {
        for (int k = 0; k < cc; ++k) {
            std::array<std::uint64_t, 256> hist{};
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) ++hist[out.row(y)[x * c + k]];
            const auto lut = equalize_lut(hist);
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) out.row(y)[x * c + k] = lut[out.row(y)[x * c + k]];
        }
        return out;
    }
    // Luma mode: shifting R, G, B by the same dY changes BT.601 Y by dY and leaves Cb, Cr alone.
    auto luma8 = [&](const std::uint8_t* p) {
        return static_cast<int>(std::min(255.f, luma_of(p, c, LumaFormula::bt601_full) + 0.5f));
    };
    std::array<std::uint64_t, 256> hist{};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) ++hist[luma8(out.row(y) + x * c)];
    const auto lut = equalize_lut(hist);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = out.row(y) + x * c;
            const int yv = luma8(p);
            const int d = lut[yv] - yv;
            for (int k = 0; k < 3; ++k) p[k] = clamp_round(p[k] + d);
        }
    return out;
}

}  // namespace pristine::degrade
