// BMP, TGA, PNM and HDR through stb_image: files written by hand here, read back exactly; truncation
// and oversized headers are errors.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;
using Bytes = std::vector<std::uint8_t>;

namespace {

void put16le(Bytes& b, int v) { b.push_back(v & 0xFF); b.push_back(v >> 8 & 0xFF); }
void put32le(Bytes& b, std::uint32_t v) { put16le(b, v & 0xFFFF); put16le(b, v >> 16); }
void put_text(Bytes& b, const std::string& s) { b.insert(b.end(), s.begin(), s.end()); }

// 24-bit bottom-up BMP with BITMAPINFOHEADER, rows padded to 4 bytes.
Bytes write_bmp(const Image& img, int width_override = 0, int height_override = 0) {
    const int w = img.width(), h = img.height();
    const int row = (w * 3 + 3) / 4 * 4;
    Bytes b;
    put_text(b, "BM");
    put32le(b, 54 + row * h);
    put32le(b, 0);
    put32le(b, 54);
    put32le(b, 40);
    put32le(b, width_override ? width_override : w);
    put32le(b, height_override ? height_override : h);
    put16le(b, 1);
    put16le(b, 24);
    put32le(b, 0);  // BI_RGB
    put32le(b, row * h);
    put32le(b, 2835); put32le(b, 2835); put32le(b, 0); put32le(b, 0);
    for (int y = h - 1; y >= 0; --y) {
        const std::uint8_t* p = img.row(y);
        for (int x = 0; x < w; ++x, p += 3) { b.push_back(p[2]); b.push_back(p[1]); b.push_back(p[0]); }
        for (int pad = w * 3; pad < row; ++pad) b.push_back(0);
    }
    return b;
}

// Uncompressed true-colour TGA (type 2), top-left origin; 24-bit BGR or 32-bit BGRA.
Bytes write_tga(const Image& img) {
    const int c = img.channels();
    Bytes b = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    put16le(b, img.width());
    put16le(b, img.height());
    b.push_back(static_cast<std::uint8_t>(8 * c));
    b.push_back(static_cast<std::uint8_t>(0x20 | (c == 4 ? 8 : 0)));  // top-left origin, alpha bits
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const std::uint8_t* p = img.row(y) + c * x;
            b.push_back(p[2]); b.push_back(p[1]); b.push_back(p[0]);
            if (c == 4) b.push_back(p[3]);
        }
    return b;
}

Bytes write_pnm(const Image& img, int maxval = 255) {
    const bool grey = img.channels() == 1;
    Bytes b;
    put_text(b, std::string(grey ? "P5" : "P6") + "\n# pristine test\n" + std::to_string(img.width()) + " " +
                    std::to_string(img.height()) + "\n" + std::to_string(maxval) + "\n");
    for (std::size_t i = 0; i < img.size_bytes(); ++i) {
        if (maxval > 255) b.push_back(img.data()[i]);  // 16-bit big-endian: high byte = the 8-bit value
        b.push_back(maxval > 255 ? 0x5A : img.data()[i]);
    }
    return b;
}

// Radiance RGBE, flat (not run-length encoded) scanlines.
Bytes write_hdr(const std::vector<float>& rgb, int w, int h) {
    Bytes b;
    put_text(b, "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y " + std::to_string(h) + " +X " + std::to_string(w) + "\n");
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        const float v = std::max({rgb[i], rgb[i + 1], rgb[i + 2]});
        if (v < 1e-32f) { b.insert(b.end(), {0, 0, 0, 0}); continue; }
        int e = 0;
        const float scale = std::frexp(v, &e) * 256.f / v;
        for (int c = 0; c < 3; ++c) b.push_back(static_cast<std::uint8_t>(rgb[i + c] * scale));
        b.push_back(static_cast<std::uint8_t>(e + 128));
    }
    return b;
}

void put16be(Bytes& b, int v) { b.push_back(v >> 8 & 0xFF); b.push_back(v & 0xFF); }
void put32be(Bytes& b, std::uint32_t v) { put16be(b, static_cast<int>(v >> 16)); put16be(b, v & 0xFFFF); }

// Photoshop PSD, 8-bit RGB, raw (uncompressed) planar data, no layers.
Bytes write_psd(const Image& img) {
    Bytes b;
    put_text(b, "8BPS");
    put16be(b, 1);
    b.insert(b.end(), 6, 0);
    put16be(b, 3);
    put32be(b, static_cast<std::uint32_t>(img.height()));
    put32be(b, static_cast<std::uint32_t>(img.width()));
    put16be(b, 8);
    put16be(b, 3);  // RGB
    put32be(b, 0);  // colour mode data
    put32be(b, 0);  // image resources
    put32be(b, 0);  // layers and masks
    put16be(b, 0);  // raw
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) b.push_back(img.row(y)[3 * x + c]);
    return b;
}

