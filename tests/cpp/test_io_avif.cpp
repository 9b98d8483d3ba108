// AVIF: files written here with libavif (and libheif's AV1 encoder), decoded through pristine: lossless
// and lossy pixels, 10-bit samples, alpha, grey, clean aperture, irot/imir orientations (checked
// against libheif's own rendering of the same files), sequences, limits, broken files, file functions.
#include <avif/avif.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "format_test_helpers.hpp"
#include "heif_test_encoder.hpp"
#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;
using fmt_test::Bytes;

namespace {

struct Spec {
    bool lossless = true;     // identity matrix, 4:4:4, quantizer 0: pixels survive exactly
    bool grey = false;        // 4:0:0
    int depth = 8;
    int rotation = -1;        // irot quarter turns (anticlockwise), -1: none
    int mirror = -1;          // imir mode, -1: none
    const avifCropRect* crop = nullptr;
};

struct ImageFree {
    void operator()(avifImage* i) const noexcept { avifImageDestroy(i); }
};

std::unique_ptr<avifImage, ImageFree> to_avif_image(const Image& src, const Spec& s) {
    const avifPixelFormat yuv = s.grey ? AVIF_PIXEL_FORMAT_YUV400 : s.lossless ? AVIF_PIXEL_FORMAT_YUV444 : AVIF_PIXEL_FORMAT_YUV420;
    std::unique_ptr<avifImage, ImageFree> image(avifImageCreate(src.width(), src.height(), s.depth, yuv));
    REQUIRE(image);
    image->yuvRange = AVIF_RANGE_FULL;
    if (s.lossless && !s.grey) image->matrixCoefficients = AVIF_MATRIX_COEFFICIENTS_IDENTITY;
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, image.get());
    rgb.format = src.channels() == 4 ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
    rgb.depth = 8;
    std::vector<std::uint8_t> pixels(src.data(), src.data() + src.size_bytes());
    rgb.pixels = pixels.data();
    rgb.rowBytes = static_cast<std::uint32_t>(src.stride());
    REQUIRE(avifImageRGBToYUV(image.get(), &rgb) == AVIF_RESULT_OK);
    if (s.rotation >= 0) {
        image->transformFlags |= AVIF_TRANSFORM_IROT;
        image->irot.angle = static_cast<std::uint8_t>(s.rotation);
    }
    if (s.mirror >= 0) {
        image->transformFlags |= AVIF_TRANSFORM_IMIR;
        image->imir.mode = static_cast<std::uint8_t>(s.mirror);
    }
    if (s.crop != nullptr) {
        avifDiagnostics diag;
        REQUIRE(avifCleanApertureBoxConvertCropRect(&image->clap, s.crop, src.width(), src.height(), yuv, &diag));
        image->transformFlags |= AVIF_TRANSFORM_CLAP;
    }
    return image;
}

struct EncoderFree {
    void operator()(avifEncoder* e) const noexcept { avifEncoderDestroy(e); }
};

// One image, or a sequence of several (same size) when `frames` has more than one.
Bytes encode_avif(const std::vector<Image>& frames, const Spec& s = {}) {
    std::unique_ptr<avifEncoder, EncoderFree> enc(avifEncoderCreate());
    REQUIRE(enc);
    enc->speed = AVIF_SPEED_FASTEST;
    enc->maxThreads = 1;
    const int q = s.lossless ? AVIF_QUANTIZER_LOSSLESS : 10;
    enc->minQuantizer = enc->maxQuantizer = q;
    enc->minQuantizerAlpha = enc->maxQuantizerAlpha = AVIF_QUANTIZER_LOSSLESS;
    avifRWData out = AVIF_DATA_EMPTY;
    if (frames.size() == 1) {
        REQUIRE(avifEncoderWrite(enc.get(), to_avif_image(frames[0], s).get(), &out) == AVIF_RESULT_OK);
    } else {
        enc->timescale = 10;
        for (const Image& f : frames)
            REQUIRE(avifEncoderAddImage(enc.get(), to_avif_image(f, s).get(), 1, AVIF_ADD_IMAGE_FLAG_NONE) == AVIF_RESULT_OK);
        REQUIRE(avifEncoderFinish(enc.get(), &out) == AVIF_RESULT_OK);
    }
    Bytes bytes(out.data, out.data + out.size);
    avifRWDataFree(&out);
    return bytes;
}

Bytes encode_avif(const Image& img, const Spec& s = {}) { return encode_avif(std::vector<Image>{img}, s); }

Decoded decode(const Bytes& b, const DecodeOptions& o = {}) { return decode_memory(b.data(), b.size(), o); }

}  // namespace

TEST_CASE("AVIF lossless round trip is exact; header facts come without decoding") {
    const Image img = test::make_rgb(61, 37);
    const Bytes file = encode_avif(img);
    REQUIRE(detect_format(file.data(), file.size()) == Format::avif);
    CHECK(fmt_test::same_pixels(decode(file).image, img));
    const ImageInfo info = probe_memory(file.data(), file.size());
    fmt_test::check_plain_info(info, Format::avif, 61, 37, 3, file.size());
    CHECK(info.bit_depth == 8);
}

TEST_CASE("AVIF lossy 4:2:0 and 10-bit files decode close to the source") {
    const Image img = test::make_rgb(64, 48);
    Spec lossy;
    lossy.lossless = false;
    CHECK(test::mean_abs_diff(decode(encode_avif(img, lossy)).image.view(), img.view()) < 3.0);
    Spec ten;
    ten.depth = 10;
    const Bytes file = encode_avif(img, ten);
    const Decoded d = decode(file);
    CHECK(d.info.bit_depth == 10);
    CHECK(fmt_test::max_abs_diff(d.image, img) <= 1);  // 8 -> 10 -> 8 bits, rounded twice
}

