#include "pristine/io/move_duplicates.hpp"

#include <filesystem>

namespace pristine {

namespace {

// The last component of a folder path ("a/b/" and "a/b" give "b"; "/" and "." give "").
std::string last_component(const std::string& folder) {
    std::filesystem::path p = std::filesystem::path(folder).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    const std::string name = p.filename().string();
    return name == "." || name == ".." ? std::string() : name;
}

std::string relative_place(const std::string& path, const std::vector<std::string>& inputs) {
    for (const std::string& input : inputs) {
        if (input.empty()) continue;
        const std::string prefix = input.back() == '/' ? input : input + "/";
        if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0) {
            const std::string name = last_component(input);
            const std::string rest = path.substr(prefix.size());
            return name.empty() ? rest : name + "/" + rest;
        }
    }
    return std::filesystem::path(path).filename().string();
}

}  // namespace

std::vector<MoveRequest> duplicate_moves(const DedupeReport& report, const std::vector<std::string>& inputs) {
    std::vector<MoveRequest> requests;
    for (const DedupeGroup& g : report.groups)
        for (const DedupeMember& m : g.members)
            if (!m.keep && !m.reference) requests.push_back(MoveRequest{m.path, relative_place(m.path, inputs)});
    return requests;
}

}  // namespace pristine
