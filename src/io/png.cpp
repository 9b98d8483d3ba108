// PNG through libpng: probe, decode (8/16-bit, grey, palette, alpha, tRNS, interlace) and encode.
//
// libpng reports errors by longjmp. A longjmp must never skip a C++ destructor, so every libpng call
// happens inside the small "C-style" functions below (names end in _c): they call setjmp, hold only
// trivially destructible locals, and turn a libpng error into a return code plus a message stored in
// PngContext. The C++ code around them owns the libpng structs through RAII guards and throws.
//
// Gamma (gAMA, cHRM, iCCP, sRGB) is deliberately ignored: samples are returned as stored, which is
// what the hashes and scorers compare across copies.
#include <png.h>

#include <csetjmp>
#include <cstring>
#include <string>
#include <vector>

#include "io/codecs.hpp"

namespace pristine::io {

namespace {

constexpr std::size_t kSignatureSize = 8;

// Everything libpng callbacks need; lives in the C++ caller's frame and is reached through a pointer.
struct PngContext {
    const std::uint8_t* data = nullptr;       // input (decode)
    std::size_t size = 0;
    std::size_t pos = 0;
    std::vector<std::uint8_t>* out = nullptr;  // output (encode)
    char message[256] = {0};                   // first libpng error message
};

extern "C" void png_error_cb(png_structp png, png_const_charp msg) {
    auto* ctx = static_cast<PngContext*>(png_get_error_ptr(png));
    if (ctx != nullptr && ctx->message[0] == '\0') {
        std::strncpy(ctx->message, msg != nullptr ? msg : "unknown libpng error", sizeof ctx->message - 1);
    }
    png_longjmp(png, 1);
}

extern "C" void png_warning_cb(png_structp, png_const_charp) {}  // the library never prints

extern "C" void png_read_cb(png_structp png, png_bytep dest, png_size_t length) {
    auto* ctx = static_cast<PngContext*>(png_get_io_ptr(png));
    if (length > ctx->size - ctx->pos) png_error(png, "file is truncated");
    std::memcpy(dest, ctx->data + ctx->pos, length);
    ctx->pos += length;
}

// Appends without letting an exception cross libpng's C frames.
bool append_noexcept(std::vector<std::uint8_t>& out, const std::uint8_t* d, std::size_t n) noexcept {
    try {
        out.insert(out.end(), d, d + n);
        return true;
    } catch (...) {
        return false;
    }
}

extern "C" void png_write_cb(png_structp png, png_bytep d, png_size_t n) {
    auto* ctx = static_cast<PngContext*>(png_get_io_ptr(png));
    if (!append_noexcept(*ctx->out, d, n)) png_error(png, "out of memory while writing PNG");
}

extern "C" void png_flush_cb(png_structp) {}

// Owns a read struct and its info struct.
struct ReadGuard {
    png_structp png = nullptr;
    png_infop info = nullptr;
    ~ReadGuard() { png_destroy_read_struct(&png, info != nullptr ? &info : nullptr, nullptr); }
};

struct WriteGuard {
    png_structp png = nullptr;
    png_infop info = nullptr;
    ~WriteGuard() { png_destroy_write_struct(&png, info != nullptr ? &info : nullptr); }
};

// Header facts gathered by read_header_c.
struct PngHeader {
    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0;
    bool trns = false;
    int orientation = 1;
    int out_channels = 0;  // channels after the expansion transforms (decode only)
};

std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// ---- C-style section: no object with a non-trivial destructor may live in these frames.

// Reads the chunks up to the first IDAT; with `expand`, installs the transforms to 8-bit G/GA/RGB/RGBA.
int read_header_c(png_structp png, png_infop info, PngHeader* h, bool expand) {
    if (setjmp(png_jmpbuf(png))) return 1;
    // Our own max_pixels check decides the size; libpng's default 1e6 per side would pre-empt it.
    png_set_user_limits(png, 0x7fffffffU, 0x7fffffffU);
    png_set_sig_bytes(png, 0);
    png_read_info(png, info);
    int interlace = 0;
    png_get_IHDR(png, info, &h->width, &h->height, &h->bit_depth, &h->color_type, &interlace, nullptr,
                 nullptr);
    h->trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
#ifdef PNG_eXIf_SUPPORTED
    png_bytep exif = nullptr;
    png_uint_32 exif_size = 0;
    if (png_get_eXIf_1(png, info, &exif_size, &exif) != 0 && exif != nullptr)
        h->orientation = exif_orientation(exif, exif_size);
#endif
    if (!expand) return 0;
    if (h->color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (h->color_type == PNG_COLOR_TYPE_GRAY && h->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (h->trns) png_set_tRNS_to_alpha(png);
    // scale_16 rounds (v * 255 / 65535); strip_16 would truncate to the high byte.
    if (h->bit_depth == 16) png_set_scale_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    h->out_channels = png_get_channels(png, info);
    return 0;
}

int read_rows_c(png_structp png, png_bytepp rows) {
    if (setjmp(png_jmpbuf(png))) return 1;
    png_read_image(png, rows);
    return 0;
}

int write_png_c(png_structp png, png_infop info, const ImageView* v, int color_type, int level) {
    if (setjmp(png_jmpbuf(png))) return 1;
    png_set_IHDR(png, info, static_cast<png_uint_32>(v->width), static_cast<png_uint_32>(v->height), 8,
                 color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level);
    png_write_info(png, info);
    for (int y = 0; y < v->height; ++y) png_write_row(png, v->row(y));
    png_write_end(png, info);
    return 0;
}

// ---- C++ section

[[noreturn]] void fail_png(const PngContext& ctx, const char* stage) {
    const std::string msg = ctx.message;
    // Running out of input is the common case; report it in the words the user expects.
    throw Error(Status::corrupt_data, std::string("PNG ") + stage + " failed: " +
                                          (msg.empty() ? "corrupt data" : msg));
}

// IHDR is always the first chunk; read its size by hand so that the pixel limit is enforced even when
// the rest of the file is missing, and before libpng allocates anything sized by it.
void check_ihdr(const std::uint8_t* data, std::size_t size, const DecodeOptions* options) {
    if (size < kSignatureSize + 8 + 13 || png_sig_cmp(data, 0, kSignatureSize) != 0 ||
        std::memcmp(data + 12, "IHDR", 4) != 0)
        throw Error(Status::corrupt_data, "PNG is truncated or has no IHDR chunk");
    if (options != nullptr) check_dimensions(be32(data + 16), be32(data + 20), *options);
}

void open_reader(ReadGuard& g, PngContext& ctx, const std::uint8_t* data, std::size_t size) {
    ctx.data = data;
    ctx.size = size;
    g.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, png_error_cb, png_warning_cb);
    if (g.png == nullptr) throw Error(Status::out_of_memory, "cannot create libpng read struct");
    g.info = png_create_info_struct(g.png);
    if (g.info == nullptr) throw Error(Status::out_of_memory, "cannot create libpng info struct");
    png_set_read_fn(g.png, &ctx, png_read_cb);
}

ImageInfo info_from(const PngHeader& h) {
    ImageInfo info;
    info.format = Format::png;
    info.width = static_cast<int>(h.width);
    info.height = static_cast<int>(h.height);
    info.orientation = h.orientation;
    const bool swap = h.orientation >= 5;
    info.display_width = swap ? info.height : info.width;
    info.display_height = swap ? info.width : info.height;
    info.bit_depth = h.bit_depth;
    info.palette = h.color_type == PNG_COLOR_TYPE_PALETTE;
    info.has_alpha = (h.color_type & PNG_COLOR_MASK_ALPHA) != 0 || h.trns;
    const bool colour = (h.color_type & PNG_COLOR_MASK_COLOR) != 0;
    info.channels = (colour ? 3 : 1) + (info.has_alpha ? 1 : 0);
    return info;
}

}  // namespace

ImageInfo probe_png(const std::uint8_t* data, std::size_t size) {
    check_ihdr(data, size, nullptr);
    PngContext ctx;
    ReadGuard g;
    open_reader(g, ctx, data, size);
    PngHeader h;
    if (read_header_c(g.png, g.info, &h, false) != 0) fail_png(ctx, "header read");
    return info_from(h);
}

Decoded decode_png(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    check_ihdr(data, size, &options);
    PngContext ctx;
    ReadGuard g;
    open_reader(g, ctx, data, size);
    PngHeader h;
    if (read_header_c(g.png, g.info, &h, true) != 0) fail_png(ctx, "header read");
    check_dimensions(h.width, h.height, options);
    if (h.out_channels < 1 || h.out_channels > 4)
        throw Error(Status::internal, "libpng produced " + std::to_string(h.out_channels) + " channels");

    Image image(static_cast<int>(h.width), static_cast<int>(h.height), h.out_channels);
    std::vector<png_bytep> rows(h.height);
    for (png_uint_32 y = 0; y < h.height; ++y) rows[y] = image.row(static_cast<int>(y));
    if (read_rows_c(g.png, rows.data()) != 0) fail_png(ctx, "pixel decode");

    Decoded out;
    out.info = info_from(h);
    if (options.apply_orientation) image = apply_orientation(std::move(image), h.orientation);
    out.image = convert_channels(std::move(image), options);
    return out;
}

}  // namespace pristine::io

namespace pristine {

std::vector<std::uint8_t> encode_png(const ImageView& image, const PngEncodeOptions& options) {
    check_view(image);
    if (options.compression_level < 0 || options.compression_level > 9)
        throw Error(Status::invalid_argument,
                    "PNG compression_level=" + std::to_string(options.compression_level) + " (use 0..9)");
    static constexpr int kColorTypes[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                          PNG_COLOR_TYPE_RGB_ALPHA};
    std::vector<std::uint8_t> out;
    out.reserve(static_cast<std::size_t>(image.width) * image.height * image.channels / 2 + 1024);
    io::PngContext ctx;
    ctx.out = &out;
    io::WriteGuard g;
    g.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, io::png_error_cb, io::png_warning_cb);
    if (g.png == nullptr) throw Error(Status::out_of_memory, "cannot create libpng write struct");
    g.info = png_create_info_struct(g.png);
    if (g.info == nullptr) throw Error(Status::out_of_memory, "cannot create libpng info struct");
    png_set_write_fn(g.png, &ctx, io::png_write_cb, io::png_flush_cb);
    if (io::write_png_c(g.png, g.info, &image, kColorTypes[image.channels - 1], options.compression_level) != 0)
        throw Error(Status::internal, std::string("PNG encode failed: ") + ctx.message);
    return out;
}

}  // namespace pristine
