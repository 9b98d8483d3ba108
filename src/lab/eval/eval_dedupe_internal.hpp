// Internal parts of the dedupe test collections (pristine/lab/eval_dedupe.hpp): the plan (which
// pictures come from where), the picture makers (regions, hard-negative series), the copy operations
// and the small JSON helpers they share. Not installed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eval_common.hpp"
#include "pristine/image.hpp"
#include "pristine/lab/degrade/rng.hpp"
#include "pristine/lab/degrade/synth.hpp"
#include "pristine/lab/eval_dedupe.hpp"

namespace pristine::eval::dedupe_detail {

using degrade::Rng;

using detail::mix_seed;
using detail::to_rgb_on_white;

// ---------------------------------------------------------------- the plan

/// A rectangle of a source picture, in its displayed pixels.
struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
};

/// A usable source picture.
struct Source {
    std::string path;
    int width = 0, height = 0;  ///< as displayed
    Image thumb;                ///< its luma, long side <= 768: judges the detail of candidate cells
    std::vector<Rect> cells;    ///< non-overlapping regions with detail, one per picture drawn from it
};

enum class ItemType {
    photo_group,     ///< a region (photo, dark or meme) and its copies
    photo_distinct,  ///< a region (photo or dark) saved once
    meme_series,     ///< captions on one template
    texture_series,  ///< tiles from different places of one region
    frame_series,    ///< a window sliding over one region
    drawing_group,   ///< a synthetic picture and its copies
    drawing_distinct,
    recolor_series,  ///< one drawing in other colours
    flag_series,     ///< one stripe layout in other colours
    broken,
};

/// One planned picture (or series of pictures) and how many files it gets.
struct PlanItem {
    ItemType type = ItemType::photo_distinct;
    std::uint64_t id = 0;        ///< seeds the item's generator
    std::string kind;            ///< DedupeTruthFile::kind of its pictures
    int first_picture = 0;       ///< picture ids first_picture .. first_picture + pictures - 1
    int pictures = 1;            ///< 1, or the series size
    int series = -1;             ///< series number, -1 none
    int source = -1;             ///< photo items: index into the sources
    int cell = -1;               ///< photo items: index into the source's cells
    int promoted = -1;           ///< series: the member that has copies (-1 none)
    int group_files = 0;         ///< files of the group (2..7); 0 for a single file
    bool original_present = true;
    degrade::SynthKind synth = degrade::SynthKind::shapes;  ///< drawings, recolor series
    std::string broken;          ///< broken: its kind
};

/// Work that runs on one thread: a photo source with every item cut from it, or one synthetic item.
struct PlanUnit {
    int source = -1;
    std::vector<PlanItem> items;
};

struct Plan {
    std::vector<Source> sources;
    std::vector<PlanUnit> units;
    int pictures = 0;
    int series = 0;
    std::vector<std::string> series_kinds;  ///< by series number
};

/// The usable sources of the options (listed, one per picture, decoded small, hashed, filtered), in a
/// stable order, with their cells still empty. Skipped ones are logged.
std::vector<Source> find_sources(const DedupeCollectionOptions& o, std::size_t& skipped);

/// The whole plan: counts per kind, cells cut from the sources, items grouped into units.
/// Throws Error(invalid_argument) when the sources cannot give enough regions.
Plan make_plan(const DedupeCollectionOptions& o, std::vector<Source> sources);

// ---------------------------------------------------------------- pictures

/// Area-shrink so the long side is at most `long_side` (never enlarges).
Image shrink_to(const ImageView& v, int long_side);

/// A region of a decoded source (rect in the source's displayed pixels scaled by `scale`), shrunk to a
/// long side drawn in [min_side, max_side] (never enlarged).
Image cut_region(const Image& source, const Rect& r, double scale, int min_side, int max_side, Rng& rng);
/// A photo made near-black (a night shot): brightness x 0.04..0.14.
Image darken(const Image& photo, Rng& rng);
/// Long sides of synthetic pictures (drawings, flags, textures): three quarters of the photo regions'
/// range, 480..960 by default.
struct SynthSizes {
    int lo = 480, hi = 960;
};

/// A synthetic drawing of `kind`.
Image make_drawing(degrade::SynthKind kind, const SynthSizes& sizes, Rng& rng,
                   const std::vector<std::vector<std::uint8_t>>& fonts);
/// A meme from a photo region (degrade::synth_meme).
Image make_meme(const Image& region, Rng& rng, const std::vector<std::vector<std::uint8_t>>& fonts);

/// `n` memes of one template (the region shrunk to <= 640 px) with different captions, same placement.
std::vector<Image> meme_series(const Image& region, int n, Rng& rng);
/// `n` textures tiled from different patches of `region`, each laid at another offset.
std::vector<Image> texture_series(const Image& region, int n, const SynthSizes& sizes, Rng& rng);
/// `n` frames of a window sliding over `region` in steps of 25 % of its width.
std::vector<Image> frame_series(const Image& region, int n, Rng& rng);
/// `n` versions of one drawing in other colours (channel orders, inversion), visibly different.
std::vector<Image> recolor_series(degrade::SynthKind kind, int n, const SynthSizes& sizes, Rng& rng,
                                  const std::vector<std::vector<std::uint8_t>>& fonts);
/// `n` flags of one stripe layout in different colour sets.
std::vector<Image> flag_series(int n, const SynthSizes& sizes, Rng& rng);

/// The bytes of a broken file of `kind` (truncated_jpeg, truncated_png, text_as_jpeg, empty,
/// garbage_as_png, truncated_webp) and its extension.
std::vector<std::uint8_t> broken_file(const std::string& kind, Rng& rng, std::string& extension);
/// The broken kinds, in the order they are planted.
const std::vector<std::string>& broken_kinds();

// ---------------------------------------------------------------- copies

/// How a fresh picture is saved: originals (lossless or near: png, jpeg 90..98, webp lossless) or
/// distinct pictures (formats as found in archives). `drawing` favours PNG/GIF.
CopySpec original_save(bool drawing, Rng& rng);
CopySpec distinct_save(bool drawing, Rng& rng);

/// A transformation that suits a parent of width x height (`parent_lossy`: it was saved lossily).
std::string pick_transformation(int width, int height, bool parent_lossy, Rng& rng);
/// Its parameters for that parent.
CopySpec draw_copy(const std::string& op, int width, int height, bool parent_lossy, Rng& rng);

/// The lineage entry of a copy made by `spec` (parameters as JSON, generations, severity).
DedupeOp lineage_entry(const CopySpec& spec, const std::string& how);
/// "jpeg q=85 420", "png 64 colours fs", "webp q=80 then png", "copy of the parent's bytes", ...
std::string describe_save(const CopySpec& spec);
/// Whether a save keeps every pixel (png/webp lossless without palette reduction, byte copies).
bool lossless_save(const CopySpec& spec);
/// The pixel count a copy keeps at its smallest (crop, resize) given its parent's size.
std::uint64_t pixels_after(const CopySpec& spec, int parent_w, int parent_h, std::uint64_t parent_kept);

}  // namespace pristine::eval::dedupe_detail
