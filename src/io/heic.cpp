// HEIC (HEVC in HEIF) through libheif: the primary image, with its transforms.
//
// libheif applies the clean aperture (clap), rotation (irot) and mirror (imir) of the primary image;
// pristine reads irot/imir itself (bmff.cpp) to report them as an EXIF orientation, and undoes them
// when DecodeOptions::apply_orientation is off, so HEIC behaves like every other format. An EXIF
// orientation inside a HEIC is informative only (the HEIF rules) and is not applied.
#include <libheif/heif.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "io/bmff.hpp"
#include "io/codecs.hpp"

namespace pristine::io {

namespace {

struct ContextFree {
    void operator()(heif_context* c) const noexcept { heif_context_free(c); }
};
struct HandleRelease {
    void operator()(heif_image_handle* h) const noexcept { heif_image_handle_release(h); }
};
struct ImageRelease {
    void operator()(heif_image* i) const noexcept { heif_image_release(i); }
};
struct OptionsFree {
    void operator()(heif_decoding_options* o) const noexcept { heif_decoding_options_free(o); }
};

[[noreturn]] void fail(const heif_error& e, const char* stage) {
    Status status = Status::corrupt_data;
    switch (e.code) {
        case heif_error_Unsupported_filetype:
        case heif_error_Unsupported_feature: status = Status::unsupported_format; break;
        case heif_error_Memory_allocation_error: status = Status::out_of_memory; break;
        case heif_error_Usage_error: status = Status::internal; break;
        default: break;  // invalid input, decoder errors: broken or truncated data
    }
    throw Error(status, std::string("HEIC ") + stage + " failed: " + (e.message ? e.message : "unknown error"));
}

void check(const heif_error& e, const char* stage) {
    if (e.code != heif_error_Ok) fail(e, stage);
}

// The parsed file and its primary image. `data` must outlive it (libheif reads it in place).
struct Primary {
    std::unique_ptr<heif_context, ContextFree> context;
    std::unique_ptr<heif_image_handle, HandleRelease> handle;
    BmffPrimary boxes;
    ImageInfo info;
};

Primary open_primary(const std::uint8_t* data, std::size_t size) {
    Primary p;
    p.context.reset(heif_context_alloc());
    if (!p.context) throw Error(Status::out_of_memory, "cannot allocate a libheif context");
    // Files are decoded in parallel by the batch executor: no extra threads per file.
    heif_context_set_max_decoding_threads(p.context.get(), 0);
    check(heif_context_read_from_memory_without_copy(p.context.get(), data, size, nullptr), "header read");
    heif_image_handle* handle = nullptr;
    check(heif_context_get_primary_image_handle(p.context.get(), &handle), "header read");
    p.handle.reset(handle);
    p.boxes = bmff_primary(data, size);

    ImageInfo& info = p.info;
    info.format = Format::heic;
    const int o = p.boxes.orientation;
    // libheif reports the size after all transforms; the stored size is that before the rotation.
    const int shown_w = heif_image_handle_get_width(handle), shown_h = heif_image_handle_get_height(handle);
    const bool swap = o >= 5;
    set_oriented_size(info, swap ? shown_h : shown_w, swap ? shown_w : shown_h, o);
    const int luma_bits = heif_image_handle_get_luma_bits_per_pixel(handle);
    info.bit_depth = luma_bits > 0 ? luma_bits : 8;
    info.has_alpha = heif_image_handle_has_alpha_channel(handle) != 0;
    info.channels = info.has_alpha ? 4 : 3;
    info.frames = std::max(1, heif_context_get_number_of_top_level_images(p.context.get()));
    return p;
}

}  // namespace

ImageInfo probe_heic(const std::uint8_t* data, std::size_t size) { return open_primary(data, size).info; }

Decoded decode_heic(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    // The coded size (ispe) is what libheif allocates: check it before libheif reads anything else.
    const BmffPrimary boxes = bmff_primary(data, size);
    if (boxes.ispe_width != 0 && boxes.ispe_height != 0) check_dimensions(boxes.ispe_width, boxes.ispe_height, options);
    Primary p = open_primary(data, size);
    check_dimensions(p.info.width, p.info.height, options);
    if (!heif_have_decoder_for_format(heif_compression_HEVC))
        throw Error(Status::unsupported_format, "HEIC decode failed: libheif has no HEVC decoder");

    std::unique_ptr<heif_decoding_options, OptionsFree> opts(heif_decoding_options_alloc());
    if (!opts) throw Error(Status::out_of_memory, "cannot allocate libheif decoding options");
    opts->convert_hdr_to_8bit = 1;  // 10- and 12-bit images arrive as 8-bit samples
    opts->strict_decoding = 1;      // broken data is an error, not a warning beside a damaged picture
    const bool alpha = p.info.has_alpha;
    heif_image* raw = nullptr;
    check(heif_decode_image(p.handle.get(), &raw, heif_colorspace_RGB,
                            alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, opts.get()),
          "decode");
    std::unique_ptr<heif_image, ImageRelease> decoded(raw);

    int stride = 0;
    const std::uint8_t* plane = heif_image_get_plane_readonly(raw, heif_channel_interleaved, &stride);
    const int w = heif_image_get_width(raw, heif_channel_interleaved);
    const int h = heif_image_get_height(raw, heif_channel_interleaved);
    const int channels = alpha ? 4 : 3;
    if (plane == nullptr || heif_image_get_bits_per_pixel_range(raw, heif_channel_interleaved) != 8 ||
        w != p.info.display_width || h != p.info.display_height || stride < w * channels)
        throw Error(Status::internal, "libheif returned an unexpected pixel layout");
    Image image(w, h, channels);
    for (int y = 0; y < h; ++y)
        std::memcpy(image.row(y), plane + static_cast<std::ptrdiff_t>(y) * stride, static_cast<std::size_t>(w) * channels);
    if (alpha && heif_image_is_premultiplied_alpha(raw)) unpremultiply(image);  // the state of these pixels
    decoded.reset();
    // libheif has applied irot/imir: turn back to the stored pixels when they are asked for.
    if (!options.apply_orientation) image = apply_orientation(std::move(image), inverse_orientation(p.info.orientation));

    Decoded out;
    out.info = p.info;
    out.image = convert_channels(std::move(image), options);
    return out;
}

}  // namespace pristine::io
