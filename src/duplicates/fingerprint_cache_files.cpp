// fingerprint_files through a cache: look every path up on the calling thread, read only the misses
// on the workers, and store their results chunk by chunk, so an interrupted first run keeps most of
// its work.
#include <algorithm>
#include <utility>

#include "pristine/io/fingerprint_cache.hpp"

namespace pristine {

namespace {

// Misses read and stored per chunk: large enough that the workers stay busy (one chunk's tail is at
// most a file per worker), small enough that an interrupted run loses little.
constexpr std::size_t k_chunk = 256;

}  // namespace

CachedFingerprints fingerprint_files_cached(const std::vector<std::string>& paths, const FingerprintOptions& options,
                                            FingerprintCache* cache, const BatchOptions& batch) {
    CachedFingerprints out;
    if (cache == nullptr || paths.empty()) {
        out.results = fingerprint_files(paths, options, batch);
        out.stats.misses = paths.size();
        out.stamps.resize(paths.size());
        return out;
    }
    batch_threads(batch.threads, 1);  // a bad thread count fails even when every file is a hit
    const std::size_t n = paths.size();
    const std::size_t corrupt_before = cache->stats().corrupt, written_before = cache->stats().written;

    // Stamped before any read: a file changed after its stamp is stored with the old stamp, so the
    // next run sees the change and reads it again. A file that cannot be stamped is read (its error
    // reported) and not stored.
    std::vector<std::optional<FileStamp>> stamps(n);
    std::vector<std::string> known_paths;
    std::vector<FileStamp> known_stamps;
    std::vector<std::size_t> known_index;
    for (std::size_t i = 0; i < n; ++i) {
        stamps[i] = file_stamp(paths[i]);
        if (!stamps[i]) continue;
        known_paths.push_back(paths[i]);
        known_stamps.push_back(*stamps[i]);
        known_index.push_back(i);
    }
    std::vector<std::optional<FingerprintResult>> found = cache->lookup(known_paths, known_stamps, options);

    out.results.resize(n);
    std::vector<char> hit(n, 0);
    std::size_t failed = 0;
    for (std::size_t k = 0; k < found.size(); ++k) {
        if (!found[k]) continue;
        const std::size_t i = known_index[k];
        out.results[i] = std::move(*found[k]);
        hit[i] = 1;
        failed += out.results[i].ok() ? 0 : 1;
    }
    std::vector<std::size_t> misses;
    for (std::size_t i = 0; i < n; ++i)
        if (!hit[i]) misses.push_back(i);
    out.stats.hits = n - misses.size();
    out.stats.misses = misses.size();

    // Progress over every path: the hits at once, then each chunk's files; only news is told.
    std::size_t told = 0;
    bool told_any = false;
    auto tell = [&](std::size_t done, std::size_t failed_now) {
        if (!batch.progress || (told_any && done <= told)) return;
        told = done, told_any = true;
        batch.progress(BatchProgress{done, failed_now, n});
    };
    tell(out.stats.hits, failed);

    for (std::size_t start = 0; start < misses.size(); start += k_chunk) {
        const std::size_t end = std::min(misses.size(), start + k_chunk);
        std::vector<std::string> chunk;
        for (std::size_t j = start; j < end; ++j) chunk.push_back(paths[misses[j]]);
        BatchOptions b = batch;
        const std::size_t done_before = out.stats.hits + start, failed_before = failed;
        if (batch.progress)
            b.progress = [&, done_before, failed_before](const BatchProgress& p) { tell(done_before + p.done, failed_before + p.failed); };
        std::vector<FingerprintResult> read = fingerprint_files(chunk, options, b);

        std::vector<FingerprintResult> keep;
        std::vector<FileStamp> keep_stamps;
        for (std::size_t j = start; j < end; ++j) {
            FingerprintResult& r = read[j - start];
            failed += r.ok() ? 0 : 1;
            if (stamps[misses[j]]) keep.push_back(r), keep_stamps.push_back(*stamps[misses[j]]);
        }
        cache->store(keep, keep_stamps, options);
        for (std::size_t j = start; j < end; ++j) out.results[misses[j]] = std::move(read[j - start]);
    }
    out.stats.corrupt = cache->stats().corrupt - corrupt_before;
    out.stats.written = cache->stats().written - written_before;
    out.stamps = std::move(stamps);
    return out;
}

}  // namespace pristine
