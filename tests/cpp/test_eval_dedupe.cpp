// Dedupe test collections and their scoring: a small collection from tiny generated photos (counts,
// files on disk match the truth, neutral names, deterministic whatever the thread count), the best-copy
// rule, pristine's copier, the truth and report JSON, and the figures of score_dedupe on hand-made
// truths and reports whose right answers are known.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "pristine/lab/degrade.hpp"
#include "pristine/lab/eval_dedupe.hpp"
#include "pristine/lab/eval_dedupe_score.hpp"
#include "test_helpers.hpp"

using namespace pristine;
using namespace pristine::eval;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(PRISTINE_TEST_TMP_DIR) / ("eval_dedupe_" + name);
    fs::remove_all(dir);
    return dir;
}

// Source "photos": smooth random textures, each another picture for PDQ.
std::vector<std::string> make_sources(const fs::path& dir, int n) {
    fs::create_directories(dir);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        const Image noise = test::noise_image(360 + 40 * i, 240 + 20 * i, 3, 100u + static_cast<unsigned>(i));
        const Image smooth = degrade::gaussian_blur(noise.view(), 4.0);
        // Stretch the contrast the blur took away, so the pictures are far from flat.
        Image img(smooth.width(), smooth.height(), 3);
        for (std::size_t k = 0; k < img.size_bytes(); ++k)
            img.data()[k] = static_cast<std::uint8_t>(std::clamp((int(smooth.data()[k]) - 128) * 6 + 128, 0, 255));
        const std::string path = (dir / ("src" + std::to_string(i) + ".png")).string();
        write_file(path, encode_png(img.view()));
        out.push_back(path);
    }
    return out;
}

DedupeCollectionOptions small_options(const std::vector<std::string>& sources, int threads) {
    DedupeCollectionOptions o;
    o.sources = sources;
    o.groups = 8;
    o.distinct = 40;
    o.broken = 3;
    o.seed = 7;
    o.threads = threads;
    o.min_side = 64;
    o.max_side = 160;
    o.min_region = 64;
    return o;
}

const DedupeTruthFile& file_of(const DedupeTruth& t, const std::string& path) {
    for (const auto& f : t.files)
        if (f.path == path) return f;
    FAIL("no truth file " << path);
    throw 0;  // not reached
}

}  // namespace

