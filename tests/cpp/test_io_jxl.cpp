// JPEG XL: files written here with libjxl's encoder, decoded through pristine: lossless 8-bit, 16-bit and
// float samples, alpha, grey, both containers, orientations 1..8, animations (frames counted, the first
// decoded), limits, broken files, and the file-level functions.
#include <jxl/encode.h>

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

struct Spec {
    int channels = 3;               // 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
    JxlDataType type = JXL_TYPE_UINT8;
    bool lossless = true;
    bool container = false;
    int orientation = 1;
};

struct EncoderFree {
    void operator()(JxlEncoder* e) const noexcept { JxlEncoderDestroy(e); }
};

// Frames are `samples` buffers of width x height x channels values of `type`; more than one makes an animation.
Bytes encode_jxl(int width, int height, const std::vector<std::vector<std::uint8_t>>& frames, const Spec& s) {
    std::unique_ptr<JxlEncoder, EncoderFree> enc(JxlEncoderCreate(nullptr));
    REQUIRE(enc);
    REQUIRE(JxlEncoderUseContainer(enc.get(), s.container ? JXL_TRUE : JXL_FALSE) == JXL_ENC_SUCCESS);
    const bool alpha = s.channels == 2 || s.channels == 4;
    JxlBasicInfo info;
    JxlEncoderInitBasicInfo(&info);
    info.xsize = static_cast<std::uint32_t>(width);
    info.ysize = static_cast<std::uint32_t>(height);
    info.bits_per_sample = s.type == JXL_TYPE_UINT8 ? 8 : s.type == JXL_TYPE_UINT16 ? 16 : 32;
    info.exponent_bits_per_sample = s.type == JXL_TYPE_FLOAT ? 8 : 0;
    info.num_color_channels = s.channels <= 2 ? 1 : 3;
    info.num_extra_channels = alpha ? 1 : 0;
    info.alpha_bits = alpha ? info.bits_per_sample : 0;
    info.alpha_exponent_bits = alpha ? info.exponent_bits_per_sample : 0;
    info.uses_original_profile = s.lossless ? JXL_TRUE : JXL_FALSE;
    info.orientation = static_cast<JxlOrientation>(s.orientation);
    if (frames.size() > 1) {
        info.have_animation = JXL_TRUE;
        info.animation.tps_numerator = 10;
        info.animation.tps_denominator = 1;
    }
    REQUIRE(JxlEncoderSetBasicInfo(enc.get(), &info) == JXL_ENC_SUCCESS);
    if (alpha) {
        JxlExtraChannelInfo eci;
        JxlEncoderInitExtraChannelInfo(JXL_CHANNEL_ALPHA, &eci);
        eci.bits_per_sample = info.alpha_bits;
        eci.exponent_bits_per_sample = info.alpha_exponent_bits;
        REQUIRE(JxlEncoderSetExtraChannelInfo(enc.get(), 0, &eci) == JXL_ENC_SUCCESS);
    }
    JxlColorEncoding colour;
    JxlColorEncodingSetToSRGB(&colour, s.channels <= 2 ? JXL_TRUE : JXL_FALSE);
    REQUIRE(JxlEncoderSetColorEncoding(enc.get(), &colour) == JXL_ENC_SUCCESS);
    JxlEncoderFrameSettings* fs = JxlEncoderFrameSettingsCreate(enc.get(), nullptr);
    REQUIRE(JxlEncoderFrameSettingsSetOption(fs, JXL_ENC_FRAME_SETTING_EFFORT, 3) == JXL_ENC_SUCCESS);
    if (s.lossless) REQUIRE(JxlEncoderSetFrameLossless(fs, JXL_TRUE) == JXL_ENC_SUCCESS);
    else REQUIRE(JxlEncoderSetFrameDistance(fs, 1.0f) == JXL_ENC_SUCCESS);
    const JxlPixelFormat format{static_cast<std::uint32_t>(s.channels), s.type, JXL_NATIVE_ENDIAN, 0};
    for (const auto& f : frames) {
        if (frames.size() > 1) {
            JxlFrameHeader header;
            JxlEncoderInitFrameHeader(&header);
            header.duration = 1;
            REQUIRE(JxlEncoderSetFrameHeader(fs, &header) == JXL_ENC_SUCCESS);
        }
        REQUIRE(JxlEncoderAddImageFrame(fs, &format, f.data(), f.size()) == JXL_ENC_SUCCESS);
    }
    JxlEncoderCloseInput(enc.get());
    Bytes out(4096);
    std::uint8_t* next = out.data();
    std::size_t avail = out.size();
    for (;;) {
        const JxlEncoderStatus st = JxlEncoderProcessOutput(enc.get(), &next, &avail);
        if (st == JXL_ENC_SUCCESS) break;
        REQUIRE(st == JXL_ENC_NEED_MORE_OUTPUT);
        const std::size_t used = static_cast<std::size_t>(next - out.data());
        out.resize(out.size() * 2);
        next = out.data() + used;
        avail = out.size() - used;
    }
    out.resize(static_cast<std::size_t>(next - out.data()));
    return out;
}

std::vector<std::uint8_t> samples_of(const Image& img) { return {img.data(), img.data() + img.size_bytes()}; }

Bytes encode_jxl(const Image& img, Spec s = {}) {
    s.channels = img.channels();
    return encode_jxl(img.width(), img.height(), {samples_of(img)}, s);
}

Decoded decode(const Bytes& b, const DecodeOptions& o = {}) { return decode_memory(b.data(), b.size(), o); }

}  // namespace

