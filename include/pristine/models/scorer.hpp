// The generation-loss scorer: a trained model that gives each copy of a picture a score, so that the
// copies of one picture can be ranked from the closest to the original to the most degraded.
//
// LOWER SCORE = CLOSER TO THE ORIGINAL (less generation loss). Scores are comparable ONLY among copies
// of the same picture: a score says nothing on its own, and two different pictures' scores are not
// ordered by quality. docs/scorer.md describes the model, its features and its file format.
//
// This header does not include libtorch (the model runs inside libpristine).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/executor.hpp"
#include "pristine/export.hpp"
#include "pristine/image.hpp"
#include "pristine/image_source.hpp"

namespace pristine {

/// Options of a loaded scorer.
struct ScorerOptions {
    /// Worker threads of batch calls; 0 = all cores. Each worker runs the network on one thread:
    /// loading a scorer sets libtorch's intra-op threads to 1, process-wide (its spinning OpenMP
    /// threads took the cores from the decoders; docs/scorer.md). Loading a scorer also sets OpenBLAS (when it is the BLAS in use) to 1 thread, process-wide: its
    /// spinning workers slowed file-parallel scoring (docs/scorer.md).
    int threads = 0;
    /// Blocks sampled per image; 0 = the count the model was trained with (recommended).
    int blocks = 0;
};

/// The result of one input of a batch: a score, or the status and message of its failure, so one bad
/// file does not lose the rest of the batch.
struct ScoreResult : ItemStatus {
    double score = 0.0;  ///< lower = closer to the original; valid when status == Status::ok
};

/// A loaded generation-loss model. Immutable after load: every scoring call is const and thread-safe.
/// Movable, not copyable.
class PRISTINE_API Scorer {
public:
    /// Loads a model file (`*.pmdl`, written by `pristine train`).
    /// Throws Error: io_error (cannot read), bad_file_version (not a pristine model, another format
    /// version or a checksum mismatch), corrupt_data (truncated or inconsistent contents),
    /// invalid_argument (bad options).
    static Scorer load(const std::string& model_path, const ScorerOptions& options = {});

    /// Loads the shipped default model, found in this order: the environment variable PRISTINE_MODEL;
    /// `<directory of libpristine>/../share/pristine/models/scorer.pmdl` (an installed library); the
    /// source tree's `models/scorer.pmdl` (a build tree). Throws Error(io_error) listing the places
    /// tried when none exists, else as load().
    static Scorer load_default(const ScorerOptions& options = {});

    /// The path load_default() would load, or "" when there is none. Never throws.
    static std::string default_model_path();

    Scorer(Scorer&&) noexcept;
    Scorer& operator=(Scorer&&) noexcept;
    ~Scorer();

    /// Score of an image file (lower = closer to the original; comparable only among copies of the
    /// same picture). Throws Error: io_error, unsupported_format, corrupt_data, too_large.
    double score_file(const std::string& path) const;

    /// Score of an encoded image in memory (the file's bytes). Same meaning and errors as score_file.
    double score_memory(const std::uint8_t* data, std::size_t size) const;

    /// Score of decoded pixels, described to the model as a losslessly stored copy (PNG metadata)
    /// of that size. Lower = closer to the original; comparable only among copies of the same picture.
    /// Throws Error(invalid_argument) for a bad view.
    double score_pixels(const ImageView& image) const;

    /// Scores of many inputs (paths, encoded bytes or pixels: ImageSource) on the batch executor
    /// (executor.hpp): `batch.threads` workers decode and sample (0 = the scorer's option) while the
    /// network runs on the calling thread, in input order; `batch.cancel` and `batch.progress` run on the
    /// calling thread. Results are in input order; a bad input gets its status and message in its
    /// ScoreResult and the batch goes on. Throws Error(invalid_argument) for threads < 0,
    /// Error(cancelled) once `batch.cancel` returned true, or a callback's own exception.
    std::vector<ScoreResult> score_sources(const std::vector<ImageSource>& sources, const BatchOptions& batch = {}) const;

    /// score_sources of files.
    std::vector<ScoreResult> score_files(const std::vector<std::string>& paths, const BatchOptions& batch) const;

    /// score_files with `threads` only (0 or negative = the scorer's option). Never throws for a bad
    /// input: its ScoreResult holds the status and message. Results are in input order.
    std::vector<ScoreResult> score_files(const std::vector<std::string>& paths, int threads = 0) const;

    /// Indices of `paths` ordered best first (lowest score = closest to the original). Inputs that
    /// fail to score are placed last, in input order. Only meaningful for copies of one picture.
    std::vector<std::size_t> rank(const std::vector<std::string>& paths, int threads = 0) const;

    /// Indices of already computed results ordered best first (failed results last, stable).
    static std::vector<std::size_t> rank(const std::vector<ScoreResult>& results);

    /// Blocks sampled per image by this scorer.
    int blocks() const noexcept;
    /// The model's configuration and training record (a JSON object as text).
    const std::string& model_info() const noexcept;

    struct Impl;

private:
    explicit Scorer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace pristine
