// The scorer evaluation with fake scoring functions: a perfect oracle scores 100% and Spearman 1, a
// random one about 50%; Spearman, the held-out rule, the baselines and the manifest folder.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "degrade_test_images.hpp"
#include "pristine/lab/degrade.hpp"
#include "pristine/lab/eval_scorer.hpp"
#include "pristine/io/image_io.hpp"

using namespace pristine;
using namespace pristine::eval;

namespace {

std::vector<SourceImage> sources() {
    std::vector<SourceImage> s;
    s.push_back({"photo", degrade_test::photo_like(160, 120)});
    degrade::Rng rng(4);
    s.push_back({"drawing", degrade::synth_image(degrade::SynthKind::shapes, 150, 110, rng)});
    return s;
}

EvalOptions small_options() {
    EvalOptions o;
    o.pairs = 24;
    o.groups = 8;
    o.generation_images = 2;
    o.generation_iterations = {0, 1, 2, 3, 5, 8};
    o.max_side = 128;
    o.threads = 2;
    return o;
}

/// An oracle that knows each file's generation (looked up by content).
struct Oracle {
    std::map<std::vector<std::uint8_t>, double> truth;
    ScoreFn fn() const {
        return [this](const std::vector<std::uint8_t>& b) { return truth.at(b); };
    }
};

/// A deterministic "random" score: a hash of the bytes.
double hash_score(const std::vector<std::uint8_t>& b) {
    std::uint64_t h = 1469598103934665603ull;
    for (std::uint8_t c : b) h = (h ^ c) * 1099511628211ull;
    return static_cast<double>(h >> 11);
}

}  // namespace

TEST_CASE("spearman") {
    CHECK(spearman({1, 2, 3, 4}, {10, 20, 30, 40}) == doctest::Approx(1.0));
    CHECK(spearman({1, 2, 3, 4}, {4, 3, 2, 1}) == doctest::Approx(-1.0));
    CHECK(spearman({1, 2, 3, 4}, {5, 5, 5, 5}) == 0.0);
    CHECK(spearman({1, 2, 3}, {1, 1, 2}) == doctest::Approx(0.8660254).epsilon(1e-6));  // ties: mean ranks
    CHECK_THROWS_AS(spearman({1, 2}, {1}), Error);
}

TEST_CASE("in_holdout: depends on the base name only, fraction bounds") {
    CHECK(in_holdout("a/b/cat.jpg", 0.3) == in_holdout("cat.jpg", 0.3));
    CHECK_FALSE(in_holdout("cat.jpg", 0.0));
    CHECK(in_holdout("cat.jpg", 1.0));
    int in = 0;
    for (int i = 0; i < 2000; ++i) in += in_holdout("img" + std::to_string(i) + ".png", 0.2);
    CHECK(in > 300);
    CHECK(in < 500);
}

TEST_CASE("generated sets: deterministic, independent of threads, well formed") {
    EvalOptions o = small_options();
    const auto s = sources();
    const auto a = make_pair_set(s, o);
    o.threads = 1;
    const auto b = make_pair_set(s, o);
    REQUIRE(a.size() == 12);
    for (std::size_t i = 0; i < a.size(); ++i) {
        REQUIRE(a[i].copies.size() == 3);
        for (std::size_t k = 0; k < 3; ++k) CHECK(a[i].copies[k].bytes == b[i].copies[k].bytes);
        CHECK(a[i].copies[0].parent == -1);
        CHECK(a[i].copies[1].parent == 0);
        CHECK(a[i].copies[2].parent == 1);
        CHECK(a[i].copies[2].generation == 2);
    }
    const auto g = make_group_set(s, o);
    REQUIRE(g.size() == 8);
    for (const auto& grp : g) {
        CHECK(grp.copies.size() >= 4);
        CHECK(grp.copies.size() <= 7);
        for (std::size_t k = 1; k < grp.copies.size(); ++k) CHECK(grp.copies[k].parent < static_cast<int>(k));
    }
    const auto series = make_generation_series(s, o);
    REQUIRE(series.size() == 2);
    CHECK(series[0].files.size() == 6);
    const ImageInfo i1 = probe_memory(series[0].files[1].data(), series[0].files[1].size());
    const ImageInfo i0 = probe_memory(series[0].files[0].data(), series[0].files[0].size());
    CHECK(i1.format == Format::jpeg);
    CHECK(i1.width == i0.height);  // one quarter turn
}

