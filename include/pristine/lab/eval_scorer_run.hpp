// The whole scorer evaluation as one job — sources from files and synthetic pictures, the generated
// sets, every scorer on every set, groups made by other tools — and its report: the markdown tables
// of docs/scorer_eval.md and the TSV of the first scorer's misses. The report is rendered here, as the
// hash evaluation's is (eval_hashes.hpp), so that every program shows the same tables.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/lab/eval_scorer.hpp"
#include "pristine/lab/eval_trees.hpp"

namespace pristine::eval {

/// What to evaluate and on what.
struct ScorerEvalJob {
    /// The scoring functions, in the order of the tables' columns. The first one's misses, its split
    /// into photos and synthetic pictures and its mean score deltas are reported.
    std::vector<NamedScoreFn> scorers;
    std::string model;  ///< the model file named in the report's header ("" = no model among the scorers)
    /// Source image files. Those with in_holdout(name, holdout) when holdout > 0, then one file per
    /// picture (pristine::one_file_per_picture, in path order), then at most max_images (0 = all).
    std::vector<std::string> files;
    double holdout = 0;
    int max_images = 0;
    int synth = 0;                           ///< synthetic originals added to the sources
    std::uint64_t synth_seed = 1000003;      ///< their seed (use another than training's)
    std::vector<std::string> fonts;          ///< TrueType files for their text
    std::string crosstool;                   ///< a folder for load_group_folder ("" = none)
    /// Group rankings (every copy at hand, e.g. the pair model with its derivation tree): when any is
    /// given, the group set and the crosstool groups are also ranked whole (evaluate_trees) by these and
    /// by each scorer, with parent accuracy for the rankings that estimate parents.
    std::vector<NamedRankGroupFn> rankers;
    EvalOptions eval;                        ///< the generated sets; eval.threads scores too
    /// Progress and skipped sources, one line at a time (without a newline); may be empty.
    std::function<void(const std::string&)> log;
};

/// The report of a ScorerEvalJob.
struct ScorerEvalReport {
    std::string markdown;    ///< the tables, as `pristine eval-scorer` prints them
    std::string misses_tsv;  ///< header row + one row per miss: set, source, parent/child score and recipe
};

/// Runs the job. Source files that fail to decode (or are smaller than 32 x 32) are skipped and
/// logged. Throws Error for a font or crosstool folder that cannot be read, and what the scorers
/// throw outside of scoring a file. Deterministic for the seeds, whatever the thread count.
PRISTINE_API ScorerEvalReport run_scorer_evaluation(const ScorerEvalJob& job);

/// The source files a model's trainer held out for validation, from the JSON record of the model
/// (pristine::Scorer::model_info(): "validation_files", or "training"."validation_files").
/// Throws Error(invalid_argument) when the record has no such list.
PRISTINE_API std::vector<std::string> model_validation_files(const std::string& model_info);

}  // namespace pristine::eval
