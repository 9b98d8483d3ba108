// Internal to src/provenance (not installed).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pristine::provenance {

/// Evidence, 0..1, that a JPEG was quantised more coarsely before it was saved with its own tables:
/// its low-frequency luma coefficients fall on the multiples of an earlier, larger step far more often
/// than chance. 0 for a file whose coefficients cannot be read.
float jpeg_requantisation(const std::uint8_t* data, std::size_t size) noexcept;

}  // namespace pristine::provenance