TEST_CASE("a perfect oracle scores 100% and Spearman 1; a random one about 50%") {
    const EvalOptions o = small_options();
    const auto s = sources();
    const auto pairs = make_pair_set(s, o);
    const auto groups = make_group_set(s, o);
    const auto series = make_generation_series(s, o);
    Oracle oracle;
    // Generation depth plus a tiny per-group offset keeps the two copies of one depth apart.
    for (const auto* set : {&pairs, &groups})
        for (const auto& g : *set)
            for (std::size_t k = 0; k < g.copies.size(); ++k) oracle.truth[g.copies[k].bytes] = g.copies[k].generation + 0.001 * k;
    for (const auto& se : series)
        for (std::size_t k = 0; k < se.files.size(); ++k) oracle.truth[se.files[k]] = se.iterations[k];
    const GroupMetrics pm = evaluate_groups(pairs, oracle.fn(), 2);
    CHECK(pm.pairs.total == 24);
    CHECK(pm.pairs.value() == 1.0);
    CHECK(pm.pairs_by_label.at("original vs copy").total == 12);
    CHECK(pm.pairs_by_label.at("copy vs copy of copy").total == 12);
    CHECK(pm.files_failed == 0);
    CHECK(pm.misses.empty());
    const GroupMetrics gm = evaluate_groups(groups, oracle.fn(), 1);
    CHECK(gm.top1.total == 8);
    CHECK(gm.top1.value() == 1.0);
    const SeriesMetrics sm = evaluate_series(series, oracle.fn());
    CHECK(sm.images == 2);
    CHECK(sm.spearman_mean == doctest::Approx(1.0));
    CHECK(sm.spearman_min == doctest::Approx(1.0));
    CHECK(sm.misses.empty());

    // The inverted oracle gets everything wrong.
    const ScoreFn inverted = [&](const std::vector<std::uint8_t>& b) { return -oracle.truth.at(b); };
    const GroupMetrics wrong = evaluate_groups(pairs, inverted);
    CHECK(wrong.pairs.value() == 0.0);
    REQUIRE(wrong.misses.size() == 24);  // every pair, with its recipes and scores
    CHECK(wrong.misses[0].parent_score > wrong.misses[0].child_score);
    CHECK(wrong.misses[0].child_recipe == pairs[0].copies[1].recipe);
    CHECK(wrong.misses[0].source == pairs[0].source);
    const SeriesMetrics inverted_series = evaluate_series(series, inverted);
    CHECK(inverted_series.spearman_mean == doctest::Approx(-1.0));
    // Every consecutive pair of checkpoints (5 per image) is out of order, named by its rounds.
    REQUIRE(inverted_series.misses.size() == 10);
    CHECK(inverted_series.misses[0].parent_recipe == "rounds(" + std::to_string(series[0].iterations[0]) + ")");
    CHECK(inverted_series.misses[0].child_recipe == "rounds(" + std::to_string(series[0].iterations[1]) + ")");
    CHECK(inverted_series.misses[0].parent_score > inverted_series.misses[0].child_score);

    // A constant function ties everything: pairs 50%, top-1 = 1/group size.
    const ScoreFn constant = [](const std::vector<std::uint8_t>&) { return 1.0; };
    CHECK(evaluate_groups(pairs, constant).pairs.value() == 0.5);
    CHECK(evaluate_series(series, constant).spearman_mean == 0.0);
}

