// Scoring a dedupe report (the JSON `pristine dedupe --out` writes) against the ground truth of a test
// collection (eval_dedupe.hpp): pair precision and recall, recall per transformation, the best copy
// kept (and two naive baselines), the false pairs by hard-negative kind, split and merged groups, and
// the broken files reported. Definitions: docs/dedupe-eval.md.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/lab/eval_dedupe.hpp"

namespace pristine::eval {

/// The parts of a dedupe report the scoring reads.
struct DedupeReportMember {
    std::string path;
    bool keep = false;
    int rank = 0;        ///< 0 when the report has none
    std::string parent;  ///< the estimated parent's path ("" for none)
};
struct DedupeReportGroup {
    std::vector<DedupeReportMember> members;
    std::string reason;
};
struct DedupeReportError {
    std::string path, error, status;
};
struct DedupeReport {
    int version = 0;
    std::uint64_t files = 0;
    std::vector<DedupeReportError> errors;
    std::vector<DedupeReportGroup> groups;
};

/// Parses report JSON text (version 1). Unknown keys are ignored; a group needs "members" with
/// "path" each, "keep" defaults to false. Throws Error(corrupt_data) naming what is wrong (and `where`).
PRISTINE_API DedupeReport parse_dedupe_report(const std::string& text, const std::string& where = "report");
/// Reads and parses a report file. Throws Error(io_error) or Error(corrupt_data) naming the file.
PRISTINE_API DedupeReport read_dedupe_report(const std::string& path);

/// How report paths are matched to truth paths.
struct DedupeScoreOptions {
    /// Stripped from the front of every report path (after lexical normalisation) when not empty;
    /// a path without it is unmatched. Empty: the longest trailing part of the path that is a truth
    /// path matches (so "coll/a/b.jpg", "/abs/coll/a/b.jpg" and "./a/b.jpg" all match "a/b.jpg").
    std::string root;
    std::size_t examples = 5;  ///< examples kept per false-pair kind and per list
};

/// A count out of a total: the true pairs of one slice and how many a report found, or the planted
/// groups and how often one rule kept a best copy.
struct DedupeFraction {
    std::string name;
    std::uint64_t hits = 0;
    std::uint64_t total = 0;
    double value() const noexcept { return total ? static_cast<double>(hits) / static_cast<double>(total) : 0.0; }
};

/// The false pairs of one kind, with examples.
struct FalsePairKind {
    std::string kind;
    std::uint64_t pairs = 0;
    std::vector<std::pair<std::string, std::string>> examples;
};

struct DedupeScore {
    // Pairs: all unordered pairs of truth files; a true pair has the same picture id, a predicted pair
    // shares a report group.
    std::uint64_t true_pairs = 0, predicted_pairs = 0, correct_pairs = 0;
    double precision = 0, recall = 0;
    std::vector<DedupeFraction> by_transformation;  ///< a pair counts for T when either lineage includes T
    std::vector<DedupeFraction> by_slice;           ///< crop / no crop, lossless turns, chains, original missing
    std::vector<DedupeFraction> by_kind;            ///< by the picture's kind
    std::vector<FalsePairKind> false_pairs;     ///< most pairs first

    // Best copy kept, over the planted groups (>= 2 files).
    std::size_t planted_groups = 0;
    DedupeFraction best_kept{"report"};
    std::size_t best_not_grouped = 0;       ///< no report group holds a best copy
    std::size_t kept_other_member = 0;      ///< the group's kept file is another copy of the picture
    std::size_t kept_other_picture = 0;     ///< the group's kept file is another picture (a merge)
    std::vector<DedupeFraction> baselines;   ///< "biggest file", "highest resolution" (from the truth)
    /// The same, over the planted groups whose best copy is in a report group with another copy.
    DedupeFraction best_kept_found{"report, groups found"};
    std::vector<DedupeFraction> baselines_found;
    std::vector<std::pair<std::string, std::string>> wrong_keep_examples;  ///< (kept, truth's best)

    // Lineage, over the copies whose truth parent (or ancestor) is in the same report group.
    /// Copies whose report parent is their truth parent.
    DedupeFraction parent_right{"parent"};
    /// The same up to identical pixels: the report parent has the pixels of the truth parent (the same
    /// rank), over the copies whose pixels differ from their parent's.
    DedupeFraction parent_class_right{"parent, up to identical pixels"};
    /// (ancestor, descendant) pairs ranked ancestor first; pairs of equal rank (identical pixels) left out.
    DedupeFraction ancestor_first{"ancestor ranked first"};
    /// The same for a copy and its parent only, and for a copy and an earlier ancestor.
    DedupeFraction parent_first{"parent ranked first"};
    DedupeFraction grandparent_first{"earlier ancestor ranked first"};

    // Groups.
    std::size_t report_groups = 0;
    std::size_t report_groups_pure = 0;    ///< all members one picture
    std::size_t report_groups_merged = 0;  ///< members of two or more pictures (or broken files)
    std::size_t planted_exact = 0;         ///< a report group equal to the planted group
    std::size_t planted_whole = 0;         ///< all members in one report group (maybe with others)
    std::size_t planted_split = 0;         ///< members in two or more report groups or left out
    std::size_t planted_missed = 0;        ///< no two members in one report group
    std::size_t groups_without_one_keep = 0;  ///< report groups with zero or several keeps

    // Errors and paths.
    std::size_t broken_files = 0, broken_reported = 0, broken_in_groups = 0;
    std::vector<std::string> broken_missed;         ///< broken files not in the report's errors
    std::size_t report_errors = 0;
    std::size_t errors_on_good_files = 0;           ///< readable truth files the report calls errors
    std::vector<std::string> errors_on_good_examples;
    std::uint64_t report_files = 0, truth_files = 0;
    std::size_t unmatched_paths = 0;                ///< report paths that match no truth file
    std::vector<std::string> unmatched_examples;
    std::size_t files_in_several_groups = 0;
};

/// Scores a report against a truth. Never throws for what the report holds (unmatched paths, a file
/// in two groups: the first one counts, zero or several keeps: the first keep, or none) — those are
/// counted; throws only std::bad_alloc.
PRISTINE_API DedupeScore score_dedupe(const DedupeTruth& truth, const DedupeReport& report,
                                      const DedupeScoreOptions& options = {});

/// Markdown tables of a score (what `pristine eval-dedupe score` prints).
PRISTINE_API std::string dedupe_score_markdown(const DedupeScore& score);
/// The score as JSON text (every field above; schema in docs/dedupe-eval.md).
PRISTINE_API std::string dedupe_score_json(const DedupeScore& score);

}  // namespace pristine::eval
