// EXIF orientation from a TIFF-structured payload. The input is untrusted: every read is bounds
// checked, both byte orders are accepted, and anything unreadable means "no orientation" (1).
#include "io/codecs.hpp"

namespace pristine::io {

namespace {

struct TiffReader {
    const std::uint8_t* p;
    std::size_t n;
    bool little;

    bool u16(std::size_t at, std::uint32_t& v) const noexcept {
        if (at > n || n - at < 2) return false;
        v = little ? (p[at] | (p[at + 1] << 8)) : ((p[at] << 8) | p[at + 1]);
        return true;
    }
    bool u32(std::size_t at, std::uint32_t& v) const noexcept {
        if (at > n || n - at < 4) return false;
        const std::uint32_t b0 = p[at], b1 = p[at + 1], b2 = p[at + 2], b3 = p[at + 3];
        v = little ? (b0 | b1 << 8 | b2 << 16 | b3 << 24) : (b0 << 24 | b1 << 16 | b2 << 8 | b3);
        return true;
    }
};

constexpr std::uint32_t k_tag_orientation = 0x0112;
constexpr std::uint32_t k_type_short = 3;
constexpr std::uint32_t k_type_long = 4;

}  // namespace

int exif_orientation(const std::uint8_t* tiff, std::size_t size) noexcept {
    if (tiff == nullptr || size < 8) return 1;
    TiffReader r{tiff, size, false};
    if (tiff[0] == 'I' && tiff[1] == 'I') r.little = true;
    else if (!(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
    std::uint32_t magic = 0, ifd = 0, count = 0;
    if (!r.u16(2, magic) || magic != 42 || !r.u32(4, ifd) || !r.u16(ifd, count)) return 1;
    // Orientation lives in IFD0; entries that run past the end are simply not read.
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t entry = static_cast<std::size_t>(ifd) + 2 + static_cast<std::size_t>(i) * 12;
        std::uint32_t tag = 0, type = 0, n = 0, value = 0;
        if (!r.u16(entry, tag) || !r.u16(entry + 2, type) || !r.u32(entry + 4, n)) return 1;
        if (tag != k_tag_orientation) continue;
        if (n < 1) return 1;
        // A SHORT sits in the first two bytes of the value field; some writers use a LONG.
        const bool ok = type == k_type_short ? r.u16(entry + 8, value)
                        : type == k_type_long ? r.u32(entry + 8, value)
                                              : false;
        return ok && value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
    return 1;
}

}  // namespace pristine::io
