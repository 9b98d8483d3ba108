// WebP: lossless round trips exact, lossy close, an animation built with WebPAnimEncoder decoded frame by
// frame, probe facts, and broken input.
#include <webp/encode.h>
#include <webp/mux.h>

#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

pristine::Image solid_with_square(int w, int h, pristine::Rgb bg, pristine::Rgb fg, int sx, int sy) {
    pristine::Image img(w, h, 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = img.row(y) + x * 4;
            const bool in = x >= sx && x < sx + 5 && y >= sy && y < sy + 5;
            const auto& c = in ? fg : bg;
            p[0] = c[0]; p[1] = c[1]; p[2] = c[2]; p[3] = 255;
        }
    return img;
}

// Frames shown for 100, 150 and 150 ms, looping twice, encoded losslessly.
Bytes animation(const std::vector<pristine::Image>& frames) {
    WebPAnimEncoderOptions ao;
    REQUIRE(WebPAnimEncoderOptionsInit(&ao));
    ao.anim_params.loop_count = 2;
    WebPAnimEncoder* enc = WebPAnimEncoderNew(frames[0].width(), frames[0].height(), &ao);
    REQUIRE(enc != nullptr);
    WebPConfig config;
    REQUIRE(WebPConfigInit(&config));
    config.lossless = 1;
    const int stamps[] = {0, 100, 250, 400};
    for (std::size_t i = 0; i < frames.size(); ++i) {
        WebPPicture pic;
        REQUIRE(WebPPictureInit(&pic));
        pic.width = frames[i].width();
        pic.height = frames[i].height();
        pic.use_argb = 1;
        REQUIRE(WebPPictureImportRGBA(&pic, frames[i].data(), static_cast<int>(frames[i].stride())));
        REQUIRE(WebPAnimEncoderAdd(enc, &pic, stamps[i], &config));
        WebPPictureFree(&pic);
    }
    REQUIRE(WebPAnimEncoderAdd(enc, nullptr, stamps[frames.size()], nullptr));
    WebPData data;
    WebPDataInit(&data);
    REQUIRE(WebPAnimEncoderAssemble(enc, &data));
    Bytes out(data.bytes, data.bytes + data.size);
    WebPDataClear(&data);
    WebPAnimEncoderDelete(enc);
    return out;
}

pristine::Status status_of(const Bytes& b) {
    try {
        pristine::decode_frames_memory(b.data(), b.size());
    } catch (const pristine::Error& e) {
        return e.status();
    }
    return pristine::Status::ok;
}

}  // namespace

TEST_CASE("WebP lossless round trip is exact (RGB, RGBA incl. transparent pixels, grey)") {
    const auto rgb = test::make_rgb(61, 37);
    pristine::WebpEncodeOptions lossless;
    lossless.lossless = true;
    auto bytes = pristine::encode_webp(rgb.view(), lossless);
    auto info = pristine::probe_memory(bytes.data(), bytes.size());
    CHECK(info.format == pristine::Format::webp);
    CHECK(info.width == 61);
    CHECK(info.height == 37);
    CHECK(info.frames == 1);
    CHECK_FALSE(info.has_alpha);
    CHECK(test::mean_abs_diff(pristine::decode_memory(bytes.data(), bytes.size()).image.view(), rgb.view()) == 0);

    pristine::Image rgba(20, 10, 4);
    for (int i = 0; i < 200; ++i) {
        std::uint8_t* p = rgba.data() + i * 4;
        p[0] = static_cast<std::uint8_t>(i);
        p[1] = static_cast<std::uint8_t>(3 * i);
        p[2] = static_cast<std::uint8_t>(255 - i);
        p[3] = static_cast<std::uint8_t>(i % 3 == 0 ? 0 : 40 * (i % 7));
    }
    bytes = pristine::encode_webp(rgba.view(), lossless);
    CHECK(pristine::probe_memory(bytes.data(), bytes.size()).has_alpha);
    pristine::DecodeOptions keep;
    keep.channels = 4;
    CHECK(test::mean_abs_diff(pristine::decode_memory(bytes.data(), bytes.size(), keep).image.view(), rgba.view()) == 0);

    const auto grey = test::make_grey(33, 21);
    bytes = pristine::encode_webp(grey.view(), lossless);
    pristine::DecodeOptions one;
    one.channels = 1;
    CHECK(test::mean_abs_diff(pristine::decode_memory(bytes.data(), bytes.size(), one).image.view(), grey.view()) == 0);
}

