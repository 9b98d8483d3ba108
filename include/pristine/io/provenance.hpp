// Which copy of a picture came first: evidence about a copy's history that its file carries (JPEG
// quantisation and an earlier quantisation left in its coefficients, palette size, lossy or lossless
// WebP, resolution) and a small learned model that compares two copies of one picture with it. The
// dedupe job ranks each group of copies with it (pristine/models/dedupe.hpp); docs/dedupe.md says how.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/dihedral.hpp"
#include "pristine/export.hpp"
#include "pristine/image.hpp"
#include "pristine/io/duplicates.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine {

/// Colours are counted up to this many; more is reported as this value.
inline constexpr std::uint32_t k_evidence_colour_cap = 4096;

/// Frequency bins of CopyEvidence::spectrum.
inline constexpr int k_spectrum_bins = 32;

/// What one file tells about its own history. Plain data, so that it can be cached per file.
struct CopyEvidence {
    Format format = Format::unknown;
    int width = 0;                 ///< as displayed
    int height = 0;                ///< as displayed
    std::uint64_t file_size = 0;
    int jpeg_quality = -1;         ///< estimated IJG quality of a JPEG's tables; -1 when not a JPEG
    bool jpeg_full_chroma = false; ///< a JPEG with 4:4:4 chroma
    /// 0..1: how clearly a JPEG's coefficients still show the steps of an earlier, coarser
    /// quantisation (near 1: it was a JPEG before it was saved as this one).
    float jpeg_requantisation = 0.f;
    bool webp_lossy = false;       ///< a WebP whose image is VP8 (lossy), not VP8L
    std::uint32_t colours = 0;     ///< distinct RGB colours, at most k_evidence_colour_cap
    /// Mean magnitude of the luma at each of k_spectrum_bins frequencies (bin k: k / k_spectrum_bins
    /// of the highest frequency), from 1-D DCTs of row and column runs: an enlarged copy holds almost
    /// nothing above the scale it was enlarged from.
    std::array<float, 32> spectrum{};
    /// Fraction of adjacent rows and columns (not flat ones) that are exact repeats: a picture enlarged
    /// by repeating pixels (nearest-neighbour) repeats a regular share of them.
    float repeated_lines = 0.f;
};

/// The evidence of a file from its bytes and its decode (decode_memory of the same bytes). Never throws
/// for a readable picture: evidence that cannot be read (e.g. damaged JPEG coefficients) is left at
/// its default.
PRISTINE_API CopyEvidence copy_evidence(const std::uint8_t* data, std::size_t size, const Decoded& decoded);

/// A JPEG's quantised luma: the coefficients of each 8 x 8 block (blocks row by row, each block's 64
/// in natural order) and the steps they were quantised with.
struct JpegLuma {
    int blocks_wide = 0, blocks_high = 0;
    std::array<std::uint16_t, 64> steps{};
    std::vector<std::int16_t> coefficients;  ///< empty: no coefficients (not a JPEG, or unreadable)
};

/// Pictures above this many pixels keep their luma for comparisons at a reduced size (memory: a
/// group keeps every member's).
inline constexpr std::uint64_t k_compared_pixels_cap = 4u << 20;

/// What a copy keeps for comparing its pixels with another copy of its group (directional_evidence).
struct CopyPixels {
    PlaneF luma;  ///< as displayed; area-reduced when the picture has over k_compared_pixels_cap pixels
    /// The luma halved again and again (area reduction by 2, 4, ...) while 32 pixels or more a side:
    /// the alignment is searched coarse to fine on them.
    std::vector<PlaneF> reduced;
    /// A JPEG's luma coefficients, only when they lie on the luma's own grid (full size, no EXIF turn).
    JpegLuma jpeg;
};

/// A copy read for ranking: its pixels and its evidence from one read and one decode of the file.
struct ReadCopy {
    Decoded decoded;
    CopyEvidence evidence;
    CopyPixels pixels;
};

