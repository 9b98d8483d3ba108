// JPEG codec: round trip, EXIF orientation, DCT scaling, quality estimate, header facts, bad input.
#include <cstring>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes encode(const Image& img, int quality = 95, ChromaSubsampling s = ChromaSubsampling::s444, bool progressive = false) {
    JpegEncodeOptions o;
    o.quality = quality;
    o.subsampling = s;
    o.progressive = progressive;
    return encode_jpeg(img.view(), o);
}

Decoded decode(const Bytes& b, DecodeOptions o = {}) { return decode_memory(b.data(), b.size(), o); }

Status status_of_decode(const Bytes& b, DecodeOptions o = {}) {
    try {
        decode(b, o);
    } catch (const Error& e) {
        return e.status();
    }
    return Status::ok;
}

// Offset of the first segment with this marker (the 0xFF byte), or 0 when absent. Walks the header
// segments from SOI up to SOS.
std::size_t find_segment(const Bytes& b, std::uint8_t marker) {
    std::size_t i = 2;
    while (i + 4 <= b.size() && b[i] == 0xFF) {
        if (b[i + 1] == marker) return i;
        if (b[i + 1] == 0xDA) break;
        i += 2 + (b[i + 2] << 8 | b[i + 3]);
    }
    return 0;
}

// An APP1 "Exif" segment holding one IFD0 entry: Orientation (SHORT) = value.
Bytes exif_segment(int orientation, bool little_endian) {
    Bytes tiff;
    auto put16 = [&](int v) {
        if (little_endian) { tiff.push_back(v & 0xFF); tiff.push_back(v >> 8 & 0xFF); }
        else { tiff.push_back(v >> 8 & 0xFF); tiff.push_back(v & 0xFF); }
    };
    auto put32 = [&](std::uint32_t v) {
        if (little_endian) { put16(v & 0xFFFF); put16(v >> 16); }
        else { put16(v >> 16); put16(v & 0xFFFF); }
    };
    tiff.push_back(little_endian ? 'I' : 'M');
    tiff.push_back(little_endian ? 'I' : 'M');
    put16(42);
    put32(8);        // IFD0 right after the header
    put16(2);        // two entries: an unrelated tag first, then Orientation
    put16(0x010F);   // Make, ASCII, 4 bytes inline
    put16(2); put32(4); tiff.insert(tiff.end(), {'a', 'b', 'c', 0});
    put16(0x0112); put16(3); put32(1); put16(orientation); put16(0);
    put32(0);        // no IFD1
    Bytes seg = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    seg.insert(seg.end(), tiff.begin(), tiff.end());
    const std::size_t len = seg.size() - 2;
    seg[2] = static_cast<std::uint8_t>(len >> 8);
    seg[3] = static_cast<std::uint8_t>(len & 0xFF);
    return seg;
}

// Splice a segment right after SOI.
Bytes with_segment(const Bytes& jpeg, const Bytes& segment) {
    Bytes out;
    out.reserve(jpeg.size() + segment.size());
    out.push_back(jpeg[0]);
    out.push_back(jpeg[1]);
    out.insert(out.end(), segment.begin(), segment.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

// A 4-quadrant picture: red, green / blue, white. Every orientation moves the quadrants differently.
Image quadrants(int w, int h) {
    Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = img.row(y) + 3 * x;
            const bool right = x >= w / 2, bottom = y >= h / 2;
            const int q = (bottom ? 2 : 0) + (right ? 1 : 0);
            const std::uint8_t colours[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
            std::memcpy(p, colours[q], 3);
        }
    return img;
}

// Which colour (0 red, 1 green, 2 blue, 3 white) is at the centre of a quadrant of a decoded image.
int colour_at(const Image& img, bool right, bool bottom) {
    const int x = right ? img.width() * 3 / 4 : img.width() / 4;
    const int y = bottom ? img.height() * 3 / 4 : img.height() / 4;
    const std::uint8_t* p = img.row(y) + 3 * x;
    if (p[0] > 200 && p[1] > 200 && p[2] > 200) return 3;
    if (p[0] > 200) return 0;
    if (p[1] > 200) return 1;
    if (p[2] > 200) return 2;
    return -1;
}

}  // namespace

TEST_CASE("JPEG round trip keeps the picture and reports the header") {
    const Image img = test::make_rgb(64, 48);
    const Bytes jpg = encode(img, 95);
    REQUIRE(detect_format(jpg.data(), jpg.size()) == Format::jpeg);
    const Decoded d = decode(jpg);
    CHECK(d.image.width() == 64);
    CHECK(d.image.height() == 48);
    CHECK(d.image.channels() == 3);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) < 3.0);
    CHECK(d.info.format == Format::jpeg);
    CHECK(d.info.width == 64);
    CHECK(d.info.height == 48);
    CHECK(d.info.display_width == 64);
    CHECK(d.info.channels == 3);
    CHECK(d.info.bit_depth == 8);
    CHECK(d.info.orientation == 1);
    CHECK(d.info.file_size == jpg.size());
    REQUIRE(d.info.jpeg.has_value());
    CHECK(d.info.jpeg->components == 3);
    CHECK(d.info.jpeg->num_quant_tables == 2);

    // channels = 4 adds opaque alpha; the file path variant gives the same pixels.
    DecodeOptions rgba;
    rgba.channels = 4;
    const Decoded d4 = decode(jpg, rgba);
    CHECK(d4.image.channels() == 4);
    CHECK(d4.image.row(5)[4 * 7 + 3] == 255);
    const std::string path = test::tmp_path("jpeg_round_trip.jpg");
    write_file(path, jpg);
    CHECK(test::mean_abs_diff(decode_file(path).image.view(), d.image.view()) == 0.0);
    CHECK(probe_file(path).width == 64);
}

