// Decoding and preprocessing for the embedder (see embedder_input.hpp).
#include "models/embedder_input.hpp"

#include <algorithm>
#include <cmath>

#include "pristine/io/image_io.hpp"
#include "pristine/resize.hpp"

namespace pristine::nn {

namespace {

// The largest libjpeg DCT reduction (1/8, 1/4, 1/2) whose smaller side still reaches `need`.
int scale_denom_for(const ImageInfo& info, int need) {
    if (info.format != Format::jpeg) return 1;
    const int side = std::min(info.width, info.height);
    for (int d : {8, 4, 2})
        if ((side + d - 1) / d >= need) return d;
    return 1;
}

DecodeOptions reduced(const ImageInfo& info, const EmbedderInput& input) {
    DecodeOptions o;
    o.channels = 3;
    o.scale_denom = scale_denom_for(info, std::max(input.width, input.height));
    return o;
}

// Three float planes (RGB) of any 8-bit view, alpha composited on white.
std::array<PlaneF, 3> rgb_planes(const ImageView& v, int x0, int y0, int w, int h) {
    std::array<PlaneF, 3> p{PlaneF(h, w), PlaneF(h, w), PlaneF(h, w)};
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* s = v.pixel(x0, y0 + y);
        for (int x = 0; x < w; ++x, s += v.channels) {
            float rgb[3];
            if (v.channels <= 2) {
                rgb[0] = rgb[1] = rgb[2] = s[0];
            } else {
                rgb[0] = s[0];
                rgb[1] = s[1];
                rgb[2] = s[2];
            }
            if (v.has_alpha()) {
                const float a = s[v.channels - 1] / 255.0f;
                for (float& c : rgb) c = c * a + 255.0f * (1.0f - a);
            }
            for (int c = 0; c < 3; ++c) p[c](y, x) = rgb[c];
        }
    }
    return p;
}

// Bilinear resampling: source coordinate (o + 0.5) · in / out − 0.5 (pixel centres), or with
// align_corners o · (in − 1) / (out − 1); clamped to the input.
PlaneF resize_bilinear(const PlaneF& in, int width, int height, bool align_corners) {
    const int W = static_cast<int>(in.cols()), H = static_cast<int>(in.rows());
    PlaneF out(height, width);
    const auto taps = [align_corners](int o, int n_in, int n_out, int& i0, int& i1, float& f) {
        float s = align_corners
                      ? (n_out > 1 ? static_cast<float>(o) * static_cast<float>(n_in - 1) / static_cast<float>(n_out - 1) : 0.0f)
                      : (static_cast<float>(o) + 0.5f) * static_cast<float>(n_in) / static_cast<float>(n_out) - 0.5f;
        s = std::clamp(s, 0.0f, static_cast<float>(n_in - 1));
        i0 = static_cast<int>(std::floor(s));
        i1 = std::min(i0 + 1, n_in - 1);
        f = s - static_cast<float>(i0);
    };
    for (int y = 0; y < height; ++y) {
        int y0, y1;
        float fy;
        taps(y, H, height, y0, y1, fy);
        for (int x = 0; x < width; ++x) {
            int x0, x1;
            float fx;
            taps(x, W, width, x0, x1, fx);
            const float top = in(y0, x0) + (in(y0, x1) - in(y0, x0)) * fx;
            const float bottom = in(y1, x0) + (in(y1, x1) - in(y1, x0)) * fx;
            out(y, x) = top + (bottom - top) * fy;
        }
    }
    return out;
}

}  // namespace

Image decode_for_embedder(const ImageSource& source, const EmbedderInput& input) {
    switch (source.kind) {
        case ImageSource::Kind::path:
            // The header first (a few bytes): the DCT scale depends on the size.
            return decode_file(source.path, reduced(probe_file(source.path), input)).image;
        case ImageSource::Kind::bytes:
            if (source.data == nullptr && source.size > 0) throw Error(Status::invalid_argument, "embed: null data");
            return decode_memory(source.data, source.size, reduced(probe_memory(source.data, source.size), input))
                .image;
        case ImageSource::Kind::pixels: {
            check_view(source.pixels);
            Image copy(source.pixels.width, source.pixels.height, source.pixels.channels);
            for (int y = 0; y < copy.height(); ++y)
                std::copy_n(source.pixels.row(y), static_cast<std::size_t>(copy.width()) * copy.channels(),
                            copy.data() + y * copy.stride());
            return copy;
        }
    }
    throw Error(Status::invalid_argument, "embed: unknown source kind");
}

std::vector<float> embedder_tensor(const ImageView& image, const EmbedderInput& input) {
    check_view(image);
    int x0 = 0, y0 = 0, w = image.width, h = image.height;
    if (input.fit == EmbedderInput::Fit::center_crop) {
        // The largest centred region with the input's proportions.
        const double want = static_cast<double>(input.width) / input.height;
        if (static_cast<double>(w) / h > want) {
            w = std::max(1, static_cast<int>(std::lround(h * want)));
            x0 = (image.width - w) / 2;
        } else {
            h = std::max(1, static_cast<int>(std::lround(w / want)));
            y0 = (image.height - h) / 2;
        }
    }
    const std::array<PlaneF, 3> planes = rgb_planes(image, x0, y0, w, h);
    const std::size_t n = static_cast<std::size_t>(input.width) * input.height;
    std::vector<float> tensor(3 * n);
    for (int c = 0; c < 3; ++c) {
        const PlaneF r = input.filter == EmbedderInput::Filter::area
                             ? resize_area(planes[c], input.width, input.height)
                             : resize_bilinear(planes[c], input.width, input.height, input.align_corners);
        const float* src = r.data();
        float* dst = tensor.data() + c * n;
        for (std::size_t i = 0; i < n; ++i) dst[i] = (src[i] * input.scale - input.mean[c]) / input.std[c];
    }
    return tensor;
}

}  // namespace pristine::nn
