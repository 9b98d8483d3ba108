// What dedupe() keeps in its cache besides fingerprints and match verdicts: the scores of the copies
// (per file and model) and the verdicts of the identical-pixel check (per pair). Internal to
// libpristine_models.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "pristine/dihedral.hpp"
#include "pristine/io/fingerprint_cache.hpp"
#include "pristine/models/scorer.hpp"

namespace pristine {

/// Scores of files[members[k]] (in that order): the ones the cache holds for this model and unchanged
/// file are taken from it, the others scored (the model is loaded only then) and stored. `cache` may
/// be null. `model` is a model file, "" = the default model. Throws the scorer's load errors.
std::vector<ScoreResult> score_members(const std::vector<std::size_t>& members, const std::vector<std::string>& files,
                                       const std::vector<std::optional<CachedFile>>& stamped, const std::string& model,
                                       FingerprintCache* cache, const BatchOptions& batch);

/// "Do files a and b (a turned by t) decode to the same pixels?", kept per ordered pair of files under
/// their stamps: loaded for the members of `groups` when made, the verdicts computed since stored by
/// store(). A verdict kept for another transform is computed again.
class SamePixelVerdicts {
public:
    SamePixelVerdicts(FingerprintCache& cache, const std::vector<std::optional<CachedFile>>& files,
                      const std::vector<std::vector<std::size_t>>& groups);

    /// The verdict of (a, b, t): the kept one, else compute() (then kept for store()).
    template <class Compute>
    bool same(std::size_t a, std::size_t b, Dihedral t, Compute compute) {
        const auto it = known_.find({a, b});
        if (it != known_.end() && it->second.first == t) return it->second.second;
        const bool verdict = compute();
        known_[{a, b}] = {t, verdict};
        made_.emplace_back(a, b, t, verdict);
        return verdict;
    }

    /// Writes the verdicts computed since the last store (those of files without a stamp are skipped).
    void store();

private:
    FingerprintCache& cache_;
    const std::vector<std::optional<CachedFile>>& files_;
    std::map<std::pair<std::size_t, std::size_t>, std::pair<Dihedral, bool>> known_;
    std::vector<std::tuple<std::size_t, std::size_t, Dihedral, bool>> made_;
};

}  // namespace pristine
