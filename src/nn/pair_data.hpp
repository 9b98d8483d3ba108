// Training data of the scorer (torch-free): source pictures found in folders, and "groups" made from
// one source — a clean original and a chain of ever worse copies of it — with their features and the
// ordered pairs (better, worse) they give.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "nn/features.hpp"

namespace pristine::nn {

/// One picture: the file used as its source. Several files of one picture (a wallpaper package's
/// resolutions, light/dark variants) count as one picture, so a validation split never leaks.
struct SourcePicture {
    std::string key;   ///< identity of the picture (what the split is made on)
    std::string path;  ///< its largest file
};

/// Pictures in `dirs` (recursive; jpg/jpeg/png/gif/webp/bmp/tga/pnm/ppm/pgm), sorted by key; files whose
/// header cannot be read or that are smaller than 64 x 64 are skipped. Throws Error(io_error) for a
/// missing folder.
std::vector<SourcePicture> find_pictures(const std::vector<std::string>& dirs);

struct Group {
    std::vector<Features> copies;             ///< [0] = the original, then copies of copies
    std::vector<std::pair<int, int>> pairs;   ///< (better, worse) indices into copies
    std::string recipe;                       ///< what was done, for logs
};

/// Makes one group from the picture at `path`, entirely determined by `seed`: a random crop and
/// downscale (long side <= max_side) saved as PNG, high-quality JPEG or WebP; then 1..3 successive
/// random re-upload chains (pristine::degrade). Pairs whose pixels are identical are left out.
/// Throws the decoder's Error when the source cannot be decoded.
Group make_group(const std::string& path, std::uint64_t seed, int blocks, int max_side);

/// Deterministic 64-bit mix of values (splitmix64), for per-epoch / per-item seeds.
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0);

}  // namespace pristine::nn
