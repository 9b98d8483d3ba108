// GIF: encoder round trips, and an animation built here with giflib's own encoder (frame offsets,
// local colour tables, interlace, transparency, disposal 1/2/3, delays, NETSCAPE loop) composited right.
#include <gif_lib.h>

#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;
using Px = std::array<int, 4>;

extern "C" int write_vec(GifFileType* gif, const GifByteType* d, int n) {
    auto* out = static_cast<Bytes*>(gif->UserData);
    out->insert(out->end(), d, d + n);
    return n;
}

struct Frame {
    int left, top, width, height;
    bool interlace;
    int disposal, delay_cs, transparent;
    std::vector<GifColorType> local;  // empty: the global table
    std::vector<std::uint8_t> indices;
};

Bytes write_gif(int w, int h, const std::vector<GifColorType>& global, const std::vector<Frame>& frames, int loop) {
    Bytes out;
    int err = 0;
    GifFileType* gif = EGifOpen(&out, write_vec, &err);
    REQUIRE(gif != nullptr);
    EGifSetGifVersion(gif, true);
    ColorMapObject* gmap = GifMakeMapObject(static_cast<int>(global.size()), global.data());
    REQUIRE(EGifPutScreenDesc(gif, w, h, 8, 0, gmap) == GIF_OK);
    GifFreeMapObject(gmap);
    if (loop >= 0) {
        const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        const GifByteType sub[] = {1, static_cast<GifByteType>(loop & 0xFF), static_cast<GifByteType>(loop >> 8)};
        REQUIRE(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK);
        REQUIRE(EGifPutExtensionBlock(gif, 11, app) == GIF_OK);
        REQUIRE(EGifPutExtensionBlock(gif, 3, sub) == GIF_OK);
        REQUIRE(EGifPutExtensionTrailer(gif) == GIF_OK);
    }
    for (const Frame& f : frames) {
        GraphicsControlBlock gcb{f.disposal, false, f.delay_cs, f.transparent};
        GifByteType ext[4];
        EGifGCBToExtension(&gcb, ext);
        REQUIRE(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, ext) == GIF_OK);
        ColorMapObject* lmap = f.local.empty() ? nullptr : GifMakeMapObject(static_cast<int>(f.local.size()), f.local.data());
        REQUIRE(EGifPutImageDesc(gif, f.left, f.top, f.width, f.height, f.interlace, lmap) == GIF_OK);
        if (lmap != nullptr) GifFreeMapObject(lmap);
        // giflib writes lines in the order given: interlaced frames must be fed pass by pass.
        std::vector<int> order;
        if (f.interlace) {
            const int start[] = {0, 4, 2, 1}, step[] = {8, 8, 4, 2};
            for (int p = 0; p < 4; ++p)
                for (int y = start[p]; y < f.height; y += step[p]) order.push_back(y);
        } else {
            for (int y = 0; y < f.height; ++y) order.push_back(y);
        }
        for (int y : order) {
            std::vector<GifPixelType> line(f.indices.begin() + y * f.width, f.indices.begin() + (y + 1) * f.width);
            REQUIRE(EGifPutLine(gif, line.data(), f.width) == GIF_OK);
        }
    }
    REQUIRE(EGifCloseFile(gif, &err) == GIF_OK);
    return out;
}

Px at(const pristine::Image& img, int x, int y) {
    const std::uint8_t* p = img.row(y) + x * img.channels();
    return {p[0], p[1], p[2], img.channels() == 4 ? p[3] : 255};
}

