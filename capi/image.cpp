// The pristine_image handle: decoding, probing and metadata through the C ABI.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "guard.hpp"
#include "pristine_image.h"
#include "pristine/io/image_io.hpp"

// The handle is the C++ result itself; the C side only ever sees a pointer to it.
struct pristine_image {
    pristine::Decoded decoded;
};

using pristine::capi::guarded;
using pristine::capi::require;

// pristine_format mirrors pristine::Format number for number.
static_assert(PRISTINE_FORMAT_UNKNOWN == static_cast<int>(pristine::Format::unknown), "format numbers differ");
static_assert(PRISTINE_FORMAT_JPEG == static_cast<int>(pristine::Format::jpeg), "format numbers differ");
static_assert(PRISTINE_FORMAT_PNG == static_cast<int>(pristine::Format::png), "format numbers differ");
static_assert(PRISTINE_FORMAT_GIF == static_cast<int>(pristine::Format::gif), "format numbers differ");
static_assert(PRISTINE_FORMAT_WEBP == static_cast<int>(pristine::Format::webp), "format numbers differ");
static_assert(PRISTINE_FORMAT_BMP == static_cast<int>(pristine::Format::bmp), "format numbers differ");
static_assert(PRISTINE_FORMAT_TGA == static_cast<int>(pristine::Format::tga), "format numbers differ");
static_assert(PRISTINE_FORMAT_PNM == static_cast<int>(pristine::Format::pnm), "format numbers differ");
static_assert(PRISTINE_FORMAT_PSD == static_cast<int>(pristine::Format::psd), "format numbers differ");
static_assert(PRISTINE_FORMAT_HDR == static_cast<int>(pristine::Format::hdr), "format numbers differ");
static_assert(PRISTINE_FORMAT_TIFF == static_cast<int>(pristine::Format::tiff), "format numbers differ");
static_assert(PRISTINE_FORMAT_HEIC == static_cast<int>(pristine::Format::heic), "format numbers differ");
static_assert(PRISTINE_FORMAT_AVIF == static_cast<int>(pristine::Format::avif), "format numbers differ");
static_assert(PRISTINE_FORMAT_JXL == static_cast<int>(pristine::Format::jxl), "format numbers differ");

namespace {

// Sizes of the structs as first published. Callers must pass at least these; freeze them when fields
// are appended (only appending keeps older callers working).
constexpr std::size_t k_info_v1_size = sizeof(pristine_image_info);
constexpr std::size_t k_options_v1_size = sizeof(pristine_decode_options);

int subsampling_code(const std::string& s) {
    if (s == "4:4:4") return PRISTINE_SUBSAMPLING_444;
    if (s == "4:2:2") return PRISTINE_SUBSAMPLING_422;
    if (s == "4:2:0") return PRISTINE_SUBSAMPLING_420;
    if (s == "4:4:0") return PRISTINE_SUBSAMPLING_440;
    if (s == "4:1:1") return PRISTINE_SUBSAMPLING_411;
    if (s == "grey") return PRISTINE_SUBSAMPLING_GREY;
    return PRISTINE_SUBSAMPLING_OTHER;
}

void check_struct_size(std::size_t given, std::size_t minimum, const char* function, const char* what) {
    if (given < minimum)
        throw pristine::Error(pristine::Status::invalid_argument,
                              std::string(function) + ": " + what + "->struct_size is " + std::to_string(given) +
                                  ", at least " + std::to_string(minimum) + " expected (set it to sizeof)");
}

// Fill as much of the caller's struct as its struct_size covers (a newer library, an older caller).
void write_info(const pristine::ImageInfo& in, pristine_image_info* out, const char* function) {
    require(out, function, "info");
    check_struct_size(out->struct_size, k_info_v1_size, function, "info");
    pristine_image_info full{};
    full.struct_size = out->struct_size;
    full.format = static_cast<int32_t>(in.format);
    full.width = in.width;
    full.height = in.height;
    full.display_width = in.display_width;
    full.display_height = in.display_height;
    full.frames = in.frames;
    full.bit_depth = in.bit_depth;
    full.channels = in.channels;
    full.has_alpha = in.has_alpha ? 1 : 0;
    full.palette = in.palette ? 1 : 0;
    full.orientation = in.orientation;
    full.jpeg_quality = -1;
    full.jpeg_subsampling = PRISTINE_SUBSAMPLING_NONE;
    if (in.jpeg) {
        full.jpeg_quality = in.jpeg->quality_estimate;
        full.jpeg_quality_exact = in.jpeg->quality_exact ? 1 : 0;
        full.jpeg_subsampling = subsampling_code(in.jpeg->subsampling);
        full.jpeg_progressive = in.jpeg->progressive ? 1 : 0;
        full.jpeg_components = in.jpeg->components;
    }
    full.file_size = in.file_size;
    std::memcpy(out, &full, std::min(out->struct_size, sizeof full));
}

// Read the fields the caller's struct has; the rest keep their defaults (an older caller).
pristine::DecodeOptions read_options(const pristine_decode_options* in, const char* function) {
    pristine::DecodeOptions o;
    if (in == nullptr) return o;
    check_struct_size(in->struct_size, k_options_v1_size, function, "options");
    pristine_decode_options full;
    pristine_decode_options_init(&full);
    std::memcpy(&full, in, std::min(in->struct_size, sizeof full));
    o.channels = full.channels;
    o.apply_orientation = full.apply_orientation != 0;
    o.scale_denom = full.scale_denom;
    o.background = {full.background[0], full.background[1], full.background[2]};
    o.max_pixels = full.max_pixels;
    return o;
}

}  // namespace