TEST_CASE("AVIF alpha and grey") {
    const Image rgba = test::noise_image(24, 16, 4, 3);
    const Bytes file = encode_avif(rgba);
    fmt_test::check_lossless_alpha(file, rgba);

    Spec grey;
    grey.grey = true;
    const Image g = test::make_grey(30, 20);
    Image g3(30, 20, 3);
    for (std::size_t i = 0; i < g.size_bytes(); ++i) std::memset(g3.data() + 3 * i, g.data()[i], 3);
    const Bytes gfile = encode_avif(g3, grey);
    DecodeOptions stored;
    stored.channels = 0;
    const Decoded gd = decode(gfile, stored);
    CHECK(gd.info.channels == 1);
    REQUIRE(gd.image.channels() == 1);
    CHECK(fmt_test::max_abs_diff(gd.image, g) <= 1);
}

TEST_CASE("AVIF clean aperture crops the picture") {
    const Image img = test::noise_image(40, 30, 3, 5);
    const avifCropRect rect{8, 6, 24, 16};
    Spec s;
    s.crop = &rect;
    const Bytes file = encode_avif(img, s);
    const ImageInfo info = probe_memory(file.data(), file.size());
    CHECK(info.width == 24);
    CHECK(info.height == 16);
    const Image d = decode(file).image;
    REQUIRE(d.width() == 24);
    REQUIRE(d.height() == 16);
    bool same = true;
    for (int y = 0; y < 16; ++y) same = same && std::memcmp(d.row(y), img.row(y + 6) + 3 * 8, 24 * 3) == 0;
    CHECK(same);
}

TEST_CASE("AVIF irot/imir: every combination is one of the 8 EXIF orientations, rendered as libheif does") {
    const Image img = test::noise_image(20, 12, 3, 17);
    std::set<int> seen;
    for (int rotation = -1; rotation <= 3; ++rotation)
        for (int mirror = -1; mirror <= 1; ++mirror) {
            CAPTURE(rotation);
            CAPTURE(mirror);
            Spec s;
            s.rotation = rotation;
            s.mirror = mirror;
            const Bytes file = encode_avif(img, s);
            const ImageInfo info = probe_memory(file.data(), file.size());
            seen.insert(info.orientation);
            CHECK(info.width == 20);
            CHECK(info.display_width == (info.orientation >= 5 ? 12 : 20));
            const Image shown = decode(file).image;
            CHECK(fmt_test::same_pixels(shown, fmt_test::oriented(img, info.orientation)));
            CHECK(fmt_test::same_pixels(shown, heif_test::libheif_decode(file, false)));
            DecodeOptions stored;
            stored.apply_orientation = false;
            CHECK(fmt_test::same_pixels(decode(file, stored).image, img));
        }
    CHECK(seen.size() == 8);
}

TEST_CASE("AVIF written by libheif's AV1 encoder decodes close to the source") {
    // (libheif 1.15 stores its own orientation of AV1 images wrongly: irot before ispe, and the pixels
    // already turned. Orientations are checked above on libavif's files against libheif's reader.)
    const Image img = test::make_rgb(48, 32);
    heif_test::EncodeOptions o;
    o.codec = heif_compression_AV1;
    const Bytes file = heif_test::encode(img, o);
    REQUIRE(detect_format(file.data(), file.size()) == Format::avif);
    const Decoded d = decode(file);
    CHECK(d.info.orientation == 1);
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) < 4.0);
}

TEST_CASE("AVIF sequences: frames counted, the first one decoded") {
    const Image a = test::noise_image(16, 16, 3, 1), b = test::noise_image(16, 16, 3, 2);
    const Bytes file = encode_avif({a, b, b});
    REQUIRE(detect_format(file.data(), file.size()) == Format::avif);
    fmt_test::check_first_frame(file, 3, a);
}

TEST_CASE("AVIF pixel limit: too_large before decoding") {
    fmt_test::check_pixel_limit(encode_avif(test::make_rgb(64, 48)), 64, 48);
}

TEST_CASE("AVIF truncated or corrupt files fail with corrupt_data and print nothing") {
    Spec lossy;
    lossy.lossless = false;
    fmt_test::check_truncations(encode_avif(test::make_rgb(64, 48), lossy));
    fmt_test::check_truncations(encode_avif(test::noise_image(32, 24, 4, 4)));
    // AV1 data overwritten (zeros, ones, flipped bits): whatever the AV1 decoder makes of it, nothing is
    // printed; where it stops, the error is corrupt_data.
    const Bytes good = encode_avif(test::make_rgb(64, 48), lossy);
    std::size_t mdat = 0;
    for (std::size_t i = 4; i + 4 < good.size() && mdat == 0; ++i)
        if (std::memcmp(&good[i], "mdat", 4) == 0) mdat = i + 4;
    REQUIRE(mdat > 0);
    Bytes damaged = good;
    const std::string printed = fmt_test::stderr_of([&] {
        for (const int fill : {0x00, 0xff, -1}) {
            damaged = good;
            for (std::size_t i = mdat; i < damaged.size(); ++i)
                damaged[i] = fill >= 0 ? static_cast<std::uint8_t>(fill) : static_cast<std::uint8_t>(damaged[i] ^ 0x55);
            CHECK(fmt_test::decode_status(damaged) == Status::corrupt_data);
        }
    });
    CHECK(printed.empty());
    fmt_test::check_file_error("broken.avif", damaged, Status::corrupt_data);
}

TEST_CASE("AVIF files are listed by the collection walk and hashed like the same pixels in PNG") {
    const Image img = test::make_rgb(96, 80);
    fmt_test::check_walk_and_hash("avif_walk", {{"picture", encode_avif(img)}}, img, Format::avif);
}