TEST_CASE("JPEG XL codestream and container are detected; lossless round trip is exact") {
    const Image img = test::make_rgb(61, 37);
    for (const bool container : {false, true}) {
        CAPTURE(container);
        Spec s;
        s.container = container;
        const Bytes file = encode_jxl(img, s);
        REQUIRE(detect_format(file.data(), file.size()) == Format::jxl);
        CHECK(file[0] == (container ? 0x00 : 0xFF));
        CHECK(fmt_test::same_pixels(decode(file).image, img));
        const ImageInfo info = probe_memory(file.data(), file.size());
        fmt_test::check_plain_info(info, Format::jxl, 61, 37, 3, file.size());
        CHECK(info.bit_depth == 8);
    }
    CHECK(std::string(format_name(Format::jxl)) == "jxl");
    const std::uint8_t not_jxl[] = {0xFF, 0x0B, 0, 0};
    CHECK(detect_format(not_jxl, sizeof not_jxl) == Format::unknown);
}

TEST_CASE("JPEG XL lossy stays close") {
    const Image img = test::make_rgb(64, 48);
    Spec s;
    s.lossless = false;
    CHECK(test::mean_abs_diff(decode(encode_jxl(img, s)).image.view(), img.view()) < 4.0);
}

TEST_CASE("JPEG XL 16-bit and float samples are rounded to 8 bits") {
    const int w = 19, h = 7;
    std::mt19937 rng(3);
    std::vector<std::uint16_t> v16(w * h * 3);
    for (auto& v : v16) v = static_cast<std::uint16_t>(rng());
    std::vector<std::uint8_t> raw(v16.size() * 2);
    std::memcpy(raw.data(), v16.data(), raw.size());
    Spec s;
    s.type = JXL_TYPE_UINT16;
    const Decoded d = decode(encode_jxl(w, h, {raw}, s));
    CHECK(d.info.bit_depth == 16);
    int worst = 0;
    for (std::size_t i = 0; i < v16.size(); ++i)
        worst = std::max(worst, std::abs(int(d.image.data()[i]) - int(std::lround(v16[i] * 255.0 / 65535.0))));
    CHECK(worst == 0);

    std::vector<float> vf(w * h * 3);
    for (auto& v : vf) v = static_cast<float>(rng() % 10001) / 10000.f;
    std::vector<std::uint8_t> rawf(vf.size() * 4);
    std::memcpy(rawf.data(), vf.data(), rawf.size());
    s.type = JXL_TYPE_FLOAT;
    const Decoded df = decode(encode_jxl(w, h, {rawf}, s));
    CHECK(df.info.bit_depth == 32);
    worst = 0;
    for (std::size_t i = 0; i < vf.size(); ++i)
        worst = std::max(worst, std::abs(int(df.image.data()[i]) - int(std::lround(vf[i] * 255.0))));
    CHECK(worst <= 1);
}

TEST_CASE("JPEG XL alpha and grey") {
    const Image rgba = test::noise_image(24, 16, 4, 3);
    const Bytes file = encode_jxl(rgba);
    fmt_test::check_lossless_alpha(file, rgba);

    const Image grey = test::make_grey(30, 20);
    DecodeOptions stored;
    stored.channels = 0;
    const Decoded g = decode(encode_jxl(grey), stored);
    CHECK(g.info.channels == 1);
    CHECK(fmt_test::same_pixels(g.image, grey));
}

TEST_CASE("JPEG XL orientations 1..8 are applied and reported, and skipped on request") {
    const Image img = test::noise_image(12, 7, 3, 21);
    for (int o = 1; o <= 8; ++o) {
        CAPTURE(o);
        Spec s;
        s.orientation = o;
        const Bytes file = encode_jxl(img, s);
        const ImageInfo info = probe_memory(file.data(), file.size());
        CHECK(info.orientation == o);
        CHECK(info.width == 12);
        CHECK(info.height == 7);
        CHECK(info.display_width == (o >= 5 ? 7 : 12));
        CHECK(fmt_test::same_pixels(decode(file).image, fmt_test::oriented(img, o)));
        DecodeOptions raw;
        raw.apply_orientation = false;
        CHECK(fmt_test::same_pixels(decode(file, raw).image, img));
    }
}

TEST_CASE("JPEG XL animations: frames counted, the first one decoded") {
    const Image a = test::noise_image(16, 12, 3, 1), b = test::noise_image(16, 12, 3, 2);
    const Bytes file = encode_jxl(16, 12, {samples_of(a), samples_of(b), samples_of(a)}, Spec{});
    fmt_test::check_first_frame(file, 3, a);
}

TEST_CASE("JPEG XL pixel limit: too_large before decoding") {
    fmt_test::check_pixel_limit(encode_jxl(test::make_rgb(64, 48)), 64, 48);
}

TEST_CASE("JPEG XL truncated or corrupt files fail with corrupt_data and print nothing") {
    Spec lossy;
    lossy.lossless = false;
    fmt_test::check_truncations(encode_jxl(test::make_rgb(64, 48), lossy));
    Spec container;
    container.container = true;
    fmt_test::check_truncations(encode_jxl(test::noise_image(32, 24, 4, 4), container));
    const Bytes header_only = {0xFF, 0x0A, 0xFF, 0xFF, 0xFF};
    fmt_test::check_file_error("broken.jxl", header_only, Status::corrupt_data);
}

TEST_CASE("JPEG XL files are listed by the collection walk and hashed like the same pixels in PNG") {
    const Image img = test::make_rgb(96, 80);
    Spec container;
    container.container = true;
    fmt_test::check_walk_and_hash("jxl_walk", {{"a", encode_jxl(img)}, {"b", encode_jxl(img, container)}}, img, Format::jxl);
}
