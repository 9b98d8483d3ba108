// Netpbm P1..P6 decoder (internal). stb_image 2.27 reads only P5/P6, ignores maxval below 255,
// reads 16-bit samples in the wrong byte order and does not notice truncation, so PNM is parsed here.
#pragma once

#include "io/codecs.hpp"

namespace pristine::io {

ImageInfo probe_pnm(const std::uint8_t* data, std::size_t size);
Decoded decode_pnm(const std::uint8_t* data, std::size_t size, const DecodeOptions& options);

}  // namespace pristine::io
