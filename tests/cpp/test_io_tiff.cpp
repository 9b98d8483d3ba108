// TIFF: files written here with libtiff itself (every sample layout pristine reads sample by sample, and
// the TIFFRGBAImage route), decoded exactly or with the documented rounding; orientation, pages, alpha,
// limits, broken files, and the file-level functions (collection walk, hashing).
#include <tiffio.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "format_test_helpers.hpp"
#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;
using fmt_test::Bytes;

namespace {

// One page to write. `samples` holds the rows as stored (contiguous samples, packed for < 8 bits).
struct Page {
    int width = 0, height = 0, channels = 1, bits = 8;
    std::uint16_t photometric = PHOTOMETRIC_MINISBLACK, sample_format = SAMPLEFORMAT_UINT;
    std::uint16_t compression = COMPRESSION_NONE, orientation = 0, planar = PLANARCONFIG_CONTIG;
    std::vector<std::uint16_t> extra;                // ExtraSamples values
    int tile = 0;                                    // tiled with tile x tile tiles (0: strips)
    int rows_per_strip = 0;                          // 0: libtiff's default
    std::vector<std::uint16_t> red, green, blue;    // colour map
    std::vector<std::uint8_t> samples;

    std::size_t row_bytes() const { return (static_cast<std::size_t>(width) * channels * bits + 7) / 8; }
};

void write_page(TIFF* tif, const Page& p) {
    REQUIRE(TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, p.width));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, p.height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, p.channels);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, p.bits);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, p.sample_format);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, p.photometric);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, p.compression);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, p.planar);
    if (p.orientation != 0) TIFFSetField(tif, TIFFTAG_ORIENTATION, p.orientation);
    if (!p.extra.empty()) TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, static_cast<std::uint16_t>(p.extra.size()), p.extra.data());
    if (!p.red.empty()) TIFFSetField(tif, TIFFTAG_COLORMAP, p.red.data(), p.green.data(), p.blue.data());
    if (p.compression == COMPRESSION_JPEG) {
        TIFFSetField(tif, TIFFTAG_JPEGQUALITY, 95);
        if (p.photometric == PHOTOMETRIC_YCBCR) TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    if (p.tile > 0) {
        REQUIRE(p.planar == PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, p.tile);
        TIFFSetField(tif, TIFFTAG_TILELENGTH, p.tile);
        const std::size_t bpp = static_cast<std::size_t>(p.channels) * p.bits / 8;
        std::vector<std::uint8_t> tile(static_cast<std::size_t>(TIFFTileSize(tif)));
        for (int y0 = 0; y0 < p.height; y0 += p.tile)
            for (int x0 = 0; x0 < p.width; x0 += p.tile) {
                std::fill(tile.begin(), tile.end(), 0);
                for (int y = y0; y < std::min(p.height, y0 + p.tile); ++y)
                    for (int x = x0; x < std::min(p.width, x0 + p.tile); ++x)
                        std::memcpy(&tile[((y - y0) * p.tile + (x - x0)) * bpp], &p.samples[y * p.row_bytes() + x * bpp], bpp);
                REQUIRE(TIFFWriteTile(tif, tile.data(), x0, y0, 0, 0) >= 0);
            }
    } else {
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, p.rows_per_strip > 0 ? p.rows_per_strip : TIFFDefaultStripSize(tif, 0));
        if (p.planar == PLANARCONFIG_SEPARATE) {
            REQUIRE(p.bits % 8 == 0);
            const std::size_t bytes = p.bits / 8;
            std::vector<std::uint8_t> row(static_cast<std::size_t>(p.width) * bytes);
            for (int s = 0; s < p.channels; ++s)
                for (int y = 0; y < p.height; ++y) {
                    for (int x = 0; x < p.width; ++x)
                        std::memcpy(&row[x * bytes], &p.samples[y * p.row_bytes() + (x * p.channels + s) * bytes], bytes);
                    REQUIRE(TIFFWriteScanline(tif, row.data(), y, static_cast<std::uint16_t>(s)) == 1);
                }
        } else {
            std::vector<std::uint8_t> row(p.row_bytes());
            for (int y = 0; y < p.height; ++y) {
                std::memcpy(row.data(), &p.samples[y * p.row_bytes()], row.size());
                REQUIRE(TIFFWriteScanline(tif, row.data(), y, 0) == 1);
            }
        }
    }
    REQUIRE(TIFFWriteDirectory(tif));
}

