// What the embedder feeds its network: a picture decoded at the smallest JPEG DCT scale that still
// covers the input size, composited on white, fitted and resized to the input, scaled and normalised
// into a 3 × height × width float tensor (RGB planes). Torch-free.
#pragma once

#include <vector>

#include "pristine/image.hpp"
#include "pristine/image_source.hpp"
#include "pristine/models/embedder.hpp"

namespace pristine::nn {

/// Decodes a source as 8-bit RGB (EXIF orientation applied), a JPEG at the largest DCT reduction whose
/// smaller side still reaches the input's larger side. Pixel sources are converted, not copied, when
/// they are RGB already. Throws the decoders' errors.
Image decode_for_embedder(const ImageSource& source, const EmbedderInput& input);

/// The 3 × input.height × input.width planes (RGB) of an 8-bit picture (1..4 channels; alpha
/// composited on white), fitted and resized as `input` says, then value = (p · scale − mean) / std.
/// Throws Error(invalid_argument) for a bad view.
std::vector<float> embedder_tensor(const ImageView& image, const EmbedderInput& input);

}  // namespace pristine::nn