TEST_CASE("JPEG encoder composites alpha over white and encodes grey as one component") {
    Image rgba(16, 16, 4);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            std::uint8_t* p = rgba.row(y) + 4 * x;
            p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0;  // fully transparent black: white after compositing
        }
    const Decoded d = decode(encode_jpeg(rgba.view()));
    CHECK(d.image.row(8)[3 * 8] > 245);

    const Image grey = test::make_grey(40, 30);
    const Bytes jpg = encode_jpeg(grey.view(), {});
    const ImageInfo info = probe_memory(jpg.data(), jpg.size());
    CHECK(info.channels == 1);
    CHECK(info.jpeg->components == 1);
    CHECK(info.jpeg->subsampling == "grey");
    DecodeOptions stored;
    stored.channels = 0;
    const Decoded g = decode(jpg, stored);
    CHECK(g.image.channels() == 1);
    CHECK(test::mean_abs_diff(g.image.view(), grey.view()) < 3.0);
    const Decoded g3 = decode(jpg);  // default: RGB, grey replicated
    CHECK(g3.image.channels() == 3);
    CHECK(g3.image.row(10)[3 * 10] == g3.image.row(10)[3 * 10 + 2]);

    CHECK_THROWS_AS(encode_jpeg(grey.view(), JpegEncodeOptions{0}), Error);
    CHECK_THROWS_AS(encode_jpeg(grey.view(), JpegEncodeOptions{101}), Error);
    CHECK_THROWS_AS(encode_jpeg(ImageView{}, {}), Error);
}

TEST_CASE("JPEG grey output comes straight from the luma channel") {
    const Image img = test::make_rgb(48, 32);
    const Bytes jpg = encode(img, 95);
    DecodeOptions grey;
    grey.channels = 1;
    const Decoded g = decode(jpg, grey);
    CHECK(g.image.channels() == 1);
    CHECK(g.info.channels == 3);  // the file is still colour
    // Same luma as converting the RGB decode (BT.601) within rounding.
    const Image luma = decode(jpg).image;
    double sum = 0;
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 48; ++x) {
            const std::uint8_t* p = luma.row(y) + 3 * x;
            sum += std::abs(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] - g.image.row(y)[x]);
        }
    CHECK(sum / (48 * 32) < 1.5);
}

