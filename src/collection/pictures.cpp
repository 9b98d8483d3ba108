// "The files of one picture": picture_key and one_file_per_picture (see pristine/io/collection.hpp).
#include <cstdint>
#include <filesystem>
#include <map>
#include <utility>

#include "pristine/io/collection.hpp"

namespace pristine {

namespace fs = std::filesystem;

std::string picture_key(const std::string& path) {
    const fs::path p(path);
    // Wallpaper packages hold one picture in many sizes (NAME/contents/images/WxH.ext, images_dark/...).
    fs::path key;
    for (const fs::path& part : p) {
        if (part == "contents") return key.string();
        key /= part;
    }
    // GNOME ships NAME-l / NAME-d light and dark variants.
    std::string stem = p.stem().string();
    for (const char* suffix : {"-l", "-d", "-day", "-night", "-light", "-dark"}) {
        const std::string s(suffix);
        if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) {
            stem.resize(stem.size() - s.size());
            break;
        }
    }
    return (p.parent_path() / stem).string();
}

std::vector<PictureFile> one_file_per_picture(const std::vector<std::string>& files) {
    std::map<std::string, std::pair<std::uintmax_t, std::string>> best;  // key -> (size, path)
    for (const std::string& f : files) {
        std::error_code ec;
        std::uintmax_t size = fs::file_size(f, ec);
        if (ec) size = 0;
        auto& slot = best[picture_key(f)];
        if (slot.second.empty() || size > slot.first) slot = {size, f};
    }
    std::vector<PictureFile> out;
    out.reserve(best.size());
    for (auto& [key, v] : best) out.push_back({key, std::move(v.second)});
    return out;
}

}  // namespace pristine