Status status_of_decode(const Bytes& b, DecodeOptions o = {}) {
    try {
        decode_memory(b.data(), b.size(), o);
    } catch (const Error& e) {
        return e.status();
    }
    return Status::ok;
}

int srgb8(float linear) {
    const float v = std::min(std::max(linear, 0.f), 1.f);
    return static_cast<int>(std::lround(255 * (v <= 0.0031308f ? 12.92f * v : 1.055f * std::pow(v, 1 / 2.4f) - 0.055f)));
}

}  // namespace

TEST_CASE("BMP round trip") {
    const Image img = test::make_rgb(37, 23);  // odd width: rows need padding
    const Bytes bmp = write_bmp(img);
    REQUIRE(detect_format(bmp.data(), bmp.size()) == Format::bmp);
    const Decoded d = decode_memory(bmp.data(), bmp.size());
    CHECK(d.info.format == Format::bmp);
    CHECK(d.info.width == 37);
    CHECK(d.info.height == 23);
    CHECK(d.info.display_width == 37);
    CHECK(d.info.channels == 3);
    CHECK(d.info.bit_depth == 8);
    CHECK_FALSE(d.info.palette);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) == 0.0);
    const ImageInfo info = probe_memory(bmp.data(), bmp.size());
    CHECK(info.width == 37);
    CHECK(info.file_size == bmp.size());

    DecodeOptions grey;
    grey.channels = 1;
    CHECK(decode_memory(bmp.data(), bmp.size(), grey).image.channels() == 1);
}

TEST_CASE("TGA round trip, with and without alpha") {
    const Image img = test::make_rgb(20, 13);
    const Bytes tga = write_tga(img);
    REQUIRE(detect_format(tga.data(), tga.size()) == Format::tga);
    const Decoded d = decode_memory(tga.data(), tga.size());
    CHECK(d.info.format == Format::tga);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) == 0.0);

    Image rgba(9, 7, 4);
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 9; ++x) {
            std::uint8_t* p = rgba.row(y) + 4 * x;
            p[0] = static_cast<std::uint8_t>(20 * x); p[1] = static_cast<std::uint8_t>(30 * y); p[2] = 99;
            p[3] = static_cast<std::uint8_t>(x == 0 ? 0 : 255);
        }
    const Bytes tga4 = write_tga(rgba);
    DecodeOptions keep;
    keep.channels = 4;
    const Decoded d4 = decode_memory(tga4.data(), tga4.size(), keep);
    CHECK(d4.info.has_alpha);
    CHECK(d4.info.channels == 4);
    CHECK(test::mean_abs_diff(d4.image.view(), rgba.view()) == 0.0);
    // Default RGB output composites over white: transparent column 0 turns white.
    const Decoded d3 = decode_memory(tga4.data(), tga4.size());
    CHECK(d3.image.row(3)[0] == 255);
    CHECK(d3.image.row(3)[2] == 255);
}

TEST_CASE("PNM round trip (P5, P6, 16-bit) and the ASCII/bitmap variants") {
    const Image rgb = test::make_rgb(15, 11);
    const Bytes p6 = write_pnm(rgb);
    REQUIRE(detect_format(p6.data(), p6.size()) == Format::pnm);
    CHECK(test::mean_abs_diff(decode_memory(p6.data(), p6.size()).image.view(), rgb.view()) == 0.0);

    const Image grey = test::make_grey(15, 11);
    const Bytes p5 = write_pnm(grey);
    DecodeOptions stored;
    stored.channels = 0;
    const Decoded g = decode_memory(p5.data(), p5.size(), stored);
    CHECK(g.info.channels == 1);
    CHECK(test::mean_abs_diff(g.image.view(), grey.view()) == 0.0);

    const Bytes p5_16 = write_pnm(grey, 65535);
    const Decoded g16 = decode_memory(p5_16.data(), p5_16.size(), stored);
    CHECK(g16.info.bit_depth == 16);
    CHECK(test::mean_abs_diff(g16.image.view(), grey.view()) < 1.0);  // the high byte of each sample

    // ASCII and bitmap variants, maxval scaling, comments.
    auto decode_text = [](const std::string& text) {
        DecodeOptions o;
        o.channels = 0;
        return decode_memory(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), o);
    };
    const Decoded a3 = decode_text("P3\n# rgb\n2 1\n15\n15 0 5  0 15 10\n");
    CHECK(a3.info.channels == 3);
    CHECK(a3.image.data()[0] == 255);
    CHECK(a3.image.data()[2] == 85);
    CHECK(a3.image.data()[4] == 255);
    const Decoded a2 = decode_text("P2 3 1 4 0 2 4\n");
    CHECK(a2.image.data()[1] == 128);
    CHECK(a2.image.data()[2] == 255);
    const Decoded a1 = decode_text("P1\n3 2\n101\n0 1 0\n");  // 1 = black
    CHECK(a1.info.bit_depth == 1);
    CHECK(a1.image.data()[0] == 0);
    CHECK(a1.image.data()[1] == 255);
    CHECK(a1.image.data()[4] == 0);
    const std::string p4 = std::string("P4\n10 2\n\x80\x40") + std::string("\x00\xC0", 2);
    const Decoded b4 = decode_text(p4);
    CHECK(b4.image.data()[0] == 0);
    CHECK(b4.image.data()[1] == 255);
    CHECK(b4.image.data()[9] == 0);
    CHECK(b4.image.data()[10 + 8] == 0);
    CHECK(b4.image.data()[10 + 7] == 255);
    CHECK_THROWS_AS(decode_text("P2 2 1 9 3 10\n"), Error);  // sample above maxval
    CHECK_THROWS_AS(decode_text("P2 2 1 9 3"), Error);        // truncated
}