Bytes write_tiff(const std::vector<Page>& pages, const std::string& name = "written.tif") {
    const std::string path = test::tmp_path(name);
    TIFF* tif = TIFFOpen(path.c_str(), "w");
    REQUIRE(tif != nullptr);
    for (const Page& p : pages) write_page(tif, p);
    TIFFClose(tif);
    return fmt_test::read_all(path);
}

// A page of `channels` samples of `bits` bits per pixel from `values` as they lie in memory (bytes packed
// as stored, or native 16/32/64-bit numbers).
template <class T>
Page raw_page(int width, int height, int channels, int bits, std::uint16_t photometric, const std::vector<T>& values,
              std::uint16_t sample_format = SAMPLEFORMAT_UINT) {
    Page p;
    p.width = width;
    p.height = height;
    p.channels = channels;
    p.bits = bits;
    p.photometric = photometric;
    p.sample_format = sample_format;
    p.samples.resize(values.size() * sizeof(T));
    std::memcpy(p.samples.data(), values.data(), p.samples.size());
    return p;
}

Page page_of(const Image& img) {
    Page p;
    p.width = img.width();
    p.height = img.height();
    p.channels = img.channels();
    p.photometric = img.channels() >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    if (img.channels() == 2 || img.channels() == 4) p.extra = {EXTRASAMPLE_UNASSALPHA};
    p.samples.assign(img.data(), img.data() + img.size_bytes());
    return p;
}

Decoded decode(const Bytes& b, const DecodeOptions& o = {}) { return decode_memory(b.data(), b.size(), o); }

// Sets two tags of the first IFD of a little-endian TIFF to one LONG value, in place.
void set_long_tags(Bytes& tiff, int tag_a, int tag_b, std::uint32_t value) {
    const std::uint32_t ifd = tiff[4] | tiff[5] << 8 | tiff[6] << 16 | static_cast<std::uint32_t>(tiff[7]) << 24;
    const int count = tiff[ifd] | tiff[ifd + 1] << 8;
    for (int i = 0; i < count; ++i) {
        std::uint8_t* e = &tiff[ifd + 2 + 12 * i];
        const int tag = e[0] | e[1] << 8;
        if (tag != tag_a && tag != tag_b) continue;
        e[2] = 4;  // type LONG, count 1: the value sits in the entry
        e[3] = 0;
        std::memcpy(e + 8, &value, 4);
    }
}

DecodeOptions as_stored() {
    DecodeOptions o;
    o.channels = 0;
    return o;
}

}  // namespace

TEST_CASE("TIFF detection: both byte orders and BigTIFF") {
    const std::uint8_t le[] = {'I', 'I', 42, 0, 8, 0, 0, 0}, be[] = {'M', 'M', 0, 42, 0, 0, 0, 8};
    const std::uint8_t big[] = {'I', 'I', 43, 0, 8, 0, 0, 0}, not_tiff[] = {'I', 'I', 41, 0, 8, 0, 0, 0};
    CHECK(detect_format(le, sizeof le) == Format::tiff);
    CHECK(detect_format(be, sizeof be) == Format::tiff);
    CHECK(detect_format(big, sizeof big) == Format::tiff);
    CHECK(detect_format(not_tiff, sizeof not_tiff) == Format::unknown);
    CHECK(std::string(format_name(Format::tiff)) == "tiff");
}

