// What the fingerprint cache keeps besides fingerprints (pristine/io/fingerprint_cache.hpp, match_cache.hpp):
// scores and pair records come back only for the same unchanged files, model and context; a damaged
// record is a miss; a re-read file loses its pair records; prune drops the records of vanished files;
// a version-1 cache is upgraded; matching through the cache gives the groups matching without it.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "pristine/io/match_cache.hpp"
#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/synth.hpp"
#include "cache_sql.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace pristine;
using namespace pristine::degrade;

namespace {

std::string db_in(const std::string& name) { return (test::fresh_dir("cache_records_" + name) / "c.db").string(); }

using test::sql;

long long count(const std::string& db_path, const std::string& query) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, query.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    const long long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

CachedScore score(double v) {
    CachedScore s;
    s.score = v;
    return s;
}

CachedScore failed_score() {
    CachedScore s;
    s.status = Status::corrupt_data;
    s.error = "/x/b.jpg: JPEG: premature end";
    return s;
}

const std::vector<CachedFile> k_files = {{"/x/a.jpg", {10, 20, 30}}, {"/x/b.jpg", {11, 21, 31}}, {"/x/c.png", {12, 22, 32}}};

}  // namespace

TEST_CASE("scores come back for the same unchanged file and model only; damaged ones are misses") {
    const std::string db = db_in("scores");
    {
        FingerprintCache cache = FingerprintCache::open(db);
        CHECK(cache.store_scores({k_files[0], k_files[1]}, {score(0.123456789012345), failed_score()}, "model-1") == 2);
        CachedScore unreadable;
        unreadable.status = Status::io_error;  // a file that could not be opened is tried again: not kept
        CHECK(cache.store_scores({k_files[2]}, {unreadable}, "model-1") == 0);
    }
    FingerprintCache cache = FingerprintCache::open(db);
    const auto found = cache.lookup_scores(k_files, "model-1");
    REQUIRE(found[0].has_value());
    CHECK(found[0]->ok());
    CHECK(found[0]->score == 0.123456789012345);  // bit for bit
    REQUIRE(found[1].has_value());
    CHECK(found[1]->status == Status::corrupt_data);
    CHECK(found[1]->error == failed_score().error);
    CHECK_FALSE(found[2].has_value());
    CHECK_FALSE(cache.lookup_scores({k_files[0]}, "model-2")[0].has_value());
    CachedFile changed = k_files[0];
    changed.stamp.mtime_ns += 1;
    CHECK_FALSE(cache.lookup_scores({changed}, "model-1")[0].has_value());
    CHECK(cache.stats().score_hits == 2);

    SUBCASE("a damaged score is a miss") {
        const std::string other = db_in("scores_damaged");
        FingerprintCache::open(other).store_scores({k_files[0]}, {score(1.5)}, "m");
        sql(other, "UPDATE scores SET data = substr(data, 1, 8) || zeroblob(8)");  // another score, same checksum
        FingerprintCache again = FingerprintCache::open(other);
        CHECK_FALSE(again.lookup_scores({k_files[0]}, "m")[0].has_value());
        CHECK(again.stats().records_corrupt == 1);
    }
}

