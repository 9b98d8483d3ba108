// SQL on a cache file behind the cache's back, for the cache tests (they link SQLite themselves).
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

namespace test {

/// Runs `statement` on the database at `db_path` (the cache must be closed).
inline void sql(const std::string& db_path, const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
    const std::string msg = err != nullptr ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
}

}  // namespace test