TEST_CASE("TIFF 8-bit RGB is exact with every common compression, in strips and tiles") {
    const Image img = test::make_rgb(45, 37);
    for (const std::uint16_t compression : {COMPRESSION_NONE, COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE, COMPRESSION_PACKBITS}) {
        for (const int tile : {0, 16}) {
            CAPTURE(compression);
            CAPTURE(tile);
            Page p = page_of(img);
            p.compression = compression;
            p.tile = tile;
            p.rows_per_strip = 5;
            const Bytes file = write_tiff({p});
            REQUIRE(detect_format(file.data(), file.size()) == Format::tiff);
            const Decoded d = decode(file);
            CHECK(fmt_test::same_pixels(d.image, img));
            CHECK(d.info.format == Format::tiff);
            CHECK(d.info.file_size == file.size());
        }
    }
}

TEST_CASE("TIFF header facts come without decoding") {
    Page p = page_of(test::noise_image(30, 20, 4, 3));
    p.bits = 8;
    const Bytes file = write_tiff({p});
    const ImageInfo info = probe_memory(file.data(), file.size());
    fmt_test::check_plain_info(info, Format::tiff, 30, 20, 4, file.size());
    CHECK(info.bit_depth == 8);
    CHECK_FALSE(info.palette);
}

TEST_CASE("TIFF alpha: unassociated kept exactly, associated unpremultiplied, composited like PNG") {
    const Image rgba = test::noise_image(23, 19, 4, 7);
    fmt_test::check_lossless_alpha(write_tiff({page_of(rgba)}), rgba);
    DecodeOptions keep;
    keep.channels = 4;

    // Premultiplied (associated) alpha: the straight values come back within rounding.
    Image pre = rgba;
    for (std::size_t i = 0; i < pre.size_bytes(); i += 4)
        for (int c = 0; c < 3; ++c) pre.data()[i + c] = static_cast<std::uint8_t>((rgba.data()[i + c] * rgba.data()[i + 3] + 127) / 255);
    Page p = page_of(pre);
    p.extra = {EXTRASAMPLE_ASSOCALPHA};
    const Image back = decode(write_tiff({p}), keep).image;
    int worst = 0;
    for (std::size_t i = 0; i < back.size_bytes(); i += 4) {
        const int a = rgba.data()[i + 3];
        CHECK(back.data()[i + 3] == a);
        if (a < 32) continue;  // little precision is left under nearly transparent pixels
        for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(back.data()[i + c] - rgba.data()[i + c]));
    }
    CHECK(worst <= 4);

    // Grey + alpha stays two samples "as stored" (given as 4 channels, like PNG).
    const Image ga = test::noise_image(9, 7, 2, 8);
    const Decoded g = decode(write_tiff({page_of(ga)}), as_stored());
    CHECK(g.image.channels() == 4);
    CHECK(g.info.channels == 2);
}

