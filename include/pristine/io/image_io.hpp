// Image input/output of the compiled library (libpristine): decoding, metadata, encoding.
// Every function here is thread-safe (no shared mutable state) and reports failure by throwing
// pristine::Error with a status and a message naming the problem; nothing is printed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// Container formats, detected from the magic bytes (never from a file name). The numbers are part of
/// the C ABI (pristine_format); new formats are only appended.
enum class Format { unknown = 0, jpeg, png, gif, webp, bmp, tga, pnm, psd, hdr, tiff, heic, avif, jxl };

/// Lower-case name ("jpeg", "png", ...; "unknown").
PRISTINE_API const char* format_name(Format f) noexcept;

/// The format of a file's first bytes; Format::unknown when none matches. TGA has no magic, so it is
/// only reported when `size` covers a plausible TGA header and no other format matched.
PRISTINE_API Format detect_format(const std::uint8_t* data, std::size_t size) noexcept;

/// Facts a JPEG header gives.
struct JpegInfo {
    int components = 0;                ///< 1 = grey, 3 = YCbCr (or RGB), 4 = CMYK/YCCK
    std::string subsampling;           ///< "4:4:4", "4:2:2", "4:2:0", "4:4:0", "4:1:1", "grey" or "other"
    bool progressive = false;
    bool arithmetic = false;
    int num_quant_tables = 0;
    std::array<std::array<std::uint16_t, 64>, 4> quant_tables{};  ///< natural (row-major) order
    /// Estimated IJG quality (1..100) that would produce these tables, from the luma table
    /// (and chroma where present); -1 when no table is present.
    int quality_estimate = -1;
    /// True when the tables are exactly IJG tables scaled for `quality_estimate`.
    bool quality_exact = false;
};

/// Metadata of an image. Width and height are the stored dimensions; `display_width/height` are after
/// the EXIF orientation (swapped for orientations 5..8). TIFF's Orientation tag, the rotation and mirror
/// of HEIC and AVIF (irot/imir) and JPEG XL's orientation are reported as the EXIF orientation they equal.
struct ImageInfo {
    Format format = Format::unknown;
    int width = 0;
    int height = 0;
    int display_width = 0;
    int display_height = 0;
    std::uint64_t file_size = 0;  ///< bytes of the whole file / buffer
    /// Frames of an animation (GIF, WebP, JPEG XL, AVIF sequence), pages of a TIFF, top-level images of a
    /// HEIC; 1 for a still image.
    int frames = 1;
    /// Bits per sample as stored (1..16; 32 for HDR and 32-bit TIFF samples, 64 for 64-bit TIFF floats;
    /// palette images: bits per index, GIF 1..8).
    int bit_depth = 8;
    int channels = 0;             ///< stored colour channels including alpha (1..4)
    bool has_alpha = false;       ///< an alpha channel or a transparent palette entry (tRNS / GIF)
    bool palette = false;         ///< stored as indices into a palette
    int orientation = 1;          ///< EXIF orientation 1..8 (1 when absent)
    std::optional<JpegInfo> jpeg; ///< present for JPEG files
};

/// Options of every decode call.
struct DecodeOptions {
    /// Output channels: 3 = RGB (default), 1 = grey (BT.601 luma; for JPEG the decoder's own Y),
    /// 4 = RGBA (alpha kept, not composited), 0 = as stored (1, 3 or 4 — grey stays grey,
    /// alpha is kept only if present).
    int channels = 3;
    /// Colour under transparent pixels when alpha is not kept (default white).
    std::array<std::uint8_t, 3> background{255, 255, 255};
    /// Apply the orientation so that pixels are as displayed (JPEG's EXIF, WebP/PNG eXIf when present,
    /// TIFF's Orientation tag, HEIC/AVIF irot/imir, JPEG XL's orientation). False gives the pixels as stored.
    bool apply_orientation = true;
    /// JPEG only: decode at 1/scale_denom of the size through libjpeg's DCT scaling (1, 2, 4 or 8).
    /// Other formats ignore it. Output dimensions are ceil(dim / scale_denom) for JPEG.
    int scale_denom = 1;
    /// JPEG only, with scale_denom == 8 and grey output (channels == 1 or a grey file): for a
    /// progressive file, decode the DC scans only. At 1/8 scale every 8 x 8 block becomes one
    /// pixel computed from its DC coefficient alone, so the pixels equal those of a full decode at
    /// 1/8, while the AC scans (most of the file) are skipped by their markers without being
    /// entropy-decoded, and reading stops once the luma DC is complete. Damage inside the skipped
    /// scans goes unnoticed; a file cut short before its DC is complete still fails.
    /// Ignored in every other case (baseline files, other scales, colour output).
    bool progressive_dc_only = false;
    /// Refuse images with more pixels than this (checked from the header before any large allocation).
    std::uint64_t max_pixels = 100'000'000;
};

