// Training data of the scorer (torch-free): source pictures found in folders, decoded once into a
// bank, and "groups" made from one source — a clean original (a photo crop or a synthetic drawing /
// meme) and a tree of ever worse copies of it — with their features and the ordered pairs
// (better, worse) they give.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "models/features.hpp"
#include "pristine/lab/degrade/synth.hpp"

namespace pristine::nn {

/// One picture: the file used as its source. Several files of one picture (a wallpaper package's
/// resolutions, light/dark variants: pristine::picture_key) count as one picture, so a validation
/// split never leaks.
struct SourcePicture {
    std::string key;   ///< identity of the picture (what the split is made on)
    std::string path;  ///< its largest file
};

/// Pictures in `dirs` (pristine::collect_files: recursive, image files by their magic bytes, hidden
/// entries skipped), one file per picture (pristine::one_file_per_picture), sorted by key; files whose
/// header cannot be read or that are smaller than 64 x 64 are skipped. Throws Error(io_error) for a
/// missing folder.
std::vector<SourcePicture> find_pictures(const std::vector<std::string>& dirs);

/// Source pictures decoded once, on first use, and kept in memory (RGB, long side at most
/// 2 x max_side: big JPEGs through libjpeg's DCT scaling, then an area-filter shrink). Decoding a
/// 4-8 MP wallpaper for every group was the main cost of data generation. Thread-safe.
class SourceBank {
public:
    SourceBank(std::vector<SourcePicture> pictures, int max_side);
    std::size_t size() const { return pictures_.size(); }
    const SourcePicture& picture(std::size_t i) const { return pictures_[i]; }
    /// The decoded picture; throws Error(corrupt_data / io_error ...) naming the file, on every call
    /// when it cannot be decoded.
    std::shared_ptr<const Image> image(std::size_t i) const;

private:
    struct Slot {
        std::mutex mutex;
        std::shared_ptr<const Image> image;
        std::string error;
        bool done = false;
    };
    std::vector<SourcePicture> pictures_;
    int max_side_;
    std::unique_ptr<Slot[]> slots_;
};

struct Group {
    std::vector<Features> copies;             ///< [0] = the original, then copies (of the original or of copies)
    std::vector<std::pair<int, int>> pairs;   ///< (better, worse) indices into copies: ancestor, descendant
    std::string recipe;                       ///< what was done, for logs
};

/// Options of make_group besides the seed.
struct GroupOptions {
    int blocks = 128;
    int max_side = 1280;          ///< long side of an original is drawn in [min(256, max_side), max_side]
    double synth_fraction = 0.3;  ///< share of synthetic originals (drawings, comics, text, UI, memes)
    const degrade::SynthFont* font = nullptr;  ///< font for synthetic text (null = block letters)
};

/// Makes one group from `photo` (used as the source of a photo original or as a meme's picture),
/// entirely determined by `seed`: an original — a random crop and downscale of the photo, or a
/// synthetic drawing / meme — saved as PNG, high-quality JPEG or lossless WebP; then 2..4 copies, each
/// made from the original or an earlier copy by a random re-upload chain (pristine::degrade) or a
/// palette PNG (pngquant-like), GIF, upscale, downscale-to-PNG or re-save at high JPEG quality.
/// Every ancestor is better than each of its descendants, which gives the pairs; pairs whose pixels
/// are identical are left out.
Group make_group(const Image& photo, std::uint64_t seed, const GroupOptions& options);

/// Time spent per stage of data generation since the start of the process (all threads), for logs.
struct GenProfile {
    double decode_s = 0, original_s = 0, copies_s = 0, features_s = 0;
    long long groups = 0;
};
GenProfile gen_profile();

/// Group (de)serialisation for the on-disk cache; load returns false for a missing or unreadable file.
bool load_group(const std::string& path, Group& g);
void save_group(const std::string& path, const Group& g);

/// Deterministic 64-bit mix of values (splitmix64), for per-epoch / per-item seeds.
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0);

}  // namespace pristine::nn
