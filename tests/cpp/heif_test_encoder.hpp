// Writes HEIF files (HEVC or AV1) with libheif, for the HEIC and AVIF tests: RGB or RGBA 8-bit input,
// lossy or lossless, with an orientation that libheif stores as irot/imir boxes.
#pragma once

#include <libheif/heif.h>

#include <cstring>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/image.hpp"

namespace heif_test {

struct EncodeOptions {
    heif_compression_format codec = heif_compression_HEVC;
    int quality = 90;
    bool lossless = false;  // also RGB stored as GBR 4:4:4 (matrix 0), so that pixels survive exactly
    int orientation = 1;    // EXIF 1..8
};

inline heif_error append(heif_context*, const void* data, std::size_t size, void* user) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(user);
    const auto* p = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), p, p + size);
    return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
}

inline void require_ok(const heif_error& e) {
    INFO(e.message);
    REQUIRE(e.code == heif_error_Ok);
}

inline std::vector<std::uint8_t> encode(const pristine::Image& src, const EncodeOptions& o = {}) {
    REQUIRE((src.channels() == 3 || src.channels() == 4));
    const bool alpha = src.channels() == 4;
    heif_context* ctx = heif_context_alloc();
    heif_encoder* enc = nullptr;
    require_ok(heif_context_get_encoder_for_format(ctx, o.codec, &enc));
    heif_encoder_set_logging_level(enc, 0);
    if (o.lossless) {
        require_ok(heif_encoder_set_lossless(enc, 1));
        heif_encoder_set_parameter(enc, "chroma", "444");
    } else {
        require_ok(heif_encoder_set_lossy_quality(enc, o.quality));
    }
    heif_image* img = nullptr;
    require_ok(heif_image_create(src.width(), src.height(), heif_colorspace_RGB,
                                 alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, &img));
    require_ok(heif_image_add_plane(img, heif_channel_interleaved, src.width(), src.height(), 8));
    int stride = 0;
    std::uint8_t* plane = heif_image_get_plane(img, heif_channel_interleaved, &stride);
    for (int y = 0; y < src.height(); ++y)
        std::memcpy(plane + static_cast<std::ptrdiff_t>(y) * stride, src.row(y), static_cast<std::size_t>(src.stride()));
    heif_color_profile_nclx* nclx = nullptr;
    if (o.lossless) {
        nclx = heif_nclx_color_profile_alloc();
        nclx->matrix_coefficients = heif_matrix_coefficients_RGB_GBR;
        nclx->full_range_flag = 1;
        require_ok(heif_image_set_nclx_color_profile(img, nclx));
    }
    heif_encoding_options* eo = heif_encoding_options_alloc();
    eo->image_orientation = static_cast<heif_orientation>(o.orientation);
    if (nclx != nullptr) eo->output_nclx_profile = nclx;
    require_ok(heif_context_encode_image(ctx, img, enc, eo, nullptr));
    std::vector<std::uint8_t> out;
    heif_writer writer{1, append};
    require_ok(heif_context_write(ctx, &writer, &out));
    heif_encoding_options_free(eo);
    if (nclx != nullptr) heif_nclx_color_profile_free(nclx);
    heif_image_release(img);
    heif_encoder_release(enc);
    heif_context_free(ctx);
    return out;
}

/// libheif's own decode of a file (transforms applied), as 8-bit RGB(A), for cross-checks.
inline pristine::Image libheif_decode(const std::vector<std::uint8_t>& file, bool alpha) {
    heif_context* ctx = heif_context_alloc();
    require_ok(heif_context_read_from_memory_without_copy(ctx, file.data(), file.size(), nullptr));
    heif_image_handle* h = nullptr;
    require_ok(heif_context_get_primary_image_handle(ctx, &h));
    heif_image* img = nullptr;
    require_ok(heif_decode_image(h, &img, heif_colorspace_RGB,
                                 alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, nullptr));
    const int w = heif_image_get_width(img, heif_channel_interleaved);
    const int hh = heif_image_get_height(img, heif_channel_interleaved);
    pristine::Image out(w, hh, alpha ? 4 : 3);
    int stride = 0;
    const std::uint8_t* plane = heif_image_get_plane_readonly(img, heif_channel_interleaved, &stride);
    for (int y = 0; y < hh; ++y)
        std::memcpy(out.row(y), plane + static_cast<std::ptrdiff_t>(y) * stride, static_cast<std::size_t>(out.stride()));
    heif_image_release(img);
    heif_image_handle_release(h);
    heif_context_free(ctx);
    return out;
}

}  // namespace heif_test
