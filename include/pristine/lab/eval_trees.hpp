// Evaluation of group ranking: every copy of a picture at hand at once (as the dedupe job ranks a
// group), each group's ranking and estimated derivation tree against the tree that made the copies.
// The ranking is any function of the group's files, so the pair model with its tree, the scores alone
// and the naive baselines are measured by the same code on the same files (docs/scorer_eval.md).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/lab/eval_scorer.hpp"

namespace pristine::eval {

/// What a group ranking says of each file it was given (in the order given).
struct GroupRanking {
    /// Place in the ranking, 0 = closest to the original; files judged equally good share a place.
    std::vector<int> position;
    /// Index of the file each was estimated to be made from, -1 for none (the estimated original).
    /// Empty: the ranking does not estimate parents.
    std::vector<int> parent;
};

/// Ranks the files of one group (copies of one picture; the file names tell nothing). May throw: the
/// group is then counted as failed.
using RankGroupFn = std::function<GroupRanking(const std::vector<std::string>& paths)>;

struct NamedRankGroupFn {
    std::string name;
    RankGroupFn rank;
};

/// A per-file scoring function as a group ranking: files placed by score (lower first; equal scores
/// share a place; a file the function throws on is placed last), no parents.
PRISTINE_API NamedRankGroupFn ranking_by_scores(const NamedScoreFn& fn);

/// Figures of one group ranking on a set of groups. Ties count half everywhere.
struct TreeMetrics {
    /// Every (ancestor, descendant) pair of the true tree: right when the ancestor is placed first.
    Accuracy pairs;
    /// The same by kind: "original vs copy", "copy vs copy of copy" (a copy and a copy made from it),
    /// "2+ generations apart" (an ancestor and a descendant of its children).
    std::map<std::string, Accuracy> pairs_by_kind;
    /// Right when the original is placed first alone; sharing the first place with k-1 others counts 1/k.
    Accuracy top1;
    /// Copies whose estimated parent is their true parent (rankings that estimate parents only).
    Accuracy parent;
    int groups_failed = 0;  ///< groups the ranking threw on (counted as all wrong)
};

/// Writes each group's files into a folder of its own under `scratch` ("" = the system's temporary
/// folder), in an order shuffled by `seed` and named without a hint of their history, ranks them with
/// `rank` and compares with the group's tree. Each folder is removed once ranked. Throws
/// Error(io_error) when the files cannot be written.
PRISTINE_API TreeMetrics evaluate_trees(const std::vector<EvalGroup>& groups, const RankGroupFn& rank,
                                        const std::string& scratch, std::uint64_t seed);

}  // namespace pristine::eval
