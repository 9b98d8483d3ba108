// Finding the copies of one picture among many files (compiled library): a small fingerprint per
// file, candidate pairs from its PDQ hashes through the Hamming index, verification of every
// candidate by a second, independent signal (the aligned thumbnails), and groups assembled so that one
// false pair cannot chain two groups together. Ranking the copies of a group (which one to keep) needs
// the scorer and lives in pristine/models/dedupe.hpp. Definitions and the calibration of every
// threshold: docs/dedupe.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pristine/dihedral.hpp"
#include "pristine/executor.hpp"
#include "pristine/export.hpp"
#include "pristine/image.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine {

/// The part of a picture a fingerprint view describes. Feeds crop reposts to 1:1 and 4:5; a copy
/// cropped that way matches the original's view of the same centred region.
enum class ViewRegion : std::uint8_t {
    whole = 0,            ///< the whole picture
    centre_square = 1,    ///< the largest centred 1:1 rectangle
    centre_portrait = 2,  ///< the largest centred 4:5 (width:height) rectangle
    centre_inner = 3,     ///< the centre 90 % of each side (a few percent shaved off every edge)
};

/// Short stable name of a region ("whole", "centre_square", "centre_portrait", "centre_inner"), never null.
PRISTINE_API const char* view_region_name(ViewRegion region) noexcept;

/// Side of the luma thumbnail and of the chroma grid of a view.
constexpr int k_view_luma_side = 32;
constexpr int k_view_chroma_side = 8;

/// One region of a picture: its PDQ hashes (the 8 rotations/flips) and the thumbnails verification
/// compares.
struct FingerprintView {
    ViewRegion region = ViewRegion::whole;
    /// PDQ of the region (area-resized to 128 x 128 luma) under each transform, dihedral.hpp order:
    /// pdq[k] is the hash of the region turned by transform k.
    std::array<std::array<std::uint8_t, 32>, 8> pdq{};
    int quality = 0;  ///< PDQ quality 0..100 (low for flat or nearly flat pictures)
    /// The 64-bit DCT hash (pHash) of the same 128 x 128 luma under each transform: coarser than PDQ
    /// and so far less disturbed by a few percent shaved off the edges.
    std::array<std::array<std::uint8_t, 8>, 8> dct{};
    /// 64 bits: the 8 x 8 block means of the luma thumbnail above their mean, under each transform.
    /// Stable where the DCT hashes are not: flat drawings, flags, clip art (few, large shapes).
    std::array<std::array<std::uint8_t, 8>, 8> mean{};
    /// BT.601 luma of the region, area-resized to 32 x 32, row-major, rounded to 0..255.
    std::array<std::uint8_t, k_view_luma_side * k_view_luma_side> luma{};
    /// Cb then Cr (BT.601, 128 = grey) of the region area-resized to 8 x 8, row-major.
    std::array<std::uint8_t, 2 * k_view_chroma_side * k_view_chroma_side> chroma{};
};

/// Version of the fingerprint algorithm: bump it whenever fingerprints of the same file change (a
/// hash, a view, a thumbnail, the decode), so that fingerprints kept in caches are made again.
constexpr int k_fingerprint_version = 2;

/// Side of the whole picture's luma thumbnail that verification aligns (scale and offset) and compares.
constexpr int k_picture_luma_side = 64;

/// What the duplicate search knows of one picture.
struct Fingerprint {
    ImageInfo info;                      ///< header facts (format, stored and displayed size, file size)
    std::vector<FingerprintView> views;  ///< views[0] is the whole picture; crop views follow
    /// BT.601 luma of the whole picture area-resized to 64 x 64 (its aspect ratio squeezed to a
    /// square), row-major, rounded to 0..255.
    std::array<std::uint8_t, k_picture_luma_side * k_picture_luma_side> luma{};
};

/// Options of fingerprinting.
struct FingerprintOptions {
    /// Add the centred 1:1 and 4:5 views when the picture's aspect ratio differs from them by more
    /// than 6 % (so that feed crops are found), and the inner view (so that copies with a few percent
    /// shaved off the edges are found). False: the whole view only.
    bool crop_views = true;
    /// Fingerprint the picture as displayed (EXIF orientation applied).
    bool apply_orientation = true;
    /// Refuse images with more pixels than this (Error(too_large)), checked from the header.
    std::uint64_t max_pixels = DecodeOptions{}.max_pixels;
};

/// The smallest side, in pixels, a JPEG is decoded to for its fingerprint: it is decoded at the
/// largest DCT reduction (1/2, 1/4, 1/8) that keeps its smaller side at least this long.
constexpr int k_fingerprint_min_side = 128;

/// Fingerprint of decoded pixels (1, 3 or 4 channels; alpha ignored). `info` is copied into the
/// result; where its display size is unknown (0) the image's size is recorded instead (verification
/// compares pictures by their shapes). Throws Error(invalid_argument) for an empty view.
PRISTINE_API Fingerprint fingerprint_image(const ImageView& image, const ImageInfo& info,
                                           const FingerprintOptions& options = {});