/// A decoded still image (the first frame of an animation) and its metadata.
struct Decoded {
    Image image;
    ImageInfo info;
};

/// All frames of an animation, each composited onto the full canvas as a viewer shows it.
struct Animation {
    std::vector<Image> frames;
    std::vector<int> durations_ms;  ///< display time of each frame
    int loop_count = 0;             ///< 0 = forever
    ImageInfo info;
};

/// Metadata without decoding the pixels (header parse only where the format allows).
/// Throws Error: io_error (cannot read), unsupported_format, corrupt_data.
PRISTINE_API ImageInfo probe_file(const std::string& path);
PRISTINE_API ImageInfo probe_memory(const std::uint8_t* data, std::size_t size);

/// Decode the image (first frame of an animation, first page of a TIFF, primary image of a HEIC) from a
/// file or memory.
/// Throws Error: io_error, unsupported_format, corrupt_data (truncated or broken data),
/// too_large (over options.max_pixels), invalid_argument (bad options).
PRISTINE_API Decoded decode_file(const std::string& path, const DecodeOptions& options = {});
PRISTINE_API Decoded decode_memory(const std::uint8_t* data, std::size_t size, const DecodeOptions& options = {});

/// Decode every frame (GIF and WebP animations; other formats give one frame: the image decode_* gives).
/// Same errors as decode_*.
PRISTINE_API Animation decode_frames_file(const std::string& path, const DecodeOptions& options = {});
PRISTINE_API Animation decode_frames_memory(const std::uint8_t* data, std::size_t size,
                                            const DecodeOptions& options = {});

/// Exact number of distinct RGB colours in a view (alpha ignored; grey counts grey levels).
PRISTINE_API std::uint64_t count_colors(const ImageView& view);

/// Read a whole file. Throws Error(io_error) naming the path and the system's reason.
PRISTINE_API std::vector<std::uint8_t> read_file(const std::string& path);
/// Write a whole file (replaces it). Throws Error(io_error).
PRISTINE_API void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes);

// ---------------------------------------------------------------- encoders

enum class ChromaSubsampling { s444, s422, s420 };

struct JpegEncodeOptions {
    int quality = 90;  ///< 1..100, IJG scaling of the standard tables
    ChromaSubsampling subsampling = ChromaSubsampling::s420;
    bool progressive = false;
    bool optimize_coding = false;
};

struct PngEncodeOptions {
    int compression_level = 6;  ///< zlib level 0..9
};

using Rgb = std::array<std::uint8_t, 3>;

/// How pixels are mapped to a palette: nearest colour, Floyd–Steinberg error diffusion, or an 8x8
/// ordered (Bayer) dither.
enum class Dither { none, floyd_steinberg, ordered };

struct GifEncodeOptions {
    /// Colours of the palette the library builds (2..256). Ignored when `palette` is given.
    int max_colors = 256;
    /// Dithering while mapping pixels to the palette.
    Dither dither = Dither::none;
    /// A palette of 1..256 colours to use instead of building one.
    std::vector<Rgb> palette;
};

struct WebpEncodeOptions {
    bool lossless = false;
    float quality = 75.f;  ///< 0..100 (lossy quality, or effort for lossless)
};

/// Encoders take grey, grey+alpha, RGB or RGBA views; alpha is kept where the format can store it
/// (PNG, WebP; GIF: fully transparent pixels become the transparent index). Throws Error(invalid_argument)
/// for a bad view or option, Error(internal) if the codec fails.
PRISTINE_API std::vector<std::uint8_t> encode_jpeg(const ImageView& image, const JpegEncodeOptions& options = {});
PRISTINE_API std::vector<std::uint8_t> encode_png(const ImageView& image, const PngEncodeOptions& options = {});
PRISTINE_API std::vector<std::uint8_t> encode_gif(const ImageView& image, const GifEncodeOptions& options = {});
PRISTINE_API std::vector<std::uint8_t> encode_webp(const ImageView& image, const WebpEncodeOptions& options = {});

/// A palette of at most `max_colors` (1..256) colours for an image (median cut in RGB).
PRISTINE_API std::vector<Rgb> build_palette(const ImageView& image, int max_colors);

/// Map an image to a palette (1..256 colours): one index per pixel (row-major), with the given dither.
/// Alpha is ignored. Throws Error(invalid_argument) for a bad view or palette.
PRISTINE_API std::vector<std::uint8_t> map_to_palette(const ImageView& image, const std::vector<Rgb>& palette,
                                                       Dither dither);

}  // namespace pristine
