// What the parts of the fingerprint cache share: the open database with its prepared statements, the
// path key, and the row checksum. Internal to libpristine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "duplicates/cache_db.hpp"
#include "pristine/io/fingerprint_cache.hpp"

namespace pristine {

/// Paths are keyed absolute and lexically normal, so that a relative path means one file whatever the
/// working folder of the run.
std::string cache_key_of(const std::string& path);

/// The options that change a fingerprint (or whether there is one), as stored with each entry.
std::string options_key(const FingerprintOptions& o);

/// xxHash64 of some strings (each with its terminating NUL, so they cannot run together), some
/// integers and the bytes of a row: a damaged row is a miss, never a wrong result.
std::int64_t checksum_of(std::initializer_list<std::string> texts, const std::int64_t* fields, std::size_t n_fields,
                         const std::uint8_t* data, std::size_t size);

/// "xxh64:" and 16 hex digits of the xxHash64 of some bytes.
std::string digest_of(const void* data, std::size_t size);

/// The tables of scores, pair records and results (added in format version 2).
inline constexpr const char* k_records_schema =
    "CREATE TABLE IF NOT EXISTS scores ("
    " path TEXT NOT NULL,"                      // as fingerprints.path
    " model TEXT NOT NULL,"                     // the model's identity (file digest and options)
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,"
    " data BLOB NOT NULL,"                      // status, message, score (IEEE double bits)
    " checksum INTEGER NOT NULL,"
    " PRIMARY KEY (path, model)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS pairs ("
    " path_a TEXT NOT NULL, path_b TEXT NOT NULL,"  // ordered: (a, b) and (b, a) are two records
    " kind TEXT NOT NULL,"                          // what the record is, e.g. 'match', 'same_pixels'
    " size_a INTEGER NOT NULL, mtime_a INTEGER NOT NULL, inode_a INTEGER NOT NULL,"
    " size_b INTEGER NOT NULL, mtime_b INTEGER NOT NULL, inode_b INTEGER NOT NULL,"
    " context TEXT NOT NULL,"                       // digest of the options and versions it depends on
    " data BLOB NOT NULL,"
    " checksum INTEGER NOT NULL,"
    " PRIMARY KEY (path_a, kind, path_b)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS pairs_by_b ON pairs (path_b);"
    "CREATE TABLE IF NOT EXISTS results ("
    " kind TEXT NOT NULL, key TEXT NOT NULL,"      // what, and a digest of everything it was made from
    " data BLOB NOT NULL, checksum INTEGER NOT NULL,"
    " used INTEGER NOT NULL,"                       // counts up each time one is stored or read
    " PRIMARY KEY (kind, key)) WITHOUT ROWID;";

struct FingerprintCache::Impl {
    std::string path;
    sqlite3* db = nullptr;
    FingerprintCacheStats stats;
    std::unordered_set<std::string> seen;  // keys looked up or stored since open (prune keeps them)
    std::unordered_map<std::string, std::string> keys;  // cache_key_of of paths met, computed once
    cache_db::Statement select, upsert, select_score, upsert_score, select_pair, select_pairs_of, upsert_pair, forget_pairs;
    cache_db::Statement select_result, upsert_result, touch_result, trim_results;

    ~Impl() {
        select = {}, upsert = {}, select_score = {}, upsert_score = {};
        select_pair = {}, select_pairs_of = {}, upsert_pair = {}, forget_pairs = {};
        select_result = {}, upsert_result = {}, touch_result = {}, trim_results = {};
        if (db != nullptr) sqlite3_close_v2(db);
    }

    const std::string& key(const std::string& p) {
        auto it = keys.find(p);
        if (it == keys.end()) it = keys.emplace(p, cache_key_of(p)).first;
        return it->second;
    }
    std::string meta(const char* key);
    void check_identity();
    void prepare_records();  // the statements of scores and pairs
};

}  // namespace pristine