TEST_CASE("WebP lossy round trip is close and smaller at lower quality") {
    const auto rgb = test::make_rgb(128, 96);
    pristine::WebpEncodeOptions hi, lo;
    hi.quality = 95;
    lo.quality = 20;
    const auto a = pristine::encode_webp(rgb.view(), hi);
    const auto b = pristine::encode_webp(rgb.view(), lo);
    CHECK(b.size() < a.size());
    const auto d = pristine::decode_memory(a.data(), a.size());
    CHECK(test::mean_abs_diff(d.image.view(), rgb.view()) < 4.0);
    pristine::WebpEncodeOptions bad;
    bad.quality = 101;
    CHECK_THROWS_AS(pristine::encode_webp(rgb.view(), bad), pristine::Error);
}

TEST_CASE("animated WebP: probe counts frames, every frame decodes on the full canvas") {
    const std::vector<pristine::Image> frames{
        solid_with_square(24, 16, {200, 10, 10}, {10, 200, 10}, 2, 2),
        solid_with_square(24, 16, {200, 10, 10}, {10, 10, 200}, 12, 6),
        solid_with_square(24, 16, {30, 30, 30}, {250, 250, 0}, 18, 10)};
    const Bytes webp = animation(frames);
    const auto info = pristine::probe_memory(webp.data(), webp.size());
    CHECK(info.frames == 3);
    CHECK(info.width == 24);
    CHECK(info.height == 16);

    pristine::DecodeOptions o;
    o.channels = 4;
    const auto a = pristine::decode_frames_memory(webp.data(), webp.size(), o);
    REQUIRE(a.frames.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(test::mean_abs_diff(a.frames[i].view(), frames[i].view()) == 0);
    CHECK(a.durations_ms == std::vector<int>{100, 150, 150});
    CHECK(a.loop_count == 2);

    const auto first = pristine::decode_memory(webp.data(), webp.size(), o);
    CHECK(test::mean_abs_diff(first.image.view(), frames[0].view()) == 0);
    CHECK(first.info.frames == 3);
}

TEST_CASE("WebP: truncated or broken input gives clear errors") {
    using pristine::Status;
    const auto rgb = test::make_rgb(64, 64);
    for (bool lossless : {false, true}) {
        pristine::WebpEncodeOptions opt;
        opt.lossless = lossless;
        const auto bytes = pristine::encode_webp(rgb.view(), opt);
        for (std::size_t cut : {std::size_t{12}, std::size_t{20}, std::size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
            CAPTURE(lossless);
            CAPTURE(cut);
            CHECK(status_of(Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut))) ==
                  Status::corrupt_data);
        }
    }
    const std::vector<pristine::Image> frames{solid_with_square(16, 16, {1, 2, 3}, {4, 5, 6}, 0, 0),
                                              solid_with_square(16, 16, {9, 9, 9}, {4, 5, 6}, 8, 8)};
    const Bytes anim = animation(frames);
    CHECK(status_of(Bytes(anim.begin(), anim.begin() + static_cast<std::ptrdiff_t>(anim.size() - 10))) ==
          Status::corrupt_data);
    pristine::DecodeOptions tiny;
    tiny.max_pixels = 100;
    CHECK_THROWS_AS(pristine::decode_memory(anim.data(), anim.size(), tiny), pristine::Error);

    Bytes junk{'R', 'I', 'F', 'F', 20, 0, 0, 0, 'W', 'E', 'B', 'P'};
    junk.resize(28, 0x55);
    CHECK(status_of(junk) == Status::corrupt_data);
}

TEST_CASE("mutated WebP files decode or throw pristine::Error") {
    std::mt19937 rng(9);
    const std::vector<Bytes> seeds{animation({solid_with_square(16, 16, {1, 2, 3}, {4, 5, 6}, 0, 0),
                                       solid_with_square(16, 16, {9, 9, 9}, {4, 5, 6}, 8, 8)}),
                             pristine::encode_webp(test::make_rgb(20, 12).view()),
                             pristine::encode_webp(test::make_rgb(20, 12).view(), {true, 50.f})};
    for (const Bytes& good : seeds)
        for (int i = 0; i < 300; ++i) {
            Bytes b = good;
            const int flips = 1 + static_cast<int>(rng() % 4);
            for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
            if (i % 3 == 0) b.resize(rng() % b.size() + 1);
            try {
                pristine::probe_memory(b.data(), b.size());
            } catch (const pristine::Error&) {
            }
            try {
                pristine::decode_frames_memory(b.data(), b.size());
            } catch (const pristine::Error&) {
            }
        }
}
