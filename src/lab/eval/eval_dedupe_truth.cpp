// The ground truth of a dedupe collection: the best-copy rule and truth.json (write and read).
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "eval_common.hpp"
#include "pristine/lab/eval_dedupe.hpp"

namespace pristine::eval {

namespace {

using Json = nlohmann::ordered_json;

const char* const k_best_rule =
    "fewest lossy generations, then most pixels kept, then lowest severity; every member tied on all three is best";

void put_if(Json& j, const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
}

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw Error(Status::corrupt_data, where + ": " + what);
}

std::string str(const Json& j, const char* key, const std::string& where, bool required = false) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) bad(where, std::string("missing \"") + key + "\"");
        return {};
    }
    if (!it->is_string()) bad(where, std::string("\"") + key + "\" is not a string");
    return it->get<std::string>();
}

template <class T>
T num(const Json& j, const char* key, const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return T{};
    if (!it->is_number()) bad(where, std::string("\"") + key + "\" is not a number");
    return it->get<T>();
}

std::vector<std::string> strings(const Json& j, const char* key, const std::string& where) {
    std::vector<std::string> out;
    const auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_array()) bad(where, std::string("\"") + key + "\" is not a list");
    for (const Json& e : *it) {
        if (!e.is_string()) bad(where, std::string("\"") + key + "\" holds a non-string");
        out.push_back(e.get<std::string>());
    }
    return out;
}

}  // namespace

std::vector<std::size_t> dedupe_best_copies(const std::vector<const DedupeTruthFile*>& members) {
    const auto better = [](const DedupeTruthFile& a, const DedupeTruthFile& b) {
        // -1: a is better, 1: b is better, 0: tied.
        if (a.lossy_generations != b.lossy_generations) return a.lossy_generations < b.lossy_generations ? -1 : 1;
        if (a.pixels_kept != b.pixels_kept) return a.pixels_kept > b.pixels_kept ? -1 : 1;
        if (std::abs(a.severity - b.severity) > 1e-9) return a.severity < b.severity ? -1 : 1;
        return 0;
    };
    std::vector<std::size_t> best;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (best.empty()) {
            best.push_back(i);
            continue;
        }
        const int c = better(*members[i], *members[best[0]]);
        if (c < 0) best.assign(1, i);
        else if (c == 0) best.push_back(i);
    }
    // An original is the reference: when present only it and its exact equals count.
    for (std::size_t i = 0; i < members.size(); ++i)
        if (members[i]->role == "original" && std::find(best.begin(), best.end(), i) == best.end()) {
            std::vector<std::size_t> keep{i};
            for (std::size_t b : best)
                if (better(*members[b], *members[i]) == 0) keep.push_back(b);
            std::sort(keep.begin(), keep.end());
            return keep;
        }
    return best;
}

