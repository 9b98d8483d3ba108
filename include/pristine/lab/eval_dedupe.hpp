// Test collections for duplicate finding, with their ground truth: planted groups of copies made by
// real-world-like chains (feed resizes, messenger JPEG, crops, screenshots, GIF, WebP, re-saves,
// rotations and mirrors, copies of copies), distinct pictures including hard negatives that look alike
// but are other pictures (non-overlapping crops of one wallpaper, near-black photos, series of memes,
// recoloured drawings, flags, textures, frames of one scene), and a few broken files. The ground truth
// (truth.json) names each file's picture, lineage and, per group, the best copy. Scoring a dedupe
// report against it: eval_dedupe_score.hpp. Definitions: docs/dedupe-eval.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/image.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval {

// ---------------------------------------------------------------- ground truth

/// One operation of a copy's lineage (the chain from the group's original to the file).
struct DedupeOp {
    std::string op;           ///< transformation name (dedupe_transformations())
    std::string params_json;  ///< its parameters as a JSON object ("{\"quality\":80,...}")
    std::string how;          ///< what did it: a degrade chain ("resize:...,jpeg:80") or a tool command
    int generations = 1;      ///< lossy generations it adds: 0 lossless, 1, or 2 (a low save re-saved higher)
    double severity = 0;      ///< how much it loses (see docs/dedupe-eval.md); 0 when lossless
};

/// One file of a collection.
struct DedupeTruthFile {
    std::string path;     ///< relative to the collection folder, '/'-separated
    std::string picture;  ///< picture id ("p00042"): files with the same id are copies; "" for a broken file
    std::string role;     ///< "original", "copy", "distinct" (the only file of its picture) or "broken"
    /// What the picture is: photo, dark, drawing, meme, meme_series, recolor_series, flag_series,
    /// texture_series, frame_series; "" for a broken file.
    std::string kind;
    std::string family;  ///< the source picture a photo region came from ("" for synthetic pictures)
    std::string series;  ///< the look-alike series the picture belongs to ("" none)
    std::string source;  ///< where the pixels came from (a source file and region, or "synth:KIND")
    std::string parent;  ///< path of the file it was made from; "(original not in the collection)"; "" none
    std::string encoding;  ///< how the file itself was saved ("jpeg q=91 444", "png", "gif 64 colours fs", ...)
    std::string format;    ///< format_name of the bytes ("jpeg", "png", ...; "" for a broken file)
    int width = 0, height = 0;
    std::uint64_t bytes = 0;
    std::vector<DedupeOp> lineage;  ///< empty for originals and distinct pictures
    int lossy_generations = 0;      ///< sum of lineage generations
    std::uint64_t pixels_kept = 0;  ///< the fewest pixels along the lineage (original's included)
    double severity = 0;            ///< sum of lineage severities
    std::string broken;             ///< for role "broken": truncated_jpeg, truncated_png, text_as_jpeg, ...
};

/// A planted group: every file of one picture with at least two files in the collection.
struct DedupeTruthGroup {
    std::string picture;
    std::string kind;
    bool original_present = true;
    std::vector<std::string> members;  ///< paths
    std::vector<std::string> best;     ///< the equally best copies (dedupe_best_copies); never empty
};

/// A series of look-alike distinct pictures (hard negatives of one another).
struct DedupeSeries {
    std::string id;
    std::string kind;
    std::vector<std::string> pictures;
};

/// The ground truth of a collection (DIR/truth.json).
struct DedupeTruth {
    int version = 1;
    std::string copies_by;  ///< "pristine" or the name of the copier that made the copies
    std::uint64_t seed = 0;
    std::vector<std::string> sources;  ///< the source picture files used
    std::vector<DedupeTruthFile> files;  ///< sorted by path
    std::vector<DedupeTruthGroup> groups;
    std::vector<DedupeSeries> series;
};

/// The transformation names of lineages, in the order the reports list them: feed, messenger,
/// crop_1x1, crop_4x5, shave, screenshot, gif_dither, gif_plain, palette_png, webp, resave_high,
/// rotate90, rotate180, rotate270, mirror, exact, convert_lossless.
PRISTINE_API std::vector<std::string> dedupe_transformations();

/// True for the transformations that cut picture content (crop_1x1, crop_4x5, shave).
PRISTINE_API bool dedupe_is_crop(const std::string& op) noexcept;

/// The best copies among the members of one group: the fewest lossy generations, then the most
/// pixels kept, then the lowest severity (equal within 1e-9); every member tied on all three is
/// returned (a lossless rotation or an exact copy of the best copy is as good). An original (no
/// lineage) always wins. Indices into `members`, ascending; empty only for no members.
PRISTINE_API std::vector<std::size_t> dedupe_best_copies(const std::vector<const DedupeTruthFile*>& members);

/// truth.json as text (2-space indented JSON; schema in docs/dedupe-eval.md).
PRISTINE_API std::string dedupe_truth_json(const DedupeTruth& truth);
/// Parses truth.json text. Throws Error(corrupt_data) naming what is wrong (and `where`).
PRISTINE_API DedupeTruth parse_dedupe_truth(const std::string& text, const std::string& where = "truth");
/// Reads and parses a truth.json file. Throws Error(io_error) or Error(corrupt_data) naming the file.
PRISTINE_API DedupeTruth read_dedupe_truth(const std::string& path);