TEST_CASE("pair records: ordered, keyed by both stamps and the context; damaged ones are misses") {
    const std::string db = db_in("pairs");
    const std::vector<std::uint8_t> ab = {1, 2, 3}, bc = {4};
    {
        FingerprintCache cache = FingerprintCache::open(db);
        CHECK(cache.store_pairs(k_files, {PairRecord{0, 1, ab}, PairRecord{1, 2, bc}}, "kind", "options 1") == 2);
        CHECK_THROWS_AS(cache.store_pairs(k_files, {PairRecord{0, 3, ab}}, "kind", "options 1"), Error);
        CHECK_THROWS_AS(cache.store_pairs(k_files, {PairRecord{0, 1, {}}}, "kind", "options 1"), Error);
    }
    FingerprintCache cache = FingerprintCache::open(db);
    const auto found = cache.lookup_pairs(k_files, {{0, 1}, {1, 0}, {1, 2}, {0, 2}}, "kind", "options 1");
    REQUIRE(found[0].has_value());
    CHECK(*found[0] == ab);
    CHECK_FALSE(found[1].has_value());  // (b, a) is another record
    REQUIRE(found[2].has_value());
    CHECK(*found[2] == bc);
    CHECK_FALSE(found[3].has_value());
    CHECK_FALSE(cache.lookup_pairs(k_files, {{0, 1}}, "kind", "options 2")[0].has_value());
    CHECK_FALSE(cache.lookup_pairs(k_files, {{0, 1}}, "other kind", "options 1")[0].has_value());
    for (std::size_t changed = 0; changed < 2; ++changed) {
        std::vector<CachedFile> files = k_files;
        files[changed].stamp.size += 1;
        CHECK_FALSE(cache.lookup_pairs(files, {{0, 1}}, "kind", "options 1")[0].has_value());
    }

    // pairs_among: only records whose two files are both given, with their indices among those given.
    const std::vector<PairRecord> among = cache.pairs_among({k_files[2], k_files[1]}, "kind", "options 1");
    REQUIRE(among.size() == 1);
    CHECK(among[0].a == 1);
    CHECK(among[0].b == 0);
    CHECK(among[0].data == bc);
    CHECK(cache.pairs_among(k_files, "kind", "options 1").size() == 2);

    cache = FingerprintCache::open(db_in("pairs_other"));
    sql(db, "UPDATE pairs SET data = x'010204' WHERE path_a = '/x/a.jpg'");
    cache = FingerprintCache::open(db);
    CHECK_FALSE(cache.lookup_pairs(k_files, {{0, 1}}, "kind", "options 1")[0].has_value());
    CHECK(cache.pairs_among(k_files, "kind", "options 1").size() == 1);
    CHECK(cache.stats().records_corrupt == 2);
}

TEST_CASE("a file read again loses its pair records; prune drops what was kept of vanished files") {
    const std::string db = db_in("forget");
    const fs::path dir = fs::path(db).parent_path() / "pictures";
    std::vector<CachedFile> files;
    std::vector<FingerprintResult> results;
    for (const char* name : {"a.jpg", "b.jpg", "c.jpg"}) {
        FingerprintResult r;
        r.path = (dir / name).string();
        r.status = Status::corrupt_data;  // kept like a fingerprint; no file needed
        results.push_back(r);
        files.push_back(CachedFile{r.path, FileStamp{1, 2, 3}});
    }
    FingerprintCache cache = FingerprintCache::open(db);
    cache.store(results, {files[0].stamp, files[1].stamp, files[2].stamp}, {});
    cache.store_pairs(files, {PairRecord{0, 1, {1}}, PairRecord{1, 2, {2}}, PairRecord{0, 2, {3}}}, "k", "");
    cache.store_scores(files, {score(1), score(2), score(3)}, "m");
    cache.store({results[2]}, {files[2].stamp}, {});  // c read again
    CHECK(cache.pairs_among(files, "k", "").size() == 1);

    cache = FingerprintCache::open(db);
    cache.lookup({files[0].path, files[2].path}, {files[0].stamp, files[2].stamp}, {});  // b is gone
    CHECK(cache.prune({dir.string()}) == 1);
    CHECK(count(db, "SELECT count(*) FROM scores") == 2);
    CHECK(count(db, "SELECT count(*) FROM pairs") == 0);  // (a, b) went with b
}

TEST_CASE("a cache of format version 1 is upgraded, its fingerprints kept") {
    const std::string db = db_in("upgrade");
    {
        FingerprintCache cache = FingerprintCache::open(db);
        FingerprintResult r;
        r.path = "/x/a.jpg";
        r.status = Status::too_large;
        cache.store({r}, {k_files[0].stamp}, {});
    }
    sql(db, "DROP TABLE scores; DROP TABLE pairs; DROP TABLE results; UPDATE meta SET value = '1' WHERE key = 'format_version'");
    FingerprintCache cache = FingerprintCache::open(db);
    CHECK(cache.lookup({"/x/a.jpg"}, {k_files[0].stamp}, {})[0].has_value());
    CHECK(cache.store_scores({k_files[0]}, {score(2)}, "m") == 1);
    CHECK(count(db, "SELECT value FROM meta WHERE key = 'format_version'") == FingerprintCache::k_format_version);
}

