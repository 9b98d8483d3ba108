// What the fingerprint cache keeps besides fingerprints: a score per file and model, and records about
// two files. Each row carries the stamps of its files and a checksum over every column a lookup
// trusts, so a changed file or a damaged row is a miss, never a wrong result.
#include <cstring>
#include <unordered_map>

#include "duplicates/fingerprint_cache_impl.hpp"

namespace pristine {

using namespace cache_db;

namespace {

std::int64_t stamp_field(std::uint64_t v) { return static_cast<std::int64_t>(v); }

// Score bytes: status (4), message length (4) and bytes, score (IEEE double, 8); little-endian.
std::vector<std::uint8_t> encode_score(const CachedScore& s) {
    std::vector<std::uint8_t> b;
    auto u32 = [&](std::uint32_t v) {
        for (int k = 0; k < 32; k += 8) b.push_back(static_cast<std::uint8_t>(v >> k));
    };
    u32(static_cast<std::uint32_t>(s.status));
    u32(static_cast<std::uint32_t>(s.error.size()));
    b.insert(b.end(), s.error.begin(), s.error.end());
    std::uint64_t bits = 0;
    std::memcpy(&bits, &s.score, sizeof bits);
    for (int k = 0; k < 64; k += 8) b.push_back(static_cast<std::uint8_t>(bits >> k));
    return b;
}

bool decode_score(const std::uint8_t* p, std::size_t n, CachedScore& s) {
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v |= std::uint32_t{p[at + k]} << (8 * k);
        return v;
    };
    if (n < 16) return false;
    const std::uint32_t len = u32(4);
    if (n != 16 + std::size_t{len}) return false;
    const auto status = static_cast<Status>(u32(0));
    if (std::strcmp(status_name(status), "unknown") == 0) return false;
    s.status = status;
    s.error.assign(reinterpret_cast<const char*>(p + 8), len);
    std::uint64_t bits = 0;
    for (int k = 0; k < 8; ++k) bits |= std::uint64_t{p[8 + len + k]} << (8 * k);
    std::memcpy(&s.score, &bits, sizeof bits);
    return true;
}

bool cacheable_score(Status s) {
    return s == Status::ok || s == Status::unsupported_format || s == Status::corrupt_data || s == Status::too_large;
}

std::int64_t score_checksum(const std::string& key, const std::string& model, const FileStamp& st, const std::uint8_t* data,
                            std::size_t size) {
    const std::int64_t fields[] = {stamp_field(st.size), st.mtime_ns, stamp_field(st.inode)};
    return checksum_of({key, model}, fields, 3, data, size);
}

std::int64_t pair_checksum(const std::string& ka, const std::string& kb, const std::string& kind, const std::string& context,
                           const FileStamp& a, const FileStamp& b, const std::uint8_t* data, std::size_t size) {
    const std::int64_t fields[] = {stamp_field(a.size), a.mtime_ns, stamp_field(a.inode),
                                   stamp_field(b.size), b.mtime_ns, stamp_field(b.inode)};
    return checksum_of({ka, kb, kind, context}, fields, 6, data, size);
}

FileStamp stamp_at(const Statement& s, int first) {
    return FileStamp{static_cast<std::uint64_t>(s.column_int(first)), s.column_int(first + 1),
                     static_cast<std::uint64_t>(s.column_int(first + 2))};
}

}  // namespace

