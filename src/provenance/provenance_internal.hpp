// Internal to src/provenance (not installed).
#pragma once

#include <cstddef>
#include <cstdint>

#include "pristine/io/provenance.hpp"

namespace pristine::provenance {

/// Reads a JPEG's quantised luma coefficients and steps. False (and `out` empty) for a file whose
/// coefficients cannot be read.
bool read_jpeg_luma(const std::uint8_t* data, std::size_t size, JpegLuma& out) noexcept;

/// Evidence, 0..1, that a JPEG was quantised more coarsely before it was saved with its own tables:
/// its low-frequency luma coefficients fall on the multiples of an earlier, larger step far more often
/// than chance. 0 without coefficients.
float jpeg_requantisation(const JpegLuma& luma) noexcept;

}  // namespace pristine::provenance