TEST_CASE("a random scoring function is near 50% on many pairs") {
    EvalOptions o = small_options();
    o.pairs = 200;
    o.max_side = 48;
    const GroupMetrics m = evaluate_groups(make_pair_set(sources(), o), hash_score, 2);
    CHECK(m.pairs.total == 200);
    CHECK(m.pairs.value() > 0.38);
    CHECK(m.pairs.value() < 0.62);
}

TEST_CASE("a throwing scoring function counts failures and scores them worst") {
    const EvalOptions o = small_options();
    const auto pairs = make_pair_set(sources(), o);
    const ScoreFn boom = [](const std::vector<std::uint8_t>&) -> double { throw Error(Status::corrupt_data, "x"); };
    const GroupMetrics m = evaluate_groups(pairs, boom);
    CHECK(m.files_failed == 36);
    CHECK(m.pairs.value() == 0.5);  // +inf ties +inf
}

TEST_CASE("naive baselines") {
    const auto base = naive_baselines();
    REQUIRE(base.size() == 3);
    const Image img = degrade_test::photo_like(64, 48);
    JpegEncodeOptions q90, q50;
    q90.quality = 90;
    q50.quality = 50;
    const auto j90 = encode_jpeg(img.view(), q90), j50 = encode_jpeg(img.view(), q50), png = encode_png(img.view());
    CHECK(base[0].score(j90) < base[0].score(j50));  // larger file
    CHECK(base[1].score(png) == -64.0 * 48);           // pixels
    CHECK(base[2].score(j90) < base[2].score(j50));  // quality
    CHECK(base[2].score(png) == -100.0);               // non-JPEG counts as 100
    CHECK(base[1].score({1, 2, 3}) == std::numeric_limits<double>::infinity());
}

TEST_CASE("load_group_folder: manifest with parents and labels") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(PRISTINE_TEST_TMP_DIR) / "eval_groups";
    fs::remove_all(dir);
    fs::create_directories(dir / "g1");
    const Image img = degrade_test::photo_like(40, 30);
    write_file((dir / "g1/a.png").string(), encode_png(img.view()));
    write_file((dir / "g1/b.jpg").string(), encode_jpeg(img.view()));
    write_file((dir / "g1/c.jpg").string(), encode_jpeg(img.view(), JpegEncodeOptions{30}));
    {
        std::ofstream m(dir / "manifest.tsv");
        m << "# group\tfile\tparent\tlabel\n";
        m << "g1\tg1/b.jpg\tg1/a.png\tcjpeg -quality 90\n";
        m << "g1\tg1/a.png\t-\toriginal\n";
        m << "g1\tg1/c.jpg\tg1/b.jpg\tcjpeg -quality 30\n";
    }
    const auto groups = load_group_folder(dir.string());
    REQUIRE(groups.size() == 1);
    REQUIRE(groups[0].copies.size() == 3);
    CHECK(groups[0].copies[0].parent == -1);
    CHECK(groups[0].copies[0].label == "original");
    for (const auto& c : groups[0].copies) {
        if (c.label == "cjpeg -quality 90") {
            CHECK(c.parent == 0);
            CHECK(c.generation == 1);
        }
        if (c.label == "cjpeg -quality 30") CHECK(c.generation == 2);
    }
    const GroupMetrics m = evaluate_groups(groups, naive_baselines()[0].score);
    CHECK(m.pairs.total == 2);
    CHECK(m.top1.total == 1);

    std::ofstream(dir / "manifest.tsv") << "g1\tg1/a.png\n";
    CHECK_THROWS_AS(load_group_folder(dir.string()), Error);
    std::ofstream(dir / "manifest.tsv") << "g1\tg1/a.png\tg1/b.jpg\tx\ng1\tg1/b.jpg\tg1/a.png\tx\n";
    CHECK_THROWS_AS(load_group_folder(dir.string()), Error);  // no original, and a cycle
    CHECK_THROWS_AS(load_group_folder((dir / "missing").string()), Error);
}
