// SQLite for the fingerprint cache: errors that name the file, prepared statements reset before each
// use, and transactions that roll back unless committed. Internal to libpristine.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "pristine/error.hpp"

namespace pristine::cache_db {

// How long a writer waits for another process's transaction on the same file.
inline constexpr int k_busy_timeout_ms = 10'000;

[[noreturn]] inline void fail(sqlite3* db, const std::string& path, const std::string& what, int rc) {
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

inline void exec(sqlite3* db, const std::string& path, const char* sql, const char* what) {
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

}  // namespace pristine::cache_db
