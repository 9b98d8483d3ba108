// Small helpers the evaluation jobs of the lab share (not installed).
#pragma once

#include <cstdint>
#include <string>

#include "pristine/image.hpp"

namespace pristine::eval::detail {

/// The splitmix64 finaliser: a well-mixed 64-bit word from any other.
std::uint64_t splitmix64_finish(std::uint64_t z);

/// splitmix64 over (seed, stream, index): nearby inputs give unrelated generators, so each item of a
/// set draws from its own and the sets do not depend on the thread count.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

/// RGB copy of an 8-bit view of 1..4 channels, alpha composited on white.
Image to_rgb_on_white(const ImageView& v);

/// A whole file as bytes in a string. Throws Error(io_error) naming the file.
std::string read_text_file(const std::string& path);

}  // namespace pristine::eval::detail
