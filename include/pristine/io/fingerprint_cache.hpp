// A file of fingerprints kept between runs (SQLite), so that a re-run over a grown or changed folder
// tree reads only the files that are new or changed. An entry belongs to one path and holds the file's
// size, modification time (ns) and inode when it was read, the fingerprint options and algorithm
// version it was made with, and the fingerprint (or the failure of a file that cannot be read) with
// a checksum. The same file keeps what later stages computed from unchanged files: scores per file
// and model, and records about two files (the verdicts of matching, identical pixels), each under the
// stamps of the files it came from. The file's layout and its rules: docs/dedupe.md, "Cache".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pristine/executor.hpp"
#include "pristine/export.hpp"
#include "pristine/io/duplicates.hpp"

namespace pristine {

/// What says that a file is unchanged since it was read: its size, modification time and inode.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;  ///< nanoseconds since the epoch
    std::uint64_t inode = 0;
    friend bool operator==(const FileStamp& a, const FileStamp& b) noexcept {
        return a.size == b.size && a.mtime_ns == b.mtime_ns && a.inode == b.inode;
    }
    friend bool operator!=(const FileStamp& a, const FileStamp& b) noexcept { return !(a == b); }
};

/// The stamp of a file now (following symbolic links), or nullopt when it cannot be examined.
PRISTINE_API std::optional<FileStamp> file_stamp(const std::string& path) noexcept;

/// "xxh64:" and the 16 hex digits of the xxHash64 of a file's bytes: the identity of a model file for
/// cached scores. Throws Error(io_error) naming the file when it cannot be read.
PRISTINE_API std::string file_digest(const std::string& path);

/// Counts of a cache's use since it was opened.
struct FingerprintCacheStats {
    std::size_t hits = 0;     ///< files whose entry was used
    std::size_t misses = 0;   ///< files without a usable entry (absent, changed, other options, damaged)
    std::size_t corrupt = 0;  ///< of the misses: entries whose checksum failed (they are rewritten)
    std::size_t written = 0;  ///< entries stored
    std::size_t pruned = 0;   ///< entries dropped by prune()
    std::size_t score_hits = 0;    ///< scores found by lookup_scores
    std::size_t score_misses = 0;  ///< scores not found (absent, file changed, other model, damaged)
    std::size_t pair_hits = 0;     ///< pair records found by lookup_pairs / pairs_among
    std::size_t records_corrupt = 0;  ///< score, pair and result records whose checksum failed (never used)
};

/// A file as the cache knows it: its path (as given; keyed absolute and lexically normal) and stamp.
struct CachedFile {
    std::string path;
    FileStamp stamp;
};

/// The score of one file, or the failure to score it.
struct CachedScore : ItemStatus {
    double score = 0.0;
};

/// A record about two files: a, b index the files given to the call; the bytes are the caller's.
struct PairRecord {
    std::size_t a = 0, b = 0;
    std::vector<std::uint8_t> data;
};

/// An open fingerprint cache file. Not thread-safe (use it from one thread; several processes may
/// share one file). Movable, not copyable.
class PRISTINE_API FingerprintCache {
public:
    /// The magic string and the layout version stored in the file.
    static constexpr const char* k_magic = "pristine-fingerprint-cache";
    static constexpr int k_format_version = 2;

    /// Opens the cache at `path`, creating it when there is no file there (or an empty one). A cache of
    /// format version 1 (fingerprints only) is upgraded: its entries are kept, the new tables added.
    /// Throws Error naming the file: bad_file_version (a file that is not a pristine fingerprint cache,
    /// e.g. another SQLite database or a text file, or a cache of another format version: it is left
    /// untouched), corrupt_data (a damaged database), io_error (cannot be created, read or written).
    static FingerprintCache open(const std::string& path);

    FingerprintCache(FingerprintCache&&) noexcept;
    FingerprintCache& operator=(FingerprintCache&&) noexcept;
    FingerprintCache(const FingerprintCache&) = delete;
    FingerprintCache& operator=(const FingerprintCache&) = delete;
    ~FingerprintCache();

    /// The path it was opened with.
    const std::string& path() const noexcept;

    /// The entries of `paths` (one read transaction): found[i] is set when the entry of paths[i] was
    /// made with `options` and this fingerprint version from a file whose stamp equals stamps[i]
    /// (then found[i]->path is paths[i]). Entries whose checksum fails are misses (counted as corrupt).
    /// Paths are keyed by their absolute, lexically normal form. Every path looked up counts as seen
    /// (prune). Throws Error(invalid_argument) when the sizes differ, corrupt_data / io_error when the
    /// database cannot be read.
    std::vector<std::optional<FingerprintResult>> lookup(const std::vector<std::string>& paths,
                                                         const std::vector<FileStamp>& stamps,
                                                         const FingerprintOptions& options);

