// Degradation chains: determinism, the real-world pipelines, the step syntax and its errors.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "degrade_test_images.hpp"
#include "pristine/lab/degrade/chain.hpp"

using namespace pristine;
using namespace pristine::degrade;

namespace {
Status status_of(const std::string& steps, std::string& message) {
    try {
        parse_steps(steps);
    } catch (const Error& e) {
        message = e.what();
        return e.status();
    }
    return Status::ok;
}
}  // namespace

TEST_CASE("same seed gives identical bytes; another seed gives other bytes") {
    const Image img = degrade_test::photo_like(160, 120);
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        Rng a(seed), b(seed), c(seed + 100);
        const auto sa = random_chain(a), sb = random_chain(b), sc = random_chain(c);
        CHECK(format_steps(sa) == format_steps(sb));
        const DegradedCopy ca = apply_chain(img.view(), sa), cb = apply_chain(img.view(), sb);
        const DegradedCopy cc = apply_chain(img.view(), sc);
        CHECK(ca.bytes == cb.bytes);
        CHECK(ca.recipe == cb.recipe);
        CHECK(ca.bytes != cc.bytes);
    }
}

TEST_CASE("Rng mappings are fixed (portable across standard libraries)") {
    Rng r(12345);
    Rng r2(12345);
    // mt19937_64's sequence is fixed by the standard; our mapping must be too.
    const std::uint64_t first = r.next();
    CHECK(first == r2.next());
    Rng ints(7);
    for (int i = 0; i < 1000; ++i) {
        const int v = ints.uniform_int(-3, 5);
        CHECK(v >= -3);
        CHECK(v <= 5);
        const double d = ints.uniform01();
        CHECK(d >= 0.0);
        CHECK(d < 1.0);
    }
    CHECK_THROWS_AS(ints.uniform_int(2, 1), Error);
}

TEST_CASE("each pipeline gives the right format and size range") {
    const int W = 2400, H = 1600;
    const Image img = degrade_test::photo_like(W, H);
    for (PipelineKind kind : all_pipeline_kinds()) {
        for (std::uint64_t seed = 0; seed < 2; ++seed) {
            Rng rng(seed * 31 + static_cast<int>(kind));
            const auto steps = random_pipeline(rng, kind);
            CAPTURE(pipeline_name(kind));
            CAPTURE(format_steps(steps));
            REQUIRE(steps.size() >= 1);
            REQUIRE(steps.size() <= 3);
            const DegradedCopy c = apply_chain(img.view(), steps);
            const int w = c.pixels.width(), h = c.pixels.height(), long_side = std::max(w, h);
            CHECK(detect_format(c.bytes.data(), c.bytes.size()) == c.format);
            switch (kind) {
                case PipelineKind::social:
                    CHECK(c.format == Format::jpeg);
                    CHECK(long_side >= 1080);
                    CHECK(long_side <= 2048);
                    break;
                case PipelineKind::messenger:
                    CHECK(c.format == Format::jpeg);
                    CHECK(long_side == 1600);
                    break;
                case PipelineKind::screenshot:
                    CHECK(c.format == Format::png);
                    CHECK(w >= static_cast<int>(W * 0.8 * 0.9) - 1);
                    CHECK(w <= static_cast<int>(W * 1.5) + 1);
                    break;
                case PipelineKind::meme_gif:
                    CHECK(c.format == Format::gif);
                    CHECK(long_side >= 480);
                    CHECK(long_side <= 800);
                    break;
                case PipelineKind::webp_roundtrip:
                    CHECK((c.format == Format::webp || c.format == Format::png));
                    CHECK(w == W);
                    CHECK(h == H);
                    break;
                case PipelineKind::resave_higher:
                    CHECK(c.format == Format::jpeg);
                    CHECK(w == W);
                    CHECK(h == H);
                    break;
            }
            // Aspect ratio survives every pipeline (crops are centred and proportional).
            CHECK(std::abs(static_cast<double>(w) / h - 1.5) < 0.02);
        }
    }
}

TEST_CASE("re-saving a compressed copy at higher quality makes a bigger file") {
    const Image img = degrade_test::photo_like(320, 240);
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
        Rng rng(seed);
        const auto steps = random_pipeline(rng, PipelineKind::resave_higher);
        REQUIRE(steps.size() == 2);
        const DegradedCopy first = apply_chain(img.view(), {steps[0]});
        const DegradedCopy both = apply_chain(img.view(), steps);
        CAPTURE(both.recipe);
        CHECK(both.bytes.size() > first.bytes.size());
    }
}

