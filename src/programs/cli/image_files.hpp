// Image files named on the command line: files as given, folders searched recursively for the
// usual image extensions; sorted, so runs are reproducible.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "pristine/error.hpp"

namespace pristine::cli {

inline std::vector<std::string> image_files(const std::vector<std::string>& inputs) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    for (const auto& d : inputs) {
        std::error_code ec;
        if (fs::is_regular_file(d, ec)) {
            out.push_back(d);
            continue;
        }
        if (!fs::is_directory(d, ec)) throw Error(Status::io_error, "'" + d + "' is neither a file nor a folder");
        for (const auto& e : fs::recursive_directory_iterator(d, fs::directory_options::skip_permission_denied)) {
            if (!e.is_regular_file()) continue;
            std::string ext = e.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".gif" || ext == ".bmp")
                out.push_back(e.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace pristine::cli
