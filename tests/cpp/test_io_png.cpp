// PNG: exact round trips, 16-bit reduction, palettes with tRNS, grey(+alpha), limits and broken input.
// Special PNGs are written by hand (stored deflate blocks, CRC and Adler computed here) so that every
// bit depth and colour type can be tested without a second PNG writer.
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t crc32(const std::uint8_t* d, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= d[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

void put32(Bytes& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void chunk(Bytes& out, const char* type, const Bytes& data) {
    put32(out, static_cast<std::uint32_t>(data.size()));
    Bytes body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    out.insert(out.end(), body.begin(), body.end());
    put32(out, crc32(body.data(), body.size()));
}

// zlib stream of stored (uncompressed) deflate blocks.
Bytes zlib_stored(const Bytes& raw) {
    Bytes z{0x78, 0x01};
    std::size_t pos = 0;
    do {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
        z.push_back(pos + n == raw.size() ? 1 : 0);
        z.push_back(static_cast<std::uint8_t>(n));
        z.push_back(static_cast<std::uint8_t>(n >> 8));
        z.push_back(static_cast<std::uint8_t>(~n));
        z.push_back(static_cast<std::uint8_t>(~n >> 8));
        z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.begin() + static_cast<std::ptrdiff_t>(pos + n));
        pos += n;
    } while (pos < raw.size());
    std::uint32_t a = 1, b = 0;
    for (std::uint8_t v : raw) { a = (a + v) % 65521; b = (b + a) % 65521; }
    put32(z, (b << 16) | a);
    return z;
}

Bytes ihdr(std::uint32_t w, std::uint32_t h, int depth, int color_type) {
    Bytes d;
    put32(d, w);
    put32(d, h);
    d.insert(d.end(), {static_cast<std::uint8_t>(depth), static_cast<std::uint8_t>(color_type), 0, 0, 0});
    return d;
}

// `rows` are the packed scanlines without filter bytes; `extra` chunks (PLTE, tRNS) go before IDAT.
Bytes make_png(std::uint32_t w, int depth, int color_type, const std::vector<Bytes>& rows,
               const std::vector<std::pair<const char*, Bytes>>& extra = {}) {
    Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    chunk(png, "IHDR", ihdr(w, static_cast<std::uint32_t>(rows.size()), depth, color_type));
    for (const auto& e : extra) chunk(png, e.first, e.second);
    Bytes raw;
    for (const auto& r : rows) {
        raw.push_back(0);  // filter: none
        raw.insert(raw.end(), r.begin(), r.end());
    }
    chunk(png, "IDAT", zlib_stored(raw));
    chunk(png, "IEND", {});
    return png;
}

// 8-bit RGB PNG with Adam7 interlace: the seven passes' sub-images one after another.
Bytes make_interlaced_rgb(const pristine::Image& img) {
    static const int xs[] = {0, 4, 0, 2, 0, 1, 0}, ys[] = {0, 0, 4, 0, 2, 0, 1};
    static const int dx[] = {8, 8, 4, 4, 2, 2, 1}, dy[] = {8, 8, 8, 4, 4, 2, 2};
    Bytes raw;
    for (int p = 0; p < 7; ++p) {
        if (xs[p] >= img.width() || ys[p] >= img.height()) continue;  // empty pass: no rows at all
        for (int y = ys[p]; y < img.height(); y += dy[p]) {
            raw.push_back(0);
            for (int x = xs[p]; x < img.width(); x += dx[p])
                raw.insert(raw.end(), img.row(y) + x * 3, img.row(y) + x * 3 + 3);
        }
    }
    Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes hdr = ihdr(static_cast<std::uint32_t>(img.width()), static_cast<std::uint32_t>(img.height()), 8, 2);
    hdr.back() = 1;  // Adam7
    chunk(png, "IHDR", hdr);
    chunk(png, "IDAT", zlib_stored(raw));
    chunk(png, "IEND", {});
    return png;
}

// Deterministic byte mutations of a valid file: each must decode or throw pristine::Error, never crash.
template <class Decode>
void survive_mutations(const Bytes& good, unsigned seed, Decode&& decode) {
    std::mt19937 rng(seed);
    for (int i = 0; i < 300; ++i) {
        Bytes b = good;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        if (i % 3 == 0) b.resize(rng() % b.size() + 1);
        try {
            decode(b);
        } catch (const pristine::Error&) {
        }
    }
}

pristine::Image random_image(int w, int h, int c, unsigned seed) {
    pristine::Image img(w, h, c);
    std::mt19937 rng(seed);
    for (std::size_t i = 0; i < img.size_bytes(); ++i) img.data()[i] = static_cast<std::uint8_t>(rng());
    return img;
}

pristine::Status status_of(const Bytes& b, const pristine::DecodeOptions& o = {}) {
    try {
        pristine::decode_memory(b.data(), b.size(), o);
    } catch (const pristine::Error& e) {
        CHECK(std::strlen(e.what()) > 0);
        return e.status();
    }
    return pristine::Status::ok;
}

}  // namespace

TEST_CASE("PNG round trip is exact for grey, grey+alpha, RGB and RGBA") {
    for (int c = 1; c <= 4; ++c) {
        CAPTURE(c);
        const auto img = random_image(37, 23, c, 100 + c);
        const auto png = pristine::encode_png(img.view(), {c % 2 == 0 ? 9 : 1});
        const auto info = pristine::probe_memory(png.data(), png.size());
        CHECK(info.format == pristine::Format::png);
        CHECK(info.width == 37);
        CHECK(info.height == 23);
        CHECK(info.channels == c);
        CHECK(info.bit_depth == 8);
        CHECK(info.has_alpha == (c == 2 || c == 4));
        CHECK(info.file_size == png.size());

        pristine::DecodeOptions o;
        o.channels = 4;
        const auto d = pristine::decode_memory(png.data(), png.size(), o);
        REQUIRE(d.image.channels() == 4);
        bool same = true;
        for (int y = 0; y < 23; ++y)
            for (int x = 0; x < 37; ++x) {
                const std::uint8_t* s = img.row(y) + x * c;
                const std::uint8_t* p = d.image.row(y) + x * 4;
                const int r = s[0], g = c >= 3 ? s[1] : s[0], b = c >= 3 ? s[2] : s[0];
                const int a = c == 2 ? s[1] : c == 4 ? s[3] : 255;
                same = same && p[0] == r && p[1] == g && p[2] == b && p[3] == a;
            }
        CHECK(same);
    }
    // channels=0 keeps what is stored: grey stays grey, RGB stays RGB.
    const auto grey = test::make_grey(40, 30);
    const auto png = pristine::encode_png(grey.view());
    pristine::DecodeOptions as_stored;
    as_stored.channels = 0;
    const auto d = pristine::decode_memory(png.data(), png.size(), as_stored);
    CHECK(test::mean_abs_diff(d.image.view(), grey.view()) == 0);
}

TEST_CASE("16-bit PNG samples are rounded to 8 bits") {
    const std::uint16_t in[] = {0xFFFF, 0x8080, 0x01FF, 0x0000, 0x7FFF, 0x0080};
    const std::uint8_t want[] = {255, 128, 2, 0, 127, 0};  // round(v / 257); 0x01FF would truncate to 1
    Bytes row;
    for (std::uint16_t v : in) { row.push_back(static_cast<std::uint8_t>(v >> 8)); row.push_back(static_cast<std::uint8_t>(v)); }
    const auto png = make_png(6, 16, 0, {row});
    const auto info = pristine::probe_memory(png.data(), png.size());
    CHECK(info.bit_depth == 16);
    CHECK(info.channels == 1);
    pristine::DecodeOptions o;
    o.channels = 1;
    const auto d = pristine::decode_memory(png.data(), png.size(), o);
    for (int i = 0; i < 6; ++i) CHECK(int(d.image.row(0)[i]) == int(want[i]));

    // 16-bit RGBA: alpha is reduced the same way and composited over white by default.
    Bytes rgba;
    for (std::uint16_t v : {std::uint16_t{0xFFFF}, std::uint16_t{0x0000}, std::uint16_t{0x8080}, std::uint16_t{0x0000}}) {
        rgba.push_back(static_cast<std::uint8_t>(v >> 8));
        rgba.push_back(static_cast<std::uint8_t>(v));
    }
    const auto png2 = make_png(1, 16, 6, {rgba});
    o.channels = 4;
    const auto kept = pristine::decode_memory(png2.data(), png2.size(), o);
    CHECK(int(kept.image.data()[0]) == 255);
    CHECK(int(kept.image.data()[2]) == 128);
    CHECK(int(kept.image.data()[3]) == 0);
    const auto flat = pristine::decode_memory(png2.data(), png2.size());
    CHECK(int(flat.image.data()[1]) == 255);  // transparent: white background
}

TEST_CASE("palette PNG with tRNS: composited over the background, kept with channels=4") {
    // 2-bit palette: red (opaque), green (transparent), blue (half), white (no tRNS entry: opaque).
    const Bytes plte{255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
    const Bytes trns{255, 0, 128};
    const Bytes row{0x1B};  // indices 0,1,2,3 packed two bits each
    const auto png = make_png(4, 2, 3, {row}, {{"PLTE", plte}, {"tRNS", trns}});
    const auto info = pristine::probe_memory(png.data(), png.size());
    CHECK(info.palette);
    CHECK(info.has_alpha);
    CHECK(info.bit_depth == 2);
    CHECK(info.channels == 4);

    const auto rgb = pristine::decode_memory(png.data(), png.size());
    REQUIRE(rgb.image.channels() == 3);
    const std::uint8_t* p = rgb.image.data();
    CHECK(Bytes(p, p + 12) == Bytes{255, 0, 0, 255, 255, 255, 127, 127, 255, 255, 255, 255});

    pristine::DecodeOptions o;
    o.channels = 4;
    const auto rgba = pristine::decode_memory(png.data(), png.size(), o);
    p = rgba.image.data();
    CHECK(Bytes(p, p + 16) == Bytes{255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 128, 255, 255, 255, 255});

    o.channels = 3;
    o.background = {0, 0, 0};
    const auto on_black = pristine::decode_memory(png.data(), png.size(), o);
    p = on_black.image.data();
    CHECK(Bytes(p, p + 9) == Bytes{255, 0, 0, 0, 0, 0, 0, 0, 128});
}

TEST_CASE("grey PNGs: 1-bit expanded, grey+alpha composited, grey tRNS") {
    const auto bits = make_png(8, 1, 0, {Bytes{0xA5}});  // 10100101
    pristine::DecodeOptions o;
    o.channels = 1;
    const auto d = pristine::decode_memory(bits.data(), bits.size(), o);
    const std::uint8_t* p = d.image.data();
    CHECK(Bytes(p, p + 8) == Bytes{255, 0, 255, 0, 0, 255, 0, 255});
    CHECK(pristine::probe_memory(bits.data(), bits.size()).bit_depth == 1);

    const auto ga = make_png(2, 8, 4, {Bytes{100, 255, 100, 0}});
    const auto flat = pristine::decode_memory(ga.data(), ga.size(), o);
    CHECK(int(flat.image.data()[0]) == 100);
    CHECK(int(flat.image.data()[1]) == 255);  // transparent over white
    o.background = {0, 0, 0};
    CHECK(int(pristine::decode_memory(ga.data(), ga.size(), o).image.data()[1]) == 0);

    // Grey with tRNS: level 7 is transparent.
    const auto trns = make_png(2, 8, 0, {Bytes{7, 8}}, {{"tRNS", Bytes{0, 7}}});
    CHECK(pristine::probe_memory(trns.data(), trns.size()).has_alpha);
    o.channels = 4;
    const auto kept = pristine::decode_memory(trns.data(), trns.size(), o);
    CHECK(int(kept.image.data()[3]) == 0);
    CHECK(int(kept.image.data()[7]) == 255);
}

TEST_CASE("PNG limits and broken input give clear errors") {
    using pristine::Status;
    // IHDR claiming 100000 x 100000 with a correct CRC and no pixel data: too_large before any allocation.
    Bytes huge{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    chunk(huge, "IHDR", ihdr(100000, 100000, 8, 2));
    chunk(huge, "IDAT", zlib_stored(Bytes(16, 0)));  // far too short, but decode must stop before reading it
    chunk(huge, "IEND", {});
    CHECK(status_of(huge) == Status::too_large);
    pristine::DecodeOptions small;
    small.max_pixels = 100;
    const auto img = test::make_rgb(20, 20);
    const auto png = pristine::encode_png(img.view());
    CHECK(status_of(png, small) == Status::too_large);
    CHECK(pristine::probe_memory(huge.data(), huge.size()).width == 100000);

    for (std::size_t cut : {png.size() / 2, png.size() - 20, std::size_t{30}, std::size_t{12}}) {
        CAPTURE(cut);
        CHECK(status_of(Bytes(png.begin(), png.begin() + static_cast<std::ptrdiff_t>(cut))) == Status::corrupt_data);
    }
    Bytes bad_crc = png;
    bad_crc[png.size() / 2] ^= 0xFF;  // inside IDAT: CRC mismatch or zlib error
    CHECK(status_of(bad_crc) == Status::corrupt_data);

    CHECK(status_of(Bytes{}) == Status::unsupported_format);
    const std::string text = "just some text, not an image\n";
    CHECK(status_of(Bytes(text.begin(), text.end())) == Status::unsupported_format);
}

TEST_CASE("interlaced PNG decodes like the plain one") {
    const auto img = test::make_rgb(19, 13);
    const auto png = make_interlaced_rgb(img);
    const auto d = pristine::decode_memory(png.data(), png.size());
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) == 0);
}

TEST_CASE("PNG eXIf orientation is applied when asked") {
    // TIFF big-endian, one IFD entry: Orientation (0x0112), SHORT, 1 value = 6 (rotate 90 clockwise).
    const Bytes exif{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0};
    const auto png = make_png(3, 8, 0, {Bytes{1, 2, 3}, Bytes{4, 5, 6}}, {{"eXIf", exif}});
    const auto info = pristine::probe_memory(png.data(), png.size());
    CHECK(info.orientation == 6);
    CHECK(info.width == 3);
    CHECK(info.display_width == 2);
    CHECK(info.display_height == 3);
    pristine::DecodeOptions o;
    o.channels = 1;
    const auto d = pristine::decode_memory(png.data(), png.size(), o);
    REQUIRE(d.image.width() == 2);
    REQUIRE(d.image.height() == 3);
    // Rotated clockwise: the bottom-left stored pixel (4) is now top-left.
    CHECK(Bytes(d.image.data(), d.image.data() + 6) == Bytes{4, 1, 5, 2, 6, 3});
    o.apply_orientation = false;
    CHECK(pristine::decode_memory(png.data(), png.size(), o).image.width() == 3);
}

TEST_CASE("mutated PNGs decode or throw pristine::Error") {
    const auto img = test::make_rgb(24, 16);
    survive_mutations(pristine::encode_png(img.view()), 1, [](const Bytes& b) {
        pristine::decode_memory(b.data(), b.size());
    });
    survive_mutations(make_interlaced_rgb(img), 2, [](const Bytes& b) { pristine::probe_memory(b.data(), b.size()); });
    survive_mutations(make_interlaced_rgb(img), 3, [](const Bytes& b) { pristine::decode_memory(b.data(), b.size()); });
}

TEST_CASE("PNG file round trip through the file API") {
    const auto img = test::make_rgb(64, 48);
    const std::string path = test::tmp_path("png_roundtrip.png");
    pristine::write_file(path, pristine::encode_png(img.view()));
    const auto d = pristine::decode_file(path);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) == 0);
    CHECK(pristine::probe_file(path).format == pristine::Format::png);
}
