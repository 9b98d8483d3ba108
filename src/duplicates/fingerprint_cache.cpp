// The fingerprint cache file: SQLite in WAL mode (readers never wait for a writer), a meta table that
// says what the file is, and one row per path whose checksum covers every column a lookup trusts.
// A file that is not our cache is never written to: it is recognised before the first write.
#include "pristine/io/fingerprint_cache.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_set>
#include <utility>

#include <sqlite3.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "duplicates/fingerprint_cache_blob.hpp"

namespace pristine {

namespace {

// How long a writer waits for another process's transaction on the same file.
constexpr int k_busy_timeout_ms = 10'000;

[[noreturn]] void fail(sqlite3* db, const std::string& path, const std::string& what, int rc) {
    Status s = Status::io_error;
    const int primary = rc & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) s = Status::corrupt_data;
    if (primary == SQLITE_NOMEM) s = Status::out_of_memory;
    std::string msg = path + ": fingerprint cache: " + what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    if (db != nullptr && sqlite3_system_errno(db) != 0 && primary != SQLITE_CORRUPT)
        msg += std::string(" (") + std::strerror(sqlite3_system_errno(db)) + ")";
    if (s == Status::corrupt_data) msg += " (the file is damaged; a damaged fingerprint cache can be deleted: it is made again)";
    throw Error(s, msg);
}

// A prepared statement, reset before each use.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, const std::string& path, const char* sql) : db_(db), path_(&path) {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK) fail(db, path, "cannot read its tables", rc);
    }
    Statement(Statement&& o) noexcept : db_(o.db_), path_(o.path_), stmt_(std::exchange(o.stmt_, nullptr)) {}
    Statement& operator=(Statement&& o) noexcept {
        std::swap(db_, o.db_), std::swap(path_, o.path_), std::swap(stmt_, o.stmt_);
        return *this;
    }
    ~Statement() { sqlite3_finalize(stmt_); }

    Statement& start() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        return *this;
    }
    Statement& text(int i, const std::string& s) {
        check(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& integer(int i, std::int64_t v) {
        check(sqlite3_bind_int64(stmt_, i, v));
        return *this;
    }
    Statement& blob(int i, const std::vector<std::uint8_t>& b) {
        check(sqlite3_bind_blob(stmt_, i, b.data(), static_cast<int>(b.size()), SQLITE_STATIC));
        return *this;
    }
    // True while a row is there.
    bool step(const char* what) {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) fail(db_, *path_, what, rc);
        return false;
    }
    std::int64_t column_int(int i) const { return sqlite3_column_int64(stmt_, i); }
    std::string column_text(int i) const {
        const auto* p = sqlite3_column_text(stmt_, i);
        return p != nullptr ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
                            : std::string();
    }
    const std::uint8_t* column_blob(int i, std::size_t& size) const {
        const void* p = sqlite3_column_blob(stmt_, i);
        size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i));
        return static_cast<const std::uint8_t*>(p);
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail(db_, *path_, "cannot bind a value", rc);
    }
    sqlite3* db_ = nullptr;
    const std::string* path_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const std::string& path, const char* sql, const char* what) {
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(db, path, what, rc);
}

