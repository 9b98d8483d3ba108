// The dedupe job: every group of copies among the files of some folders, and in each group the copy
// closest to the original (the generation-loss scorer ranks the copies). Finding the groups is
// pristine/io/duplicates.hpp; this adds the walk, the ranking and the report. The report's JSON form
// and every field: docs/dedupe.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/executor.hpp"
#include "pristine/export.hpp"
#include "pristine/io/collection.hpp"
#include "pristine/io/dedupe_report.hpp"
#include "pristine/io/derivation_tree.hpp"
#include "pristine/io/duplicates.hpp"

namespace pristine {

/// The stages of a dedupe run, in order, as told to DedupeOptions::progress.
enum class DedupeStage { fingerprint, match, rank };

/// Short stable name of a stage ("fingerprint", "match", "rank"), never null.
PRISTINE_API const char* dedupe_stage_name(DedupeStage stage) noexcept;

/// How the copies of a group are ranked when DedupeOptions::rank is on.
enum class RankBy {
    /// Every pair of copies compared by the pair model (pristine/io/provenance.hpp) on what the files
    /// tell of their history (resolution, palette, JPEG quality and earlier quantisation, lossy WebP,
    /// ...) and their scores; the copy most likely to come before the others (the highest mean
    /// probability over its comparisons) is kept.
    pairs,
    /// The generation-loss score of each copy alone (lower first).
    scores,
};

/// Options of dedupe().
struct DedupeOptions {
    CollectOptions collect;          ///< how folders are walked
    FingerprintOptions fingerprint;  ///< how files are read
    MatchOptions match;              ///< thresholds of matching and grouping
    /// Rank each group with the scorer (the member to keep is the best-ranked). False: no scores,
    /// the largest file is kept (the reason says so).
    bool rank = true;
    /// Scorer model file; "" = the shipped default model (Scorer::load_default).
    std::string model;
    /// What ranks the copies (RankBy::pairs: the pair model on the scores and the files' evidence).
    RankBy rank_by = RankBy::pairs;
    /// Pair model file (load_pair_model); "" = the model built into the library. It picks the copy to keep.
    std::string pair_model;
    /// Order model file (the same format); "" = the one built into the library (default_order_model).
    /// It orders the copies after the kept one and gives the derivation tree P(x came before y).
    std::string order_model;
    /// How each group's derivation tree (every member's parent) weighs its evidence.
    GroupTreeWeights tree;
    /// Called with each ranked group's member paths and the evidence its derivation tree was built
    /// from (element m of the evidence is paths[m]), e.g. to fit GroupTreeWeights. Empty: not called.
    std::function<void(const std::vector<std::string>& paths, const GroupTreeEvidence& evidence)> tree_evidence;
    /// Folders (or files) of reference pictures: only groups that hold at least one reference file
    /// are reported, and in each the kept copy is a reference file (references are never moved).
    std::vector<std::string> reference;
    /// Cache file (pristine/io/fingerprint_cache.hpp), created when absent; "" = none. It keeps the
    /// fingerprints, the scores (per model), the verdicts of matching and of the identical-pixel check
    /// (per pair) and the groups of the last sets of files matched: a re-run reads, scores and verifies
    /// only what involves files that are new or changed; entries of files that left the folders walked
    /// are dropped.
    std::string cache;
    /// Progress of each stage (on the calling thread; see BatchOptions::progress).
    std::function<void(DedupeStage, const BatchProgress&)> progress;
};

/// Walks `inputs` (files and folders), fingerprints every image file on batch.threads workers (0 = all
/// cores), finds the groups of copies and ranks each (DedupeOptions::rank). A file that cannot be read
/// is reported in DedupeReport::errors and the run goes on. Throws Error: invalid_argument (bad
/// options, no inputs), cancelled (batch.cancel returned true), the cache's errors
/// (FingerprintCache::open: bad_file_version, corrupt_data, io_error), and the scorer's load errors
/// (io_error, bad_file_version, ...) and the pair model's (load_pair_model) when ranking.
PRISTINE_API DedupeReport dedupe(const std::vector<std::string>& inputs, const DedupeOptions& options,
                                 const BatchOptions& batch = {});

/// Copies of one picture ranked as dedupe() ranks a group, with their derivation tree.
struct RankedCopies {
    /// The files that could be read, best first (DedupeMember: rank, score, parent, parent_confidence,
    /// ...); no members when none could be read.
    DedupeGroup group;
    std::vector<DedupeError> errors;  ///< files that could not be read, in the order given
};

/// Ranks `files`, taken to be copies of one picture (nothing is matched: files of other pictures are
/// ranked too, their parents by the weakest evidence), with the ranking and tree options of `options`
/// (rank, model, rank_by, pair_model, tree, tree_evidence, match.dihedral; the walk and cache options
/// are not used). Files are read on batch.threads workers. Throws Error: invalid_argument (no files),
/// cancelled, and the scorer's and pair model's load errors.
PRISTINE_API RankedCopies rank_copies(const std::vector<std::string>& files, const DedupeOptions& options,
                                      const BatchOptions& batch = {});

}  // namespace pristine
