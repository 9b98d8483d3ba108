// Ranking one group of copies of the dedupe job (internal to libpristine_models).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "pristine/io/dedupe_report.hpp"
#include "pristine/io/derivation_tree.hpp"
#include "pristine/io/duplicates.hpp"
#include "pristine/io/provenance.hpp"
#include "pristine/models/dedupe.hpp"
#include "pristine/models/scorer.hpp"
#include "models/dedupe_cache.hpp"

namespace pristine::dedupe_detail {

/// What ranking a group needs from the run.
struct RankContext {
    const std::vector<std::string>& files;          ///< every file of the run
    const std::vector<char>& reference;             ///< per file: a reference file
    const std::vector<const Fingerprint*>& prints;  ///< per file
    const std::vector<ScoreResult>* scores;         ///< null: ranking off
    const std::map<std::size_t, std::size_t>& score_slot;  ///< file -> index in *scores
    const PairModel* pair_model;                    ///< null: rank by the scores alone
    const PairModel* order_model;                   ///< orders the others (null: the pair model does)
    int threads = 0;                                ///< reading a group's files (0 = all cores)
    SamePixelVerdicts* same_pixels = nullptr;       ///< cached identical-pixel verdicts (null: none)
};

/// The members of `group` (indices of files) ranked best first, with the reason the kept one won.
/// Reads each member's file at most once (identical pixels, the pair model's evidence).
DedupeGroup rank_group(const std::vector<std::size_t>& group, const RankContext& c, const DedupeOptions& o);

}  // namespace pristine::dedupe_detail
