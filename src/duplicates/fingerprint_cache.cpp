// The fingerprint cache file: SQLite in WAL mode (readers never wait for a writer), a meta table that
// says what the file is, and one row per path whose checksum covers every column a lookup trusts.
// A file that is not our cache is never written to: it is recognised before the first write.
#include "pristine/io/fingerprint_cache.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_set>
#include <utility>

#include <sqlite3.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "duplicates/fingerprint_cache_blob.hpp"
#include "duplicates/fingerprint_cache_impl.hpp"

namespace pristine {

using namespace cache_db;

std::string options_key(const FingerprintOptions& o) {
    return "crop_views=" + std::to_string(int{o.crop_views}) + " apply_orientation=" + std::to_string(int{o.apply_orientation}) +
           " max_pixels=" + std::to_string(o.max_pixels);
}

std::string cache_key_of(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(path, ec);
    if (ec) p = path;
    std::string k = p.lexically_normal().string();
    while (k.size() > 1 && k.back() == '/') k.pop_back();
    return k;
}

std::int64_t checksum_of(std::initializer_list<std::string> texts, const std::int64_t* fields, std::size_t n_fields,
                         const std::uint8_t* data, std::size_t size) {
    XXH64_state_t* st = XXH64_createState();
    if (st == nullptr) throw Error(Status::out_of_memory, "fingerprint cache: out of memory");
    XXH64_reset(st, 0);
    for (const std::string& t : texts) XXH64_update(st, t.data(), t.size() + 1);
    XXH64_update(st, fields, n_fields * sizeof *fields);
    XXH64_update(st, data, size);
    const XXH64_hash_t h = XXH64_digest(st);
    XXH64_freeState(st);
    return static_cast<std::int64_t>(h);
}

namespace {

std::string hex_digest(std::uint64_t h) {
    char hex[24];
    std::snprintf(hex, sizeof hex, "xxh64:%016llx", static_cast<unsigned long long>(h));
    return hex;
}

}  // namespace

std::string file_digest(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Status::io_error, path + ": cannot read: " + std::strerror(errno));
    XXH64_state_t* st = XXH64_createState();
    if (st == nullptr) throw Error(Status::out_of_memory, path + ": out of memory");
    XXH64_reset(st, 0);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        XXH64_update(st, buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    const bool failed = in.bad();
    const XXH64_hash_t h = XXH64_digest(st);
    XXH64_freeState(st);
    if (failed) throw Error(Status::io_error, path + ": cannot read: " + std::strerror(errno));
    return hex_digest(h);
}

std::string digest_of(const void* data, std::size_t size) { return hex_digest(XXH64(data, size, 0)); }

namespace {


struct Row {
    std::string key;
    FileStamp stamp;
    std::string options;
};

// xxHash64 of every column a lookup trusts, so that a damaged row is a miss, never a wrong fingerprint.
std::int64_t row_checksum(const Row& r, const std::uint8_t* data, std::size_t size) {
    const std::int64_t fields[] = {static_cast<std::int64_t>(r.stamp.size), r.stamp.mtime_ns,
                                   static_cast<std::int64_t>(r.stamp.inode), k_fingerprint_version};
    return checksum_of({r.key, r.options}, fields, sizeof fields / sizeof fields[0], data, size);
}

void check_stamps(const char* call, std::size_t files, std::size_t stamps) {
    if (files != stamps)
        throw Error(Status::invalid_argument, std::string("FingerprintCache::") + call + ": " + std::to_string(files) +
                                                  " files but " + std::to_string(stamps) + " stamps");
}

bool cacheable(Status s) {
    return s == Status::ok || s == Status::unsupported_format || s == Status::corrupt_data || s == Status::too_large;
}

constexpr char k_sqlite_header[16] = "SQLite format 3";  // with its NUL: the first 16 bytes of every database

constexpr const char* k_schema =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS fingerprints ("
    " path TEXT PRIMARY KEY,"                   // absolute, lexically normal
    " size INTEGER NOT NULL,"                   // bytes
    " mtime_ns INTEGER NOT NULL,"               // modification time, ns since the epoch
    " inode INTEGER NOT NULL,"
    " fingerprint_version INTEGER NOT NULL,"    // k_fingerprint_version it was made with
    " options TEXT NOT NULL,"                   // options_key it was made with
    " data BLOB NOT NULL,"                      // fingerprint_blob::encode
    " checksum INTEGER NOT NULL"                // row_checksum
    ") WITHOUT ROWID;";

}  // namespace

std::optional<FileStamp> file_stamp(const std::string& path) noexcept {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    FileStamp s;
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    s.inode = static_cast<std::uint64_t>(st.st_ino);
    return s;
}

std::string FingerprintCache::Impl::meta(const char* key) {
    Statement s(db, path, "SELECT value FROM meta WHERE key = ?1");
    s.start().text(1, key);
    return s.step("cannot read its header") ? s.column_text(0) : std::string();
}

// Throws unless the open database is a pristine fingerprint cache of this format version (or of
// version 1, which open() upgrades).
void FingerprintCache::Impl::check_identity() {
    sqlite3_stmt* probe = nullptr;
    const int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'magic'", -1, &probe, nullptr);
    sqlite3_finalize(probe);
    if ((rc & 0xff) == SQLITE_ERROR)  // no such table: some other database
        throw Error(Status::bad_file_version,
                    path + " is an SQLite database but not a pristine fingerprint cache (left untouched)");
    if (rc != SQLITE_OK) fail(db, path, "cannot read its header", rc);
    const std::string magic = meta("magic");
    if (magic != k_magic)
        throw Error(Status::bad_file_version, path + " is not a pristine fingerprint cache (magic '" + magic + "', expected '" +
                                                  k_magic + "'; left untouched)");
    const std::string version = meta("format_version");
    if (version != std::to_string(k_format_version) && version != "1")
        throw Error(Status::bad_file_version, path + " is a fingerprint cache of format version " + version +
                                                  "; this pristine reads version " + std::to_string(k_format_version) +
                                                  " (left untouched: delete it, or name another file, to start a new cache)");
}

FingerprintCache FingerprintCache::open(const std::string& path) {
    if (path.empty()) throw Error(Status::invalid_argument, "fingerprint cache: empty path");
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    if (!exists && errno != ENOENT) throw Error(Status::io_error, path + ": cannot examine the fingerprint cache: " + std::strerror(errno));
    if (exists && !S_ISREG(st.st_mode)) throw Error(Status::io_error, path + ": is not a regular file (fingerprint cache)");
    const bool fresh = !exists || st.st_size == 0;
    if (!fresh) {
        char head[16] = {};
        std::ifstream in(path, std::ios::binary);
        if (!in.read(head, sizeof head) && !in.eof())
            throw Error(Status::io_error, path + ": cannot read the fingerprint cache: " + std::strerror(errno));
        if (in.gcount() < 16 || std::memcmp(head, k_sqlite_header, 16) != 0)
            throw Error(Status::bad_file_version, path + " is not a pristine fingerprint cache (not an SQLite database; left untouched)");
    }

    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const int flags = SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr);
    if (rc != SQLITE_OK) fail(impl->db, path, fresh ? "cannot create it" : "cannot open it", rc);
    sqlite3_extended_result_codes(impl->db, 1);
    sqlite3_busy_timeout(impl->db, k_busy_timeout_ms);
    if (sqlite3_db_readonly(impl->db, "main") == 1) throw Error(Status::io_error, path + ": the fingerprint cache is read-only");
    if (fresh) {
        // Two runs may create the same cache at once: IF NOT EXISTS and OR IGNORE make that harmless.
        Transaction t(impl->db, path, true);
        exec(impl->db, path, k_schema, "cannot create its tables");
        exec(impl->db, path, k_records_schema, "cannot create its tables");
        Statement put(impl->db, path, "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)");
        put.start().text(1, "magic").text(2, k_magic).step("cannot write its header");
        put.start().text(1, "format_version").text(2, std::to_string(k_format_version)).step("cannot write its header");
        t.commit("cannot create it");
    }
    impl->check_identity();
    if (impl->meta("format_version") == "1") {  // fingerprints only: add the tables of later stages
        Transaction t(impl->db, path, true);
        exec(impl->db, path, k_records_schema, "cannot upgrade it");
        Statement put(impl->db, path, "UPDATE meta SET value = ?1 WHERE key = 'format_version'");
        put.start().text(1, std::to_string(k_format_version)).step("cannot upgrade it");
        put = Statement();
        t.commit("cannot upgrade it");
    }
    exec(impl->db, path, "PRAGMA journal_mode = WAL", "cannot switch it to write-ahead logging");
    exec(impl->db, path, "PRAGMA synchronous = NORMAL", "cannot set its sync mode");
    impl->select = Statement(impl->db, impl->path,
                             "SELECT size, mtime_ns, inode, fingerprint_version, options, data, checksum "
                             "FROM fingerprints WHERE path = ?1");
    impl->upsert = Statement(impl->db, impl->path,
                             "INSERT OR REPLACE INTO fingerprints "
                             "(path, size, mtime_ns, inode, fingerprint_version, options, data, checksum) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    impl->prepare_records();
    return FingerprintCache(std::move(impl));
}

FingerprintCache::FingerprintCache(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FingerprintCache::FingerprintCache(FingerprintCache&&) noexcept = default;
FingerprintCache& FingerprintCache::operator=(FingerprintCache&&) noexcept = default;
FingerprintCache::~FingerprintCache() = default;

const std::string& FingerprintCache::path() const noexcept { return impl_->path; }
const FingerprintCacheStats& FingerprintCache::stats() const noexcept { return impl_->stats; }

std::vector<std::optional<FingerprintResult>> FingerprintCache::lookup(const std::vector<std::string>& paths,
                                                                       const std::vector<FileStamp>& stamps,
                                                                       const FingerprintOptions& options) {
    check_stamps("lookup", paths.size(), stamps.size());
    Impl& m = *impl_;
    const std::string opts = options_key(options);
    std::vector<std::optional<FingerprintResult>> found(paths.size());
    Transaction t(m.db, m.path, false);
    for (std::size_t i = 0; i < paths.size(); ++i) {
        Row row{m.key(paths[i]), stamps[i], opts};
        m.seen.insert(row.key);
        Statement& s = m.select.start().text(1, row.key);
        bool hit = false;
        if (s.step("cannot read an entry")) {
            const FileStamp stored{static_cast<std::uint64_t>(s.column_int(0)), s.column_int(1),
                                   static_cast<std::uint64_t>(s.column_int(2))};
            if (stored == row.stamp && s.column_int(3) == k_fingerprint_version && s.column_text(4) == opts) {
                std::size_t size = 0;
                const std::uint8_t* data = s.column_blob(5, size);
                FingerprintResult r;
                if (row_checksum(row, data, size) == s.column_int(6) && fingerprint_blob::decode(data, size, r)) {
                    r.path = paths[i];
                    found[i] = std::move(r);
                    hit = true;
                } else {
                    ++m.stats.corrupt;
                }
            }
        }
        ++(hit ? m.stats.hits : m.stats.misses);
    }
    m.select.start();  // ends the statement's read before the transaction does
    t.commit("cannot finish reading");
    return found;
}

std::size_t FingerprintCache::store(const std::vector<FingerprintResult>& results, const std::vector<FileStamp>& stamps,
                                    const FingerprintOptions& options) {
    check_stamps("store", results.size(), stamps.size());
    Impl& m = *impl_;
    const std::string opts = options_key(options);
    std::size_t written = 0;
    Transaction t(m.db, m.path, true);
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!cacheable(results[i].status)) continue;
        Row row{m.key(results[i].path), stamps[i], opts};
        const std::vector<std::uint8_t> data = fingerprint_blob::encode(results[i]);
        m.upsert.start()
            .text(1, row.key)
            .integer(2, static_cast<std::int64_t>(row.stamp.size))
            .integer(3, row.stamp.mtime_ns)
            .integer(4, static_cast<std::int64_t>(row.stamp.inode))
            .integer(5, k_fingerprint_version)
            .text(6, opts)
            .blob(7, data)
            .integer(8, row_checksum(row, data.data(), data.size()))
            .step("cannot write an entry");
        // The file was read again: what was kept about it with other files is of its old contents.
        m.forget_pairs.start().text(1, row.key).step("cannot write an entry");
        m.seen.insert(std::move(row.key));
        ++written;
    }
    m.upsert.start();
    t.commit("cannot write its entries");
    m.stats.written += written;
    return written;
}

std::size_t FingerprintCache::prune(const std::vector<std::string>& roots) {
    Impl& m = *impl_;
    Transaction t(m.db, m.path, true);
    exec(m.db, m.path, "CREATE TEMP TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY); DELETE FROM temp.seen",
         "cannot prune it");
    {
        Statement add(m.db, m.path, "INSERT OR IGNORE INTO temp.seen (path) VALUES (?1)");
        for (const std::string& k : m.seen) add.start().text(1, k).step("cannot prune it");
    }
    // Under a root: the root itself, or a path in [root + "/", root + "0") ('0' follows '/' in byte order).
    Statement drop(m.db, m.path,
                   "DELETE FROM fingerprints WHERE (path = ?1 OR (path >= ?2 AND path < ?3)) "
                   "AND path NOT IN (SELECT path FROM temp.seen)");
    std::size_t dropped = 0;
    for (const std::string& root : roots) {
        const std::string k = cache_key_of(root);
        const std::string base = k == "/" ? std::string() : k;
        drop.start().text(1, k).text(2, base + "/").text(3, base + "0").step("cannot prune it");
        dropped += static_cast<std::size_t>(sqlite3_changes(m.db));
    }
    drop = Statement();
    exec(m.db, m.path, "DELETE FROM temp.seen", "cannot prune it");
    if (dropped > 0)  // what was kept of files that are gone
        exec(m.db, m.path,
             "DELETE FROM scores WHERE path NOT IN (SELECT path FROM fingerprints);"
             "DELETE FROM pairs WHERE path_a NOT IN (SELECT path FROM fingerprints) "
             "OR path_b NOT IN (SELECT path FROM fingerprints)",
             "cannot prune it");
    t.commit("cannot prune it");
    m.stats.pruned += dropped;
    return dropped;
}

std::size_t FingerprintCache::size() const {
    Statement s(impl_->db, impl_->path, "SELECT count(*) FROM fingerprints");
    return s.step("cannot count its entries") ? static_cast<std::size_t>(s.column_int(0)) : 0;
}

}  // namespace pristine