TEST_CASE("recipes and the implicit final PNG") {
    const Image img = degrade_test::photo_like(64, 48);
    const DegradedCopy a = apply_chain(img.view(), parse_steps("resize:0.5:lanczos,jpeg:80:420"));
    CHECK(a.recipe == "resize(lanczos,0.5)>jpeg(q=80,420)");
    CHECK(a.format == Format::jpeg);
    CHECK(a.pixels.width() == 32);
    CHECK(a.pixels.height() == 24);
    const DegradedCopy b = apply_chain(img.view(), parse_steps("crop:0.5"));
    CHECK(b.format == Format::png);
    CHECK(b.recipe == "crop(0.5)>png(6)");
    const Decoded back = decode_memory(b.bytes.data(), b.bytes.size());
    CHECK(back.image.width() == 32);
    const DegradedCopy none = apply_chain(img.view(), {});
    CHECK(none.format == Format::png);
    CHECK(none.recipe == "png(6)");
    const DegradedCopy g = apply_chain(img.view(), parse_steps("quantize:16:ordered > gif:64:fs"));
    CHECK(g.format == Format::gif);
    CHECK(count_colors(g.pixels.view()) <= 16);
}

TEST_CASE("chains accept grey and RGBA originals") {
    for (int channels : {1, 2, 4}) {
        CAPTURE(channels);
        const Image img = degrade_test::photo_like(50, 40, channels);
        for (const char* s : {"resize:0.7:mitchell:linear,jpeg:60:444:progressive", "webp:70", "webp:lossless",
                              "gif:32:ordered", "shave:3,png:9", "fit:20:area,quantize:8:fs"}) {
            CAPTURE(s);
            const DegradedCopy c = apply_chain(img.view(), parse_steps(s));
            CHECK(!c.bytes.empty());
            CHECK(!c.pixels.empty());
        }
    }
}

TEST_CASE("parse/format round trip of the step syntax") {
    for (const char* s : {"crop:0.9", "shave:2", "resize:0.5:lanczos", "resize:640x480:area:linear",
                          "fit:1600:bicubic", "quantize:64:fs", "jpeg:80:420", "jpeg:75:444:progressive", "png:9",
                          "gif:64:ordered", "webp:80", "webp:lossless",
                          "resize:1.234:catmull_rom,jpeg:55:422,gif:256:none"}) {
        CHECK(format_steps(parse_steps(s)) == s);
    }
    // Short forms get their defaults.
    CHECK(format_steps(parse_steps(" resize:0.5 > png > gif ")) == "resize:0.5:lanczos,png:6,gif:256:none");
    CHECK(format_steps(parse_steps("jpeg:80")) == "jpeg:80:420");
    CHECK(parse_steps("").empty());
    CHECK(parse_steps("   ").empty());
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        Rng rng(seed);
        const auto steps = random_chain(rng, 1, 4);
        CHECK(steps.size() >= 1);
        CHECK(steps.size() <= 4);
        CHECK(parse_steps(format_steps(steps)) == steps);
    }
}

TEST_CASE("invalid step syntax is invalid_argument naming the bad token") {
    const std::pair<const char*, const char*> cases[] = {
        {"jpeg:abc:420", "abc"},   {"jpeg:101", "101"},         {"resize:0.5:lanczoz", "lanczoz"},
        {"blur:3", "blur"},        {"gif:64:fz", "fz"},         {"jpeg:80,,png", "empty step"},
        {"webp", "webp"},          {"crop:1.5", "1.5"},         {"resize:0.5:lanczos:gamma", "gamma"},
        {"jpeg:80:421", "421"},    {"png:3:4", "4"},            {"resize:10x:area", "resize:10x:area"},
        {"quantize:1", "1"},       {"JPEG:80", "JPEG"},         {"shave:-1", "-1"},
    };
    for (const auto& [text, token] : cases) {
        CAPTURE(text);
        std::string message;
        CHECK(status_of(text, message) == Status::invalid_argument);
        CHECK(message.find(token) != std::string::npos);
    }
}

TEST_CASE("bad parameters in built steps are rejected by apply_chain") {
    const Image img = degrade_test::photo_like(20, 20);
    CHECK_THROWS_AS(apply_chain(img.view(), {JpegStep{0}}), Error);
    CHECK_THROWS_AS(apply_chain(img.view(), {ResizeStep{0.0}}), Error);
    CHECK_THROWS_AS(apply_chain(img.view(), {GifStep{1}}), Error);
    CHECK_THROWS_AS(apply_chain(img.view(), {ShaveStep{10}}), Error);
    try {
        apply_chain(img.view(), {PngStep{6}, ShaveStep{10}});
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::invalid_argument);
        CHECK(std::string(e.what()).find("step 2") != std::string::npos);
    }
    Rng rng(1);
    CHECK_THROWS_AS(random_chain(rng, 0, 4), Error);
    CHECK_THROWS_AS(random_chain(rng, 3, 2), Error);
    CHECK(parse_pipeline("meme_gif") == PipelineKind::meme_gif);
    CHECK_THROWS_AS(parse_pipeline("tiktok"), Error);
}

TEST_CASE("apply_chain and the distortion classes are safe to run from several threads") {
    const Image img = degrade_test::photo_like(120, 90);
    const auto steps = parse_steps("resize:0.8:lanczos:linear,quantize:64:fs,jpeg:70:420,webp:60");
    const DegradedCopy reference = apply_chain(img.view(), steps);
    std::vector<std::vector<std::uint8_t>> results(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] { results[t] = apply_chain(img.view(), steps).bytes; });
    for (auto& th : threads) th.join();
    for (const auto& r : results) CHECK(r == reference.bytes);
}
