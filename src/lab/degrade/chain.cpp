// Runs a chain: pixel steps transform the current image; encoding steps write a file and decode it
// back, so every later step works on what a viewer of that file would see.
#include <algorithm>
#include <string>
#include <vector>

#include "lab/degrade/steps_internal.hpp"
#include "pristine/lab/degrade/chain.hpp"
#include "pristine/lab/degrade/distort.hpp"

namespace pristine::degrade {
namespace {

struct State {
    Image pixels;
    std::vector<std::uint8_t> bytes;
    Format format = Format::unknown;
};

void encoded(State& s, std::vector<std::uint8_t> bytes, Format format) {
    DecodeOptions opt;
    opt.channels = 0;  // as stored: grey stays grey, alpha only where the file has it
    opt.apply_orientation = false;
    opt.max_pixels = UINT64_MAX;
    s.pixels = decode_memory(bytes.data(), bytes.size(), opt).image;
    s.bytes = std::move(bytes);
    s.format = format;
}

struct Apply {
    State& s;
    void operator()(const CropStep& st) const { s.pixels = crop_fraction(s.pixels.view(), st.keep); }
    void operator()(const ShaveStep& st) const { s.pixels = shave(s.pixels.view(), st.pixels); }
    void operator()(const ResizeStep& st) const {
        const ResizeOptions o{st.filter, st.linear_light};
        s.pixels = st.width > 0 ? resize(s.pixels.view(), st.width, st.height, o) : resize_by(s.pixels.view(), st.scale, o);
    }
    void operator()(const FitStep& st) const {
        if (std::max(s.pixels.width(), s.pixels.height()) <= st.long_side) return;  // never enlarges
        int w = 0, h = 0;
        fit_size(s.pixels.width(), s.pixels.height(), st.long_side, w, h);
        s.pixels = resize(s.pixels.view(), w, h, ResizeOptions{st.filter, st.linear_light});
    }
    void operator()(const QuantizeStep& st) const { s.pixels = quantize(s.pixels.view(), st.colors, st.dither); }
    void operator()(const JpegStep& st) const {
        JpegEncodeOptions o;
        o.quality = st.quality;
        o.subsampling = st.subsampling;
        o.progressive = st.progressive;
        encoded(s, encode_jpeg(s.pixels.view(), o), Format::jpeg);
    }
    void operator()(const PngStep& st) const {
        PngEncodeOptions o;
        o.compression_level = st.level;
        encoded(s, encode_png(s.pixels.view(), o), Format::png);
    }
    void operator()(const GifStep& st) const {
        GifEncodeOptions o;
        o.max_colors = st.colors;
        o.dither = st.dither;
        encoded(s, encode_gif(s.pixels.view(), o), Format::gif);
    }
    void operator()(const WebpStep& st) const {
        WebpEncodeOptions o;
        o.lossless = st.lossless;
        o.quality = static_cast<float>(st.quality);
        encoded(s, encode_webp(s.pixels.view(), o), Format::webp);
    }
};

}  // namespace

DegradedCopy apply_chain(const ImageView& original, const std::vector<DegradeStep>& steps) {
    check_view(original);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        try {
            validate_step(steps[i]);
        } catch (const Error& e) {
            throw Error(e.status(), "step " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    State s;
    s.pixels = Image::copy_of(original);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        try {
            std::visit(Apply{s}, steps[i]);
        } catch (const Error& e) {
            throw Error(e.status(), "step " + std::to_string(i + 1) + " '" + format_step(steps[i]) + "': " + e.what());
        }
        if (!is_encoding(steps[i])) {
            s.bytes.clear();
            s.format = Format::unknown;
        }
    }
    DegradedCopy out;
    out.recipe = describe_steps(steps);
    if (steps.empty() || !is_encoding(steps.back())) {
        // The copy must be a file: a lossless PNG keeps the pixels exactly.
        const PngStep png;
        out.bytes = encode_png(s.pixels.view(), PngEncodeOptions{png.level});
        out.format = Format::png;
        out.pixels = std::move(s.pixels);
        out.recipe += (out.recipe.empty() ? "" : ">") + describe_step(png);
        return out;
    }
    out.bytes = std::move(s.bytes);
    out.format = s.format;
    out.pixels = std::move(s.pixels);
    return out;
}

}  // namespace pristine::degrade