// A transaction that rolls back unless committed.
class Transaction {
public:
    Transaction(sqlite3* db, const std::string& path, bool write) : db_(db), path_(path) {
        exec(db, path, write ? "BEGIN IMMEDIATE" : "BEGIN", write ? "cannot start writing" : "cannot start reading");
    }
    void commit(const char* what) {
        exec(db_, path_, "COMMIT", what);
        done_ = true;
    }
    ~Transaction() {
        if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    sqlite3* db_;
    const std::string& path_;
    bool done_ = false;
};

// Paths are keyed absolute and lexically normal, so that a relative path means one file whatever the
// working folder of the run.
std::string key_of(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(path, ec);
    if (ec) p = path;
    std::string k = p.lexically_normal().string();
    while (k.size() > 1 && k.back() == '/') k.pop_back();
    return k;
}

// The options that change a fingerprint (or whether there is one), as stored with each entry.
std::string options_key(const FingerprintOptions& o) {
    return "crop_views=" + std::to_string(int{o.crop_views}) + " apply_orientation=" + std::to_string(int{o.apply_orientation}) +
           " max_pixels=" + std::to_string(o.max_pixels);
}

struct Row {
    std::string key;
    FileStamp stamp;
    std::string options;
};

// xxHash64 of every column a lookup trusts, so that a damaged row is a miss, never a wrong fingerprint.
std::int64_t row_checksum(const Row& r, const std::uint8_t* data, std::size_t size) {
    XXH64_state_t* st = XXH64_createState();
    if (st == nullptr) throw Error(Status::out_of_memory, "fingerprint cache: out of memory");
    XXH64_reset(st, 0);
    const std::int64_t fields[] = {static_cast<std::int64_t>(r.stamp.size), r.stamp.mtime_ns,
                                   static_cast<std::int64_t>(r.stamp.inode), k_fingerprint_version};
    XXH64_update(st, r.key.data(), r.key.size() + 1);  // with the terminating NUL, so fields cannot run together
    XXH64_update(st, r.options.data(), r.options.size() + 1);
    XXH64_update(st, fields, sizeof fields);
    XXH64_update(st, data, size);
    const XXH64_hash_t h = XXH64_digest(st);
    XXH64_freeState(st);
    return static_cast<std::int64_t>(h);
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

struct FingerprintCache::Impl {
    std::string path;
    sqlite3* db = nullptr;
    FingerprintCacheStats stats;
    std::unordered_set<std::string> seen;  // keys looked up or stored since open (prune keeps them)
    Statement select, upsert;

    ~Impl() {
        select = Statement(), upsert = Statement();
        if (db != nullptr) sqlite3_close_v2(db);
    }

    std::string meta(const char* key) {
        Statement s(db, path, "SELECT value FROM meta WHERE key = ?1");
        s.start().text(1, key);
        return s.step("cannot read its header") ? s.column_text(0) : std::string();
    }

    // Throws unless the open database is a pristine fingerprint cache of this format version.
    void check_identity() {
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
        if (version != std::to_string(k_format_version))
            throw Error(Status::bad_file_version, path + " is a fingerprint cache of format version " + version +
                                                      "; this pristine reads version " + std::to_string(k_format_version) +
                                                      " (left untouched: delete it, or name another file, to start a new cache)");
    }
};

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
        Statement put(impl->db, path, "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)");
        put.start().text(1, "magic").text(2, k_magic).step("cannot write its header");
        put.start().text(1, "format_version").text(2, std::to_string(k_format_version)).step("cannot write its header");
        t.commit("cannot create it");
    }
    impl->check_identity();
    exec(impl->db, path, "PRAGMA journal_mode = WAL", "cannot switch it to write-ahead logging");
    exec(impl->db, path, "PRAGMA synchronous = NORMAL", "cannot set its sync mode");
    impl->select = Statement(impl->db, impl->path,
                             "SELECT size, mtime_ns, inode, fingerprint_version, options, data, checksum "
                             "FROM fingerprints WHERE path = ?1");
    impl->upsert = Statement(impl->db, impl->path,
                             "INSERT OR REPLACE INTO fingerprints "
                             "(path, size, mtime_ns, inode, fingerprint_version, options, data, checksum) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
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
        Row row{key_of(paths[i]), stamps[i], opts};
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
        Row row{key_of(results[i].path), stamps[i], opts};
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
        const std::string k = key_of(root);
        const std::string base = k == "/" ? std::string() : k;
        drop.start().text(1, k).text(2, base + "/").text(3, base + "0").step("cannot prune it");
        dropped += static_cast<std::size_t>(sqlite3_changes(m.db));
    }
    drop = Statement();
    exec(m.db, m.path, "DELETE FROM temp.seen", "cannot prune it");
    t.commit("cannot prune it");
    m.stats.pruned += dropped;
    return dropped;
}

std::size_t FingerprintCache::size() const {
    Statement s(impl_->db, impl_->path, "SELECT count(*) FROM fingerprints");
    return s.step("cannot count its entries") ? static_cast<std::size_t>(s.column_int(0)) : 0;
}

}  // namespace pristine