TEST_CASE("dedupe collection: counts, files on disk as the truth says, neutral names, deterministic") {
    const fs::path base = fresh_dir("collection");
    const std::vector<std::string> sources = make_sources(base / "sources", 4);
    const fs::path out = base / "coll";
    const DedupeCollectionSummary s = make_dedupe_collection(out.string(), small_options(sources, 2));
    CHECK(s.groups == 8);
    CHECK(s.distinct == 40);
    CHECK(s.broken == 3);
    CHECK(s.sources_used == 4);
    CHECK(s.files == s.group_files + s.distinct + s.broken);

    const DedupeTruth t = read_dedupe_truth((out / "truth.json").string());
    CHECK(t.files.size() == s.files);
    CHECK(t.groups.size() == 8);
    // Every file on disk is in the truth, with its size; nothing else is there.
    std::set<std::string> on_disk;
    for (const auto& e : fs::recursive_directory_iterator(out))
        if (e.is_regular_file() && e.path().filename() != "truth.json")
            on_disk.insert(fs::relative(e.path(), out).generic_string());
    CHECK(on_disk.size() == t.files.size());
    std::map<std::string, int> per_picture;
    for (const auto& f : t.files) {
        CAPTURE(f.path);
        CHECK(on_disk.count(f.path) == 1);
        CHECK(fs::file_size(out / f.path) == f.bytes);
        // Names tell nothing about roles or pictures.
        for (const char* word : {"orig", "copy", "distinct", "group", "broken", "dark", "meme", "flag"})
            CHECK(f.path.find(word) == std::string::npos);
        if (f.role == "broken") {
            CHECK(f.picture.empty());
            continue;
        }
        ++per_picture[f.picture];
        CHECK(f.path.find(f.picture) == std::string::npos);
        CHECK(f.width > 0);
        if (f.role == "copy") {
            CHECK_FALSE(f.lineage.empty());
            CHECK_FALSE(f.parent.empty());
            CHECK(f.pixels_kept <= static_cast<std::uint64_t>(f.width) * f.height);
        } else {
            CHECK(f.lineage.empty());
        }
    }
    for (const auto& g : t.groups) {
        CAPTURE(g.picture);
        CHECK(g.members.size() >= 2);
        CHECK(g.members.size() <= 7);
        CHECK(per_picture[g.picture] == static_cast<int>(g.members.size()));
        REQUIRE_FALSE(g.best.empty());
        for (const auto& b : g.best) CHECK(std::count(g.members.begin(), g.members.end(), b) == 1);
        bool has_original = false;
        for (const auto& m : g.members) has_original = has_original || file_of(t, m).role == "original";
        CHECK(has_original == g.original_present);
        if (has_original) {
            bool best_is_original = false;
            for (const auto& b : g.best) best_is_original = best_is_original || file_of(t, b).role == "original";
            CHECK(best_is_original);
        }
    }
    // Every kind of picture is there, hard negatives included.
    std::set<std::string> kinds;
    for (const auto& f : t.files)
        if (f.role == "distinct") kinds.insert(f.kind);
    CHECK(kinds == std::set<std::string>{"photo", "dark", "drawing", "meme_series", "recolor_series", "flag_series",
                                         "texture_series", "frame_series"});
    // The crops are marked as such and cut pixels.
    for (const auto& f : t.files)
        for (const auto& op : f.lineage)
            if (dedupe_is_crop(op.op)) CHECK(op.generations == 1);

    // One thread or two, the same collection.
    const fs::path again = base / "coll1";
    make_dedupe_collection(again.string(), small_options(sources, 1));
    CHECK(slurp(again / "truth.json") == slurp(out / "truth.json"));
    for (const auto& f : t.files) CHECK(slurp(again / f.path) == slurp(out / f.path));

    // A folder that is not empty is refused (nothing of the user's is overwritten).
    CHECK_THROWS_AS(make_dedupe_collection(out.string(), small_options(sources, 1)), Error);
}

TEST_CASE("dedupe collection: too few sources for the photo regions is an error naming the counts") {
    const fs::path base = fresh_dir("few");
    DedupeCollectionOptions o = small_options({}, 1);
    try {
        make_dedupe_collection((base / "coll").string(), o);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::invalid_argument);
        CHECK(std::string(e.what()).find("source") != std::string::npos);
    }
}

TEST_CASE("dedupe best copies: fewest lossy generations, then pixels kept, then severity; ties all best") {
    DedupeTruthFile a, b, c, d;
    a.role = b.role = c.role = d.role = "copy";
    a.lossy_generations = 1, a.pixels_kept = 1000, a.severity = 0.3;
    b.lossy_generations = 2, b.pixels_kept = 4000, b.severity = 0.1;  // more generations: worse whatever its size
    c.lossy_generations = 1, c.pixels_kept = 1000, c.severity = 0.3;  // a lossless turn of a: as good
    d.lossy_generations = 1, d.pixels_kept = 2000, d.severity = 0.5;  // more pixels kept: better than a
    CHECK(dedupe_best_copies({&a, &b, &c}) == std::vector<std::size_t>{0, 2});
    CHECK(dedupe_best_copies({&a, &b, &c, &d}) == std::vector<std::size_t>{3});
    DedupeTruthFile o;
    o.role = "original";
    o.pixels_kept = 2000;
    CHECK(dedupe_best_copies({&a, &o, &d}) == std::vector<std::size_t>{1});
    CHECK(dedupe_best_copies({}).empty());
}