// Canvas 8x6. Global: 0 red, 1 green, 2 blue, 3 unused (transparent index of frame 3).
//  f1: full red, disposal 1 (keep)            delay 10cs
//  f2: green 3x2 at (1,1), disposal 2 (clear)  delay 20cs
//  f3: blue 2x2 at (5,3), pixel (6,4) transparent, disposal 3 (restore previous)  delay 30cs
//  f4: interlaced 2x5 at (0,1), local table, row y has colour (10*y, 200, 7)       delay 40cs
Bytes animation() {
    const std::vector<GifColorType> global{{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {9, 9, 9}};
    std::vector<Frame> frames;
    frames.push_back({0, 0, 8, 6, false, DISPOSE_DO_NOT, 10, NO_TRANSPARENT_COLOR, {}, std::vector<std::uint8_t>(48, 0)});
    frames.push_back({1, 1, 3, 2, false, DISPOSE_BACKGROUND, 20, NO_TRANSPARENT_COLOR, {}, std::vector<std::uint8_t>(6, 1)});
    frames.push_back({5, 3, 2, 2, false, DISPOSE_PREVIOUS, 30, 3, {}, {2, 2, 2, 3}});
    std::vector<GifColorType> local;
    for (int i = 0; i < 8; ++i) local.push_back({static_cast<GifByteType>(10 * i), 200, 7});
    std::vector<std::uint8_t> rows;
    for (int y = 0; y < 5; ++y) rows.resize(rows.size() + 2, static_cast<std::uint8_t>(y));
    frames.push_back({0, 1, 2, 5, true, DISPOSE_DO_NOT, 40, NO_TRANSPARENT_COLOR, local, rows});
    return write_gif(8, 6, global, frames, 3);
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

TEST_CASE("GIF round trip is exact for images of at most 256 colours") {
    pristine::Image img(50, 30, 3);
    std::mt19937 rng(5);
    std::vector<pristine::Rgb> colours(200);
    for (auto& c : colours) c = {static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng())};
    for (int i = 0; i < 50 * 30; ++i) {
        const auto& c = colours[rng() % colours.size()];
        std::copy(c.begin(), c.end(), img.data() + i * 3);
    }
    const auto gif = pristine::encode_gif(img.view());
    const auto info = pristine::probe_memory(gif.data(), gif.size());
    CHECK(info.format == pristine::Format::gif);
    CHECK(info.width == 50);
    CHECK(info.height == 30);
    CHECK(info.frames == 1);
    CHECK(info.palette);
    CHECK_FALSE(info.has_alpha);
    const auto d = pristine::decode_memory(gif.data(), gif.size());
    CHECK(test::mean_abs_diff(d.image.view(), img.view()) == 0);
    CHECK(pristine::count_colors(d.image.view()) == pristine::count_colors(img.view()));
}

TEST_CASE("GIF keeps fully transparent pixels as the transparent index") {
    pristine::Image img(16, 16, 4);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            std::uint8_t* p = img.row(y) + x * 4;
            p[0] = static_cast<std::uint8_t>(x * 16);
            p[1] = static_cast<std::uint8_t>(y * 16);
            p[2] = 50;
            p[3] = (x + y) % 5 == 0 ? 0 : 255;
        }
    const auto gif = pristine::encode_gif(img.view());
    CHECK(pristine::probe_memory(gif.data(), gif.size()).has_alpha);
    pristine::DecodeOptions o;
    o.channels = 4;
    const auto d = pristine::decode_memory(gif.data(), gif.size(), o);
    bool ok = true;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            const Px p = at(d.image, x, y);
            if ((x + y) % 5 == 0) ok = ok && p[3] == 0;
            else ok = ok && p == Px{x * 16, y * 16, 50, 255};
        }
    CHECK(ok);
    const auto flat = pristine::decode_memory(gif.data(), gif.size());  // over white by default
    CHECK(at(flat.image, 0, 0) == Px{255, 255, 255, 255});
}

TEST_CASE("GIF encoder options: palette given, dithering, many colours") {
    const auto img = test::make_rgb(64, 48);
    pristine::GifEncodeOptions o;
    o.palette = {{0, 0, 0}, {255, 255, 255}, {255, 0, 0}};
    const auto gif = pristine::encode_gif(img.view(), o);
    const auto d = pristine::decode_memory(gif.data(), gif.size());
    CHECK(pristine::count_colors(d.image.view()) <= 3);

    for (auto dither : {pristine::Dither::none, pristine::Dither::floyd_steinberg, pristine::Dither::ordered}) {
        pristine::GifEncodeOptions g;
        g.max_colors = 64;
        g.dither = dither;
        const auto bytes = pristine::encode_gif(img.view(), g);
        const auto back = pristine::decode_memory(bytes.data(), bytes.size());
        CHECK(pristine::count_colors(back.image.view()) <= 64);
        CHECK(test::mean_abs_diff(back.image.view(), img.view()) < 12);
    }
    pristine::GifEncodeOptions bad;
    bad.max_colors = 1;
    CHECK_THROWS_AS(pristine::encode_gif(img.view(), bad), pristine::Error);
}

