// Ranking the copies of a group in the dedupe job: the pair model against the scores alone.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/synth.hpp"
#include "pristine/models/dedupe.hpp"
#include "test_helpers.hpp"

using namespace pristine;
namespace fs = std::filesystem;

namespace {

Image crop(const Image& img, int x0, int y0, int w, int h) {
    Image out(w, h, img.channels());
    for (int y = 0; y < h; ++y)
        std::copy(img.row(y0 + y) + x0 * img.channels(), img.row(y0 + y) + (x0 + w) * img.channels(), out.row(y));
    return out;
}

// An original PNG and copies that the scores alone tend to prefer: a lossless shave of its edges, a
// half-size PNG, a 32-colour PNG.
fs::path make_group() {
    const fs::path dir = fs::path(PRISTINE_TEST_TMP_DIR) / "dedupe_rank";
    fs::remove_all(dir);
    fs::create_directories(dir);
    degrade::Rng rng(11);
    const Image orig = degrade::synth_image(degrade::SynthKind::comic, 480, 360, rng);
    write_file((dir / "original.png").string(), encode_png(orig.view()));
    write_file((dir / "shaved.png").string(), encode_png(crop(orig, 12, 10, 456, 340).view()));
    write_file((dir / "half.png").string(), encode_png(degrade::resize(orig.view(), 240, 180).view()));
    GifEncodeOptions few;
    few.max_colors = 32;
    const std::vector<std::uint8_t> gif = encode_gif(orig.view(), few);
    write_file((dir / "palette.png").string(), encode_png(decode_memory(gif.data(), gif.size()).image.view()));
    return dir;
}

}  // namespace

TEST_CASE("the pair model keeps the original over its lossless crop, its downscale and its palette copy") {
    const fs::path dir = make_group();
    DedupeOptions o;
    const DedupeReport r = dedupe({dir.string()}, o);
    REQUIRE(r.groups.size() == 1);
    const DedupeGroup& g = r.groups[0];
    CHECK(g.members.size() == 4);
    CHECK(fs::path(g.members[0].path).filename() == "original.png");
    CHECK(g.members[0].keep);
    CHECK(g.reason.rfind("pair model: ", 0) == 0);
    MESSAGE(g.reason);
    for (std::size_t i = 1; i < g.members.size(); ++i) CHECK(g.members[i].rank == static_cast<int>(i) + 1);

    DedupeOptions scores = o;
    scores.rank_by = RankBy::scores;
    const DedupeReport s = dedupe({dir.string()}, scores);
    REQUIRE(s.groups.size() == 1);
    CHECK(s.groups[0].reason.rfind("lowest generation-loss score", 0) == 0);

    DedupeOptions bad = o;
    bad.pair_model = (dir / "no-such-model.txt").string();
    CHECK_THROWS_AS(dedupe({dir.string()}, bad), Error);
}

TEST_CASE("copies with identical pixels share a rank under the pair model") {
    const fs::path dir = make_group();
    fs::copy_file(dir / "original.png", dir / "same.png");
    const DedupeReport r = dedupe({dir.string()}, DedupeOptions{});
    REQUIRE(r.groups.size() == 1);
    const DedupeGroup& g = r.groups[0];
    REQUIRE(g.members.size() == 5);
    CHECK(g.members[0].rank == 1);
    CHECK(g.members[1].rank == 1);
    const std::set<std::string> twins{fs::path(g.members[0].path).filename().string(), fs::path(g.members[1].path).filename().string()};
    CHECK(twins == std::set<std::string>{"original.png", "same.png"});
    CHECK(g.members[2].rank == 3);
    CHECK(g.reason.find("identical pixels") != std::string::npos);
}

TEST_CASE("identical pixels are found whether or not the files are equal byte for byte") {
    const fs::path dir = make_group();
    // The original's pixels, compressed at another zlib level: other bytes, decoded to compare.
    const Decoded orig = decode_file((dir / "original.png").string());
    PngEncodeOptions other;
    other.compression_level = 1;
    const std::vector<std::uint8_t> reencoded = encode_png(orig.image.view(), other);
    REQUIRE(reencoded != read_file((dir / "original.png").string()));
    write_file((dir / "reencoded.png").string(), reencoded);
    fs::copy_file(dir / "original.png", dir / "same.png");
    DedupeOptions o;
    o.rank = false;
    const DedupeReport r = dedupe({dir.string()}, o);
    REQUIRE(r.groups.size() == 1);
    const DedupeGroup& g = r.groups[0];
    REQUIRE(g.members.size() == 6);
    std::set<std::string> twins;
    for (const DedupeMember& m : g.members)
        if (m.rank == 1) twins.insert(fs::path(m.path).filename().string());
    CHECK(twins == std::set<std::string>{"original.png", "reencoded.png", "same.png"});
}