    /// Stores results[i] as the entry of results[i].path read from a file with stamps[i] (one write
    /// transaction; an existing entry of the path is replaced). Only outcomes that depend on the file's
    /// bytes alone are stored: fingerprints and the failures unsupported_format, corrupt_data and
    /// too_large (an unreadable file is tried again next time). Returns the entries written. Throws
    /// Error(invalid_argument) when the sizes differ, io_error / corrupt_data when the write fails.
    std::size_t store(const std::vector<FingerprintResult>& results, const std::vector<FileStamp>& stamps,
                      const FingerprintOptions& options);

    /// Drops the entries of files under `roots` (folders, or files) that were neither looked up nor
    /// stored since the cache was opened: files that left the folders a run walked. Entries elsewhere
    /// stay. Scores and pair records of files without a fingerprint entry go too. Returns the
    /// fingerprint entries dropped.
    std::size_t prune(const std::vector<std::string>& roots);

    /// Scores of files by the model `model` (an identity of the model's contents and options, e.g.
    /// "xxh64:...;blocks=..."): found[i] is set when the score of files[i] was stored for that model
    /// from a file with the same stamp and its checksum holds. One read transaction.
    std::vector<std::optional<CachedScore>> lookup_scores(const std::vector<CachedFile>& files, const std::string& model);

    /// Stores scores[i] as the score of files[i] by `model` (replacing an older one). Only outcomes
    /// that depend on the file alone are stored (as store()). One write transaction; returns those written.
    std::size_t store_scores(const std::vector<CachedFile>& files, const std::vector<CachedScore>& scores,
                             const std::string& model);

    /// Records of `kind` (a short name such as "match" or "same_pixels") between files[a] and files[b]
    /// for the pairs asked, made under `context` (whatever else the record depends on: options,
    /// algorithm versions). A pair is ordered: (a, b) and (b, a) are two records. found[i] holds the
    /// bytes when the record exists, both stamps and the context equal, and its checksum holds.
    std::vector<std::optional<std::vector<std::uint8_t>>> lookup_pairs(const std::vector<CachedFile>& files,
                                                                       const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                                                                       const std::string& kind, const std::string& context);

    /// Every usable record of `kind` and `context` whose two files are both among `files` (same stamps),
    /// with a and b set to their indices. One read transaction, one index probe per file.
    std::vector<PairRecord> pairs_among(const std::vector<CachedFile>& files, const std::string& kind,
                                        const std::string& context);

    /// Stores records of `kind` under `context` (replacing the record of the same ordered pair and kind).
    /// Throws Error(invalid_argument) for an index out of range or empty bytes. Returns those written.
    std::size_t store_pairs(const std::vector<CachedFile>& files, const std::vector<PairRecord>& records,
                            const std::string& kind, const std::string& context);

    /// A digest of the files (their keys and stamps, in order) and `context`: the key of a result made
    /// from exactly these unchanged files.
    std::string files_digest(const std::vector<CachedFile>& files, const std::string& context);

    /// A result of `kind` stored under `key` (a digest of everything it was made from, e.g.
    /// files_digest): its bytes when present and its checksum holds.
    std::optional<std::vector<std::uint8_t>> lookup_result(const std::string& kind, const std::string& key);

    /// Stores a result (replacing the one of the same kind and key) and keeps only the `keep` most
    /// recently used results of its kind. Throws Error(invalid_argument) for empty bytes.
    void store_result(const std::string& kind, const std::string& key, const std::vector<std::uint8_t>& data, std::size_t keep);

    /// Entries in the file (fingerprints).
    std::size_t size() const;

    /// Counts since the cache was opened.
    const FingerprintCacheStats& stats() const noexcept;

    struct Impl;

private:
    explicit FingerprintCache(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Results of fingerprint_files_cached and what the cache did for them.
struct CachedFingerprints {
    std::vector<FingerprintResult> results;  ///< in the order of the paths
    /// The stamp each result was made from (taken before the file was read), nullopt for a file that
    /// could not be examined: what later records about the file are keyed by.
    std::vector<std::optional<FileStamp>> stamps;
    FingerprintCacheStats stats;             ///< of this call (without a cache: every file a miss)
};

/// fingerprint_files through a cache: every path is looked up first (on the calling thread), only the
/// misses are read on the batch's workers, and their results are stored in chunks as they finish (so
/// an interrupted run keeps what it read). A file is stamped before it is read, so a file that changes
/// while it is read is read again next time. `cache` may be null (plain fingerprint_files). Progress
/// counts every path (the hits at once). Throws as fingerprint_files, and the cache's errors.
PRISTINE_API CachedFingerprints fingerprint_files_cached(const std::vector<std::string>& paths,
                                                        const FingerprintOptions& options, FingerprintCache* cache,
                                                        const BatchOptions& batch = {});

}  // namespace pristine