TEST_CASE("animated GIF frames are composited with offsets, interlace, transparency and disposal") {
    const Bytes gif = animation();
    const auto info = pristine::probe_memory(gif.data(), gif.size());
    CHECK(info.frames == 4);
    CHECK(info.width == 8);
    CHECK(info.height == 6);
    CHECK(info.has_alpha);

    pristine::DecodeOptions o;
    o.channels = 4;
    const auto a = pristine::decode_frames_memory(gif.data(), gif.size(), o);
    REQUIRE(a.frames.size() == 4);
    CHECK(a.durations_ms == std::vector<int>{100, 200, 300, 400});
    CHECK(a.loop_count == 3);
    CHECK(a.info.frames == 4);
    const Px red{255, 0, 0, 255}, green{0, 255, 0, 255}, blue{0, 0, 255, 255}, clear{0, 0, 0, 0};

    // Frame 1: all red.
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 8; ++x) CHECK(at(a.frames[0], x, y) == red);
    // Frame 2: green rectangle at (1,1) 3x2.
    CHECK(at(a.frames[1], 1, 1) == green);
    CHECK(at(a.frames[1], 3, 2) == green);
    CHECK(at(a.frames[1], 4, 2) == red);
    CHECK(at(a.frames[1], 0, 0) == red);
    // Frame 3: frame 2's rectangle was cleared (disposal 2); blue block with one transparent pixel.
    CHECK(at(a.frames[2], 1, 1) == clear);
    CHECK(at(a.frames[2], 3, 2) == clear);
    CHECK(at(a.frames[2], 5, 3) == blue);
    CHECK(at(a.frames[2], 6, 3) == blue);
    CHECK(at(a.frames[2], 5, 4) == blue);
    CHECK(at(a.frames[2], 6, 4) == red);  // transparent index shows what was below
    // Frame 4: frame 3 was undone (disposal 3); the interlaced column has rows in the right order.
    CHECK(at(a.frames[3], 5, 3) == red);
    CHECK(at(a.frames[3], 2, 1) == clear);
    for (int y = 0; y < 5; ++y) {
        CHECK(at(a.frames[3], 0, 1 + y) == Px{10 * y, 200, 7, 255});
        CHECK(at(a.frames[3], 1, 1 + y) == Px{10 * y, 200, 7, 255});
    }
    CHECK(at(a.frames[3], 0, 0) == red);

    // RGB output puts the background colour under cleared pixels; the first frame decodes alone.
    const auto flat = pristine::decode_frames_memory(gif.data(), gif.size());
    CHECK(at(flat.frames[2], 1, 1) == Px{255, 255, 255, 255});
    const auto first = pristine::decode_memory(gif.data(), gif.size());
    CHECK(first.info.frames == 4);
    CHECK(at(first.image, 7, 5) == red);
}

TEST_CASE("GIF: a first frame smaller than the screen leaves the rest transparent; no frame is an error") {
    const std::vector<GifColorType> global{{10, 20, 30}, {0, 0, 0}};
    const Bytes gif = write_gif(6, 4, global, {{2, 1, 2, 2, false, DISPOSE_DO_NOT, 0, NO_TRANSPARENT_COLOR, {}, {0, 0, 0, 0}}}, -1);
    const auto info = pristine::probe_memory(gif.data(), gif.size());
    CHECK(info.has_alpha);
    const auto d = pristine::decode_memory(gif.data(), gif.size());
    CHECK(at(d.image, 0, 0) == Px{255, 255, 255, 255});
    CHECK(at(d.image, 3, 2) == Px{10, 20, 30, 255});
    const auto a = pristine::decode_frames_memory(gif.data(), gif.size());
    CHECK(a.loop_count == 1);  // no NETSCAPE block: shown once

    const Bytes empty = write_gif(6, 4, global, {}, -1);
    CHECK(status_of(empty) == pristine::Status::corrupt_data);
}

TEST_CASE("GIF: truncated or broken input gives clear errors") {
    using pristine::Status;
    const Bytes gif = animation();
    // Without the trailer byte the file still decodes (many encoders omit it).
    CHECK(status_of(Bytes(gif.begin(), gif.end() - 1)) == Status::ok);
    for (std::size_t cut : {std::size_t{8}, std::size_t{13}, std::size_t{40}, gif.size() / 3, gif.size() - 4}) {
        CAPTURE(cut);
        const Bytes part(gif.begin(), gif.begin() + static_cast<std::ptrdiff_t>(cut));
        CHECK(status_of(part) == Status::corrupt_data);
    }
    const std::string text = "GIF89a but then only text follows here";
    CHECK(status_of(Bytes(text.begin(), text.end())) != Status::ok);
    CHECK(status_of(Bytes{}) == Status::unsupported_format);
}

TEST_CASE("mutated GIF files decode or throw pristine::Error") {
    std::mt19937 rng(9);
    const std::vector<Bytes> seeds{animation(), pristine::encode_gif(test::make_rgb(20, 12).view())};
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
