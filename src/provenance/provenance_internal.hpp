// Internal to src/provenance (not installed).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "pristine/io/provenance.hpp"

namespace pristine::provenance {

/// Reads a JPEG's quantised luma coefficients and steps. False (and `out` empty) for a file whose
/// coefficients cannot be read.
bool read_jpeg_luma(const std::uint8_t* data, std::size_t size, JpegLuma& out) noexcept;

/// The quantised luma coefficients libjpeg's encoder makes of a grey picture (rows of `width` bytes)
/// with `steps` (natural order) as its table: its integer DCT and rounding, as every libjpeg-based
/// tool quantises. False (and `out` empty) when libjpeg fails.
bool quantise_luma(const std::uint8_t* grey, int width, int height, const std::array<std::uint16_t, 64>& steps, JpegLuma& out) noexcept;

/// Evidence, 0..1, that a JPEG was quantised more coarsely before it was saved with its own tables:
/// its low-frequency luma coefficients fall on the multiples of an earlier, larger step far more often
/// than chance. 0 without coefficients.
float jpeg_requantisation(const JpegLuma& luma) noexcept;

}  // namespace pristine::provenance