// ---------------------------------------------------------------- making copies

/// What one copy operation does, drawn by the collection maker for a parent of a given size; a
/// DedupeCopier carries it out. Steps run in this order: crop, resize, turn/flip, then the save.
struct CopySpec {
    std::string op;  ///< transformation name (dedupe_transformations()), or "save" for a fresh picture
    int crop_x = 0, crop_y = 0, crop_w = 0, crop_h = 0;  ///< crop rectangle (crop_w == 0: none)
    int width = 0, height = 0;  ///< resample to this size (0: keep)
    std::string filter;         ///< resampling filter (degrade::filter_name) when resampling
    int quarter_turns = 0;      ///< clockwise quarter turns, 0..3
    int flip = 0;               ///< 0 none, 1 left-right (mirror), 2 top-bottom
    /// The save: jpeg, png, gif, webp (lossy), webp_lossless, or copy (the parent's bytes unchanged).
    std::string format;
    int quality = 0;            ///< jpeg / webp quality
    bool subsample = true;      ///< jpeg: 4:2:0 (else 4:4:4)
    bool progressive = false;   ///< jpeg
    int colors = 0;             ///< gif, or png reduced to a palette (0: full colour)
    std::string dither;         ///< none, fs or ordered (gif / palette png)
    int pre_quality = 0;        ///< first a JPEG at this quality, decoded, then the save (0: none)
    bool webp_then_png = false; ///< webp: decoded and saved again as PNG
    unsigned variant = 0;       ///< a random number a copier may use to vary its tools deterministically
};

/// One file made by a copier.
struct MadeFile {
    std::vector<std::uint8_t> bytes;
    Format format = Format::unknown;
    Image pixels;      ///< `bytes` decoded as RGB (what the next copy starts from)
    std::string how;   ///< what made it: a degrade chain or a tool command
};

/// Carries out saves and copy operations. The collection maker calls it from several threads at once:
/// implementations must be thread-safe. Failures throw pristine::Error.
class PRISTINE_VISIBLE_TYPE DedupeCopier {
public:
    virtual ~DedupeCopier() = default;
    /// Recorded as DedupeTruth::copies_by.
    virtual std::string name() const = 0;
    /// Saves fresh pixels (RGB) as spec.format (spec has no geometry).
    virtual MadeFile save(const Image& pixels, const CopySpec& spec) const = 0;
    /// Makes a copy of `parent` as `spec` says.
    virtual MadeFile copy(const MadeFile& parent, const CopySpec& spec) const = 0;
};

/// pristine's own encoders and resamplers (pristine::degrade), no external program.
PRISTINE_API std::shared_ptr<const DedupeCopier> pristine_copier();

// ---------------------------------------------------------------- collections

struct DedupeCollectionOptions {
    /// Source photo files (any format pristine decodes). One file per picture is used
    /// (pristine::one_file_per_picture); pictures whose PDQ hashes are within source_min_distance
    /// of an earlier one (stereo pairs, frames, one wallpaper in two packages) are left out, as are
    /// those smaller than 64 x 64 or nearly flat.
    std::vector<std::string> sources;
    /// Files or folders whose pictures (pristine::picture_key) are left out of the sources, e.g. the
    /// pictures a scorer was validated on, kept for a second, held-out collection.
    std::vector<std::string> exclude;
    int groups = 500;     ///< planted groups of 2..7 files
    int distinct = 2500;  ///< distinct pictures (one file each), hard negatives included
    int broken = 6;       ///< broken files (truncated JPEG/PNG, a text file named .jpg, an empty file...)
    std::uint64_t seed = 1;
    int threads = 0;          ///< 0 = all cores
    double original_present = 0.85;  ///< chance that a group holds its original
    int min_side = 640, max_side = 1280;  ///< photo regions are shrunk to a long side in this range (never enlarged)
    /// Regions are cut from the sources on a grid of cells of about this many pixels or more; when the
    /// sources cannot give every photo picture such a cell, the plain photos become drawings (logged).
    int min_region = 256;
    int source_min_distance = 64;  ///< PDQ bits (dihedral) below which two sources count as one picture
    std::vector<std::vector<std::uint8_t>> fonts;  ///< TrueType files' bytes for synthetic text (may be empty)
    std::shared_ptr<const DedupeCopier> copier;    ///< null: pristine_copier()
    /// Told (done, total) work units on the calling thread.
    std::function<void(std::size_t, std::size_t)> progress;
    /// Lines about skipped sources and counts (no newline); may be empty.
    std::function<void(const std::string&)> log;
};

/// Counts of a made collection.
struct DedupeCollectionSummary {
    std::size_t files = 0, groups = 0, group_files = 0, distinct = 0, broken = 0;
    std::size_t originals_missing = 0, series = 0, sources_used = 0, sources_skipped = 0;
    double seconds = 0;
};

/// Makes a collection in `out_dir` (created; must be empty or missing): the files in neutrally named
/// nested folders and out_dir/truth.json. Deterministic for the options whatever the thread count
/// (with the same copier and tool versions). Throws Error(invalid_argument) for bad options or too
/// few usable sources (photo regions need them), Error(io_error) for a folder that cannot be written.
PRISTINE_API DedupeCollectionSummary make_dedupe_collection(const std::string& out_dir,
                                                            const DedupeCollectionOptions& options);

}  // namespace pristine::eval
