// Feature extraction of the generation-loss model (no libtorch): decode, sample blocks, metadata.
#include "models/features.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "pristine/blocks.hpp"
#include "pristine/dct.hpp"
#include "pristine/spectrum.hpp"

namespace pristine::nn {

namespace {

float log2f_safe(double v) { return static_cast<float>(std::log2(std::max(v, 1e-6))); }

double mean_of(const std::array<std::uint16_t, 64>& t) {
    double s = 0;
    for (const std::uint16_t q : t) s += q;
    return s / 64.0;
}

void fill_image_meta(const ImageView& rgb, const ImageInfo& info, std::vector<float>& m) {
    m.assign(k_image_meta_size, 0.f);
    const double pixels = static_cast<double>(rgb.width) * rgb.height;
    m[k_im_log_pixels] = log2f_safe(pixels) / 24.f;
    m[k_im_aspect] = log2f_safe(static_cast<double>(rgb.width) / rgb.height) / 4.f;
    m[k_im_bytes_per_px] = log2f_safe(static_cast<double>(info.file_size) / pixels) / 8.f;
    switch (info.format) {
        case Format::jpeg: m[k_im_fmt_jpeg] = 1; break;
        case Format::png: m[k_im_fmt_png] = 1; break;
        case Format::gif: m[k_im_fmt_gif] = 1; break;
        case Format::webp: m[k_im_fmt_webp] = 1; break;
        default: m[k_im_fmt_other] = 1; break;
    }
    m[k_im_log_colors] = log2f_safe(static_cast<double>(count_colors(rgb))) / 24.f;
    if (info.jpeg) {
        const JpegInfo& j = *info.jpeg;
        m[k_im_jpeg_quality] = j.quality_estimate > 0 ? j.quality_estimate / 100.f : 0.f;
        if (j.num_quant_tables > 0) m[k_im_luma_q] = log2f_safe(mean_of(j.quant_tables[0])) / 8.f;
        if (j.num_quant_tables > 1) m[k_im_chroma_q] = log2f_safe(mean_of(j.quant_tables[1])) / 8.f;
        if (j.subsampling == "4:4:4") m[k_im_sub_444] = 1;
        else if (j.subsampling == "4:2:2") m[k_im_sub_422] = 1;
        else if (j.subsampling == "4:2:0") m[k_im_sub_420] = 1;
        else m[k_im_sub_other] = 1;
        m[k_im_progressive] = j.progressive ? 1.f : 0.f;
        m[k_im_exact_ijg] = j.quality_exact ? 1.f : 0.f;
    }
    m[k_im_palette] = info.palette ? 1.f : 0.f;
    m[k_im_alpha] = info.has_alpha ? 1.f : 0.f;
    m[k_im_grey] = info.channels > 0 && info.channels <= 2 ? 1.f : 0.f;
}

// Zigzag positions 1..9 in natural order: the lowest AC frequencies, where a coarser earlier step
// leaves the clearest pattern (higher ones are mostly zero).
constexpr int k_low_ac[k_js_hist_freqs] = {1, 8, 16, 9, 2, 3, 10, 17, 24};

// The JPEG statistics of Features::global: the tables now, the double-quantisation histograms from
// the luma DCT of the grid blocks spectrum_stats visits (add() is its visitor, so each block is
// transformed once). Writes zeros for other formats.
class JpegStatsBuilder {
public:
    JpegStatsBuilder(const ImageInfo& info, float* out) : out_(out) {
        std::fill(out, out + k_jpeg_stats_size, 0.f);
        if (!info.jpeg || info.jpeg->num_quant_tables < 1) return;
        const JpegInfo& j = *info.jpeg;
        luma_q_ = &j.quant_tables[0];
        for (int k = 0; k < 64; ++k) {
            out[k_js_luma_q + k] = log2f_safe(std::max<int>(1, j.quant_tables[0][static_cast<std::size_t>(k)])) / 8.f;
            if (j.num_quant_tables > 1)
                out[k_js_chroma_q + k] = log2f_safe(std::max<int>(1, j.quant_tables[1][static_cast<std::size_t>(k)])) / 8.f;
        }
    }
    bool wanted() const { return luma_q_ != nullptr; }
    void add(const Block8f& c) {
        for (int f = 0; f < k_js_hist_freqs; ++f) {
            const auto pos = static_cast<std::size_t>(k_low_ac[f]);
            const double n = std::fabs(c[pos]) / std::max<int>(1, (*luma_q_)[pos]);
            const int bin = std::min(k_js_hist_bins - 1, static_cast<int>(std::lround(n)));
            out_[k_js_hist + f * k_js_hist_bins + bin] += 1.f;
        }
        ++blocks_;
    }
    void finish() {
        if (blocks_ > 0)
            for (int i = 0; i < k_js_hist_freqs * k_js_hist_bins; ++i) out_[k_js_hist + i] /= static_cast<float>(blocks_);
    }

private:
    float* out_;
    const std::array<std::uint16_t, 64>* luma_q_ = nullptr;
    double blocks_ = 0;
};

}  // namespace

Features compute_features(const ImageView& rgb, const ImageInfo& info, int blocks) {
    check_view(rgb);
    if (blocks < 1 || blocks > 4096)
        throw Error(Status::invalid_argument, "blocks per image must be 1..4096, got " + std::to_string(blocks));
    BlockSampleOptions o;
    o.max_blocks = blocks;
    o.channels = BlockChannels::ycbcr;
    const BlockSample s = sample_blocks(rgb, o);

    Features f;
    f.blocks = blocks;
    f.count = s.count;
    // The sampler's centred floats (v - 128) / 128 are exact for 8-bit v, so bytes lose nothing and the
    // training pool is 4x smaller; the model recentres them and computes the DCT itself.
    f.pixels.resize(s.pixels.size());
    for (std::size_t i = 0; i < s.pixels.size(); ++i)
        f.pixels[i] = static_cast<std::uint8_t>(std::lround(s.pixels[i] * 128.f + 128.f));
    f.block_meta = s.meta;
    f.present = s.present;
    fill_image_meta(rgb, info, f.image_meta);
    f.global.assign(k_global_size, 0.f);
    JpegStatsBuilder jpeg(info, f.global.data() + k_spectrum_size);
    const std::vector<float> spectrum =
        jpeg.wanted() ? spectrum_stats(rgb, [&](const Block8f& c) { jpeg.add(c); }) : spectrum_stats(rgb);
    std::copy(spectrum.begin(), spectrum.end(), f.global.begin());
    jpeg.finish();
    return f;
}

Features features_from_memory(const std::uint8_t* data, std::size_t size, int blocks) {
    const Decoded d = decode_memory(data, size);  // RGB, alpha on white, oriented
    return compute_features(d.image.view(), d.info, blocks);
}

Features features_from_file(const std::string& path, int blocks) {
    const std::vector<std::uint8_t> bytes = read_file(path);
    return features_from_memory(bytes.data(), bytes.size(), blocks);
}

Features features_from_pixels(const ImageView& image, int blocks) {
    check_view(image);
    const std::vector<std::uint8_t> png = encode_png(image);
    return features_from_memory(png.data(), png.size(), blocks);
}

}  // namespace pristine::nn
