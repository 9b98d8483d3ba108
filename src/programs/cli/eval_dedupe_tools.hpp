// A DedupeCopier that makes the copies of a dedupe test collection with other programs than pristine
// (ImageMagick's convert, cjpeg/djpeg, cwebp/dwebp, gifsicle, pngquant), so that a collection can test
// duplicate finding on other encoders and resamplers. The libraries never run programs; this lives in
// the evaluation command.
#pragma once

#include <memory>
#include <string>

#include "pristine/lab/eval_dedupe.hpp"

namespace pristine::cli {

/// The copier. `convert` is the ImageMagick program to run (Debian: /usr/bin/convert). Throws
/// Error(unavailable) naming a missing tool and the Debian packages that hold it.
std::shared_ptr<const eval::DedupeCopier> make_tool_copier(const std::string& convert);

}  // namespace pristine::cli