std::string dedupe_truth_json(const DedupeTruth& t) {
    Json j;
    j["version"] = t.version;
    j["copies_by"] = t.copies_by;
    j["seed"] = t.seed;
    std::size_t broken = 0, distinct = 0;
    for (const auto& f : t.files) {
        broken += f.role == "broken";
        distinct += f.role == "distinct";
    }
    j["counts"] = {{"files", t.files.size()}, {"groups", t.groups.size()}, {"distinct", distinct},
                   {"broken", broken}, {"series", t.series.size()}};
    j["best_rule"] = k_best_rule;
    j["transformations"] = dedupe_transformations();
    j["sources"] = t.sources;
    Json files = Json::array();
    for (const DedupeTruthFile& f : t.files) {
        Json e;
        e["path"] = f.path;
        e["picture"] = f.picture.empty() ? Json(nullptr) : Json(f.picture);
        e["role"] = f.role;
        put_if(e, "kind", f.kind);
        put_if(e, "family", f.family);
        put_if(e, "series", f.series);
        put_if(e, "source", f.source);
        put_if(e, "parent", f.parent);
        put_if(e, "encoding", f.encoding);
        put_if(e, "format", f.format);
        e["width"] = f.width;
        e["height"] = f.height;
        e["bytes"] = f.bytes;
        if (f.role == "broken") {
            e["broken"] = f.broken;
        } else {
            e["lossy_generations"] = f.lossy_generations;
            e["pixels_kept"] = f.pixels_kept;
            e["severity"] = std::round(f.severity * 1e6) / 1e6;
            Json lineage = Json::array();
            for (const DedupeOp& op : f.lineage) {
                Json l;
                l["op"] = op.op;
                l["params"] = op.params_json.empty() ? Json::object() : Json::parse(op.params_json);
                l["how"] = op.how;
                l["generations"] = op.generations;
                l["severity"] = std::round(op.severity * 1e6) / 1e6;
                lineage.push_back(std::move(l));
            }
            e["lineage"] = std::move(lineage);
        }
        files.push_back(std::move(e));
    }
    j["files"] = std::move(files);
    Json groups = Json::array();
    for (const DedupeTruthGroup& g : t.groups)
        groups.push_back({{"picture", g.picture}, {"kind", g.kind}, {"original_present", g.original_present},
                          {"members", g.members}, {"best", g.best}});
    j["groups"] = std::move(groups);
    Json series = Json::array();
    for (const DedupeSeries& s : t.series) series.push_back({{"id", s.id}, {"kind", s.kind}, {"pictures", s.pictures}});
    j["series"] = std::move(series);
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

DedupeTruth parse_dedupe_truth(const std::string& text, const std::string& where) {
    const Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) bad(where, "not a JSON object");
    DedupeTruth t;
    t.version = num<int>(j, "version", where);
    if (t.version != 1) bad(where, "unsupported version " + std::to_string(t.version) + " (expected 1)");
    t.copies_by = str(j, "copies_by", where);
    t.seed = num<std::uint64_t>(j, "seed", where);
    t.sources = strings(j, "sources", where);
    const auto files = j.find("files");
    if (files == j.end() || !files->is_array()) bad(where, "missing \"files\" list");
    for (const Json& e : *files) {
        if (!e.is_object()) bad(where, "a file entry is not an object");
        DedupeTruthFile f;
        f.path = str(e, "path", where, true);
        const std::string at = where + ": " + f.path;
        f.picture = str(e, "picture", at);
        f.role = str(e, "role", at, true);
        f.kind = str(e, "kind", at);
        f.family = str(e, "family", at);
        f.series = str(e, "series", at);
        f.source = str(e, "source", at);
        f.parent = str(e, "parent", at);
        f.encoding = str(e, "encoding", at);
        f.format = str(e, "format", at);
        f.width = num<int>(e, "width", at);
        f.height = num<int>(e, "height", at);
        f.bytes = num<std::uint64_t>(e, "bytes", at);
        f.lossy_generations = num<int>(e, "lossy_generations", at);
        f.pixels_kept = num<std::uint64_t>(e, "pixels_kept", at);
        f.severity = num<double>(e, "severity", at);
        f.broken = str(e, "broken", at);
        if (f.picture.empty() && f.role != "broken") bad(at, "no picture id");
        if (const auto l = e.find("lineage"); l != e.end()) {
            if (!l->is_array()) bad(at, "\"lineage\" is not a list");
            for (const Json& s : *l) {
                DedupeOp op;
                op.op = str(s, "op", at, true);
                if (const auto p = s.find("params"); p != s.end()) op.params_json = p->dump();
                op.how = str(s, "how", at);
                op.generations = num<int>(s, "generations", at);
                op.severity = num<double>(s, "severity", at);
                f.lineage.push_back(std::move(op));
            }
        }
        t.files.push_back(std::move(f));
    }
    if (const auto g = j.find("groups"); g != j.end()) {
        if (!g->is_array()) bad(where, "\"groups\" is not a list");
        for (const Json& e : *g) {
            DedupeTruthGroup gr;
            gr.picture = str(e, "picture", where, true);
            gr.kind = str(e, "kind", where);
            gr.original_present = e.value("original_present", true);
            gr.members = strings(e, "members", where);
            gr.best = strings(e, "best", where);
            if (gr.members.size() < 2 || gr.best.empty()) bad(where, "group " + gr.picture + " needs 2 members and a best");
            t.groups.push_back(std::move(gr));
        }
    }
    if (const auto s = j.find("series"); s != j.end() && s->is_array())
        for (const Json& e : *s) t.series.push_back({str(e, "id", where), str(e, "kind", where), strings(e, "pictures", where)});
    return t;
}

DedupeTruth read_dedupe_truth(const std::string& path) {
    return parse_dedupe_truth(detail::read_text_file(path), path);
}

}  // namespace pristine::eval