void FingerprintCache::Impl::prepare_records() {
    select_score = Statement(db, path, "SELECT size, mtime_ns, inode, data, checksum FROM scores WHERE path = ?1 AND model = ?2");
    upsert_score = Statement(db, path,
                             "INSERT OR REPLACE INTO scores (path, model, size, mtime_ns, inode, data, checksum) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    // Stamps of a and b, context, data, checksum, path_b.
    const std::string pair_columns =
        "SELECT size_a, mtime_a, inode_a, size_b, mtime_b, inode_b, context, data, checksum, path_b FROM pairs ";
    select_pair = Statement(db, path, (pair_columns + "WHERE path_a = ?1 AND kind = ?2 AND path_b = ?3").c_str());
    select_pairs_of = Statement(db, path, (pair_columns + "WHERE path_a = ?1 AND kind = ?2").c_str());
    upsert_pair = Statement(db, path,
                            "INSERT OR REPLACE INTO pairs (path_a, path_b, kind, size_a, mtime_a, inode_a, size_b, mtime_b, "
                            "inode_b, context, data, checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    forget_pairs = Statement(db, path, "DELETE FROM pairs WHERE path_a = ?1 OR path_b = ?1");
    select_result = Statement(db, path, "SELECT data, checksum FROM results WHERE kind = ?1 AND key = ?2");
    // `used` counts up (a clock could give two results one second), so the most recent are kept.
    upsert_result = Statement(db, path,
                              "INSERT OR REPLACE INTO results (kind, key, data, checksum, used) "
                              "VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(used), 0) + 1 FROM results))");
    touch_result = Statement(db, path,
                             "UPDATE results SET used = (SELECT coalesce(max(used), 0) + 1 FROM results) WHERE kind = ?1 AND key = ?2");
    trim_results = Statement(db, path,
                             "DELETE FROM results WHERE kind = ?1 AND key NOT IN "
                             "(SELECT key FROM results WHERE kind = ?1 ORDER BY used DESC, key LIMIT ?2)");
}

std::vector<std::optional<CachedScore>> FingerprintCache::lookup_scores(const std::vector<CachedFile>& files,
                                                                        const std::string& model) {
    Impl& m = *impl_;
    std::vector<std::optional<CachedScore>> found(files.size());
    Transaction t(m.db, m.path, false);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& key = m.key(files[i].path);
        Statement& s = m.select_score.start().text(1, key).text(2, model);
        if (s.step("cannot read a score") && stamp_at(s, 0) == files[i].stamp) {
            std::size_t size = 0;
            const std::uint8_t* data = s.column_blob(3, size);
            CachedScore r;
            if (score_checksum(key, model, files[i].stamp, data, size) == s.column_int(4) && decode_score(data, size, r))
                found[i] = std::move(r);
            else
                ++m.stats.records_corrupt;
        }
        ++(found[i] ? m.stats.score_hits : m.stats.score_misses);
    }
    m.select_score.start();
    t.commit("cannot finish reading");
    return found;
}

std::size_t FingerprintCache::store_scores(const std::vector<CachedFile>& files, const std::vector<CachedScore>& scores,
                                           const std::string& model) {
    if (files.size() != scores.size())
        throw Error(Status::invalid_argument, "FingerprintCache::store_scores: " + std::to_string(files.size()) + " files but " +
                                                  std::to_string(scores.size()) + " scores");
    Impl& m = *impl_;
    std::size_t written = 0;
    Transaction t(m.db, m.path, true);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!cacheable_score(scores[i].status)) continue;
        const std::string& key = m.key(files[i].path);
        const std::vector<std::uint8_t> data = encode_score(scores[i]);
        const FileStamp& st = files[i].stamp;
        m.upsert_score.start()
            .text(1, key)
            .text(2, model)
            .integer(3, stamp_field(st.size))
            .integer(4, st.mtime_ns)
            .integer(5, stamp_field(st.inode))
            .blob(6, data)
            .integer(7, score_checksum(key, model, st, data.data(), data.size()))
            .step("cannot write a score");
        ++written;
    }
    m.upsert_score.start();
    t.commit("cannot write its scores");
    return written;
}

std::vector<std::optional<std::vector<std::uint8_t>>> FingerprintCache::lookup_pairs(
    const std::vector<CachedFile>& files, const std::vector<std::pair<std::size_t, std::size_t>>& pairs, const std::string& kind,
    const std::string& context) {
    Impl& m = *impl_;
    const std::string ctx = digest_of(context.data(), context.size());
    std::vector<std::optional<std::vector<std::uint8_t>>> found(pairs.size());
    Transaction t(m.db, m.path, false);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto [a, b] = pairs[i];
        if (a >= files.size() || b >= files.size())
            throw Error(Status::invalid_argument, "FingerprintCache::lookup_pairs: a file index out of range");
        const std::string& ka = m.key(files[a].path);
        const std::string& kb = m.key(files[b].path);
        Statement& s = m.select_pair.start().text(1, ka).text(2, kind).text(3, kb);
        if (!s.step("cannot read a pair record") || stamp_at(s, 0) != files[a].stamp || stamp_at(s, 3) != files[b].stamp ||
            s.column_text(6) != ctx)
            continue;
        std::size_t size = 0;
        const std::uint8_t* data = s.column_blob(7, size);
        if (pair_checksum(ka, kb, kind, ctx, files[a].stamp, files[b].stamp, data, size) != s.column_int(8)) {
            ++m.stats.records_corrupt;
            continue;
        }
        found[i] = std::vector<std::uint8_t>(data, data + size);
        ++m.stats.pair_hits;
    }
    m.select_pair.start();
    t.commit("cannot finish reading");
    return found;
}