TEST_CASE("results: kept under their key, damaged ones are misses, only the most recent few stay") {
    const std::string db = db_in("results");
    FingerprintCache cache = FingerprintCache::open(db);
    const std::string key = cache.files_digest(k_files, "ctx");
    CHECK(key != cache.files_digest(k_files, "ctx 2"));
    std::vector<CachedFile> touched = k_files;
    touched[1].stamp.mtime_ns += 1;
    CHECK(key != cache.files_digest(touched, "ctx"));
    cache.store_result("groups", key, {5, 6, 7}, 2);
    REQUIRE(cache.lookup_result("groups", key).has_value());
    CHECK(*cache.lookup_result("groups", key) == std::vector<std::uint8_t>{5, 6, 7});
    CHECK_FALSE(cache.lookup_result("other", key).has_value());
    for (int k = 0; k < 3; ++k) cache.store_result("groups", "key " + std::to_string(k), {1}, 2);
    CHECK(count(db, "SELECT count(*) FROM results") == 2);
    CHECK_FALSE(cache.lookup_result("groups", key).has_value());  // the oldest went
    CHECK(cache.lookup_result("groups", "key 2").has_value());

    cache = FingerprintCache::open(db_in("results_other"));
    sql(db, "UPDATE results SET data = x'02'");
    cache = FingerprintCache::open(db);
    CHECK_FALSE(cache.lookup_result("groups", "key 2").has_value());
}

namespace {

struct Collection {
    std::vector<Fingerprint> prints;
    std::vector<std::optional<CachedFile>> files;
    std::vector<const Fingerprint*> ptrs() const {
        std::vector<const Fingerprint*> p;
        for (const Fingerprint& f : prints) p.push_back(&f);
        return p;
    }
};

// 3 pictures x (original, smaller re-encoded copy), 3 distinct drawings; file names and stamps made up.
Collection collection() {
    Collection c;
    for (int p = 0; p < 3; ++p) {
        Rng rng(200 + static_cast<std::uint64_t>(p));
        const Image original = synth_image(all_synth_kinds()[static_cast<std::size_t>(p)], 320, 240, rng);
        c.prints.push_back(fingerprint_image(original.view(), ImageInfo{}));
        const Image small = resize(original.view(), 200, 150);
        c.prints.push_back(fingerprint_image(small.view(), ImageInfo{}));
    }
    for (int d = 0; d < 3; ++d) {
        Rng rng(600 + static_cast<std::uint64_t>(d));
        c.prints.push_back(fingerprint_image(synth_image(SynthKind::shapes, 300, 300, rng).view(), ImageInfo{}));
    }
    for (std::size_t i = 0; i < c.prints.size(); ++i)
        c.files.push_back(CachedFile{"/pictures/" + std::to_string(i) + ".png", FileStamp{i + 1, 1000, i + 7}});
    return c;
}

void check_same(const DuplicateGroups& a, const DuplicateGroups& b) {
    CHECK(a.groups == b.groups);
    CHECK(a.candidates == b.candidates);
    CHECK(a.verified == b.verified);
    REQUIRE(a.pairs.size() == b.pairs.size());
    for (std::size_t k = 0; k < a.pairs.size(); ++k) {
        CHECK(a.pairs[k].a == b.pairs[k].a);
        CHECK(a.pairs[k].b == b.pairs[k].b);
        CHECK(a.pairs[k].correlation == b.pairs[k].correlation);
        CHECK(a.pairs[k].verified == b.pairs[k].verified);
    }
}

}  // namespace

TEST_CASE("pair evidence survives its bytes; other bytes are refused") {
    PairEvidence e;
    e.alignment = Alignment{2, 1, Dihedral::transpose, 17};
    e.correlation = 0.987654321, e.chroma_difference = 3.25, e.detail_correlation = -0.5, e.local_difference = 12.125;
    e.verified = true;
    const std::vector<std::uint8_t> bytes = encode_pair_evidence(e);
    PairEvidence back;
    REQUIRE(decode_pair_evidence(bytes.data(), bytes.size(), back));
    CHECK(back.alignment.view_a == 2);
    CHECK(back.alignment.view_b == 1);
    CHECK(back.alignment.transform == Dihedral::transpose);
    CHECK(back.alignment.distance == 17);
    CHECK(back.correlation == e.correlation);
    CHECK(back.chroma_difference == e.chroma_difference);
    CHECK(back.detail_correlation == e.detail_correlation);
    CHECK(back.local_difference == e.local_difference);
    CHECK(back.verified);
    CHECK_FALSE(decode_pair_evidence(bytes.data(), bytes.size() - 1, back));
    std::vector<std::uint8_t> bad = bytes;
    bad[9] = 8;  // no such transform
    CHECK_FALSE(decode_pair_evidence(bad.data(), bad.size(), back));
    CHECK(match_context(MatchOptions{}) != match_context([] {
              MatchOptions o;
              o.min_correlation = 0.91;
              return o;
          }()));
}

