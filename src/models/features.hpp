// Inputs of the generation-loss model, computed without libtorch: the sampled blocks of an image
// (pristine/blocks.hpp) packed compactly, plus a vector of image-level metadata.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pristine/image.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/spectrum.hpp"

namespace pristine::nn {

/// Bumped whenever the meaning or order of any feature changes; stored in model files, which refuse
/// a mismatch (a model trained on other features would score garbage).
constexpr int k_feature_version = 2;  // 2: Features::global (whole-image DCT and JPEG statistics)

/// Index of each value of Features::image_meta.
enum ImageMeta : int {
    k_im_log_pixels = 0,   ///< log2(width * height) / 24
    k_im_aspect = 1,       ///< log2(width / height) / 4
    k_im_bytes_per_px = 2, ///< log2(file_size / (width * height)) / 8
    k_im_fmt_jpeg = 3,     ///< format one-hot: jpeg, png, gif, webp, other
    k_im_fmt_png = 4,
    k_im_fmt_gif = 5,
    k_im_fmt_webp = 6,
    k_im_fmt_other = 7,
    k_im_log_colors = 8,   ///< log2(distinct colours) / 24
    k_im_jpeg_quality = 9, ///< estimated IJG quality / 100 (0 when not JPEG)
    k_im_luma_q = 10,      ///< log2(mean luma quantiser) / 8 (0 when not JPEG)
    k_im_chroma_q = 11,    ///< log2(mean chroma quantiser) / 8 (0 when not JPEG or grey)
    k_im_sub_444 = 12,     ///< chroma subsampling one-hot (all 0 when not JPEG)
    k_im_sub_422 = 13,
    k_im_sub_420 = 14,
    k_im_sub_other = 15,   ///< grey JPEG, 4:4:0, 4:1:1, ...
    k_im_progressive = 16,
    k_im_exact_ijg = 17,   ///< the quant tables are exactly IJG's scaled tables
    k_im_palette = 18,
    k_im_alpha = 19,
    k_im_grey = 20,
    k_image_meta_size = 21,
};

/// The continuous entries of ImageMeta that training jitters (they nearly identify an image).
constexpr int k_jittered_meta[] = {k_im_log_pixels, k_im_aspect, k_im_bytes_per_px, k_im_log_colors};

/// JPEG statistics of Features::global (all zero for other formats), after spectrum_stats' values:
/// the quantisation tables, and histograms that show double quantisation. A JPEG re-saved from an
/// earlier JPEG keeps the earlier, coarser quantisation: its coefficients, in units of the file's
/// own steps, crowd on multiples of the ratio of the two steps and leave gaps between.
enum JpegStats : int {
    k_js_luma_q = 0,       ///< 64: log2(luma quantiser) / 8, natural order
    k_js_chroma_q = 64,    ///< 64: log2(chroma quantiser) / 8 (0 for grey JPEGs)
    k_js_hist = 128,       ///< k_js_hist_freqs x k_js_hist_bins: fraction of grid blocks whose luma
                           ///< coefficient / step rounds to |n| = bin (the last bin: n >= bins - 1)
    k_js_hist_freqs = 9,   ///< the first 9 AC frequencies in zigzag order
    k_js_hist_bins = 12,
    k_jpeg_stats_size = 128 + 9 * 12,
};
constexpr int k_global_size = k_spectrum_size + k_jpeg_stats_size;

/// Values per block in Features::pixels: Y, Cb, Cr planes of 8 x 8.
constexpr int k_block_values = 3 * 64;

/// One image's model input. `blocks` slots; slots >= count are absent (zeros, present = 0).
struct Features {
    int blocks = 0;
    int count = 0;
    std::vector<std::uint8_t> pixels;  ///< [blocks][3][8][8] libjpeg Y, Cb, Cr (0..255), entropy order
    std::vector<float> block_meta;     ///< [blocks][k_block_meta_size] (pristine/blocks.hpp BlockMeta)
    std::vector<std::uint8_t> present; ///< [blocks]
    std::vector<float> image_meta;     ///< [k_image_meta_size]
    std::vector<float> global;         ///< [k_global_size]: spectrum_stats, then the JPEG statistics
};

/// Features of decoded RGB pixels with the metadata of the file they came from.
/// `info.file_size`, `info.format` and `info.jpeg` feed the metadata. Throws Error(invalid_argument).
Features compute_features(const ImageView& rgb, const ImageInfo& info, int blocks);

/// Decode (RGB, alpha composited on white, EXIF orientation applied) and compute features.
/// Throws the decoder's Error (io_error, unsupported_format, corrupt_data, too_large).
Features features_from_memory(const std::uint8_t* data, std::size_t size, int blocks);
Features features_from_file(const std::string& path, int blocks);

/// Features of pixels described as a losslessly stored copy: the pixels are encoded as PNG (level 6,
/// what training's lossless copies use) so that the file-size and colour metadata are those the model
/// saw in training. Slower than scoring a file (one PNG encode). Throws Error(invalid_argument).
Features features_from_pixels(const ImageView& image, int blocks);

}  // namespace pristine::nn
