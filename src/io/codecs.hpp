// Internal interface between the format dispatcher (load.cpp) and the per-format codecs.
// Not installed. Every function throws pristine::Error; none prints.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pristine/io/image_io.hpp"

namespace pristine::io {

// ---- per-format probes and decoders (data/size is the whole file)
ImageInfo probe_jpeg(const std::uint8_t* data, std::size_t size);
Decoded decode_jpeg(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_png(const std::uint8_t* data, std::size_t size);
Decoded decode_png(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_gif(const std::uint8_t* data, std::size_t size);
Decoded decode_gif(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);
Animation decode_gif_frames(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_webp(const std::uint8_t* data, std::size_t size);
Decoded decode_webp(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);
Animation decode_webp_frames(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_tiff(const std::uint8_t* data, std::size_t size);
Decoded decode_tiff(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_heic(const std::uint8_t* data, std::size_t size);
Decoded decode_heic(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_avif(const std::uint8_t* data, std::size_t size);
Decoded decode_avif(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

ImageInfo probe_jxl(const std::uint8_t* data, std::size_t size);
Decoded decode_jxl(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

/// BMP, TGA, PNM, PSD, HDR through stb_image.
ImageInfo probe_stb(const std::uint8_t* data, std::size_t size, Format format);
Decoded decode_stb(const std::uint8_t* data, std::size_t size, Format format, const DecodeOptions& options);

// ---- shared pixel helpers (pixels.cpp)

/// Throws Error(invalid_argument) for options out of range.
void check_options(const DecodeOptions& options);

/// Throws Error(too_large) when width*height exceeds options.max_pixels, Error(corrupt_data) for a
/// zero or negative dimension. Call it with header dimensions before allocating pixels.
void check_dimensions(std::int64_t width, std::int64_t height, const DecodeOptions& options);

/// Convert decoded pixels (1..4 channels) to what options.channels asks for: alpha composited over
/// options.background when it is dropped; grey made by BT.601 luma; RGB replicated from grey.
Image convert_channels(Image image, const DecodeOptions& options);

/// Rotate/flip pixels so that an image with EXIF orientation 1..8 is as displayed. 1 returns the input.
Image apply_orientation(Image image, int orientation);

/// Colour samples divided by alpha (the last channel of a 2- or 4-channel image), rounded; for codecs
/// that hand over premultiplied pixels, so that every decoder returns straight alpha.
void unpremultiply(Image& image);

/// Fills width/height/display_* from the stored size and the orientation (display swapped for 5..8).
void set_oriented_size(ImageInfo& info, std::int64_t width, std::int64_t height, int orientation);

/// EXIF orientation (1..8) from a TIFF-structured EXIF payload (starting at "II*\0" or "MM\0*");
/// 1 when absent or unreadable (a broken EXIF block never fails a decode).
int exif_orientation(const std::uint8_t* tiff, std::size_t size) noexcept;

}  // namespace pristine::io