TEST_CASE("TIFF 16-bit, 32-bit, signed and float samples are rounded to 8 bits") {
    const int w = 17, h = 11;
    std::mt19937 rng(5);
    std::vector<std::uint16_t> v16(w * h * 3);
    for (auto& v : v16) v = static_cast<std::uint16_t>(rng());
    Page p = raw_page(w, h, 3, 16, PHOTOMETRIC_RGB, v16);
    p.compression = COMPRESSION_LZW;
    const Decoded d16 = decode(write_tiff({p}));
    CHECK(d16.info.bit_depth == 16);
    bool all = true;
    for (std::size_t i = 0; i < v16.size(); ++i) all = all && d16.image.data()[i] == (v16[i] * 255u + 32767u) / 65535u;
    CHECK(all);

    // 32-bit unsigned grey.
    std::vector<std::uint32_t> v32 = {0, 0xffffffffu, 0x80000000u, 0x7fffffffu, 16843009u * 100};
    const Image g32 = decode(write_tiff({raw_page(5, 1, 1, 32, PHOTOMETRIC_MINISBLACK, v32)}), as_stored()).image;
    REQUIRE(g32.channels() == 1);
    CHECK(g32.data()[0] == 0);
    CHECK(g32.data()[1] == 255);
    CHECK(g32.data()[2] == 128);
    CHECK(g32.data()[3] == 127);
    CHECK(g32.data()[4] == 100);

    // Signed 16-bit: negative values are black, the largest positive one white.
    std::vector<std::int16_t> s16 = {-32768, -1, 0, 32767, 16384};
    const Page s = raw_page(5, 1, 1, 16, PHOTOMETRIC_MINISBLACK, s16, SAMPLEFORMAT_INT);
    const Image gs = decode(write_tiff({s}), as_stored()).image;
    CHECK(gs.data()[0] == 0);
    CHECK(gs.data()[1] == 0);
    CHECK(gs.data()[2] == 0);
    CHECK(gs.data()[3] == 255);
    CHECK(gs.data()[4] == 128);

    // Float grey: 0..1 mapped to 0..255, out of range clamped, NaN black; 64-bit floats too.
    std::vector<float> f = {0.f, 1.f, 0.5f, -3.f, 7.f, NAN, 100.f / 255.f};
    const std::vector<int> expected = {0, 255, 128, 0, 255, 0, 100};
    const int n = static_cast<int>(f.size());
    const Decoded df = decode(write_tiff({raw_page(n, 1, 1, 32, PHOTOMETRIC_MINISBLACK, f, SAMPLEFORMAT_IEEEFP)}), as_stored());
    CHECK(df.info.bit_depth == 32);
    for (std::size_t i = 0; i < f.size(); ++i) CHECK(df.image.data()[i] == expected[i]);
    const std::vector<double> dd(f.begin(), f.end());
    const Image d64 = decode(write_tiff({raw_page(n, 1, 1, 64, PHOTOMETRIC_MINISBLACK, dd, SAMPLEFORMAT_IEEEFP)}), as_stored()).image;
    for (std::size_t i = 0; i < f.size(); ++i) CHECK(d64.data()[i] == expected[i]);

    // Half floats: 0, 1, 0.5, -2, 65504 (largest), a subnormal.
    const std::vector<std::uint16_t> halves = {0x0000, 0x3c00, 0x3800, 0xc000, 0x7bff, 0x0001};
    const std::vector<int> half_expected = {0, 255, 128, 0, 255, 0};
    const Page half = raw_page(6, 1, 1, 16, PHOTOMETRIC_MINISBLACK, halves, SAMPLEFORMAT_IEEEFP);
    const Image dh = decode(write_tiff({half}), as_stored()).image;
    for (std::size_t i = 0; i < halves.size(); ++i) CHECK(dh.data()[i] == half_expected[i]);
}