std::vector<PairRecord> FingerprintCache::pairs_among(const std::vector<CachedFile>& files, const std::string& kind,
                                                      const std::string& context) {
    Impl& m = *impl_;
    const std::string ctx = digest_of(context.data(), context.size());
    std::unordered_map<std::string, std::size_t> index;
    index.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) index.emplace(m.key(files[i].path), i);
    std::vector<PairRecord> out;
    Transaction t(m.db, m.path, false);
    for (std::size_t a = 0; a < files.size(); ++a) {
        const std::string& ka = m.key(files[a].path);
        Statement& s = m.select_pairs_of.start().text(1, ka).text(2, kind);
        while (s.step("cannot read a pair record")) {
            const std::string kb = s.column_text(9);
            const auto it = index.find(kb);
            if (it == index.end()) continue;
            const std::size_t b = it->second;
            if (stamp_at(s, 0) != files[a].stamp || stamp_at(s, 3) != files[b].stamp || s.column_text(6) != ctx) continue;
            std::size_t size = 0;
            const std::uint8_t* data = s.column_blob(7, size);
            if (pair_checksum(ka, kb, kind, ctx, files[a].stamp, files[b].stamp, data, size) != s.column_int(8)) {
                ++m.stats.records_corrupt;
                continue;
            }
            out.push_back(PairRecord{a, b, std::vector<std::uint8_t>(data, data + size)});
            ++m.stats.pair_hits;
        }
    }
    m.select_pairs_of.start();
    t.commit("cannot finish reading");
    return out;
}

std::size_t FingerprintCache::store_pairs(const std::vector<CachedFile>& files, const std::vector<PairRecord>& records,
                                          const std::string& kind, const std::string& context) {
    Impl& m = *impl_;
    for (const PairRecord& r : records) {
        if (r.a >= files.size() || r.b >= files.size())
            throw Error(Status::invalid_argument, "FingerprintCache::store_pairs: a file index out of range");
        if (r.data.empty()) throw Error(Status::invalid_argument, "FingerprintCache::store_pairs: a record without bytes");
    }
    const std::string ctx = digest_of(context.data(), context.size());
    Transaction t(m.db, m.path, true);
    for (const PairRecord& r : records) {
        const std::string& ka = m.key(files[r.a].path);
        const std::string& kb = m.key(files[r.b].path);
        const FileStamp &sa = files[r.a].stamp, &sb = files[r.b].stamp;
        m.upsert_pair.start()
            .text(1, ka)
            .text(2, kb)
            .text(3, kind)
            .integer(4, stamp_field(sa.size))
            .integer(5, sa.mtime_ns)
            .integer(6, stamp_field(sa.inode))
            .integer(7, stamp_field(sb.size))
            .integer(8, sb.mtime_ns)
            .integer(9, stamp_field(sb.inode))
            .text(10, ctx)
            .blob(11, r.data)
            .integer(12, pair_checksum(ka, kb, kind, ctx, sa, sb, r.data.data(), r.data.size()))
            .step("cannot write a pair record");
    }
    m.upsert_pair.start();
    t.commit("cannot write its pair records");
    return records.size();
}

std::string FingerprintCache::files_digest(const std::vector<CachedFile>& files, const std::string& context) {
    Impl& m = *impl_;
    std::string all = context;
    all.push_back('\0');
    for (const CachedFile& f : files) {
        const std::string& k = m.key(f.path);
        all.append(k.c_str(), k.size() + 1);
        const std::int64_t fields[] = {stamp_field(f.stamp.size), f.stamp.mtime_ns, stamp_field(f.stamp.inode)};
        all.append(reinterpret_cast<const char*>(fields), sizeof fields);
    }
    return digest_of(all.data(), all.size());
}

std::optional<std::vector<std::uint8_t>> FingerprintCache::lookup_result(const std::string& kind, const std::string& key) {
    Impl& m = *impl_;
    std::optional<std::vector<std::uint8_t>> found;
    {
        Transaction t(m.db, m.path, false);
        Statement& s = m.select_result.start().text(1, kind).text(2, key);
        if (s.step("cannot read a result")) {
            std::size_t size = 0;
            const std::uint8_t* data = s.column_blob(0, size);
            if (checksum_of({kind, key}, nullptr, 0, data, size) == s.column_int(1))
                found = std::vector<std::uint8_t>(data, data + size);
            else
                ++m.stats.records_corrupt;
        }
        m.select_result.start();
        t.commit("cannot finish reading");
    }
    if (found) {  // most recently used: trimmed last
        Transaction t(m.db, m.path, true);
        m.touch_result.start().text(1, kind).text(2, key).step("cannot write a result");
        t.commit("cannot write a result");
    }
    return found;
}

void FingerprintCache::store_result(const std::string& kind, const std::string& key, const std::vector<std::uint8_t>& data,
                                    std::size_t keep) {
    if (data.empty()) throw Error(Status::invalid_argument, "FingerprintCache::store_result: a result without bytes");
    Impl& m = *impl_;
    Transaction t(m.db, m.path, true);
    m.upsert_result.start()
        .text(1, kind)
        .text(2, key)
        .blob(3, data)
        .integer(4, checksum_of({kind, key}, nullptr, 0, data.data(), data.size()))
        .step("cannot write a result");
    m.trim_results.start().text(1, kind).integer(2, static_cast<std::int64_t>(keep)).step("cannot write a result");
    m.upsert_result.start();
    t.commit("cannot write a result");
}

}  // namespace pristine
