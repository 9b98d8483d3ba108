// Default model lookup (see model_paths.hpp).
#include "models/model_paths.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace pristine::nn {

namespace fs = std::filesystem;

namespace {

// Directory of the loaded library (dladdr on one of its own functions), for the installed layout.
std::string library_dir() {
    Dl_info dl{};
    if (dladdr(reinterpret_cast<void*>(&library_dir), &dl) == 0 || dl.dli_fname == nullptr) return {};
    std::error_code ec;
    const fs::path lib = fs::weakly_canonical(fs::path(dl.dli_fname), ec);
    return ec ? std::string() : lib.parent_path().string();
}

}  // namespace

std::vector<std::string> default_model_candidates(const char* env, const std::string& file_name,
                                                  const std::string& build_tree_path) {
    std::vector<std::string> c;
    if (const char* v = std::getenv(env); v != nullptr && *v != '\0') c.emplace_back(v);
    const std::string dir = library_dir();
    if (!dir.empty()) c.push_back((fs::path(dir) / ".." / "share" / "pristine" / "models" / file_name).string());
    if (!build_tree_path.empty()) c.push_back(build_tree_path);
    return c;
}

std::string first_existing(const std::vector<std::string>& candidates) noexcept {
    for (const std::string& p : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p;
    }
    return {};
}

std::string joined(const std::vector<std::string>& candidates) {
    std::string s;
    for (const std::string& p : candidates) s += (s.empty() ? "" : ", ") + p;
    return s;
}

}  // namespace pristine::nn