TEST_CASE("TIFF bilevel, 4-bit grey, palettes and CMYK") {
    // 1-bit min-is-white (fax style): bit 1 is black. Row of 10 pixels: 1010011100.
    Page bw = raw_page(10, 2, 1, 1, PHOTOMETRIC_MINISWHITE, Bytes{0xA7, 0x00, 0xA7, 0x00});
    bw.compression = COMPRESSION_CCITTFAX4;
    const Decoded d = decode(write_tiff({bw}), as_stored());
    CHECK(d.info.bit_depth == 1);
    CHECK(d.info.channels == 1);
    const int bits[10] = {1, 0, 1, 0, 0, 1, 1, 1, 0, 0};
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 10; ++x) CHECK(d.image.row(y)[x] == (bits[x] ? 0 : 255));

    // 4-bit grey: each nibble v becomes v * 17.
    const Page g4 = raw_page(5, 1, 1, 4, PHOTOMETRIC_MINISBLACK, Bytes{0x0F, 0x37, 0xA0});
    const Image four = decode(write_tiff({g4}), as_stored()).image;
    const int nibbles[5] = {0, 15, 3, 7, 10};
    for (int x = 0; x < 5; ++x) CHECK(four.data()[x] == nibbles[x] * 17);

    // 4-bit palette with a 16-bit colour map.
    Page pal = raw_page(4, 1, 1, 4, PHOTOMETRIC_PALETTE, Bytes{0x12, 0xF0});
    pal.red.assign(16, 0);
    pal.green.assign(16, 0);
    pal.blue.assign(16, 0);
    pal.red[1] = 65535;
    pal.green[2] = 32896;  // 128 * 257
    pal.blue[15] = 65535;
    pal.red[15] = 257 * 10;
    const Decoded dp = decode(write_tiff({pal}));
    CHECK(dp.info.palette);
    CHECK(dp.info.channels == 3);
    CHECK(dp.info.bit_depth == 4);
    const std::uint8_t want[12] = {255, 0, 0, 0, 128, 0, 10, 0, 255, 0, 0, 0};
    CHECK(std::memcmp(dp.image.data(), want, 12) == 0);

    // CMYK, 0 = no ink: white, cyan, black, half grey.
    const Bytes inks = {0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 128};
    const Decoded dc = decode(write_tiff({raw_page(4, 1, 4, 8, PHOTOMETRIC_SEPARATED, inks)}));
    CHECK(dc.info.channels == 3);
    CHECK_FALSE(dc.info.has_alpha);
    const std::uint8_t rgb[12] = {255, 255, 255, 0, 255, 255, 0, 0, 0, 127, 127, 127};
    CHECK(std::memcmp(dc.image.data(), rgb, 12) == 0);
}

TEST_CASE("TIFF planar (separate) samples and multi-strip pages") {
    const Image img = test::noise_image(21, 13, 3, 11);
    Page p = page_of(img);
    p.planar = PLANARCONFIG_SEPARATE;
    p.rows_per_strip = 4;
    p.compression = COMPRESSION_ADOBE_DEFLATE;
    CHECK(fmt_test::same_pixels(decode(write_tiff({p})).image, img));
    Page q = page_of(test::noise_image(21, 13, 4, 12));
    q.planar = PLANARCONFIG_SEPARATE;
    DecodeOptions keep;
    keep.channels = 4;
    CHECK(fmt_test::same_pixels(decode(write_tiff({q}), keep).image, test::noise_image(21, 13, 4, 12)));
}

TEST_CASE("TIFF JPEG-compressed YCbCr is decoded as RGB") {
    const Image img = test::make_rgb(64, 48);
    Page p = page_of(img);
    p.photometric = PHOTOMETRIC_YCBCR;
    p.compression = COMPRESSION_JPEG;
    p.rows_per_strip = 16;
    const Decoded d = decode(write_tiff({p}));
    CHECK(d.info.channels == 3);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) < 3.0);
}

TEST_CASE("TIFF CIE L*a*b* goes through libtiff's RGBA route") {
    // L* 0..100 stored as 0..255, a* and b* as signed bytes: white, black, mid grey.
    const Bytes samples = {255, 0, 0, 0, 0, 0, 136, 0, 0};
    const Image lab = decode(write_tiff({raw_page(3, 1, 3, 8, PHOTOMETRIC_CIELAB, samples)})).image;
    REQUIRE(lab.channels() == 3);
    // libtiff renders L*a*b* for a D50 white point on an sRGB display: its white is slightly yellow.
    for (int c = 0; c < 3; ++c) {
        CHECK(lab.data()[c] >= 200);
        CHECK(lab.data()[3 + c] <= 5);
        CHECK(lab.data()[6 + c] >= 100);
        CHECK(lab.data()[6 + c] <= 160);
    }
}

