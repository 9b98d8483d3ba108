// Where a default model file is looked for: an environment variable, the installed layout next to the
// loaded library, the source tree of a build. Shared by the scorer and the embedder.
#pragma once

#include <string>
#include <vector>

namespace pristine::nn {

/// The places to try, in order: `$env` when set and not empty; `<directory of libpristine_models>/../
/// share/pristine/models/<file_name>`; `build_tree_path` when not empty.
std::vector<std::string> default_model_candidates(const char* env, const std::string& file_name,
                                                  const std::string& build_tree_path);

/// The first candidate that is a regular file, or "". Never throws.
std::string first_existing(const std::vector<std::string>& candidates) noexcept;

/// "a, b, c" — for the message listing the places tried.
std::string joined(const std::vector<std::string>& candidates);

}  // namespace pristine::nn