TEST_CASE("pristine copier: lossless turns are exact, byte copies identical, crops and resizes sized") {
    const auto copier = pristine_copier();
    CopySpec save;
    save.op = "save";
    save.format = "png";
    const MadeFile parent = copier->save(test::make_rgb(64, 48), save);
    CHECK(parent.format == Format::png);
    CHECK(test::mean_abs_diff(parent.pixels.view(), test::make_rgb(64, 48).view()) == 0.0);

    CopySpec turn;
    turn.op = "rotate90";
    turn.quarter_turns = 1;
    turn.format = "webp_lossless";
    const MadeFile turned = copier->copy(parent, turn);
    CHECK(turned.format == Format::webp);
    const Image expect = degrade::rotate90(parent.pixels.view(), 1);
    CHECK(test::mean_abs_diff(turned.pixels.view(), expect.view()) == 0.0);

    CopySpec exact;
    exact.op = "exact";
    exact.format = "copy";
    CHECK(copier->copy(parent, exact).bytes == parent.bytes);

    CopySpec crop;
    crop.op = "crop_1x1";
    crop.crop_x = 8, crop.crop_y = 0, crop.crop_w = 48, crop.crop_h = 48;
    crop.width = 24, crop.height = 24, crop.filter = "area";
    crop.format = "jpeg";
    crop.quality = 80;
    const MadeFile c = copier->copy(parent, crop);
    CHECK(c.format == Format::jpeg);
    CHECK(c.pixels.width() == 24);
    CHECK(c.pixels.height() == 24);
    CHECK(c.how.find("crop 48x48+8+0") != std::string::npos);

    CopySpec bad = exact;
    bad.format = "tiff";
    CHECK_THROWS_AS(copier->copy(parent, bad), Error);
}