/// How well each of two copies is explained as the other put through the operations copies go
/// through: b predicted from a (a turned, resampled to b's geometry where b lies in it) and a from b.
/// A copy made from the other is predicted closely; its parent is not, since the parent holds detail
/// the copy lost.
struct DirectionalEvidence {
    bool measured = false;  ///< false: the pictures did not overlap enough to compare
    double forward = 0;     ///< mean |luma difference| of b and a resampled to b's geometry (0..255)
    double backward = 0;    ///< the same of a and b resampled to a's geometry
    /// Share of b's non-zero quantised luma coefficients (b a JPEG at a's scale) that a's pixels,
    /// quantised with b's steps on b's block grid, reproduce; -1 when it cannot be measured.
    double jpeg_forward = -1;
    double jpeg_backward = -1;  ///< the same of a's coefficients from b's pixels
    /// 0..1 (0: chance): how clearly b's JPEG coefficients still carry a's quantisation (b a JPEG
    /// re-saved from a's, on the same block grid); -1 when it cannot be measured.
    double quantisation_forward = -1;
    double quantisation_backward = -1;  ///< the same of a's coefficients carrying b's quantisation
    double covered_forward = 1;   ///< share of b's picture that lies inside a's (a crop of a: 1)
    double covered_backward = 1;  ///< share of a's picture that lies inside b's
};

/// Compares two copies whose fingerprints matched: `turn` turns a to b's orientation and `frame` is
/// where b's whole picture lies in a turned (PairEvidence); the frame is refined on the pixels first.
PRISTINE_API DirectionalEvidence directional_evidence(const CopyPixels& a, const CopyPixels& b, Dihedral turn,
                                                      const PictureFrame& frame);
/// The same evidence seen from b: forward and backward swapped.
PRISTINE_API DirectionalEvidence reversed(const DirectionalEvidence& d) noexcept;

/// directional_evidence of every two members x, y of a group (at x * k + y, seen from x), aligned by
/// compare_fingerprints; members of one class (identical pixels) and members without fingerprint or
/// pixels (nullptr) are left unmeasured. Pairs run on `threads` (0 = all cores).
PRISTINE_API std::vector<DirectionalEvidence> group_directional_evidence(const std::vector<const Fingerprint*>& prints,
                                                                         const std::vector<const CopyPixels*>& pixels,
                                                                         const std::vector<std::size_t>& classes,
                                                                         const MatchOptions& options, int threads);

/// Reads, decodes and takes the evidence of a file. Throws Error as decode_file does (messages name
/// the file).
PRISTINE_API ReadCopy read_copy(const std::string& path, const DecodeOptions& options = {});

/// Number of features PairModel compares two copies by.
inline constexpr std::size_t k_pair_features = 19;

/// Short names of the pair features, in order (the model file lists them, the reasons use them).
PRISTINE_API const std::array<const char*, k_pair_features>& pair_feature_names() noexcept;

/// The features of "a is closer to the original than b": antisymmetric (swapping a and b negates
/// every feature). `score_a/b` are generation-loss scores (lower = less degraded); pass
/// `scored = false` when either copy has none. `d` compares their pixels (default: not measured).
PRISTINE_API std::array<double, k_pair_features> pair_features(const CopyEvidence& a, double score_a,
                                                               const CopyEvidence& b, double score_b,
                                                               bool scored, const DirectionalEvidence& d = {});

/// A logistic model on pair features: P(a before b) = 1 / (1 + exp(-w . f)). No bias, so that
/// P(a before b) + P(b before a) = 1.
struct PairModel {
    std::array<double, k_pair_features> weights{};
    std::string description;  ///< how it was made (the file's "made" line)
};

/// Probability that a is closer to the original than b, given their pair features.
PRISTINE_API double pair_probability(const PairModel& model, const std::array<double, k_pair_features>& features) noexcept;

/// Reads a pair model file (text: magic line, format version, feature names with weights, checksum;
/// format in docs/dedupe.md). Throws Error naming the file: io_error, bad_file_version (another
/// format version), corrupt_data (bad magic, bad checksum, features that do not match this build).
PRISTINE_API PairModel load_pair_model(const std::string& path);
/// The same from text in memory; `name` names it in errors.
PRISTINE_API PairModel parse_pair_model(const std::string& text, const std::string& name);
/// The model shipped inside the library (models/rank-pairs.txt, compiled in): fitted on the pairs of a
/// best copy with one that is not, it picks the copy to keep.
PRISTINE_API const PairModel& default_pair_model();
/// The order model shipped inside the library (models/order-pairs.txt, the same format): fitted on
/// every ordered pair of copies, it orders the copies after the kept one and weighs the derivation tree.
PRISTINE_API const PairModel& default_order_model();

/// Checksum a pair model file carries: FNV-1a 64 of the text before its checksum line, as 16 hex digits.
PRISTINE_API std::string pair_model_checksum(const std::string& text_before_checksum);

}  // namespace pristine
