// The bytes of one fingerprint cache entry: the outcome of reading a file (status, message) and, for a
// file that was read, its header facts and views. Little-endian, fixed order; the cache's format
// version covers this layout. Internal to libpristine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pristine/io/duplicates.hpp"

namespace pristine::fingerprint_blob {

/// The entry bytes of `result` (its path is not part of them).
std::vector<std::uint8_t> encode(const FingerprintResult& result);

/// Reads entry bytes into `out` (status, error, fingerprint; the path is left alone). False when the
/// bytes are no valid entry (truncated, trailing bytes, values out of range).
bool decode(const std::uint8_t* data, std::size_t size, FingerprintResult& out);

}  // namespace pristine::fingerprint_blob