namespace {

DedupeTruthFile tf(const std::string& path, const std::string& picture, const std::string& role, const std::string& kind,
                   std::uint64_t bytes, int w, int h, std::vector<std::pair<std::string, int>> ops = {}) {
    DedupeTruthFile f;
    f.path = path;
    f.picture = picture;
    f.role = role;
    f.kind = kind;
    f.bytes = bytes;
    f.width = w;
    f.height = h;
    for (auto& [op, gen] : ops) {
        DedupeOp o;
        o.op = op;
        o.generations = gen;
        f.lineage.push_back(o);
    }
    return f;
}

// Two planted groups (A: original, a feed copy, a 1:1 crop; B: original and a lossless turn), two memes
// of one series, two dark photos, a broken file.
DedupeTruth hand_truth() {
    DedupeTruth t;
    t.files = {
        tf("a/1.png", "A", "original", "photo", 100, 100, 100),
        tf("a/2.jpg", "A", "copy", "photo", 50, 50, 50, {{"feed", 1}}),
        tf("b/3.jpg", "A", "copy", "photo", 200, 60, 60, {{"crop_1x1", 1}}),
        tf("b/4.png", "B", "original", "drawing", 10, 30, 20),
        tf("c/5.png", "B", "copy", "drawing", 20, 20, 30, {{"rotate90", 0}}),
        tf("c/6.jpg", "S1", "distinct", "meme_series", 30, 40, 40),
        tf("c/7.jpg", "S2", "distinct", "meme_series", 30, 40, 40),
        tf("d/8.jpg", "D1", "distinct", "dark", 30, 40, 40),
        tf("d/9.jpg", "D2", "distinct", "dark", 30, 40, 40),
        tf("d/x.jpg", "", "broken", "", 5, 0, 0),
    };
    t.files[5].series = t.files[6].series = "s0";
    t.files[9].broken = "truncated_jpeg";
    t.groups = {{"A", "photo", true, {"a/1.png", "a/2.jpg", "b/3.jpg"}, {"a/1.png"}},
                {"B", "drawing", true, {"b/4.png", "c/5.png"}, {"b/4.png", "c/5.png"}}};
    t.series = {{"s0", "meme_series", {"S1", "S2"}}};
    return t;
}

DedupeReportGroup rg(std::vector<std::pair<std::string, bool>> members) {
    DedupeReportGroup g;
    for (auto& [p, k] : members) g.members.push_back({p, k, 0, {}});
    return g;
}

// hand_truth with A's 1:1 crop made from its feed copy (a chain: 1.png -> 2.jpg -> 3.jpg).
DedupeTruth chained_truth() {
    DedupeTruth t = hand_truth();
    t.files[1].parent = "a/1.png";
    t.files[2].parent = "a/2.jpg";
    t.files[4].parent = "b/4.png";
    return t;
}

const DedupeFraction* find_recall(const std::vector<DedupeFraction>& v, const std::string& name) {
    for (const auto& r : v)
        if (r.name == name) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("score: a report that groups by the truth is perfect, whatever the path prefix") {
    const DedupeTruth t = hand_truth();
    for (const std::string prefix : {"", "coll/", "/home/u/coll/", "./"}) {
        CAPTURE(prefix);
        DedupeReport r;
        r.version = 1;
        for (const auto& g : t.groups) {
            DedupeReportGroup rgp;
            for (const auto& m : g.members) rgp.members.push_back({prefix + m, m == g.best[0], 0, {}});
            r.groups.push_back(rgp);
        }
        r.errors.push_back({prefix + "d/x.jpg", "truncated", "corrupt_data"});
        const DedupeScore s = score_dedupe(t, r);
        CHECK(s.unmatched_paths == 0);
        CHECK(s.precision == 1.0);
        CHECK(s.recall == 1.0);
        CHECK(s.true_pairs == 4);
        CHECK(s.best_kept.value() == 1.0);
        CHECK(s.planted_exact == 2);
        CHECK(s.false_pairs.empty());
        CHECK(s.broken_reported == 1);
        CHECK(s.broken_missed.empty());
    }
    // With a root, only paths under it match.
    DedupeReport r;
    r.version = 1;
    r.groups.push_back(rg({{"coll/a/1.png", true}, {"other/a/2.jpg", false}}));
    DedupeScoreOptions o;
    o.root = "coll";
    const DedupeScore s = score_dedupe(t, r, o);
    CHECK(s.unmatched_paths == 1);
    CHECK(s.unmatched_examples == std::vector<std::string>{"other/a/2.jpg"});
}

TEST_CASE("score: merges, misses, keeps, baselines and errors counted exactly") {
    const DedupeTruth t = hand_truth();
    DedupeReport r;
    r.version = 1;
    r.files = 10;
    r.groups = {rg({{"a/1.png", true}, {"a/2.jpg", false}}), rg({{"b/4.png", false}, {"c/5.png", true}}),
                rg({{"c/6.jpg", false}, {"c/7.jpg", true}}), rg({{"d/8.jpg", true}, {"d/9.jpg", false}, {"d/x.jpg", false}}),
                rg({{"a/2.jpg", true}, {"nope/zz.jpg", false}})};  // a file twice, a path of no truth file
    r.errors = {{"d/8.jpg", "cannot read", "io_error"}};
    const DedupeScore s = score_dedupe(t, r);
    CHECK(s.true_pairs == 4);
    CHECK(s.predicted_pairs == 6);
    CHECK(s.correct_pairs == 2);
    CHECK(s.precision == doctest::Approx(2.0 / 6));
    CHECK(s.recall == doctest::Approx(0.5));
    CHECK(s.files_in_several_groups == 1);
    CHECK(s.unmatched_paths == 1);

    const DedupeFraction* feed = find_recall(s.by_transformation, "feed");
    const DedupeFraction* crop = find_recall(s.by_transformation, "crop_1x1");
    const DedupeFraction* turn = find_recall(s.by_transformation, "rotate90");
    REQUIRE(feed);
    REQUIRE(crop);
    REQUIRE(turn);
    CHECK(feed->total == 2);  // (1, 2) found and (2, 3) not
    CHECK(feed->hits == 1);
    CHECK(crop->total == 2);
    CHECK(crop->hits == 0);
    CHECK(turn->hits == 1);
    const DedupeFraction* cropped = find_recall(s.by_slice, "lineage includes a crop");
    const DedupeFraction* lossless = find_recall(s.by_slice, "lossless rotation or mirror");
    REQUIRE(cropped);
    REQUIRE(lossless);
    CHECK(cropped->total == 2);
    CHECK(cropped->hits == 0);
    CHECK(lossless->hits == 1);

    std::map<std::string, std::uint64_t> fp;
    for (const auto& k : s.false_pairs) fp[k.kind] = k.pairs;
    CHECK(fp["meme_series"] == 1);
    CHECK(fp["dark + dark"] == 1);
    CHECK(fp["broken file"] == 2);
    CHECK(fp.size() == 3);

    // Both groups keep a best copy (B's two are equally good); biggest file is wrong for A.
    CHECK(s.planted_groups == 2);
    CHECK(s.best_kept.hits == 2);
    REQUIRE(s.baselines.size() == 2);
    CHECK(s.baselines[0].name == "biggest file");
    CHECK(s.baselines[0].hits == 1);
    CHECK(s.baselines[1].hits == 2);  // highest resolution: A's original, then B's first
    CHECK(s.best_kept_found.total == 2);

    CHECK(s.planted_exact == 1);
    CHECK(s.planted_whole == 1);
    CHECK(s.planted_split == 1);
    CHECK(s.planted_missed == 0);
    CHECK(s.report_groups == 4);
    CHECK(s.report_groups_pure == 2);
    CHECK(s.report_groups_merged == 2);
    CHECK(s.broken_files == 1);
    CHECK(s.broken_reported == 0);
    CHECK(s.broken_in_groups == 1);
    CHECK(s.broken_missed == std::vector<std::string>{"d/x.jpg"});
    CHECK(s.errors_on_good_files == 1);

    // A report that keeps the wrong copy, and one that misses everything.
    DedupeReport wrong;
    wrong.version = 1;
    wrong.groups = {rg({{"a/1.png", false}, {"a/2.jpg", true}, {"b/3.jpg", false}})};
    const DedupeScore w = score_dedupe(t, wrong);
    CHECK(w.best_kept.hits == 0);
    CHECK(w.kept_other_member == 1);
    CHECK(w.best_not_grouped == 1);
    CHECK(w.planted_missed == 1);
    const DedupeScore none = score_dedupe(t, DedupeReport{1, 0, {}, {}});
    CHECK(none.precision == 1.0);
    CHECK(none.recall == 0.0);

    // The tables and the JSON name the figures.
    const std::string md = dedupe_score_markdown(s);
    CHECK(md.find("| precision | **0.3333**") != std::string::npos);
    CHECK(md.find("meme_series") != std::string::npos);
    CHECK(dedupe_score_json(s).find("\"precision\"") != std::string::npos);
}

TEST_CASE("truth and report JSON: round trip, and clear errors") {
    DedupeTruth t = hand_truth();
    t.files[1].lineage[0].params_json = R"({"quality":80})";
    t.files[1].lineage[0].severity = 0.2;
    t.files[1].lossy_generations = 1;
    const DedupeTruth back = parse_dedupe_truth(dedupe_truth_json(t));
    REQUIRE(back.files.size() == t.files.size());
    CHECK(back.files[1].lineage[0].op == "feed");
    CHECK(back.files[1].lineage[0].params_json == R"({"quality":80})");
    CHECK(back.files[1].lineage[0].severity == doctest::Approx(0.2));
    CHECK(back.files[9].picture.empty());
    CHECK(back.files[9].broken == "truncated_jpeg");
    CHECK(back.groups.size() == 2);
    CHECK(back.groups[1].best.size() == 2);
    CHECK(back.series.size() == 1);
    CHECK(dedupe_truth_json(back) == dedupe_truth_json(t));
    CHECK_THROWS_AS(parse_dedupe_truth("{\"version\": 2, \"files\": []}"), Error);
    CHECK_THROWS_AS(parse_dedupe_truth("not json"), Error);

    const DedupeReport r = parse_dedupe_report(
        R"({"version":1,"files":3,"errors":[{"path":"x.jpg","error":"bad","status":"corrupt_data"}],)"
        R"("groups":[{"members":[{"path":"a.jpg","keep":true,"score":0.1},{"path":"b.jpg","keep":false}],"reason":"r"}]})");
    CHECK(r.files == 3);
    REQUIRE(r.groups.size() == 1);
    CHECK(r.groups[0].members[0].keep);
    CHECK_FALSE(r.groups[0].members[1].keep);
    CHECK(r.errors[0].status == "corrupt_data");
    try {
        parse_dedupe_report(R"({"version":1,"groups":[{"members":[{"keep":true}]}]})", "rep.json");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::corrupt_data);
        CHECK(std::string(e.what()).find("rep.json") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_dedupe_report(R"({"version":1})"), Error);
    CHECK_THROWS_AS(read_dedupe_report("/nonexistent/report.json"), Error);
}

TEST_CASE("score: parent accuracy and ancestor-first pairs from the report's parents and ranks") {
    const DedupeTruth t = chained_truth();
    DedupeReport r;
    r.version = 1;
    // Group A right: ranks follow the chain, each parent named. Group B: the copy ranked first, its
    // parent wrong.
    r.groups.push_back({{{"a/1.png", true, 1, ""}, {"a/2.jpg", false, 2, "a/1.png"}, {"b/3.jpg", false, 3, "a/2.jpg"}}, ""});
    r.groups.push_back({{{"c/5.png", true, 1, ""}, {"b/4.png", false, 2, "c/5.png"}}, ""});
    const DedupeScore s = score_dedupe(t, r);
    CHECK(s.parent_right.total == 3);
    CHECK(s.parent_right.hits == 2);
    CHECK(s.parent_first.total == 3);
    CHECK(s.parent_first.hits == 2);
    CHECK(s.grandparent_first.total == 1);  // 1.png before 3.jpg
    CHECK(s.grandparent_first.hits == 1);
    CHECK(s.ancestor_first.total == 4);
    CHECK(s.ancestor_first.hits == 3);
    // A copy whose parent is in another group (or in none) is not counted; a wrong parent named is a miss.
    r.groups[0].members[2].parent = "a/1.png";
    r.groups[1].members.pop_back();
    const DedupeScore s2 = score_dedupe(t, r);
    CHECK(s2.parent_right.total == 2);
    CHECK(s2.parent_right.hits == 1);
    CHECK(dedupe_score_markdown(s2).find("| parent | 50.0 % (1 / 2) |") != std::string::npos);
    CHECK(s.parent_class_right.total == 3);
    CHECK(s.parent_class_right.hits == 2);
}

TEST_CASE("score: a parent with the pixels of the true parent counts up to identical pixels only") {
    const DedupeTruth t = chained_truth();
    DedupeReport r;
    r.version = 1;
    // 2.jpg and 3.jpg reported with identical pixels (one rank): whether 3.jpg came from 2.jpg cannot
    // be told, so 3.jpg is left out of the count up to identical pixels; 2.jpg's parent is right.
    r.groups.push_back({{{"a/1.png", true, 1, ""}, {"a/2.jpg", false, 2, "a/1.png"}, {"b/3.jpg", false, 2, "a/1.png"}}, ""});
    const DedupeScore s = score_dedupe(t, r);
    CHECK(s.parent_right.total == 2);
    CHECK(s.parent_right.hits == 1);          // 3.jpg named 1.png, not 2.jpg
    CHECK(s.parent_class_right.total == 1);   // 3.jpg left out: identical to its parent
    CHECK(s.parent_class_right.hits == 1);
    // 3.jpg's truth parent 2.jpg shares a rank with 1.png instead: naming 1.png is right up to pixels.
    r.groups[0].members[1].rank = 1;
    r.groups[0].members[2].rank = 2;
    const DedupeScore s2 = score_dedupe(t, r);
    CHECK(s2.parent_class_right.total == 1);  // 2.jpg left out (identical to 1.png)
    CHECK(s2.parent_class_right.hits == 1);   // 3.jpg: 1.png has 2.jpg's pixels
    CHECK(s2.parent_right.hits == 1);         // by path only 2.jpg's parent is right
}
