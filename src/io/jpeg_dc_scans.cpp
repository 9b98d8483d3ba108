// The DC scans of a progressive JPEG, as a new stream libjpeg can decode: see jpeg_internal.hpp.
// Only marker structure is parsed; entropy-coded data is copied or skipped without decoding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "io/jpeg_internal.hpp"

namespace pristine::io::jpeg {

namespace {

bool is_progressive_sof(std::uint8_t m) noexcept { return m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE; }

// Where the entropy-coded data starting at `p` ends: the next marker other than a stuffed 0xFF00 or a
// restart marker RST0..7; `size` when the data runs to the end.
std::size_t entropy_end(const std::uint8_t* data, std::size_t size, std::size_t p) noexcept {
    for (; p + 1 < size; ++p) {
        if (data[p] != 0xFF) continue;
        const std::uint8_t next = data[p + 1];
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) continue;
        return p;
    }
    return size;
}

}  // namespace

std::vector<std::uint8_t> keep_dc_scans(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> out;
    if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return {};
    out.reserve(size / 4);
    out.insert(out.end(), data, data + 2);
    bool progressive = false, dropped = false;
    std::size_t p = 2;
    while (p + 1 < size) {
        if (data[p] != 0xFF) return {};  // not where a marker must be: leave the file to libjpeg
        std::size_t m = p + 1;
        while (m < size && data[m] == 0xFF) ++m;  // fill bytes
        if (m >= size) break;
        const std::uint8_t marker = data[m];
        if (marker == 0xD9) break;  // EOI
        if (m + 2 >= size) return {};
        const std::size_t length = (static_cast<std::size_t>(data[m + 1]) << 8) | data[m + 2];
        const std::size_t end = m + 1 + length;  // the length counts its own two bytes
        if (length < 2 || end > size) return {};
        if (is_progressive_sof(marker)) progressive = true;
        // Application segments other than JFIF (APP0), EXIF (APP1 starting "Exif\0\0": orientation)
        // and Adobe (APP14: colour transform), and comments, never change the pixels: don't copy
        // them (ICC profiles, XMP - also APP1 - and thumbnails can be megabytes).
        static const std::uint8_t k_exif[6] = {'E', 'x', 'i', 'f', 0, 0};
        const bool exif = marker == 0xE1 && length >= 2 + 6 && std::equal(k_exif, k_exif + 6, data + m + 3);
        const bool unused =
            (marker == 0xE1 && !exif) || (marker >= 0xE2 && marker <= 0xED) || marker == 0xEF || marker == 0xFE;
        if (unused) {
            p = end;
            continue;
        }
        if (marker != 0xDA) {  // any other segment is kept as is
            out.push_back(0xFF);
            out.insert(out.end(), data + m, data + end);
            p = end;
            continue;
        }
        if (!progressive) return {};
        // SOS: Ns, Ns x (id, tables), Ss, Se, Ah/Al.
        const std::size_t ns = length >= 3 ? data[m + 3] : 0;
        if (length != 6 + 2 * ns) return {};
        const std::uint8_t ss = data[m + 4 + 2 * ns];
        const std::size_t scan_end = entropy_end(data, size, end);
        if (ss == 0) {  // a DC scan (first or refinement): keep header and data
            out.push_back(0xFF);
            out.insert(out.end(), data + m, data + scan_end);
        } else {
            dropped = true;
        }
        p = scan_end;
    }
    if (!progressive || !dropped) return {};  // nothing gained
    out.push_back(0xFF);
    out.push_back(0xD9);
    return out;
}

}  // namespace pristine::io::jpeg
