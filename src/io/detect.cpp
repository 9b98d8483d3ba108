// Format detection from magic bytes, and format names.
#include <cstring>

#include "io/bmff.hpp"
#include "io/codecs.hpp"

namespace pristine {

const char* format_name(Format f) noexcept {
    switch (f) {
        case Format::jpeg: return "jpeg";
        case Format::png: return "png";
        case Format::gif: return "gif";
        case Format::webp: return "webp";
        case Format::bmp: return "bmp";
        case Format::tga: return "tga";
        case Format::pnm: return "pnm";
        case Format::psd: return "psd";
        case Format::hdr: return "hdr";
        case Format::tiff: return "tiff";
        case Format::heic: return "heic";
        case Format::avif: return "avif";
        case Format::jxl: return "jxl";
        case Format::unknown: break;
    }
    return "unknown";
}

namespace {
bool starts_with(const std::uint8_t* d, std::size_t n, const char* magic, std::size_t m) {
    return n >= m && std::memcmp(d, magic, m) == 0;
}

// TGA has no magic: accept only a header whose fields are all in their valid ranges.
bool plausible_tga(const std::uint8_t* d, std::size_t n) {
    if (n < 18) return false;
    const int colormap_type = d[1], image_type = d[2], bpp = d[16];
    if (colormap_type > 1) return false;
    if (image_type != 1 && image_type != 2 && image_type != 3 && image_type != 9 && image_type != 10 &&
        image_type != 11)
        return false;
    if (bpp != 8 && bpp != 15 && bpp != 16 && bpp != 24 && bpp != 32) return false;
    const int width = d[12] | (d[13] << 8), height = d[14] | (d[15] << 8);
    return width > 0 && height > 0;
}
}  // namespace

Format detect_format(const std::uint8_t* d, std::size_t n) noexcept {
    if (d == nullptr) return Format::unknown;
    if (starts_with(d, n, "\xFF\xD8\xFF", 3)) return Format::jpeg;
    if (starts_with(d, n, "\x89PNG\r\n\x1A\n", 8)) return Format::png;
    if (starts_with(d, n, "GIF87a", 6) || starts_with(d, n, "GIF89a", 6)) return Format::gif;
    if (n >= 12 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0) return Format::webp;
    if (starts_with(d, n, "BM", 2) && n >= 26) return Format::bmp;
    if (starts_with(d, n, "8BPS", 4)) return Format::psd;
    if (starts_with(d, n, "#?RADIANCE", 10) || starts_with(d, n, "#?RGBE", 6)) return Format::hdr;
    // Classic TIFF (42) and BigTIFF (43), both byte orders.
    if (starts_with(d, n, "II*\0", 4) || starts_with(d, n, "MM\0*", 4) || starts_with(d, n, "II+\0", 4) ||
        starts_with(d, n, "MM\0+", 4))
        return Format::tiff;
    // JPEG XL: a bare codestream, or the ISO-BMFF container's signature box.
    if (starts_with(d, n, "\xFF\x0A", 2) || starts_with(d, n, "\0\0\0\x0CJXL \r\n\x87\n", 12)) return Format::jxl;
    if (const Format f = io::bmff_format(d, n); f != Format::unknown) return f;
    if (n >= 3 && d[0] == 'P' && (d[1] >= '1' && d[1] <= '6') &&
        (d[2] == ' ' || d[2] == '\n' || d[2] == '\r' || d[2] == '\t'))
        return Format::pnm;
    if (plausible_tga(d, n)) return Format::tga;
    return Format::unknown;
}

}  // namespace pristine
