// Groups of copies made by other tools, read from a folder with a manifest (see
// load_group_folder in pristine/lab/eval_scorer.hpp and scripts/make-crosstool-set.sh).
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "pristine/lab/eval_scorer.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval {

std::vector<EvalGroup> load_group_folder(const std::string& folder) {
    namespace fs = std::filesystem;
    const fs::path manifest = fs::path(folder) / "manifest.tsv";
    std::ifstream in(manifest);
    if (!in) throw Error(Status::io_error, "cannot read '" + manifest.string() + "'");
    struct Row {
        std::string file, parent, label, command;
        int line;
    };
    std::map<std::string, std::vector<Row>> by_group;  // ordered by group name: deterministic
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
        if (f.size() < 3 || f.size() > 5 || f[0].empty() || f[1].empty() || f[2].empty())
            throw Error(Status::corrupt_data, manifest.string() + " line " + std::to_string(n) +
                                                  ": expected 'group<TAB>file<TAB>parent<TAB>label[<TAB>command]'");
        by_group[f[0]].push_back({f[1], f[2], f.size() > 3 ? f[3] : std::string(), f.size() > 4 ? f[4] : std::string(), n});
    }
    std::vector<EvalGroup> groups;
    for (auto& [name, rows] : by_group) {
        EvalGroup g;
        g.source = name;
        std::map<std::string, int> index;
        for (const Row& r : rows) {
            if (index.count(r.file))
                throw Error(Status::corrupt_data, manifest.string() + " line " + std::to_string(r.line) + ": file '" +
                                                      r.file + "' listed twice in group '" + name + "'");
            index[r.file] = static_cast<int>(index.size());
        }
        int originals = 0;
        for (const Row& r : rows) {
            EvalCopy c;
            c.bytes = read_file((fs::path(folder) / r.file).string());
            c.recipe = r.command.empty() ? r.label : r.command;
            c.label = r.label;
            if (r.parent == "-") {
                ++originals;
            } else {
                const auto it = index.find(r.parent);
                if (it == index.end())
                    throw Error(Status::corrupt_data, manifest.string() + " line " + std::to_string(r.line) +
                                                          ": parent '" + r.parent + "' is not in group '" + name + "'");
                c.parent = it->second;
            }
            g.copies.push_back(std::move(c));
        }
        if (originals != 1)
            throw Error(Status::corrupt_data,
                        manifest.string() + ": group '" + name + "' must have exactly one original (parent '-')");
        // Generations from the parent links (a cycle would never reach the original: reject it).
        for (std::size_t i = 0; i < g.copies.size(); ++i) {
            int gen = 0;
            for (int p = g.copies[i].parent; p >= 0; p = g.copies[static_cast<std::size_t>(p)].parent)
                if (++gen > static_cast<int>(g.copies.size()))
                    throw Error(Status::corrupt_data, manifest.string() + ": parent links of group '" + name + "' form a cycle");
            g.copies[i].generation = gen;
        }
        // The original first, as in the generated sets.
        for (std::size_t i = 0; i < g.copies.size(); ++i)
            if (g.copies[i].parent < 0 && i != 0) {
                std::swap(g.copies[0], g.copies[i]);
                for (auto& c : g.copies) {
                    if (c.parent == 0) c.parent = static_cast<int>(i);
                    else if (c.parent == static_cast<int>(i)) c.parent = 0;
                }
            }
        groups.push_back(std::move(g));
    }
    return groups;
}

}  // namespace pristine::eval