TEST_CASE("JPEG EXIF orientations 1..8 are applied and reported") {
    // Where each stored quadrant (0 red TL, 1 green TR, 2 blue BL, 3 white BR) appears on screen,
    // listed as displayed TL, TR, BL, BR — from the EXIF 2.3 definitions of the tag.
    const int expected[9][4] = {
        {}, {0, 1, 2, 3}, {1, 0, 3, 2}, {3, 2, 1, 0}, {2, 3, 0, 1},
        {0, 2, 1, 3}, {2, 0, 3, 1}, {3, 1, 2, 0}, {1, 3, 0, 2}};
    const Image img = quadrants(64, 32);
    const Bytes plain = encode(img, 100);
    for (int o = 1; o <= 8; ++o) {
        CAPTURE(o);
        const Bytes jpg = with_segment(plain, exif_segment(o, o % 2 == 0));
        const ImageInfo info = probe_memory(jpg.data(), jpg.size());
        CHECK(info.orientation == o);
        const bool swap = o >= 5;
        CHECK(info.width == 64);
        CHECK(info.height == 32);
        CHECK(info.display_width == (swap ? 32 : 64));
        CHECK(info.display_height == (swap ? 64 : 32));

        const Decoded d = decode(jpg);
        CHECK(d.info.orientation == o);
        REQUIRE(d.image.width() == info.display_width);
        REQUIRE(d.image.height() == info.display_height);
        CHECK(colour_at(d.image, false, false) == expected[o][0]);
        CHECK(colour_at(d.image, true, false) == expected[o][1]);
        CHECK(colour_at(d.image, false, true) == expected[o][2]);
        CHECK(colour_at(d.image, true, true) == expected[o][3]);

        DecodeOptions raw;
        raw.apply_orientation = false;
        const Decoded s = decode(jpg, raw);
        CHECK(s.info.orientation == o);
        CHECK(s.image.width() == 64);
        CHECK(colour_at(s.image, false, false) == 0);
        CHECK(colour_at(s.image, true, true) == 3);
    }
}

TEST_CASE("JPEG broken EXIF blocks never fail the decode") {
    const Bytes plain = encode(test::make_rgb(16, 16), 90);
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int trial = 0; trial < 300; ++trial) {
        Bytes seg = exif_segment(6, trial % 2 == 0);
        // Corrupt some bytes of the TIFF part, or cut it short (keeping the segment length consistent).
        const std::size_t tiff_len = seg.size() - 10;
        const std::size_t keep = trial < 100 ? static_cast<std::size_t>(trial) % (tiff_len + 1) : tiff_len;
        seg.resize(10 + keep);
        for (int k = 0; k < trial % 5 && keep > 0; ++k) seg[10 + static_cast<std::size_t>(byte(rng)) % keep] = byte(rng);
        if (trial >= 200) for (std::size_t i = 10; i < seg.size(); ++i) seg[i] = byte(rng);
        seg[2] = static_cast<std::uint8_t>((seg.size() - 2) >> 8);
        seg[3] = static_cast<std::uint8_t>((seg.size() - 2) & 0xFF);
        const Bytes jpg = with_segment(plain, seg);
        Decoded d;
        REQUIRE_NOTHROW(d = decode(jpg));
        CHECK(d.info.orientation >= 1);
        CHECK(d.info.orientation <= 8);
    }
    // Truncated header (only "II*\0"), an IFD offset far out of range, a huge entry count.
    for (const Bytes& tiff : {Bytes{'I', 'I', 42, 0}, Bytes{'M', 'M', 0, 42, 0x7F, 0xFF, 0xFF, 0xFF},
                              Bytes{'I', 'I', 42, 0, 8, 0, 0, 0, 0xFF, 0xFF, 0x12, 0x01}}) {
        Bytes seg = {0xFF, 0xE1, 0, static_cast<std::uint8_t>(8 + tiff.size()), 'E', 'x', 'i', 'f', 0, 0};
        seg.insert(seg.end(), tiff.begin(), tiff.end());
        CHECK(decode(with_segment(plain, seg)).info.orientation == 1);
    }
}

TEST_CASE("JPEG scaled decode through DCT scaling") {
    const int w = 101, h = 67;
    const Bytes jpg = encode(test::make_rgb(w, h), 95);
    const Image full = decode(jpg).image;
    for (int s : {2, 4, 8}) {
        CAPTURE(s);
        DecodeOptions o;
        o.scale_denom = s;
        const Decoded d = decode(jpg, o);
        CHECK(d.image.width() == (w + s - 1) / s);
        CHECK(d.image.height() == (h + s - 1) / s);
        CHECK(d.info.width == w);  // header facts stay the stored size
        // Close to a box downscale of the full decode.
        double sum = 0;
        for (int y = 0; y < d.image.height(); ++y)
            for (int x = 0; x < d.image.width(); ++x)
                for (int c = 0; c < 3; ++c) {
                    double acc = 0;
                    int n = 0;
                    for (int yy = y * s; yy < std::min(h, y * s + s); ++yy)
                        for (int xx = x * s; xx < std::min(w, x * s + s); ++xx, ++n) acc += full.row(yy)[3 * xx + c];
                    sum += std::abs(acc / n - d.image.row(y)[3 * x + c]);
                }
        CHECK(sum / (d.image.width() * d.image.height() * 3) < 8.0);
    }
    DecodeOptions bad;
    bad.scale_denom = 3;
    CHECK(status_of_decode(jpg, bad) == Status::invalid_argument);
}

