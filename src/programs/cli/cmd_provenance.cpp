// `pristine provenance FILE... [--dot OUT]`: which copy each copy of one picture was made from — the
// derivation tree of the group (docs/provenance.md), one JSON line per file, and optionally the tree
// as Graphviz DOT.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "group_ranking.hpp"
#include "options.hpp"
#include "output.hpp"

namespace pristine::cli {

namespace {

struct ProvenanceOptions {
    Inputs inputs;
    GroupRankingCliOptions ranking;
    std::string dot;
};

// A DOT string literal: quotes and backslashes escaped, a newline as DOT's line break, other control
// characters dropped.
std::string dot_quoted(const std::string& s) {
    std::string q = "\"";
    for (const char ch : s) {
        if (ch == '\n') q += "\\n";
        if (ch == '"' || ch == '\\') q += '\\';
        if (static_cast<unsigned char>(ch) >= 0x20) q += ch;
    }
    return q + "\"";
}

std::string two_places(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << v;
    return s.str();
}

// The tree, parents above their copies: nodes named by file name (the full path in the tooltip),
// the estimated original drawn bold, each edge labelled with its confidence.
std::string tree_dot(const DedupeGroup& g) {
    std::ostringstream out;
    out << "digraph provenance {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n";
    for (std::size_t i = 0; i < g.members.size(); ++i) {
        const DedupeMember& m = g.members[i];
        const std::string name = std::filesystem::path(m.path).filename().string();
        out << "  n" << i << " [label=" << dot_quoted(name + "\n" + std::to_string(m.width) + "x" + std::to_string(m.height) + " " + m.format)
            << ", tooltip=" << dot_quoted(m.path) << (m.parent.empty() ? ", style=bold" : "") << "];\n";
    }
    for (std::size_t i = 0; i < g.members.size(); ++i) {
        const DedupeMember& m = g.members[i];
        if (m.parent.empty()) continue;
        for (std::size_t p = 0; p < g.members.size(); ++p)
            if (g.members[p].path == m.parent)
                out << "  n" << p << " -> n" << i << " [label=" << dot_quoted(two_places(m.parent_confidence)) << "];\n";
    }
    out << "}\n";
    return out.str();
}

void write_dot(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out.is_open()) throw Error(Status::io_error, path + ": cannot create: " + std::strerror(errno));
    out << text;
    out.close();
    if (!out) throw Error(Status::io_error, path + ": cannot write the tree");
}

int run_provenance(const ProvenanceOptions& o) {
    bool failed = false;
    const std::vector<std::string> files = input_files(o.inputs, "provenance", failed);
    if (files.empty()) return k_exit_failed;
    const RankedCopies ranked = rank_group_files(files, o.ranking);
    for (const DedupeMember& m : ranked.group.members)
        write_json_line(Json{{"path", m.path},
                             {"parent", m.parent.empty() ? Json(nullptr) : Json(m.parent)},
                             {"confidence", m.parent_confidence}});
    failed = report_unread(ranked, "provenance") || failed;
    if (!o.dot.empty()) write_dot(o.dot, tree_dot(ranked.group));
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_provenance(CLI::App& sub) {
    auto o = std::make_shared<ProvenanceOptions>();
    add_inputs(sub, o->inputs, "Copies of one picture");
    add_group_ranking_options(sub, o->ranking);
    sub.add_option("--dot", o->dot, "Also write the tree as Graphviz DOT to this file (render: dot -Tsvg OUT)");
    sub.footer("Output: one JSON line per file, the estimated original first: {path, parent, confidence}. parent is\n"
               "the file this copy was most likely made from (null for the estimated original); confidence (0..1)\n"
               "is the probability of that parent among the others (for the original: of coming before the other\n"
               "copies). Files that failed come last as {path, error, status}.\n"
               "Exit code: 0 ok, 1 some file failed, 2 usage error.");
    return [o] { return run_provenance(*o); };
}

}  // namespace pristine::cli