TEST_CASE("TIFF orientations 1..8 are applied and reported, and skipped on request") {
    const Image img = test::noise_image(12, 7, 3, 21);
    for (int o = 1; o <= 8; ++o) {
        CAPTURE(o);
        Page p = page_of(img);
        p.orientation = static_cast<std::uint16_t>(o);
        const Bytes file = write_tiff({p});
        const ImageInfo info = probe_memory(file.data(), file.size());
        CHECK(info.orientation == o);
        CHECK(info.width == 12);
        CHECK(info.height == 7);
        CHECK(info.display_width == (o >= 5 ? 7 : 12));
        CHECK(info.display_height == (o >= 5 ? 12 : 7));
        const Decoded d = decode(file);
        CHECK(fmt_test::same_pixels(d.image, fmt_test::oriented(img, o)));
        DecodeOptions raw;
        raw.apply_orientation = false;
        CHECK(fmt_test::same_pixels(decode(file, raw).image, img));
    }
}

TEST_CASE("TIFF pages: counted, the first one decoded") {
    const Image first = test::noise_image(8, 6, 3, 1), second = test::noise_image(5, 9, 1, 2);
    const Bytes file = write_tiff({page_of(first), page_of(second), page_of(first)});
    fmt_test::check_first_frame(file, 3, first);
    const Animation a = decode_frames_memory(file.data(), file.size());
    REQUIRE(a.frames.size() == 1);
    CHECK(fmt_test::same_pixels(a.frames[0], first));
}

TEST_CASE("TIFF pixel limit is checked before decoding, tiles included") {
    const Bytes file = write_tiff({page_of(test::make_rgb(40, 30))});
    fmt_test::check_pixel_limit(file, 40, 30);

    // A header claiming 100000 x 100000 pixels with a tiny file: too_large, nothing allocated.
    Bytes huge = file;
    const ImageInfo before = probe_memory(huge.data(), huge.size());
    REQUIRE(before.width == 40);
    set_long_tags(huge, TIFFTAG_IMAGEWIDTH, TIFFTAG_IMAGELENGTH, 100000);
    CHECK(probe_memory(huge.data(), huge.size()).width == 100000);
    CHECK(fmt_test::decode_status(huge) == Status::too_large);

    // A tile far larger than the page must fit the limit too.
    Page t = page_of(test::make_rgb(20, 20));
    t.tile = 16;
    Bytes tiled = write_tiff({t});
    set_long_tags(tiled, TIFFTAG_TILEWIDTH, TIFFTAG_TILELENGTH, 1u << 16);
    const Status st = fmt_test::decode_status(tiled);
    CHECK((st == Status::too_large || st == Status::corrupt_data));
}

TEST_CASE("TIFF truncated or corrupt files fail with corrupt_data and print nothing") {
    Page p = page_of(test::make_rgb(48, 40));
    p.compression = COMPRESSION_LZW;
    p.rows_per_strip = 8;
    fmt_test::check_truncations(write_tiff({p}));
    Page t = page_of(test::make_rgb(48, 40));
    t.tile = 16;
    t.compression = COMPRESSION_ADOBE_DEFLATE;
    fmt_test::check_truncations(write_tiff({t}));

    // Garbage after a valid header, and a file naming itself by path in the error.
    Bytes junk = {'I', 'I', 42, 0, 8, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4, 5};
    const std::string printed = fmt_test::stderr_of([&] { CHECK(fmt_test::decode_status(junk) == Status::corrupt_data); });
    CHECK(printed.empty());
    fmt_test::check_file_error("broken.tif", junk, Status::corrupt_data);
}

TEST_CASE("TIFF files are listed by the collection walk and hashed like the same pixels in PNG") {
    const Image img = test::make_rgb(96, 80);
    Page p = page_of(img);
    p.compression = COMPRESSION_LZW;
    fmt_test::check_walk_and_hash("tiff_walk", {{"photo.dat", write_tiff({p})}}, img, Format::tiff);  // the bytes decide
}