/// Decode (at the reduction k_fingerprint_min_side allows) + fingerprint of an encoded image.
/// Throws Error: unsupported_format, corrupt_data, too_large, out_of_memory.
PRISTINE_API Fingerprint fingerprint_memory(const std::uint8_t* data, std::size_t size,
                                            const FingerprintOptions& options = {});

/// The same for a file; errors name the file (io_error when it cannot be read).
PRISTINE_API Fingerprint fingerprint_file(const std::string& path, const FingerprintOptions& options = {});

/// One file of fingerprint_files.
struct FingerprintResult : ItemStatus {
    std::string path;
    Fingerprint fingerprint;  ///< valid when ok()
};

/// fingerprint_file for every path on the batch executor, results in the order of `paths`; a file
/// that fails gets its status and message and the batch goes on. Throws Error(cancelled) once
/// `batch.cancel` returned true, Error(invalid_argument) for threads < 0.
PRISTINE_API std::vector<FingerprintResult> fingerprint_files(const std::vector<std::string>& paths,
                                                              const FingerprintOptions& options,
                                                              const BatchOptions& batch = {});

/// Thresholds of matching (docs/dedupe.md, "Calibration", says how each default was measured).
struct MatchOptions {
    /// Candidates: views whose PDQ hashes (any rotation/flip) are within this many bits (0..47, the
    /// range the Hamming index's multi-index serves; PDQ's own usual match radius is 31). Archives of
    /// more than about 140 000 views are joined at a smaller radius, never below 31, so that the
    /// join's work stays linear (docs/dedupe.md, "Speed").
    int candidate_radius = 44;
    /// Candidates also: whole views whose turned or mirrored PDQ hash is within this many bits of
    /// another view (0..47; used when `dihedral`).
    int dihedral_radius = 31;
    /// Candidates also: whole views whose DCT hashes (any rotation/flip) are within this many bits
    /// (0..11; -1 = off). Finds copies with their edges shaved, which move PDQ too far.
    int dct_radius = 11;
    /// Candidates also: whole views whose block-mean codes are within this many bits (0..11; -1 = off).
    int mean_radius = 8;
    /// Verification: the smallest correlation of the aligned 64 x 64 luma thumbnails (-1..1).
    double min_correlation = 0.90;
    /// Verification: the largest RMS difference of the aligned 8 x 8 chroma grids (0..255 scale).
    double max_chroma_difference = 8.0;
    /// Verification: the smallest correlation of the thumbnails' detail (each minus its 3 x 3 blur), so
    /// that pictures sharing only a layout or a gradient are told apart (-1..1; -1 = off).
    double min_detail_correlation = 0.5;
    /// Verification: the largest mean absolute difference of one 8 x 8 block of the aligned 64 x 64
    /// thumbnails once one is fitted to the other by gain and offset (0..255 scale): a differing
    /// caption or sticker.
    double max_local_difference = 25.0;
    /// Verification: the largest mean absolute difference along a strip two cells thin across the
    /// aligned 64 x 64 thumbnails (a line of caption text), as a multiple of the typical difference
    /// plus 2 (PairEvidence::typical_difference, the copy's own noise): memes of one template whose
    /// captions differ.
    double max_strip_ratio = 5.0;
    /// Verification: the smallest correlation along a strip two cells thin that holds detail in both
    /// aligned thumbnails (-1..1; -1 = off): a degraded copy of a line of text still correlates with
    /// it, another caption on the same template does not.
    double min_strip_correlation = 0.6;
    /// Verification of pairs whose PDQ hashes are more than max_ambiguous_distance bits apart (0..256),
    /// so that the thumbnails alone vouch for them: their alignment margin must reach
    /// min_alignment_margin (tiled textures and smooth blobs look alike shifted either way) and the
    /// alignment search must not have moved B's frame by more than max_far_shift of A's side from
    /// where the matched views put it (a periodic texture lines up with its shifted repeats).
    int max_ambiguous_distance = 64;
    double min_alignment_margin = 0.01;
    double max_far_shift = 0.03;
    /// Verification: the smallest share of the smaller picture's content that must lie inside the
    /// other once aligned (0..1): two crops of one photo that barely overlap are not copies.
    double min_coverage = 0.75;
    /// Thumbnails whose luma standard deviation is below this (0..255 scale) count as flat: they
    /// match only another flat thumbnail of nearly the same mean (within max_flat_mean_difference).
    double flat_std = 1.5;
    double max_flat_mean_difference = 4.0;
    /// Groups: two sets of files join only when at least this fraction of the pairs between them
    /// verify (0 < f <= 1), so that one false pair cannot chain two groups together.
    double min_link_fraction = 0.5;
    /// Use the rotations and flips of the hashes (finds turned and mirrored copies).
    bool dihedral = true;
};

/// How two views line up: view `view_b` of B matches view `view_a` of A turned by `transform`.
struct Alignment {
    int view_a = 0;
    int view_b = 0;
    Dihedral transform = Dihedral::identity;
    int distance = 256;  ///< PDQ bits between pdq[transform] of A's view and pdq[0] of B's view
};

