// Netpbm decoder: P1/P4 bitmaps, P2/P5 grey, P3/P6 RGB; ASCII or binary; maxval 1..65535 scaled to 8 bits.
#include <algorithm>
#include <string>

#include "io/pnm.hpp"

namespace pristine::io {

namespace {

struct Header {
    int kind = 0;          // the digit after 'P'
    std::int64_t width = 0;
    std::int64_t height = 0;
    int maxval = 1;
    int channels = 1;
    std::size_t data = 0;  // offset of the first sample
};

[[noreturn]] void corrupt(const std::string& why) { throw Error(Status::corrupt_data, "pnm: " + why); }

bool is_space(std::uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Skips whitespace and '#' comments, then reads a decimal number (at most 9 digits: no overflow).
std::int64_t read_number(const std::uint8_t* d, std::size_t n, std::size_t& pos) {
    for (;;) {
        while (pos < n && is_space(d[pos])) ++pos;
        if (pos < n && d[pos] == '#') {
            while (pos < n && d[pos] != '\n' && d[pos] != '\r') ++pos;
            continue;
        }
        break;
    }
    if (pos >= n) corrupt("truncated file");
    if (d[pos] < '0' || d[pos] > '9') corrupt("expected a number in the header");
    std::int64_t v = 0;
    int digits = 0;
    while (pos < n && d[pos] >= '0' && d[pos] <= '9') {
        if (++digits > 9) corrupt("number too long in the header");
        v = v * 10 + (d[pos++] - '0');
    }
    return v;
}

Header read_header(const std::uint8_t* d, std::size_t n) {
    if (n < 3 || d[0] != 'P' || d[1] < '1' || d[1] > '6') corrupt("not a P1..P6 header");
    Header h;
    h.kind = d[1] - '0';
    std::size_t pos = 2;
    h.width = read_number(d, n, pos);
    h.height = read_number(d, n, pos);
    const bool bitmap = h.kind == 1 || h.kind == 4;
    h.maxval = bitmap ? 1 : static_cast<int>(std::min<std::int64_t>(read_number(d, n, pos), 1 << 20));
    if (h.maxval < 1 || h.maxval > 65535) corrupt("maxval " + std::to_string(h.maxval) + " (1..65535)");
    h.channels = h.kind == 3 || h.kind == 6 ? 3 : 1;
    // Exactly one whitespace byte separates the header from binary samples.
    if (pos >= n || !is_space(d[pos])) corrupt("truncated file");
    h.data = pos + 1;
    return h;
}

ImageInfo info_of(const Header& h) {
    ImageInfo info;
    info.format = Format::pnm;
    info.width = info.display_width = static_cast<int>(std::min<std::int64_t>(h.width, 1 << 30));
    info.height = info.display_height = static_cast<int>(std::min<std::int64_t>(h.height, 1 << 30));
    info.channels = h.channels;
    info.bit_depth = h.kind == 1 || h.kind == 4 ? 1 : h.maxval > 255 ? 16 : 8;
    return info;
}

}  // namespace

ImageInfo probe_pnm(const std::uint8_t* data, std::size_t size) { return info_of(read_header(data, size)); }

Decoded decode_pnm(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    check_options(options);
    const Header h = read_header(data, size);
    check_dimensions(h.width, h.height, options);
    Decoded out;
    out.info = info_of(h);
    const int w = static_cast<int>(h.width), rows = static_cast<int>(h.height), c = h.channels;
    const std::size_t samples = static_cast<std::size_t>(w) * rows * c;
    const bool wide = h.maxval > 255;
    // Binary data must be all there before we allocate for it.
    if (h.kind == 4 && (size - h.data) / rows < static_cast<std::size_t>((w + 7) / 8)) corrupt("truncated file");
    if ((h.kind == 5 || h.kind == 6) && (size - h.data) / (wide ? 2 : 1) < samples) corrupt("truncated file");
    // ASCII: at least one byte per bitmap digit, two per number (digit + separator).
    if (h.kind == 1 && size - h.data < samples) corrupt("truncated file");
    if ((h.kind == 2 || h.kind == 3) && (size - h.data + 1) / 2 < samples) corrupt("truncated file");

    Image img(w, rows, c);
    std::uint8_t* px = img.data();
    const auto scale = [&](std::int64_t v) -> std::uint8_t {
        if (v > h.maxval) corrupt("sample " + std::to_string(v) + " above maxval");
        return static_cast<std::uint8_t>((v * 255 + h.maxval / 2) / h.maxval);
    };
    std::size_t pos = h.data;
    if (h.kind == 4) {
        const std::size_t row_bytes = static_cast<std::size_t>((w + 7) / 8);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < w; ++x)  // 1 = black
                *px++ = (data[h.data + y * row_bytes + x / 8] >> (7 - x % 8) & 1) ? 0 : 255;
    } else if (h.kind >= 5) {
        for (std::size_t i = 0; i < samples; ++i, pos += wide ? 2 : 1)
            px[i] = scale(wide ? (data[pos] << 8 | data[pos + 1]) : data[pos]);
    } else {
        pos = h.data - 1;  // ASCII: samples are separated by any whitespace
        for (std::size_t i = 0; i < samples; ++i) {
            if (h.kind == 1) {  // digits may be packed without spaces
                while (pos < size && (is_space(data[pos]) || data[pos] == '#')) {
                    if (data[pos] == '#') {
                        while (pos < size && data[pos] != '\n') ++pos;
                    } else {
                        ++pos;
                    }
                }
                if (pos >= size) corrupt("truncated file");
                if (data[pos] != '0' && data[pos] != '1') corrupt("bad bitmap digit");
                px[i] = data[pos++] == '1' ? 0 : 255;
            } else {
                px[i] = scale(read_number(data, size, pos));
            }
        }
    }
    out.image = convert_channels(std::move(img), options);
    return out;
}

}  // namespace pristine::io