extern "C" {

PRISTINE_C_API const char* pristine_format_name(pristine_format format) {
    const int f = static_cast<int>(format);
    if (f < PRISTINE_FORMAT_UNKNOWN || f > PRISTINE_FORMAT_JXL) return "unknown";
    return pristine::format_name(static_cast<pristine::Format>(f));
}

PRISTINE_C_API void pristine_decode_options_init(pristine_decode_options* options) {
    if (options == nullptr) return;
    const pristine::DecodeOptions d;  // the C++ defaults are the single source of truth
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->channels = d.channels;
    options->apply_orientation = d.apply_orientation ? 1 : 0;
    options->scale_denom = d.scale_denom;
    options->background[0] = d.background[0];
    options->background[1] = d.background[1];
    options->background[2] = d.background[2];
    options->max_pixels = d.max_pixels;
}

PRISTINE_C_API pristine_status pristine_probe_file(const char* path, pristine_image_info* out) {
    return guarded([&] {
        require(path, "pristine_probe_file", "path");
        require(out, "pristine_probe_file", "info");
        write_info(pristine::probe_file(path), out, "pristine_probe_file");
    });
}

PRISTINE_C_API pristine_status pristine_probe_memory(const void* data, size_t size, pristine_image_info* out) {
    return guarded([&] {
        if (size != 0) require(data, "pristine_probe_memory", "data");
        require(out, "pristine_probe_memory", "info");
        write_info(pristine::probe_memory(static_cast<const std::uint8_t*>(data), size), out,
                   "pristine_probe_memory");
    });
}

PRISTINE_C_API pristine_status pristine_image_load_file(const char* path, const pristine_decode_options* options,
                                                        pristine_image** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        require(path, "pristine_image_load_file", "path");
        require(out, "pristine_image_load_file", "out");
        const auto o = read_options(options, "pristine_image_load_file");
        *out = new pristine_image{pristine::decode_file(path, o)};
    });
}

PRISTINE_C_API pristine_status pristine_image_load_memory(const void* data, size_t size,
                                                          const pristine_decode_options* options,
                                                          pristine_image** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        if (size != 0) require(data, "pristine_image_load_memory", "data");
        require(out, "pristine_image_load_memory", "out");
        const auto o = read_options(options, "pristine_image_load_memory");
        *out = new pristine_image{pristine::decode_memory(static_cast<const std::uint8_t*>(data), size, o)};
    });
}

PRISTINE_C_API void pristine_image_free(pristine_image* image) { delete image; }

PRISTINE_C_API int pristine_image_width(const pristine_image* image) {
    return image != nullptr ? image->decoded.image.width() : 0;
}

PRISTINE_C_API int pristine_image_height(const pristine_image* image) {
    return image != nullptr ? image->decoded.image.height() : 0;
}

PRISTINE_C_API int pristine_image_channels(const pristine_image* image) {
    return image != nullptr ? image->decoded.image.channels() : 0;
}

PRISTINE_C_API size_t pristine_image_stride(const pristine_image* image) {
    return image != nullptr ? static_cast<size_t>(image->decoded.image.stride()) : 0;
}

PRISTINE_C_API const uint8_t* pristine_image_pixels(const pristine_image* image) {
    return image != nullptr ? image->decoded.image.data() : nullptr;
}

PRISTINE_C_API pristine_status pristine_image_copy_pixels(const pristine_image* image, uint8_t* buffer, size_t size) {
    return guarded([&] {
        require(image, "pristine_image_copy_pixels", "image");
        require(buffer, "pristine_image_copy_pixels", "buffer");
        const pristine::Image& img = image->decoded.image;
        const std::size_t row = static_cast<std::size_t>(img.width()) * img.channels();
        const std::size_t needed = row * static_cast<std::size_t>(img.height());
        if (size < needed)
            throw pristine::Error(pristine::Status::invalid_argument,
                                  "pristine_image_copy_pixels: buffer has " + std::to_string(size) + " bytes, " +
                                      std::to_string(needed) + " needed");
        for (int y = 0; y < img.height(); ++y) std::memcpy(buffer + row * y, img.row(y), row);
    });
}

PRISTINE_C_API pristine_status pristine_image_get_info(const pristine_image* image, pristine_image_info* out) {
    return guarded([&] {
        require(image, "pristine_image_get_info", "image");
        write_info(image->decoded.info, out, "pristine_image_get_info");
    });
}

PRISTINE_C_API pristine_status pristine_image_count_colors(const pristine_image* image, uint64_t* out) {
    return guarded([&] {
        require(image, "pristine_image_count_colors", "image");
        require(out, "pristine_image_count_colors", "out");
        *out = pristine::count_colors(image->decoded.image.view());
    });
}

}  // extern "C"
