// The few facts pristine reads itself from ISO-BMFF (HEIF/AVIF) files: which image format the file
// type box names, and the size and transforms of the primary image. Internal to libpristine.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pristine/io/image_io.hpp"

namespace pristine::io {

/// Format::heic or Format::avif from the `ftyp` box at the start of `data`; Format::unknown when there
/// is none or it names neither. The major brand decides; a general brand (mif1, msf1) is resolved by
/// the compatible brands that fit in `size`.
Format bmff_format(const std::uint8_t* data, std::size_t size) noexcept;

/// The primary image as the item properties describe it.
struct BmffPrimary {
    std::uint32_t ispe_width = 0;  ///< coded size (ispe) before any transform; 0 when absent
    std::uint32_t ispe_height = 0;
    int orientation = 1;           ///< the irot/imir transforms, in their order, as an EXIF orientation
};

/// Reads the `meta` box: the primary item (pitm) and its properties (iprp). Broken or missing boxes give
/// the defaults: the codec library reports what is wrong with the file.
BmffPrimary bmff_primary(const std::uint8_t* data, std::size_t size) noexcept;

/// The EXIF orientation of a rotation by `quarter_turns` anticlockwise (irot), then an optional mirror
/// (imir: `mirror_mode` 0 exchanges top and bottom, 1 left and right, -1 none).
int orientation_from_irot_imir(int quarter_turns, int mirror_mode) noexcept;

/// The EXIF orientation equal to applying `first`, then `then` (both 1..8).
int compose_orientations(int first, int then) noexcept;

/// The orientation that undoes `orientation` (6 and 8 swap; the others undo themselves).
int inverse_orientation(int orientation) noexcept;

}  // namespace pristine::io