TEST_CASE("matching through the cache gives the groups matching without it, and verifies only what changed") {
    const Collection c = collection();
    const DuplicateGroups plain = find_duplicate_groups(c.ptrs());
    REQUIRE(plain.groups.size() == 3);
    const std::string db = db_in("match");
    FingerprintCache cache = FingerprintCache::open(db);
    MatchCacheStats first, again;
    check_same(find_duplicate_groups_cached(c.ptrs(), c.files, {}, {}, &cache, {}, &first), plain);
    CHECK_FALSE(first.whole);
    CHECK(first.kept == 0);
    CHECK(first.made >= plain.candidates);
    check_same(find_duplicate_groups_cached(c.ptrs(), c.files, {}, {}, &cache, {}, &again), plain);
    CHECK(again.whole);

    SUBCASE("a changed file: only its pairs are verified again") {
        Collection changed = c;
        changed.files[1]->stamp.mtime_ns += 1;
        MatchCacheStats s;
        check_same(find_duplicate_groups_cached(changed.ptrs(), changed.files, {}, {}, &cache, {}, &s), plain);
        CHECK_FALSE(s.whole);
        CHECK(s.kept > 0);
        CHECK(s.made > 0);
        CHECK(s.made < first.made);
    }
    SUBCASE("other options never reuse a verdict") {
        MatchOptions strict;
        strict.min_correlation = 0.95;
        MatchCacheStats s;
        check_same(find_duplicate_groups_cached(c.ptrs(), c.files, {}, strict, &cache, {}, &s), find_duplicate_groups(c.ptrs(), strict));
        CHECK(s.kept == 0);
    }
    SUBCASE("fingerprints made with other options never reuse a verdict or the groups") {
        FingerprintOptions whole_only;
        whole_only.crop_views = false;
        MatchCacheStats s;
        find_duplicate_groups_cached(c.ptrs(), c.files, whole_only, {}, &cache, {}, &s);
        CHECK_FALSE(s.whole);
        CHECK(s.kept == 0);
    }
    SUBCASE("kept verdicts are what decides (so a wrong one stored under the right key would be used)") {
        // Every kept verdict of the first group's pair says "not verified": matching trusts the cache.
        const std::size_t a = plain.groups[0][0], b = plain.groups[0][1];
        PairEvidence no;
        no.verified = false;
        std::vector<CachedFile> files;
        for (const auto& f : c.files) files.push_back(*f);
        const std::string ctx = match_context({});
        cache.store_pairs(files, {PairRecord{a, b, encode_pair_evidence(no)}}, "match_candidate", ctx);
        cache.store_pairs(files, {PairRecord{a, b, encode_pair_evidence(no)}}, "match_compare", ctx);
        Collection moved = c;  // another set of stamps: the whole result is not the one kept
        moved.files.back()->stamp.inode += 100;
        const DuplicateGroups lied = find_duplicate_groups_cached(moved.ptrs(), moved.files, {}, {}, &cache);
        CHECK(lied.groups.size() == 2);
        // ... and a damaged record is never trusted: the same lie with a broken checksum is ignored.
        cache = FingerprintCache::open(db_in("match_other"));
        sql(db, "UPDATE pairs SET checksum = checksum + 1 WHERE kind LIKE 'match%'");
        cache = FingerprintCache::open(db);
        moved.files.back()->stamp.inode += 100;
        MatchCacheStats s;
        check_same(find_duplicate_groups_cached(moved.ptrs(), moved.files, {}, {}, &cache, {}, &s), plain);
        CHECK(s.kept == 0);
    }
    SUBCASE("a damaged whole result is never trusted") {
        cache = FingerprintCache::open(db_in("match_other"));
        sql(db, "UPDATE results SET data = substr(data, 1, length(data) - 1)");
        cache = FingerprintCache::open(db);
        MatchCacheStats s;
        check_same(find_duplicate_groups_cached(c.ptrs(), c.files, {}, {}, &cache, {}, &s), plain);
        CHECK_FALSE(s.whole);
        CHECK(s.kept > 0);
    }
}
