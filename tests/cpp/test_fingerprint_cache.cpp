// The fingerprint cache (pristine/io/fingerprint_cache.hpp): entries survive the round trip, unchanged
// files are hits and changed ones misses, damaged entries are read again, files that are no cache are
// refused and left untouched, other options never reuse an entry, prune drops only vanished files.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "pristine/io/fingerprint_cache.hpp"
#include "cache_sql.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace pristine;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(test::tmp_path("fingerprint_cache_" + name));
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    return dir;
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_all(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes; }

using test::sql;

// Flips one bit of the stored fingerprint of `key` (the cache must be closed).
void flip_blob_byte(const fs::path& db_path, const std::string& key, int offset) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* get = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT data FROM fingerprints WHERE path = ?1", -1, &get, nullptr) == SQLITE_OK);
    sqlite3_bind_text(get, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(get) == SQLITE_ROW);
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(get, 0));
    std::vector<std::uint8_t> data(p, p + sqlite3_column_bytes(get, 0));
    sqlite3_finalize(get);
    REQUIRE(data.size() > static_cast<std::size_t>(offset));
    data[static_cast<std::size_t>(offset)] ^= 0x01;
    sqlite3_stmt* put = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "UPDATE fingerprints SET data = ?1 WHERE path = ?2", -1, &put, nullptr) == SQLITE_OK);
    sqlite3_bind_blob(put, 1, data.data(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(put, 2, key.c_str(), -1, SQLITE_TRANSIENT);
    CHECK(sqlite3_step(put) == SQLITE_DONE);
    sqlite3_finalize(put);
    CHECK(sqlite3_changes(db) == 1);
    sqlite3_close(db);
}

// A fingerprint with a distinct value in every field, JPEG facts included.
FingerprintResult every_field(const std::string& path) {
    FingerprintResult r;
    r.path = path;
    ImageInfo& i = r.fingerprint.info;
    i.format = Format::jpeg;
    i.width = 641, i.height = 479, i.display_width = 479, i.display_height = 641;
    i.file_size = 0x1'2345'6789ull;
    i.frames = 3, i.bit_depth = 12, i.channels = 4, i.has_alpha = true, i.palette = true, i.orientation = 6;
    JpegInfo j;
    j.components = 3, j.subsampling = "4:2:0", j.progressive = true, j.arithmetic = true, j.num_quant_tables = 2;
    for (std::size_t t = 0; t < 4; ++t)
        for (std::size_t k = 0; k < 64; ++k) j.quant_tables[t][k] = static_cast<std::uint16_t>(t * 1000 + k * 7 + 1);
    j.quality_estimate = 87, j.quality_exact = true;
    i.jpeg = j;
    for (int v = 0; v < 4; ++v) {
        FingerprintView view;
        view.region = static_cast<ViewRegion>(v);
        view.quality = 50 + v;
        unsigned x = 12345u + static_cast<unsigned>(v);
        auto next = [&x] { return static_cast<std::uint8_t>((x = x * 1103515245u + 12345u) >> 16); };
        for (auto& h : view.pdq) std::generate(h.begin(), h.end(), next);
        for (auto& h : view.dct) std::generate(h.begin(), h.end(), next);
        for (auto& h : view.mean) std::generate(h.begin(), h.end(), next);
        std::generate(view.luma.begin(), view.luma.end(), next);
        std::generate(view.chroma.begin(), view.chroma.end(), next);
        r.fingerprint.views.push_back(view);
    }
    return r;
}

void check_same(const FingerprintResult& a, const FingerprintResult& b) {
    CHECK(a.path == b.path);
    CHECK(a.status == b.status);
    CHECK(a.error == b.error);
    const ImageInfo &x = a.fingerprint.info, &y = b.fingerprint.info;
    CHECK(x.format == y.format);
    CHECK(x.width == y.width);
    CHECK(x.height == y.height);
    CHECK(x.display_width == y.display_width);
    CHECK(x.display_height == y.display_height);
    CHECK(x.file_size == y.file_size);
    CHECK(x.frames == y.frames);
    CHECK(x.bit_depth == y.bit_depth);
    CHECK(x.channels == y.channels);
    CHECK(x.has_alpha == y.has_alpha);
    CHECK(x.palette == y.palette);
    CHECK(x.orientation == y.orientation);
    REQUIRE(x.jpeg.has_value() == y.jpeg.has_value());
    if (x.jpeg) {
        CHECK(x.jpeg->components == y.jpeg->components);
        CHECK(x.jpeg->subsampling == y.jpeg->subsampling);
        CHECK(x.jpeg->progressive == y.jpeg->progressive);
        CHECK(x.jpeg->arithmetic == y.jpeg->arithmetic);
        CHECK(x.jpeg->num_quant_tables == y.jpeg->num_quant_tables);
        CHECK(x.jpeg->quant_tables == y.jpeg->quant_tables);
        CHECK(x.jpeg->quality_estimate == y.jpeg->quality_estimate);
        CHECK(x.jpeg->quality_exact == y.jpeg->quality_exact);
    }
    REQUIRE(a.fingerprint.views.size() == b.fingerprint.views.size());
    for (std::size_t v = 0; v < a.fingerprint.views.size(); ++v) {
        const FingerprintView &p = a.fingerprint.views[v], &q = b.fingerprint.views[v];
        CHECK(p.region == q.region);
        CHECK(p.pdq == q.pdq);
        CHECK(p.quality == q.quality);
        CHECK(p.dct == q.dct);
        CHECK(p.mean == q.mean);
        CHECK(p.luma == q.luma);
        CHECK(p.chroma == q.chroma);
    }
}

// A small folder of pictures: distinct JPEGs and PNGs, and a truncated JPEG.
std::vector<std::string> pictures(const fs::path& dir) {
    std::vector<std::string> paths;
    for (int k = 0; k < 4; ++k) {
        const Image img = test::noise_image(96 + 16 * k, 64, 3, static_cast<unsigned>(k + 1));
        const fs::path p = dir / ("p" + std::to_string(k) + (k % 2 ? ".png" : ".jpg"));
        write_file(p.string(), k % 2 ? encode_png(img.view()) : encode_jpeg(img.view()));
        paths.push_back(p.string());
    }
    const std::vector<std::uint8_t> whole = encode_jpeg(test::make_rgb(200, 150).view());
    const fs::path cut = dir / "cut.jpg";
    write_file(cut.string(), std::vector<std::uint8_t>(whole.begin(), whole.begin() + static_cast<long>(whole.size() / 3)));
    paths.push_back(cut.string());
    return paths;
}

FileStamp stamp(const std::string& path) {
    const auto s = file_stamp(path);
    REQUIRE(s.has_value());
    return *s;
}

// Moves a file's modification time without changing its bytes.
void touch(const std::string& path, long seconds_later) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    timespec times[2] = {st.st_atim, st.st_mtim};
    times[1].tv_sec += seconds_later;
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("an entry comes back with every field, and failures with their status and message") {
    const fs::path dir = fresh_dir("round_trip");
    const std::string db = (dir / "c.db").string();
    const FileStamp s{123456, 1'700'000'000'123'456'789LL, 42};
    FingerprintResult failed;
    failed.path = (dir / "broken.jpg").string();
    failed.status = Status::corrupt_data;
    failed.error = failed.path + ": premature end of data";
    {
        FingerprintCache cache = FingerprintCache::open(db);
        CHECK(cache.store({every_field("/x/a.jpg"), failed}, {s, s}, {}) == 2);
        CHECK(cache.size() == 2);
    }
    FingerprintCache cache = FingerprintCache::open(db);  // read back from the file, not from memory
    const auto found = cache.lookup({"/x/a.jpg", failed.path}, {s, s}, {});
    REQUIRE(found[0].has_value());
    REQUIRE(found[1].has_value());
    check_same(*found[0], every_field("/x/a.jpg"));
    check_same(*found[1], failed);
    CHECK(cache.stats().hits == 2);
    CHECK(cache.stats().misses == 0);

    SUBCASE("an unreadable file is not stored: it may be readable next time") {
        FingerprintResult denied;
        denied.path = "/x/denied.jpg";
        denied.status = Status::io_error;
        denied.error = "permission denied";
        CHECK(cache.store({denied}, {s}, {}) == 0);
        CHECK_FALSE(cache.lookup({"/x/denied.jpg"}, {s}, {})[0].has_value());
    }
    SUBCASE("relative and absolute spellings of a path are one entry") {
        const std::string rel = fs::relative(failed.path).string();
        CHECK(cache.lookup({rel}, {s}, {})[0].has_value());
        CHECK(cache.lookup({(dir / "." / "broken.jpg").string()}, {s}, {})[0].has_value());
    }
    SUBCASE("sizes must agree") {
        CHECK_THROWS_AS(cache.lookup({"/x/a.jpg"}, {}, {}), Error);
        CHECK_THROWS_AS(cache.store({failed}, {}, {}), Error);
    }
}

TEST_CASE("a re-run reads only new and changed files, and gives what a fresh read gives") {
    const fs::path dir = fresh_dir("rerun");
    std::vector<std::string> paths = pictures(dir);
    const std::string db = (dir / "cache.db").string();
    const std::vector<FingerprintResult> fresh = fingerprint_files(paths, {}, {});
    REQUIRE_FALSE(fresh.back().ok());  // the truncated JPEG

    {
        FingerprintCache cache = FingerprintCache::open(db);
        const CachedFingerprints first = fingerprint_files_cached(paths, {}, &cache, {});
        CHECK(first.stats.hits == 0);
        CHECK(first.stats.misses == paths.size());
        CHECK(first.stats.written == paths.size());  // the broken file too: it is not read again
        for (std::size_t i = 0; i < paths.size(); ++i) check_same(first.results[i], fresh[i]);
    }
    FingerprintCache cache = FingerprintCache::open(db);
    const CachedFingerprints second = fingerprint_files_cached(paths, {}, &cache, {});
    CHECK(second.stats.hits == paths.size());
    CHECK(second.stats.misses == 0);
    CHECK(second.stats.written == 0);
    for (std::size_t i = 0; i < paths.size(); ++i) check_same(second.results[i], fresh[i]);

    // Changed bytes (another size), a touched file (same bytes, later time), a new file.
    write_file(paths[0], encode_jpeg(test::make_rgb(120, 90).view()));
    touch(paths[1], 5);
    const fs::path added = dir / "new.png";
    write_file(added.string(), encode_png(test::make_rgb(80, 60).view()));
    paths.push_back(added.string());
    const CachedFingerprints third = fingerprint_files_cached(paths, {}, &cache, {});
    CHECK(third.stats.hits == paths.size() - 3);
    CHECK(third.stats.misses == 3);
    CHECK(third.stats.written == 3);
    const std::vector<FingerprintResult> now = fingerprint_files(paths, {}, {});
    for (std::size_t i = 0; i < paths.size(); ++i) check_same(third.results[i], now[i]);
    CHECK(third.results[0].fingerprint.info.width == 120);

    SUBCASE("a file replaced by another with the same size and time is a miss (another inode)") {
        const fs::path copy = dir / "replacement.png";
        fs::copy_file(paths[3], copy);
        const FileStamp before = stamp(paths[3]);
        fs::rename(copy, paths[3]);
        const timespec times[2] = {{0, UTIME_OMIT}, {before.mtime_ns / 1'000'000'000, before.mtime_ns % 1'000'000'000}};
        REQUIRE(::utimensat(AT_FDCWD, paths[3].c_str(), times, 0) == 0);
        CHECK_FALSE(cache.lookup({paths[3]}, {stamp(paths[3])}, {})[0].has_value());
    }
    SUBCASE("without a cache every file is read") {
        const CachedFingerprints plain = fingerprint_files_cached(paths, {}, nullptr, {});
        CHECK(plain.stats.misses == paths.size());
        CHECK(plain.stats.hits == 0);
    }
    SUBCASE("progress counts every path, only forward, and ends with the total") {
        fs::remove(added);
        write_file(added.string(), encode_png(test::make_rgb(81, 60).view()));  // one miss among hits
        std::vector<std::size_t> told;
        BatchOptions b;
        b.progress = [&](const BatchProgress& p) {
            CHECK(p.total == paths.size());
            told.push_back(p.done);
        };
        fingerprint_files_cached(paths, {}, &cache, b);
        REQUIRE_FALSE(told.empty());
        CHECK(told.front() == paths.size() - 1);
        CHECK(told.back() == paths.size());
        CHECK(std::is_sorted(told.begin(), told.end()));
        CHECK(std::adjacent_find(told.begin(), told.end()) == told.end());
    }
    SUBCASE("a bad thread count fails even when every file is a hit") {
        BatchOptions b;
        b.threads = -1;
        CHECK_THROWS_AS(fingerprint_files_cached(paths, {}, &cache, b), Error);
    }
}

TEST_CASE("other fingerprint options or another fingerprint version never reuse an entry") {
    const fs::path dir = fresh_dir("options");
    const std::vector<std::string> paths = pictures(dir);
    const std::string db = (dir / "c.db").string();
    FingerprintOptions whole_only;
    whole_only.crop_views = false;
    FingerprintOptions as_stored;
    as_stored.apply_orientation = false;
    FingerprintOptions small_limit;
    small_limit.max_pixels = 1000;
    {
        FingerprintCache cache = FingerprintCache::open(db);
        fingerprint_files_cached(paths, {}, &cache, {});
        for (const FingerprintOptions& o : {whole_only, as_stored, small_limit}) {
            std::vector<FileStamp> stamps;
            for (const std::string& p : paths) stamps.push_back(stamp(p));
            const auto found = cache.lookup(paths, stamps, o);
            CHECK(std::none_of(found.begin(), found.end(), [](const auto& f) { return f.has_value(); }));
        }
        const CachedFingerprints w = fingerprint_files_cached(paths, whole_only, &cache, {});
        CHECK(w.stats.misses == paths.size());
        CHECK(w.results[0].fingerprint.views.size() == 1);
        CHECK(fingerprint_files_cached(paths, whole_only, &cache, {}).stats.hits == paths.size());
        CHECK(fingerprint_files_cached(paths, {}, &cache, {}).stats.misses == paths.size());  // replaced
    }
    sql(db, "UPDATE fingerprints SET fingerprint_version = fingerprint_version - 1");
    FingerprintCache cache = FingerprintCache::open(db);
    const CachedFingerprints again = fingerprint_files_cached(paths, {}, &cache, {});
    CHECK(again.stats.misses == paths.size());
    CHECK(again.stats.corrupt == 0);
}

TEST_CASE("a damaged entry is a miss, read again and rewritten") {
    const fs::path dir = fresh_dir("damaged");
    const std::vector<std::string> paths = pictures(dir);
    const std::string db = (dir / "c.db").string();
    {
        FingerprintCache cache = FingerprintCache::open(db);
        fingerprint_files_cached(paths, {}, &cache, {});
    }
    const std::string key = fs::absolute(paths[0]).lexically_normal().string();
    SUBCASE("a byte of the fingerprint changed through SQLite") { flip_blob_byte(db, key, 100); }
    SUBCASE("the checksum changed") { sql(db, "UPDATE fingerprints SET checksum = checksum + 1 WHERE path = '" + key + "'"); }
    SUBCASE("a byte of the file itself flipped (SQLite keeps no checksum of its pages)") {
        // The whole view's luma thumbnail is stored as is: flip a byte inside it, in the file.
        const auto& luma = fingerprint_file(paths[0]).views[0].luma;
        const std::string needle(reinterpret_cast<const char*>(luma.data()) + 64, 16);
        std::string bytes = read_all(db);
        const std::size_t at = bytes.find(needle);
        REQUIRE(at != std::string::npos);
        REQUIRE(bytes.find(needle, at + 1) == std::string::npos);
        bytes[at + 8] = static_cast<char>(bytes[at + 8] ^ 0x10);
        write_all(db, bytes);
    }
    FingerprintCache cache = FingerprintCache::open(db);
    const CachedFingerprints run = fingerprint_files_cached(paths, {}, &cache, {});
    CHECK(run.stats.corrupt == 1);
    CHECK(run.stats.misses == 1);
    CHECK(run.stats.written == 1);
    check_same(run.results[0], fingerprint_files({paths[0]}, {}, {})[0]);
    CHECK(fingerprint_files_cached(paths, {}, &cache, {}).stats.hits == paths.size());
}

TEST_CASE("a file that is no fingerprint cache of this version is refused, named and left untouched") {
    const fs::path dir = fresh_dir("refuse");
    auto refused = [](const fs::path& p, Status status, const std::string& says) {
        const std::string before = read_all(p);
        try {
            FingerprintCache::open(p.string());
            FAIL("opened " << p);
        } catch (const Error& e) {
            CHECK(e.status() == status);
            CHECK(std::string(e.what()).find(p.string()) != std::string::npos);
            CHECK_MESSAGE(std::string(e.what()).find(says) != std::string::npos, e.what());
        }
        CHECK(read_all(p) == before);
        CHECK_FALSE(fs::exists(p.string() + "-wal"));
    };
    SUBCASE("a text file") {
        write_all(dir / "notes.txt", "my notes, not a cache\n");
        refused(dir / "notes.txt", Status::bad_file_version, "not an SQLite database");
    }
    SUBCASE("another SQLite database") {
        sql(dir / "other.db", "CREATE TABLE photos (name TEXT); INSERT INTO photos VALUES ('a')");
        refused(dir / "other.db", Status::bad_file_version, "not a pristine fingerprint cache");
    }
    SUBCASE("a wrong magic") {
        FingerprintCache::open((dir / "c.db").string());
        sql(dir / "c.db", "UPDATE meta SET value = 'someone-elses-cache' WHERE key = 'magic'");
        refused(dir / "c.db", Status::bad_file_version, "someone-elses-cache");
    }
    SUBCASE("another format version") {
        FingerprintCache::open((dir / "c.db").string());
        sql(dir / "c.db", "UPDATE meta SET value = '99' WHERE key = 'format_version'");
        refused(dir / "c.db", Status::bad_file_version, "format version 99");
    }
    SUBCASE("a damaged database") {
        {
            FingerprintCache cache = FingerprintCache::open((dir / "c.db").string());
            cache.store({every_field("/x/a.jpg")}, {FileStamp{}}, {});
        }
        std::string bytes = read_all(dir / "c.db");
        REQUIRE(bytes.size() > 4096);
        std::fill(bytes.begin() + 100, bytes.begin() + 4096, '\xA5');  // the first page's b-tree (the schema)
        write_all(dir / "c.db", bytes);
        refused(dir / "c.db", Status::corrupt_data, "damaged");
    }
    SUBCASE("a folder") {
        try {
            FingerprintCache::open(dir.string());
            FAIL("opened a folder");
        } catch (const Error& e) {
            CHECK(e.status() == Status::io_error);
            CHECK(std::string(e.what()).find(dir.string()) != std::string::npos);
        }
    }
    SUBCASE("a folder that does not exist") {
        const fs::path p = dir / "missing" / "c.db";
        try {
            FingerprintCache::open(p.string());
            FAIL("opened " << p);
        } catch (const Error& e) {
            CHECK(e.status() == Status::io_error);
            CHECK(std::string(e.what()).find(p.string()) != std::string::npos);
        }
        CHECK_FALSE(fs::exists(p));
    }
}

TEST_CASE("an empty file becomes a cache; the cache moves") {
    const fs::path dir = fresh_dir("empty");
    write_all(dir / "c.db", "");
    FingerprintCache a = FingerprintCache::open((dir / "c.db").string());
    a.store({every_field("/x/a.jpg")}, {FileStamp{1, 2, 3}}, {});
    FingerprintCache b = std::move(a);
    CHECK(b.size() == 1);
    CHECK(b.path() == (dir / "c.db").string());
    CHECK(b.lookup({"/x/a.jpg"}, {FileStamp{1, 2, 3}}, {})[0].has_value());
    CHECK_FALSE(b.lookup({"/x/a.jpg"}, {FileStamp{1, 2, 4}}, {})[0].has_value());
}

TEST_CASE("prune drops the entries of files that left the folders walked, and only those") {
    const fs::path dir = fresh_dir("prune");
    fs::create_directories(dir / "walked" / "sub");
    fs::create_directories(dir / "walked2");  // shares a prefix with walked/, is not under it
    fs::create_directories(dir / "elsewhere");
    const std::string kept = (dir / "walked" / "sub" / "kept.jpg").string();
    const std::string gone = (dir / "walked" / "sub" / "gone.jpg").string();
    const std::string sibling = (dir / "walked2" / "x.jpg").string();
    const std::string other = (dir / "elsewhere" / "y.jpg").string();
    const std::string db = (dir / "c.db").string();
    const FileStamp s{1, 2, 3};
    {
        FingerprintCache cache = FingerprintCache::open(db);
        cache.store({every_field(kept), every_field(gone), every_field(sibling), every_field(other)}, {s, s, s, s}, {});
    }
    FingerprintCache cache = FingerprintCache::open(db);
    cache.lookup({kept}, {s}, {});  // the next run saw kept.jpg only
    CHECK(cache.prune({(dir / "walked").string() + "/"}) == 1);
    CHECK(cache.stats().pruned == 1);
    CHECK(cache.size() == 3);
    const auto found = cache.lookup({kept, gone, sibling, other}, {s, s, s, s}, {});
    CHECK(found[0].has_value());
    CHECK_FALSE(found[1].has_value());
    CHECK(found[2].has_value());
    CHECK(found[3].has_value());
    CHECK(cache.prune({kept}) == 0);  // a file named as an input, seen
}
