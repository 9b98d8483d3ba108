// The hash-robustness evaluation (Zauner's protocol) as a library job: every image of a collection
// and its 19 distorted copies (degrade::hash_distortion_set) are hashed by each of a list of
// "hashers"; distances between different images give the thresholds T1 = mu - 2 sigma and
// T2 = mu - sigma; each distortion class is scored by the fraction of its original-vs-copy distances
// above T1 / T2 (lower is better) and by the ROC AUC of similar vs dissimilar distances.
// The hasher interface is what lets benchmarks add peer libraries (OpenCV img_hash) on the same pixels.
// Definitions and measured tables: docs/hash_eval.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/hash/hash.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// One hash function under evaluation. Implementations must be thread-safe: compute() and distance()
/// are called concurrently from the worker threads.
class PRISTINE_VISIBLE_TYPE Hasher {
public:
    virtual ~Hasher() = default;
    /// Column name in tables and plots ("dct", "pdq-dihedral", "opencv-phash", ...).
    virtual std::string name() const = 0;
    /// The hash of an 8-bit view (the evaluation passes RGB, 3 channels), as opaque bytes.
    virtual std::vector<std::uint8_t> compute(const ImageView& pixels) const = 0;
    /// Distance between two results of compute(), normalised to 0..1 (0 = identical).
    /// For hashers that match rotations/flips, `a` is the original's result and `b` the copy's.
    virtual double distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) const = 0;
};

/// A pristine hash as a Hasher, named hash_kind_name(k) (with "-dihedral" appended when `dihedral`).
/// Distances are hash_distance_normalized. With `dihedral`, compute() returns the 8 variants of
/// compute_hash_dihedral concatenated and distance(a, b) is the smallest distance between any variant
/// of `a` and the identity variant of `b` (so a rotated or mirrored copy matches its original).
PRISTINE_API std::shared_ptr<const Hasher> make_pristine_hasher(HashKind k, bool dihedral = false);

/// A float-vector descriptor (a CNN embedding, a PCA projection, a colour histogram...) as a Hasher named
/// `name`: compute() stores the floats `embed` gives, and distance() is the cosine distance halved
/// (0..1). With `dihedral`, compute() embeds the 8 rotations/flips (pristine::Dihedral order) and
/// distance(a, b) is the smallest distance from any of `a`'s to `b`'s first (as make_pristine_hasher).
/// `embed` must be thread-safe and return vectors of one size.
PRISTINE_API std::shared_ptr<const Hasher> make_vector_hasher(
    std::string name, std::function<std::vector<float>(const ImageView&)> embed, bool dihedral = false);

/// The default column set: the six kinds in k_all_hash_kinds order, then "pdq-dihedral"; with
/// `all_dihedral` also the dihedral variants of the five seed kinds (after pdq-dihedral).
PRISTINE_API std::vector<std::shared_ptr<const Hasher>> default_eval_hashers(bool all_dihedral = false);

struct EvalHashesOptions {
    std::uint64_t seed = 1;        ///< drives image subsampling, distortions and random pairs
    int threads = 0;               ///< worker threads over images; 0 = all cores (negative: invalid_argument)
    std::size_t max_images = 0;    ///< use at most this many images (a seeded random subset); 0 = all
    std::size_t pairs = 0;         ///< dissimilar pairs: 0 = all pairs i < j, else this many random pairs
    int max_side = 1024;           ///< images are first shrunk (area filter) so the long side is <= this; 0 = never
    int min_side = 32;             ///< images with a side below this (after decoding) are skipped
    /// Images whose BT.601 luma has a standard deviation below this (after the shrink) are skipped as
    /// blank: they hold no picture for a hash to describe (e.g. transparent overlays composited on white).
    double min_luma_stddev = 2.0;
    /// Told how many images are done (done, total) on the calling thread (the batch executor's
    /// progress: at most every 100 ms, and once at the end).
    std::function<void(std::size_t, std::size_t)> progress;
};

/// Mean, standard deviation and thresholds of a set of dissimilar distances.
struct DistanceThresholds {
    double mean = 0;
    double stddev = 0;  ///< sample standard deviation (n - 1); 0 for fewer than 2 values
    double t1 = 0;      ///< mean - 2 stddev
    double t2 = 0;      ///< mean - stddev
};

