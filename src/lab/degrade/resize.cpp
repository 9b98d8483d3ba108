// Separable resampler: per-axis tables of (first source index, weights), a horizontal then a vertical
// pass over float samples in 0..1. Supports are widened on downscale (antialiasing) and truncated at
// the borders with the weights renormalised, so a constant image stays exactly constant.
#include "pristine/lab/degrade/resize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "lab/degrade/srgb.hpp"

namespace pristine::degrade {
namespace {

constexpr double kPi = 3.14159265358979323846;

double keys_cubic(double x, double a) {
    x = std::fabs(x);
    if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    return 0;
}

double mitchell(double x) {
    constexpr double B = 1.0 / 3, C = 1.0 / 3;
    x = std::fabs(x);
    if (x < 1) return ((12 - 9 * B - 6 * C) * x * x * x + (-18 + 12 * B + 6 * C) * x * x + (6 - 2 * B)) / 6;
    if (x < 2)
        return ((-B - 6 * C) * x * x * x + (6 * B + 30 * C) * x * x + (-12 * B - 48 * C) * x + (8 * B + 24 * C)) / 6;
    return 0;
}

double sinc(double x) {
    if (x == 0) return 1;
    x *= kPi;
    return std::sin(x) / x;
}

double kernel(ResizeFilter f, double x) {
    switch (f) {
        case ResizeFilter::box: return (x >= -0.5 && x < 0.5) ? 1.0 : 0.0;
        case ResizeFilter::bilinear: return std::max(0.0, 1.0 - std::fabs(x));
        case ResizeFilter::bicubic: return keys_cubic(x, -0.75);
        case ResizeFilter::catmull_rom: return keys_cubic(x, -0.5);
        case ResizeFilter::mitchell: return mitchell(x);
        case ResizeFilter::lanczos: return std::fabs(x) < 3 ? sinc(x) * sinc(x / 3) : 0.0;
        default: return 0;
    }
}

double support_of(ResizeFilter f) {
    switch (f) {
        case ResizeFilter::box: return 0.5;
        case ResizeFilter::bilinear: return 1;
        case ResizeFilter::bicubic:
        case ResizeFilter::catmull_rom:
        case ResizeFilter::mitchell: return 2;
        case ResizeFilter::lanczos: return 3;
        default: return 0.5;
    }
}

/// Weights of one axis: output i reads source[first[i] .. first[i] + count[i]) with weights
/// weights[offset[i] ..].
struct AxisTable {
    std::vector<int> first, count;
    std::vector<std::size_t> offset;
    std::vector<float> weights;
};

AxisTable make_table(int in, int out, ResizeFilter filter) {
    AxisTable t;
    t.first.resize(out);
    t.count.resize(out);
    t.offset.resize(out);
    const double scale = static_cast<double>(in) / out;  // source pixels per output pixel
    std::vector<double> w;
    for (int i = 0; i < out; ++i) {
        w.clear();
        int first = 0;
        if (filter == ResizeFilter::point) {
            first = std::min(in - 1, static_cast<int>(std::floor((i + 0.5) * scale)));
            w.push_back(1);
        } else if (filter == ResizeFilter::area) {
            // Exact overlap of [i*scale, (i+1)*scale) with each source pixel [x, x+1).
            const double a = i * scale, b = (i + 1) * scale;
            first = std::min(in - 1, static_cast<int>(std::floor(a)));
            const int last = std::min(in, static_cast<int>(std::ceil(b)));
            for (int x = first; x < last; ++x)
                w.push_back(std::max(0.0, std::min(b, x + 1.0) - std::max(a, static_cast<double>(x))));
        } else {
            const double fscale = std::max(1.0, scale);  // widen only when shrinking
            const double support = support_of(filter) * fscale;
            const double center = (i + 0.5) * scale;
            first = std::max(0, static_cast<int>(std::floor(center - support + 0.5)));
            const int last = std::min(in, static_cast<int>(std::floor(center + support + 0.5)));
            for (int x = first; x < last; ++x) w.push_back(kernel(filter, (x - center + 0.5) / fscale));
        }
        double sum = 0;
        for (double v : w) sum += v;
        if (w.empty() || std::fabs(sum) < 1e-12) {
            // Degenerate window (can only happen at exact box boundaries): nearest pixel.
            first = std::min(in - 1, std::max(0, static_cast<int>(std::floor((i + 0.5) * scale))));
            w.assign(1, 1.0);
            sum = 1;
        }
        // Trim zero weights at both ends (cheaper loops; same result).
        std::size_t lo = 0, hi = w.size();
        while (hi - lo > 1 && w[lo] == 0) ++lo;
        while (hi - lo > 1 && w[hi - 1] == 0) --hi;
        t.first[i] = first + static_cast<int>(lo);
        t.count[i] = static_cast<int>(hi - lo);
        t.offset[i] = t.weights.size();
        for (std::size_t k = lo; k < hi; ++k) t.weights.push_back(static_cast<float>(w[k] / sum));
    }
    return t;
}

}  // namespace

const char* filter_name(ResizeFilter f) noexcept {
    switch (f) {
        case ResizeFilter::point: return "point";
        case ResizeFilter::box: return "box";
        case ResizeFilter::bilinear: return "bilinear";
        case ResizeFilter::bicubic: return "bicubic";
        case ResizeFilter::mitchell: return "mitchell";
        case ResizeFilter::catmull_rom: return "catmull_rom";
        case ResizeFilter::lanczos: return "lanczos";
        case ResizeFilter::area: return "area";
    }
    return "unknown";
}

ResizeFilter parse_filter(const std::string& name) {
    static const struct {
        const char* name;
        ResizeFilter filter;
    } names[] = {{"point", ResizeFilter::point},       {"nearest", ResizeFilter::point},
                 {"box", ResizeFilter::box},           {"bilinear", ResizeFilter::bilinear},
                 {"triangle", ResizeFilter::bilinear},
                 {"bicubic", ResizeFilter::bicubic},   {"cubic", ResizeFilter::bicubic},
                 {"mitchell", ResizeFilter::mitchell}, {"catmull_rom", ResizeFilter::catmull_rom},
                 {"catrom", ResizeFilter::catmull_rom}, {"lanczos", ResizeFilter::lanczos},
                 {"lanczos3", ResizeFilter::lanczos},  {"area", ResizeFilter::area}};
    for (const auto& n : names)
        if (name == n.name) return n.filter;
    throw Error(Status::invalid_argument,
                "unknown resize filter '" + name +
                    "' (expected point, box, bilinear, bicubic, mitchell, catmull_rom, lanczos or area)");
}

void fit_size(int width, int height, int long_side, int& out_width, int& out_height) {
    if (width <= 0 || height <= 0 || long_side <= 0)
        throw Error(Status::invalid_argument, "fit_size: sizes must be positive");
    const double f = static_cast<double>(long_side) / std::max(width, height);
    out_width = width >= height ? long_side : std::max(1, static_cast<int>(std::lround(width * f)));
    out_height = height > width ? long_side : std::max(1, static_cast<int>(std::lround(height * f)));
}

Image resize_by(const ImageView& image, double factor, const ResizeOptions& options) {
    check_view(image);
    if (!(factor > 0) || !std::isfinite(factor))
        throw Error(Status::invalid_argument, "resize_by: factor must be a positive number");
    const double w = std::round(image.width * factor), h = std::round(image.height * factor);
    if (w > 1e6 || h > 1e6) throw Error(Status::invalid_argument, "resize_by: result would be too large");
    return resize(image, std::max(1, static_cast<int>(w)), std::max(1, static_cast<int>(h)), options);
}

Image resize(const ImageView& image, int width, int height, const ResizeOptions& options) {
    check_view(image);
    if (width <= 0 || height <= 0 || width > 1'000'000 || height > 1'000'000)
        throw Error(Status::invalid_argument,
                    "resize: bad output size " + std::to_string(width) + "x" + std::to_string(height));
    if (static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) > 1'000'000'000ull)
        throw Error(Status::invalid_argument, "resize: output over 1e9 pixels");
    const int c = image.channels;
    const bool alpha = image.has_alpha();
    const int colour = alpha ? c - 1 : c;
    const int in_w = image.width, in_h = image.height;
    const float* to_lin = srgb_to_linear_table().data();

    // Source samples as floats in 0..1; colour premultiplied by alpha so transparent pixels don't bleed.
    std::vector<float> src(static_cast<std::size_t>(in_w) * in_h * c);
    for (int y = 0; y < in_h; ++y) {
        const std::uint8_t* p = image.row(y);
        float* s = src.data() + static_cast<std::size_t>(y) * in_w * c;
        for (int x = 0; x < in_w; ++x, p += c, s += c) {
            const float a = alpha ? p[c - 1] / 255.f : 1.f;
            for (int k = 0; k < colour; ++k) s[k] = (options.linear_light ? to_lin[p[k]] : p[k] / 255.f) * a;
            if (alpha) s[c - 1] = a;
        }
    }

    // Horizontal pass (skipped when the width is unchanged: resampling to the same size is identity).
    std::vector<float> mid;
    if (width != in_w) {
        const AxisTable t = make_table(in_w, width, options.filter);
        mid.assign(static_cast<std::size_t>(width) * in_h * c, 0.f);
        for (int y = 0; y < in_h; ++y) {
            const float* s = src.data() + static_cast<std::size_t>(y) * in_w * c;
            float* m = mid.data() + static_cast<std::size_t>(y) * width * c;
            for (int x = 0; x < width; ++x) {
                const float* w = t.weights.data() + t.offset[x];
                float acc[4] = {0, 0, 0, 0};
                for (int j = 0; j < t.count[x]; ++j) {
                    const float* sp = s + static_cast<std::size_t>(t.first[x] + j) * c;
                    for (int k = 0; k < c; ++k) acc[k] += w[j] * sp[k];
                }
                for (int k = 0; k < c; ++k) m[static_cast<std::size_t>(x) * c + k] = acc[k];
            }
        }
    } else {
        mid.swap(src);
    }

    // Vertical pass.
    std::vector<float> dst;
    const std::size_t row_len = static_cast<std::size_t>(width) * c;
    if (height != in_h) {
        const AxisTable t = make_table(in_h, height, options.filter);
        dst.assign(row_len * height, 0.f);
        for (int y = 0; y < height; ++y) {
            float* d = dst.data() + static_cast<std::size_t>(y) * row_len;
            const float* w = t.weights.data() + t.offset[y];
            for (int j = 0; j < t.count[y]; ++j) {
                const float* m = mid.data() + static_cast<std::size_t>(t.first[y] + j) * row_len;
                const float wj = w[j];
                for (std::size_t i = 0; i < row_len; ++i) d[i] += wj * m[i];
            }
        }
    } else {
        dst.swap(mid);
    }

    // Back to 8 bits: un-premultiply, clamp, round.
    Image out(width, height, c);
    for (int y = 0; y < height; ++y) {
        const float* d = dst.data() + static_cast<std::size_t>(y) * row_len;
        std::uint8_t* o = out.row(y);
        for (int x = 0; x < width; ++x, d += c, o += c) {
            float a = 1.f;
            if (alpha) {
                a = std::min(1.f, std::max(0.f, d[c - 1]));
                o[c - 1] = static_cast<std::uint8_t>(a * 255.f + 0.5f);
            }
            for (int k = 0; k < colour; ++k) {
                float v = alpha ? (a > 0.f ? d[k] / a : 0.f) : d[k];
                v = std::min(1.f, std::max(0.f, v));
                o[k] = options.linear_light ? linear_to_srgb8(v) : static_cast<std::uint8_t>(v * 255.f + 0.5f);
            }
        }
    }
    return out;
}

}  // namespace pristine::degrade