/// Where one picture lies in another: a rectangle in normalised coordinates (0..1 across the other
/// picture's width and height; it may reach outside 0..1 where the first shows more).
struct PictureFrame {
    double x = 0, y = 0, width = 1, height = 1;
};

/// The evidence of one pair.
struct PairEvidence {
    std::size_t a = 0, b = 0;  ///< indices into the fingerprints given (a < b)
    Alignment alignment;       ///< the alignment verified (the best one tried)
    /// Where B's whole picture lies in A's turned by alignment.transform, found by the alignment
    /// search (scale and offset): a frame inside 0..1 means B is a crop of A (or of A's ancestor).
    PictureFrame frame;
    double coverage = 0;       ///< share of the smaller content inside the other once aligned
    double correlation = -1;   ///< of the aligned 64 x 64 luma thumbnails over their overlap
    double chroma_difference = 255;
    double detail_correlation = -1;  ///< of the aligned thumbnails' detail
    double local_difference = 255;   ///< largest 8 x 8 block difference of the aligned thumbnails
    double strip_difference = 255;   ///< largest difference along a strip two cells thin (caption lines)
    /// The weakest correlation along a strip two cells thin with detail in both (a line of text).
    double strip_correlation = -1;
    /// The copy's own noise: the median over rows and columns of the aligned thumbnails of their mean
    /// absolute difference once fitted by gain and offset.
    double typical_difference = 255;
    /// How much better the alignment found is than the same frame moved by a tenth of its size: near
    /// zero for content that looks alike shifted (stripes, tiled textures), whose alignment proves little.
    double alignment_margin = 0;
    bool verified = false;     ///< passes every verification threshold
};

/// The alignment of two fingerprints with the fewest PDQ bits: over every pair of views (only the
/// whole views when `whole_only`) and, when `dihedral`, every transform; ties go to the earlier view
/// pair and transform. No verification. Never throws (a fingerprint without views gives 256 bits).
PRISTINE_API Alignment best_alignment(const Fingerprint& a, const Fingerprint& b, bool dihedral = true,
                                      bool whole_only = false) noexcept;

/// Every candidate pair of `prints` (the first four sources described at find_duplicate_groups),
/// verified: the first passing (or else the best) of its candidate alignments. Sorted by (a, b).
PRISTINE_API std::vector<PairEvidence> candidate_pairs(const std::vector<const Fingerprint*>& prints,
                                                       const MatchOptions& options = {}, const BatchOptions& batch = {});

/// Compares two fingerprints: the alignments with the fewest PDQ bits (over every view pair and,
/// when options.dihedral, every transform) are verified, best first, until one passes (at most 3).
/// The result's a/b are 0 and 1.
PRISTINE_API PairEvidence compare_fingerprints(const Fingerprint& a, const Fingerprint& b, const MatchOptions& options = {});

/// The groups of copies among `prints` (nullptr entries, e.g. failed files, are never grouped).
struct DuplicateGroups {
    std::vector<std::vector<std::size_t>> groups;  ///< each of >= 2 indices, sorted; groups by first index
    std::vector<PairEvidence> pairs;               ///< the verified pairs inside the groups, by (a, b)
    std::size_t candidates = 0;                    ///< candidate pairs the index returned
    std::size_t verified = 0;                      ///< of which verified
};

/// Verdicts of pairs known before a find_duplicate_groups call (e.g. kept in a cache) and those the
/// call made, so that a re-run verifies only the pairs it has not verified before. Keys are (a, b),
/// a < b, indices into the fingerprints given; a verdict must have been made from the same two
/// fingerprints with the same options and k_match_version.
struct PairVerdicts {
    /// The verification of a candidate pair's alignments (candidate_pairs' evidence of the pair).
    std::map<std::pair<std::size_t, std::size_t>, PairEvidence> candidate;
    /// compare_fingerprints of a pair inside a connected set.
    std::map<std::pair<std::size_t, std::size_t>, PairEvidence> compared;
    /// Filled by the call: the verdicts it computed because they were not above.
    std::vector<PairEvidence> made_candidate, made_compared;
};

/// Version of candidate generation and verification: bump it whenever the evidence of a pair of
/// unchanged fingerprints can change (a threshold's meaning, a new signal), so that kept verdicts
/// are made again.
constexpr int k_match_version = 2;

/// Finds candidate pairs through a Hamming index over every view's hash (never an all-pairs loop),
/// verifies each, and assembles groups: connected sets of verified pairs, split where the pairs
/// between two parts are fewer than options.min_link_fraction of all pairs between them (the pairs
/// inside one connected set are all compared). On batch.threads workers; cancellable. `verdicts`
/// (optional): verdicts found there are used instead of verifying again; those made are added to it.
/// Throws Error(invalid_argument) for options out of range, Error(cancelled).
PRISTINE_API DuplicateGroups find_duplicate_groups(const std::vector<const Fingerprint*>& prints,
                                                   const MatchOptions& options = {}, const BatchOptions& batch = {},
                                                   PairVerdicts* verdicts = nullptr);

}  // namespace pristine