/// The figures of one distortion class for one hasher.
struct ClassEval {
    std::string name;          ///< distortion class (degrade::distortion_classes())
    std::size_t count = 0;     ///< images that gave a copy of this class
    double mean = 0;           ///< mean original-vs-copy distance
    double above_t1 = 0;       ///< fraction (0..1) of distances > T1 (lower is better)
    double above_t2 = 0;       ///< fraction of distances > T2
    double auc = 0;            ///< ROC AUC of this class's distances vs the dissimilar ones
};

/// Everything measured for one hasher.
struct HasherEval {
    std::string name;
    DistanceThresholds thresholds;
    double auc = 0;                                  ///< all classes pooled vs dissimilar
    double above_t1 = 0, above_t2 = 0;               ///< all classes pooled
    std::vector<ClassEval> classes;                  ///< in distortion_classes() order
    std::vector<double> dissimilar;                  ///< the pair distances, in pair order
    std::vector<std::vector<double>> similar;        ///< per class, in image order
};

struct EvalHashesResult {
    std::vector<std::string> images;                                ///< labels of the images used, in order
    std::vector<std::pair<std::string, std::string>> skipped;      ///< (label, reason) of images left out
    std::vector<std::string> classes;                               ///< distortion class names
    std::size_t pairs = 0;                                          ///< dissimilar pairs measured
    EvalHashesOptions options;                                      ///< as run (progress dropped)
    std::vector<HasherEval> hashers;                                ///< in the order given
};

/// Runs the evaluation on image files (decoded as RGB with EXIF orientation applied; files that fail
/// to decode or are too small are skipped and listed). Throws Error(invalid_argument) when no
/// hasher is given or fewer than 2 images remain. Deterministic for a seed, whatever `threads`.
PRISTINE_API EvalHashesResult evaluate_hashes(const std::vector<std::string>& files,
                                              const std::vector<std::shared_ptr<const Hasher>>& hashers,
                                              const EvalHashesOptions& options = {});

/// The same on images in memory (labelled "#0", "#1", ...; any channel count, converted to RGB).
PRISTINE_API EvalHashesResult evaluate_hashes_images(const std::vector<Image>& images,
                                                     const std::vector<std::shared_ptr<const Hasher>>& hashers,
                                                     const EvalHashesOptions& options = {});

/// mean, sample stddev, T1 and T2 of `dissimilar`. Empty input gives all zeros.
PRISTINE_API DistanceThresholds distance_thresholds(const std::vector<double>& dissimilar);

/// Fraction (0..1) of `values` strictly above `t`; 0 for an empty vector.
PRISTINE_API double fraction_above(const std::vector<double>& values, double t);

/// ROC AUC of "similar if distance is small": the probability that a random dissimilar distance is
/// larger than a random similar one, ties counted half. Exact (rank sums), O((n+m) log(n+m)).
/// 0.5 when either set is empty.
PRISTINE_API double roc_auc(const std::vector<double>& similar, const std::vector<double>& dissimilar);

// ---------------------------------------------------------------- reports (src/lab/eval/eval_report_*.cpp)

/// Markdown: a line on the run (images, pairs, seed), a table with one row per class and one column
/// per hasher, cells "T1% / T2%" (percent of copies above T1 / T2, one decimal), then rows "all
/// classes", "AUC", "mu", "sigma", "T1", "T2"; a second table of per-class AUC.
PRISTINE_API std::string hash_eval_markdown(const EvalHashesResult& result);

/// SVG of one hasher: overlaid histograms (fraction of distances per bin, `bins` bins over 0..1) of the
/// similar distances (all classes pooled) and the dissimilar ones, with T1 and T2 marked.
PRISTINE_API std::string hash_eval_svg(const HasherEval& h, int bins = 64);

/// One SVG with a small panel per hasher (`columns` per row), as hash_eval_svg, and a title line.
PRISTINE_API std::string hash_eval_svg_grid(const EvalHashesResult& result, const std::string& title,
                                            int columns = 4, int bins = 64);

}  // namespace pristine
