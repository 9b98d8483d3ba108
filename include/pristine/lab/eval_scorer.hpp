// Evaluation of a generation-loss scorer (or of any scoring function): pair accuracy on generated
// pairs, top-1 accuracy in groups, the repeated-recompression ("generation loss") experiment, and
// the same for groups made by other tools (a folder with a manifest). The naive baselines of
// docs/scorer_eval.md are scoring functions too, so every number is measured the same way.
//
// Scores follow the scorer's convention: LOWER = CLOSER TO THE ORIGINAL, comparable only among
// copies of the same picture. Everything is deterministic for a seed (and independent of the thread
// count); nothing is printed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/image.hpp"

namespace pristine::eval {

/// A scoring function: the bytes of one image file -> its score (lower = closer to the original).
/// It must be thread-safe when EvalOptions::threads > 1 (pristine::Scorer::score_memory is).
using ScoreFn = std::function<double(const std::vector<std::uint8_t>& file_bytes)>;

struct NamedScoreFn {
    std::string name;
    ScoreFn score;
};

/// Naive baselines (each a ScoreFn; a tie between two copies counts as half right):
///  * "larger file wins":          score = -file size in bytes
///  * "more pixels wins":          score = -(width * height)
///  * "higher JPEG quality wins":  score = -estimated IJG quality of a JPEG (pristine::JpegInfo::
///    quality_estimate); any other format counts as quality 100 (lossless), so a PNG or GIF copy
///    ties with a quality-100 JPEG and beats every lower quality.
/// A file that cannot be probed scores +infinity (worst). Thread-safe.
PRISTINE_API std::vector<NamedScoreFn> naive_baselines();

/// The held-out rule shared with the trainer: a source file belongs to the held-out part when
/// FNV-1a-64 of its base name (no folders), mapped to [0, 1) through its top 53 bits, is below
/// `fraction`. Depends only on the name, so it is stable when folders are added or reordered.
PRISTINE_API bool in_holdout(const std::string& path, double fraction) noexcept;

/// One file of a group.
struct EvalCopy {
    std::vector<std::uint8_t> bytes;  ///< the encoded file
    std::string recipe;               ///< how it was made ("original: png", a degrade recipe, a tool command)
    int parent = -1;                  ///< index of the copy it was made from in the group; -1 = the original
    int generation = 0;               ///< 0 for the original, parent's generation + 1 otherwise
    std::string label;                ///< a category for the per-label tables (format, tool); may be empty
};

/// The copies of one picture. copies[0] is the original (generation 0, parent -1); exactly one copy
/// has generation 0.
struct EvalGroup {
    std::string source;           ///< the source image's name (or the group's name in a folder)
    std::vector<EvalCopy> copies;
};

/// Repeated recompression of one image: files[i] is the copy after iterations[i] rounds.
struct GenerationSeries {
    std::string source;
    std::vector<int> iterations;
    std::vector<std::vector<std::uint8_t>> files;
};

/// A source picture for the generated sets (any channels; converted to RGB).
struct SourceImage {
    std::string name;
    Image pixels;
};

struct EvalOptions {
    std::uint64_t seed = 1;
    /// Pairs of the pair set: (pairs + 1) / 2 chains original -> copy -> copy of copy (2 pairs each).
    int pairs = 400;
    /// Groups of the top-1 set: the original and 3..6 derived copies each.
    int groups = 100;
    int group_min_copies = 3;
    int group_max_copies = 6;
    /// Images of the generation-loss experiment (sources evenly spaced over the list) and its checkpoints.
    int generation_images = 30;  // 8 were too few: 0.979 on 8, 0.872 on 30 (docs/scorer_eval.md)
    std::vector<int> generation_iterations{0, 1, 2, 3, 5, 10, 20, 50, 100, 200};
    int generation_quality = 75;  ///< JPEG quality of every round (4:2:0, baseline)
    /// Longest side of the generated originals (a random crop keeping 60..100% of each side, shrunk
    /// with the area filter when larger): bounds the cost of a group.
    int max_side = 768;
    /// Worker threads for generating and scoring (0 = all cores). Results do not depend on it.
    int threads = 1;
};

/// The original of a generated group is saved, chosen per group from the seed with equal odds, as
/// PNG (zlib 6), JPEG quality 92..98 4:4:4 or WebP lossless, so that the format does not give it
/// away. Copies come from pristine::degrade::random_chain (1..4 steps) applied to the original's
/// decoded pixels; a copy of a copy from random_chain (1..2 steps) applied to the copy's pixels.
/// Pair set: groups of 3 (original, copy, copy of copy); group set: the original plus
/// group_min..group_max copies, each made from the original (half the time) or from an earlier copy.
/// Throws Error(invalid_argument) for no sources or bad options.
PRISTINE_API std::vector<EvalGroup> make_pair_set(const std::vector<SourceImage>& sources, const EvalOptions& o);
PRISTINE_API std::vector<EvalGroup> make_group_set(const std::vector<SourceImage>& sources, const EvalOptions& o);

/// Generation-loss series: iteration 0 is the original (saved as in the group sets); each round
/// rotates the previous round's decoded pixels 90° clockwise and saves them as JPEG at
/// generation_quality 4:2:0. Uses generation_images sources evenly spaced over the list (source
/// i * size / n for i < n), each cropped and shrunk as above.
PRISTINE_API std::vector<GenerationSeries> make_generation_series(const std::vector<SourceImage>& sources,
                                                                  const EvalOptions& o);

/// Groups from a folder holding `manifest.tsv` (as written by scripts/make-crosstool-set.sh): one
/// line per file, tab-separated `group  file  parent  label  [command]`, where `file` is relative
/// to the folder, `parent` is the file it was made from or `-` for the group's original, `label`
/// names the tool step that made it (a category: the per-label rows) and the optional `command` is
/// the exact command (kept as the copy's recipe). Lines starting with '#' are comments. Throws Error(io_error) for a
/// missing file, Error(corrupt_data) for a malformed manifest (the message names the line).
PRISTINE_API std::vector<EvalGroup> load_group_folder(const std::string& folder);

/// Fraction right, ties counting half.
struct Accuracy {
    double correct = 0;
    int total = 0;
    double value() const noexcept { return total ? correct / total : 0.0; }
};

/// Figures of one scoring function on a set of groups.
struct GroupMetrics {
    /// Every (parent, child) edge: right when the parent scores lower than the child. A pair's two
    /// orders give the same answer for a per-file score, so each pair is counted once.
    Accuracy pairs;
    /// The same by category: "original vs copy", "copy vs copy of copy", and "child: LABEL".
    std::map<std::string, Accuracy> pairs_by_label;
    /// Right when the original scores strictly lowest in its group; a tie for the lowest among k
    /// copies including the original counts 1/k.
    Accuracy top1;
    int files_failed = 0;  ///< files the function threw on (scored +infinity)
    /// Every pair not scored right (ties included), for diagnosis: which recipes the scorer confuses.
    struct Miss {
        std::string source;         ///< EvalGroup::source
        std::string parent_recipe;  ///< the better file's recipe
        std::string child_recipe;   ///< the worse file's recipe
        double parent_score = 0, child_score = 0;
    };
    std::vector<Miss> misses;
};

struct SeriesMetrics {
    double spearman_mean = 0;  ///< mean over images of Spearman(iteration, score)
    double spearman_min = 0;
    int images = 0;
    std::vector<double> spearman_per_image;  ///< in the order of the series
    /// Mean over images of the score at each checkpoint, minus the score at iteration 0.
    std::vector<double> mean_score_delta;
    /// Consecutive checkpoints not scored in order (the later one not higher), for diagnosis; the
    /// recipes read "rounds(N)".
    std::vector<GroupMetrics::Miss> misses;
};

/// Score every file once and compute the figures. Never throws for a file `fn` throws on: that file
/// is counted in files_failed and scored +infinity (worst).
PRISTINE_API GroupMetrics evaluate_groups(const std::vector<EvalGroup>& groups, const ScoreFn& fn, int threads = 1);
PRISTINE_API SeriesMetrics evaluate_series(const std::vector<GenerationSeries>& series, const ScoreFn& fn,
                                           int threads = 1);

/// Spearman rank correlation (ties get their mean rank); 0 when either side is constant.
/// Throws Error(invalid_argument) when the sizes differ.
PRISTINE_API double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace pristine::eval
