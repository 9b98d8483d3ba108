// BMP, TGA, PSD and HDR through stb_image (libstb); PNM is handed to pnm.cpp (see pnm.hpp for why).
//
// stb reads through our callbacks rather than from memory: stb_image fills missing bytes with zeros
// instead of failing, so the callbacks note any attempt to read past the end and we report the file
// as truncated. HDR is decoded to linear floats and tone-mapped here (stb's own float-to-8-bit
// conversion uses process-wide settings, which a library must not touch).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

#include <stb_image.h>

#include "io/codecs.hpp"
#include "io/pnm.hpp"

namespace pristine::io {

namespace {

// The file as stb sees it. stb asks for fixed 128-byte chunks, so a short read at the end is normal;
// being asked for bytes when none are left means the decoder wanted more than the file holds.
struct Reader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos;
    bool overrun;
};

constexpr int k_stb_buffer_size = 128;  // sizeof(stbi__context::buffer_start) in stb_image.h

int on_read(void* user, char* out, int n) {
    auto* r = static_cast<Reader*>(user);
    if (n <= 0) return 0;
    const std::size_t left = r->size - r->pos;
    const std::size_t got = std::min(left, static_cast<std::size_t>(n));
    // A short refill of stb's 128-byte buffer is the normal end of the file; any other short read
    // (stbi__getn of a whole block, whose result some stb decoders ignore) is truncation.
    if (got == 0 || (got < static_cast<std::size_t>(n) && n != k_stb_buffer_size)) r->overrun = true;
    std::memcpy(out, r->data + r->pos, got);
    r->pos += got;
    return static_cast<int>(got);
}

void on_skip(void* user, int n) {
    auto* r = static_cast<Reader*>(user);
    if (n < 0) {
        r->pos -= std::min(r->pos, static_cast<std::size_t>(-static_cast<long long>(n)));
    } else if (static_cast<std::size_t>(n) > r->size - r->pos) {
        r->overrun = true;
        r->pos = r->size;
    } else {
        r->pos += static_cast<std::size_t>(n);
    }
}

int on_eof(void* user) {
    const auto* r = static_cast<Reader*>(user);
    return r->pos >= r->size ? 1 : 0;
}

constexpr stbi_io_callbacks k_callbacks{on_read, on_skip, on_eof};

Reader reader_for(const std::uint8_t* data, std::size_t size) { return Reader{data, size, 0, false}; }

struct StbFree {
    void operator()(void* p) const noexcept { stbi_image_free(p); }
};

std::string reason() {
    const char* r = stbi_failure_reason();  // thread-local in stb >= 2.26
    return r ? r : "unknown reason";
}

[[noreturn]] void fail(Format format, const std::string& why) {
    // stb names features it lacks ("BMP RLE", "not supported", "unsupported"); everything else is broken data.
    const bool unsupported = why.find("RLE") != std::string::npos || why.find("support") != std::string::npos;
    throw Error(unsupported ? Status::unsupported_format : Status::corrupt_data,
                std::string(format_name(format)) + ": " + why);
}

// Palette-indexed storage, from the header fields stb does not report.
bool stored_as_palette(const std::uint8_t* data, std::size_t size, Format format) {
    if (format == Format::bmp && size >= 30) {  // biBitCount sits at 24 in the old 12-byte core header
        const bool core = (data[14] | data[15] << 8) == 12;
        return core ? (data[24] | data[25] << 8) <= 8 : (data[28] | data[29] << 8) <= 8;
    }
    if (format == Format::tga && size >= 3) return data[1] == 1;                         // colour map type
    return false;
}

ImageInfo header_info(const std::uint8_t* data, std::size_t size, Format format) {
    Reader r = reader_for(data, size);
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_callbacks(&k_callbacks, &r, &w, &h, &comp)) fail(format, reason());
    ImageInfo info;
    info.format = format;
    info.width = info.display_width = w;
    info.height = info.display_height = h;
    info.channels = comp;
    info.has_alpha = comp == 2 || comp == 4;
    info.palette = stored_as_palette(data, size, format);
    r = reader_for(data, size);
    if (stbi_is_hdr_from_callbacks(&k_callbacks, &r)) {
        info.bit_depth = 32;
    } else {
        r = reader_for(data, size);
        info.bit_depth = stbi_is_16_bit_from_callbacks(&k_callbacks, &r) ? 16 : 8;
    }
    return info;
}

std::uint8_t srgb_encode(float linear) {
    const float v = std::clamp(linear, 0.f, 1.f);
    const float e = v <= 0.0031308f ? 12.92f * v : 1.055f * std::pow(v, 1.f / 2.4f) - 0.055f;
    return static_cast<std::uint8_t>(std::lround(e * 255.f));
}

// Linear HDR to 8-bit sRGB. Extended Reinhard on luminance with the white point at the brightest
// pixel: an image whose values stay within [0, 1] is left as is (just sRGB-encoded); brighter ones
// have their highlights compressed into range instead of clipped.
Image tone_map(const float* px, int w, int h, int comp) {
    const int colour = comp >= 3 ? 3 : 1;
    const std::size_t n = static_cast<std::size_t>(w) * h;
    auto luminance = [&](const float* p) {
        return colour == 3 ? 0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2] : p[0];
    };
    float white = 1.f;
    for (std::size_t i = 0; i < n; ++i) white = std::max(white, luminance(px + i * comp));
    const float inv_white2 = 1.f / (white * white);
    Image out(w, h, comp);
    std::uint8_t* d = out.data();
    for (std::size_t i = 0; i < n; ++i) {
        const float* p = px + i * comp;
        const float l = std::max(luminance(p), 0.f);
        const float scale = (1.f + l * inv_white2) / (1.f + l);  // Ld / L; exactly 1 when white == 1
        for (int c = 0; c < colour; ++c) d[i * comp + c] = srgb_encode(p[c] * scale);
        if (comp == 2 || comp == 4)
            d[i * comp + comp - 1] = static_cast<std::uint8_t>(std::lround(std::clamp(p[comp - 1], 0.f, 1.f) * 255.f));
    }
    return out;
}

}  // namespace

ImageInfo probe_stb(const std::uint8_t* data, std::size_t size, Format format) {
    if (format == Format::pnm) return probe_pnm(data, size);
    return header_info(data, size, format);
}

Decoded decode_stb(const std::uint8_t* data, std::size_t size, Format format, const DecodeOptions& options) {
    if (format == Format::pnm) return decode_pnm(data, size, options);
    check_options(options);
    Decoded out;
    out.info = header_info(data, size, format);
    check_dimensions(out.info.width, out.info.height, options);  // before stb allocates the pixels

    Reader r = reader_for(data, size);
    int w = 0, h = 0, comp = 0;
    Image pixels;
    if (out.info.bit_depth == 32) {
        std::unique_ptr<float, StbFree> px(stbi_loadf_from_callbacks(&k_callbacks, &r, &w, &h, &comp, 0));
        if (!px) fail(format, reason());
        if (r.overrun) fail(format, "truncated file");
        pixels = tone_map(px.get(), w, h, comp);
    } else {
        // 16-bit files come back as 8-bit (stb keeps the high byte).
        std::unique_ptr<stbi_uc, StbFree> px(stbi_load_from_callbacks(&k_callbacks, &r, &w, &h, &comp, 0));
        if (!px) fail(format, reason());
        if (r.overrun) fail(format, "truncated file");
        pixels = Image(w, h, comp);
        std::memcpy(pixels.data(), px.get(), pixels.size_bytes());
    }
    out.image = convert_channels(std::move(pixels), options);
    return out;
}

}  // namespace pristine::io