TEST_CASE("JPEG quality estimate is exact for IJG-scaled tables") {
    const Image img = test::make_rgb(32, 32);
    for (int q : {1, 2, 10, 25, 50, 51, 75, 85, 90, 95, 99, 100}) {
        for (auto s : {ChromaSubsampling::s444, ChromaSubsampling::s420}) {
            CAPTURE(q);
            const Bytes jpg = encode(img, q, s);
            const ImageInfo info = probe_memory(jpg.data(), jpg.size());
            REQUIRE(info.jpeg.has_value());
            CHECK(info.jpeg->quality_estimate == q);
            CHECK(info.jpeg->quality_exact);
        }
    }
    // A grey JPEG has only the luma table.
    const Bytes grey = encode_jpeg(test::make_grey(16, 16).view(), JpegEncodeOptions{60});
    const ImageInfo gi = probe_memory(grey.data(), grey.size());
    CHECK(gi.jpeg->num_quant_tables == 1);
    CHECK(gi.jpeg->quality_estimate == 60);
}

TEST_CASE("JPEG quality estimate is close for tables that are not exactly IJG") {
    const Image img = test::make_rgb(32, 32);
    for (int q : {10, 25, 50, 75, 85, 90, 95}) {
        CAPTURE(q);
        Bytes jpg = encode(img, q);
        const std::size_t dqt = find_segment(jpg, 0xDB);
        REQUIRE(dqt != 0);
        // Nudge a few entries of the first table (8-bit, zigzag order), as a different encoder's rounding would.
        for (int k : {5, 17, 33, 50, 63}) {
            std::uint8_t& v = jpg[dqt + 5 + k];
            v = static_cast<std::uint8_t>(v > 1 && k % 2 ? v - 1 : std::min(255, v + 1));
        }
        const ImageInfo info = probe_memory(jpg.data(), jpg.size());
        CHECK(std::abs(info.jpeg->quality_estimate - q) <= 2);
        CHECK_FALSE(info.jpeg->quality_exact);
        CHECK_NOTHROW(decode(jpg));
    }
}

