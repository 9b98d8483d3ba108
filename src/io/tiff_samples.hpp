// TIFF samples of any depth libtiff hands over, reduced to 8 bits. Internal to libpristine (tiff.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pristine::io::tiff {

enum class SampleKind { unsigned_int, signed_int, floating };

/// Whether samples of `bits` bits of this kind can be read: unsigned 1, 2, 4, 8, 16, 32; signed 8, 16, 32;
/// floating 16 (half), 32, 64.
bool supported(int bits, SampleKind kind) noexcept;

/// Converts `count` samples starting at `src` (1, 2 and 4 bits packed from the high bit; wider samples
/// in native byte order, as libtiff returns them) to 8 bits in `dst`: unsigned samples scaled from
/// their full range with rounding, signed ones from 0..max (negative values are 0), floating ones from
/// 0..1 (clamped; NaN is 0). With `raw`, unsigned samples of at most 8 bits are copied unscaled
/// (palette indices). The combination must be supported().
void to_8bit(const std::uint8_t* src, int bits, SampleKind kind, std::size_t count, bool raw,
             std::uint8_t* dst) noexcept;

}  // namespace pristine::io::tiff