TEST_CASE("PSD round trip") {
    const Image img = test::make_rgb(19, 12);
    const Bytes psd = write_psd(img);
    REQUIRE(detect_format(psd.data(), psd.size()) == Format::psd);
    const Decoded d = decode_memory(psd.data(), psd.size());
    CHECK(d.info.format == Format::psd);
    CHECK(d.info.width == 19);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) == 0.0);
    CHECK(status_of_decode(Bytes(psd.begin(), psd.end() - 40)) == Status::corrupt_data);
}

TEST_CASE("HDR is tone-mapped to 8-bit sRGB") {
    // Values within [0, 1]: just sRGB-encoded.
    const int w = 4, h = 2;
    std::vector<float> rgb;
    for (int i = 0; i < w * h; ++i) {
        const float v = static_cast<float>(i) / (w * h - 1);
        rgb.insert(rgb.end(), {v, v * 0.5f, 0.25f});
    }
    const Bytes hdr = write_hdr(rgb, w, h);
    REQUIRE(detect_format(hdr.data(), hdr.size()) == Format::hdr);
    const Decoded d = decode_memory(hdr.data(), hdr.size());
    CHECK(d.info.bit_depth == 32);
    CHECK(d.info.width == w);
    CHECK(d.image.channels() == 3);
    for (int i = 0; i < w * h; ++i)
        for (int c = 0; c < 3; ++c) CHECK(std::abs(d.image.data()[3 * i + c] - srgb8(rgb[3 * i + c])) <= 2);

    // Highlights above 1 are compressed, not clipped: order is kept and only the brightest reaches white.
    const std::vector<float> bright = {0.25f, 0.25f, 0.25f, 1.f, 1.f, 1.f, 2.f, 2.f, 2.f, 4.f, 4.f, 4.f};
    const Bytes hdr2 = write_hdr(bright, 4, 1);
    const Image t = decode_memory(hdr2.data(), hdr2.size()).image;
    CHECK(t.data()[0] < t.data()[3]);
    CHECK(t.data()[3] < t.data()[6]);
    CHECK(t.data()[6] < t.data()[9]);
    CHECK(t.data()[6] < 250);
    CHECK(t.data()[9] >= 254);
}

TEST_CASE("stb formats: truncated files and oversized headers are errors") {
    const Image img = test::make_rgb(31, 17);
    const Bytes bmp = write_bmp(img);
    for (std::size_t keep : {bmp.size() - 1, bmp.size() / 2, std::size_t(60), std::size_t(30)}) {
        CAPTURE(keep);
        const Status s = status_of_decode(Bytes(bmp.begin(), bmp.begin() + static_cast<std::ptrdiff_t>(keep)));
        CHECK(s == Status::corrupt_data);
    }
    const Bytes tga = write_tga(img);
    CHECK(status_of_decode(Bytes(tga.begin(), tga.begin() + static_cast<std::ptrdiff_t>(tga.size() / 2))) ==
          Status::corrupt_data);
    const Bytes pnm = write_pnm(img);
    CHECK(status_of_decode(Bytes(pnm.begin(), pnm.end() - 5)) == Status::corrupt_data);
    CHECK(status_of_decode(Bytes(pnm.begin(), pnm.begin() + 4)) == Status::corrupt_data);
    const Bytes hdr = write_hdr(std::vector<float>(3 * 16, 0.5f), 4, 4);
    CHECK(status_of_decode(Bytes(hdr.begin(), hdr.end() - 6)) == Status::corrupt_data);

    // A header claiming 40000 x 40000: refused from the header, before stb allocates anything.
    const Bytes huge = write_bmp(img, 40000, 40000);
    CHECK(status_of_decode(huge) == Status::too_large);
    CHECK(probe_memory(huge.data(), huge.size()).width == 40000);
    DecodeOptions small;
    small.max_pixels = 31 * 17 - 1;
    CHECK(status_of_decode(bmp, small) == Status::too_large);
}