TEST_CASE("JPEG quality estimate reads 16-bit (non-baseline) tables") {
    // Rewrite our q=75 file's tables as 16-bit DQT entries holding the unclamped IJG q=5 values
    // (luma 16 * 10 = 160 ... 121 * 10 = 1210, beyond 8 bits).
    static const int zigzag[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                                   12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                                   35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                                   58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
    static const int luma[64] = {16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
                                 14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
                                 18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
                                 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    const Bytes grey = encode_jpeg(test::make_grey(16, 16).view(), JpegEncodeOptions{75});
    const std::size_t dqt = find_segment(grey, 0xDB);
    REQUIRE(dqt != 0);
    const std::size_t old_len = grey[dqt + 2] << 8 | grey[dqt + 3];
    Bytes seg = {0xFF, 0xDB, 0, 2 + 1 + 128, 0x10};  // Pq = 1 (16-bit), Tq = 0
    for (int i = 0; i < 64; ++i) {
        const int v = (luma[zigzag[i]] * 1000 + 50) / 100;  // scale factor 1000 % = quality 5
        seg.push_back(static_cast<std::uint8_t>(v >> 8));
        seg.push_back(static_cast<std::uint8_t>(v & 0xFF));
    }
    Bytes jpg(grey.begin(), grey.begin() + static_cast<std::ptrdiff_t>(dqt));
    jpg.insert(jpg.end(), seg.begin(), seg.end());
    jpg.insert(jpg.end(), grey.begin() + static_cast<std::ptrdiff_t>(dqt + 2 + old_len), grey.end());
    const ImageInfo info = probe_memory(jpg.data(), jpg.size());
    CHECK(info.jpeg->quant_tables[0][63] == 990);
    CHECK(info.jpeg->quality_estimate == 5);
    CHECK(info.jpeg->quality_exact);
}

TEST_CASE("JPEG subsampling and progressive flags are reported") {
    const Image img = test::make_rgb(48, 40);
    const Image reference = decode(encode(img, 90, ChromaSubsampling::s444)).image;
    const std::pair<ChromaSubsampling, const char*> cases[] = {
        {ChromaSubsampling::s444, "4:4:4"}, {ChromaSubsampling::s422, "4:2:2"}, {ChromaSubsampling::s420, "4:2:0"}};
    for (const auto& [s, name] : cases) {
        for (bool progressive : {false, true}) {
            CAPTURE(name);
            CAPTURE(progressive);
            const Bytes jpg = encode(img, 90, s, progressive);
            const ImageInfo info = probe_memory(jpg.data(), jpg.size());
            CHECK(info.jpeg->subsampling == std::string(name));
            CHECK(info.jpeg->progressive == progressive);
            CHECK_FALSE(info.jpeg->arithmetic);
            CHECK(info.jpeg->quality_estimate == 90);
            CHECK(test::mean_abs_diff(decode(jpg).image.view(), reference.view()) < 4.0);
        }
    }
    JpegEncodeOptions opt;
    opt.optimize_coding = true;
    const Bytes optimized = encode_jpeg(img.view(), opt);
    CHECK(optimized.size() <= encode_jpeg(img.view(), {}).size());
}

TEST_CASE("JPEG truncated or corrupt data is an error, never a partial image") {
    for (bool progressive : {false, true}) {
        CAPTURE(progressive);
        const Bytes jpg = encode(test::make_rgb(64, 64), 90, ChromaSubsampling::s420, progressive);
        for (double frac : {0.1, 0.3, 0.5, 0.8, 0.95}) {
            CAPTURE(frac);
            const Bytes cut(jpg.begin(), jpg.begin() + static_cast<std::ptrdiff_t>(jpg.size() * frac));
            CHECK(status_of_decode(cut) == Status::corrupt_data);
        }
        // Only the EOI marker missing. A baseline file then still holds every row (accepted: such
        // files are common); a progressive one cannot tell that no scan is missing (refused).
        const Bytes no_eoi(jpg.begin(), jpg.end() - 2);
        if (progressive) {
            CHECK(status_of_decode(no_eoi) == Status::corrupt_data);
        } else {
            CHECK(status_of_decode(no_eoi) == Status::ok);
            CHECK(test::mean_abs_diff(decode(no_eoi).image.view(), decode(jpg).image.view()) == 0.0);
        }
    }
    // The message names the problem.
    const Bytes jpg = encode(test::make_rgb(32, 32), 90);
    try {
        decode(Bytes(jpg.begin(), jpg.begin() + static_cast<std::ptrdiff_t>(jpg.size() / 2)));
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("JPEG") != std::string::npos);
    }
    // Header cut inside a segment: probing fails too.
    const Bytes header_cut(jpg.begin(), jpg.begin() + 30);
    CHECK_THROWS_AS(probe_memory(header_cut.data(), header_cut.size()), Error);

    // Garbage after SOI.
    std::mt19937 rng(17);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int trial = 0; trial < 50; ++trial) {
        Bytes garbage = {0xFF, 0xD8, 0xFF};
        for (int i = 0; i < 500; ++i) garbage.push_back(static_cast<std::uint8_t>(byte(rng)));
        const Status s = status_of_decode(garbage);
        CHECK((s == Status::corrupt_data || s == Status::unsupported_format));
    }
    CHECK(status_of_decode(Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 2, 3}) == Status::corrupt_data);
    // Tiny inputs.
    CHECK(status_of_decode(Bytes{}) == Status::unsupported_format);
    CHECK(status_of_decode(Bytes{0xFF, 0xD8}) == Status::unsupported_format);
    CHECK(status_of_decode(Bytes{0xFF, 0xD8, 0xFF}) == Status::corrupt_data);
}

TEST_CASE("JPEG pixel limit is checked from the header before decoding") {
    Bytes jpg = encode(test::make_rgb(32, 32), 90);
    DecodeOptions small;
    small.max_pixels = 32 * 32 - 1;
    CHECK(status_of_decode(jpg, small) == Status::too_large);
    small.max_pixels = 32 * 32;
    CHECK(status_of_decode(jpg, small) == Status::ok);

    // Claim 60000 x 60000 in the frame header: the small file would fail as truncated if decoding started.
    const std::size_t sof = find_segment(jpg, 0xC0);
    REQUIRE(sof != 0);
    jpg[sof + 5] = 60000 >> 8; jpg[sof + 6] = 60000 & 0xFF;
    jpg[sof + 7] = 60000 >> 8; jpg[sof + 8] = 60000 & 0xFF;
    const ImageInfo info = probe_memory(jpg.data(), jpg.size());
    CHECK(info.width == 60000);
    CHECK(status_of_decode(jpg) == Status::too_large);
}
