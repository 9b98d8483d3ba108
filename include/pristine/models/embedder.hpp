// The CNN embedder: a picture's descriptor is the output (or a named intermediate) of a pretrained
// image network — a vector compared by cosine or L2 distance, robust to what breaks perceptual hashes
// (crops, overlays, re-compression). Any TorchScript image model can be loaded; pristine's own model
// files (`*.pemb`) carry the network together with its preprocessing. docs/embedder.md describes both.
//
// This header does not include libtorch (the network runs inside libpristine_models).
#pragma once

#include <array>
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

/// How a picture is turned into the network's input tensor (N × 3 × height × width, float32).
struct EmbedderInput {
    int width = 224;
    int height = 224;
    /// `stretch`: the whole picture resized to width × height (its proportions not kept);
    /// `center_crop`: the largest centred region of the input's proportions, then resized.
    enum class Fit { stretch, center_crop };
    Fit fit = Fit::stretch;
    /// `area`: the exact area average (anti-aliased, recommended for shrinking); `bilinear`: two-by-two
    /// interpolation without antialiasing, sampled at pixel centres (PyTorch's align_corners=false) or,
    /// with `align_corners`, with the corner pixels of input and output aligned (TensorFlow's
    /// resizeBilinear(alignCorners=true): output i reads input i · (n − 1) / (m − 1)).
    enum class Filter { area, bilinear };
    Filter filter = Filter::area;
    bool align_corners = false;
    /// value = (pixel · scale − mean[c]) / std[c], channels in RGB order.
    float scale = 1.0f / 255.0f;
    std::array<float, 3> mean{0.0f, 0.0f, 0.0f};
    std::array<float, 3> std{1.0f, 1.0f, 1.0f};
};

/// Options of a loaded embedder.
struct EmbedderOptions {
    /// Worker threads of batch calls; 0 = all cores. Each worker decodes its picture and runs the
    /// network on one libtorch thread (loading an embedder sets libtorch's intra-op threads to 1,
    /// process-wide, as the scorer does: docs/embedder.md).
    int threads = 0;
    /// The module's method that gives the vector; "" = the model file's (`forward` for a bare
    /// TorchScript file). A name that is not a method but a child module of a sequential model runs
    /// the children in order up to and including that one (an intermediate layer).
    std::string method;
    /// L2-normalise vectors: -1 = the model file's choice (false for a bare TorchScript file), 0 = no, 1 = yes.
    int normalize = -1;
    /// Preprocessing for a bare TorchScript file (`*.pt`); ignored for a `*.pemb` model file unless
    /// `override_input` is true.
    EmbedderInput input;
    bool override_input = false;
};

/// The result of one input of a batch: a vector, or the status and message of its failure.
struct EmbedResult : ItemStatus {
    std::vector<float> vector;  ///< dim() floats when status == Status::ok
};

/// A loaded embedder (compare its vectors with cosine_distance of descriptor.hpp). Immutable after load: every call is const and thread-safe. Movable, not copyable.
class PRISTINE_API Embedder {
public:
    /// Loads a pristine embedder file (`*.pemb`: magic, version, checksum, preprocessing, TorchScript)
    /// or a bare TorchScript archive (preprocessing from `options.input`). The vector size is found by
    /// running the network once on a blank input.
    /// Throws Error: io_error (cannot read), bad_file_version (not an embedder file, another format
    /// version or a checksum mismatch), corrupt_data (truncated or inconsistent contents, a TorchScript
    /// archive libtorch refuses, a network whose output is not one vector per picture),
    /// invalid_argument (bad options, an unknown method).
    static Embedder load(const std::string& model_path, const EmbedderOptions& options = {});

    /// Loads the default embedder, found in this order: the environment variable PRISTINE_EMBEDDER;
    /// `<directory of libpristine>/../share/pristine/models/embedder.pemb` (an installed
    /// library); the source tree's `models/embedder.pemb` (made by
    /// `scripts/fetch-default-embedder.sh`). Throws Error(io_error) listing the places tried when none
    /// exists, else as load().
    static Embedder load_default(const EmbedderOptions& options = {});

    /// The path load_default() would load, or "" when there is none. Never throws.
    static std::string default_model_path();

    Embedder(Embedder&&) noexcept;
    Embedder& operator=(Embedder&&) noexcept;
    ~Embedder();

    /// Floats per vector.
    std::size_t dim() const noexcept;
    /// The model's name (from its file; the file name for bare TorchScript).
    const std::string& name() const noexcept;
    /// The model file's configuration (a JSON object as text; "{}" for bare TorchScript).
    const std::string& model_info() const noexcept;
    /// The preprocessing in use.
    const EmbedderInput& input() const noexcept;
    /// Whether vectors are L2-normalised.
    bool normalizes() const noexcept;

    /// Vector of an image file, of encoded bytes, of 8-bit pixels (1..4 channels; alpha composited on
    /// white). Throws Error: io_error, unsupported_format, corrupt_data, too_large, invalid_argument.
    std::vector<float> embed_file(const std::string& path) const;
    std::vector<float> embed_memory(const std::uint8_t* data, std::size_t size) const;
    std::vector<float> embed_pixels(const ImageView& image) const;

    /// Vectors of the 8 rotations/flips of a picture, in pristine::Dihedral order (dihedral.hpp):
    /// identity first. Matching a query's 8 vectors against plain vectors finds turned and mirrored copies.
    std::vector<std::vector<float>> embed_dihedral(const ImageView& image) const;

    /// Vectors of many inputs on the batch executor: `batch.threads` workers (0 = the embedder's option)
    /// each decode a picture and run the network; results in input order; a bad input gets its status
    /// and message and the batch goes on. Throws Error(invalid_argument) for threads < 0,
    /// Error(cancelled) once `batch.cancel` returned true, or a callback's own exception.
    std::vector<EmbedResult> embed_sources(const std::vector<ImageSource>& sources, const BatchOptions& batch = {}) const;
    std::vector<EmbedResult> embed_files(const std::vector<std::string>& paths, const BatchOptions& batch = {}) const;

    struct Impl;

private:
    explicit Embedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace pristine
