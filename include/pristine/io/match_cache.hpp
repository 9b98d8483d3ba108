// Matching through the fingerprint cache: the verdicts of pairs of unchanged files are kept in the
// cache (pair records under both files' stamps, the match options, k_match_version and
// k_fingerprint_version), so that a re-run verifies only the pairs it has not verified before; and
// the whole result of the last few sets of files, so that a re-run over an unchanged tree does not
// look for candidates at all. The groups are those find_duplicate_groups finds without a cache.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pristine/executor.hpp"
#include "pristine/export.hpp"
#include "pristine/io/duplicates.hpp"
#include "pristine/io/fingerprint_cache.hpp"

namespace pristine {

/// What a verdict depends on besides the two files: the match options, the options the fingerprints
/// were made with, and the algorithm versions (stored with each kept verdict as a digest).
PRISTINE_API std::string match_context(const MatchOptions& options, const FingerprintOptions& fingerprint_options = {});

/// The bytes of a pair's evidence in the cache (its indices are not part of them), and back; decode
/// is false for bytes that are no valid evidence.
PRISTINE_API std::vector<std::uint8_t> encode_pair_evidence(const PairEvidence& e);
PRISTINE_API bool decode_pair_evidence(const std::uint8_t* data, std::size_t size, PairEvidence& out);

/// Counts of one find_duplicate_groups_cached call.
struct MatchCacheStats {
    std::size_t kept = 0;  ///< verdicts taken from the cache
    std::size_t made = 0;  ///< verdicts computed (and stored)
    bool whole = false;    ///< the same files were matched before: the whole result was kept
};

/// find_duplicate_groups through `cache`: files[i] is the file prints[i] was made from with
/// `fingerprint_options` (nullopt, or a null print: never looked up or stored). When every print has its file and the same files (paths,
/// stamps, order) were matched with the same options before, that result is returned. Otherwise kept
/// verdicts of pairs whose both files are unchanged are used, and the verdicts computed are stored. `cache` may be null (plain find_duplicate_groups). Throws as
/// find_duplicate_groups, and the cache's errors.
PRISTINE_API DuplicateGroups find_duplicate_groups_cached(const std::vector<const Fingerprint*>& prints,
                                                          const std::vector<std::optional<CachedFile>>& files,
                                                          const FingerprintOptions& fingerprint_options,
                                                          const MatchOptions& options, FingerprintCache* cache,
                                                          const BatchOptions& batch = {}, MatchCacheStats* stats = nullptr);

}  // namespace pristine
