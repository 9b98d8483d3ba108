// Dedupe reports in (the JSON of `pristine dedupe --out`) and scores out (markdown tables and JSON).
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "eval_common.hpp"
#include "pristine/lab/eval_dedupe_score.hpp"

namespace pristine::eval {

namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw Error(Status::corrupt_data, where + ": " + what);
}

std::string text(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string fixed(double v, int digits = 3) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string pct(double v) { return fixed(100.0 * v, 1) + " %"; }

std::string code(const std::string& s) { return "`" + s + "`"; }

Json recalls(const std::vector<DedupeFraction>& v) {
    Json a = Json::array();
    for (const auto& r : v) a.push_back({{"name", r.name}, {"pairs", r.total}, {"found", r.hits}, {"recall", r.value()}});
    return a;
}

Json best(const DedupeFraction& b) {
    return {{"name", b.name}, {"right", b.hits}, {"groups", b.total}, {"fraction", b.value()}};
}

void recall_table(std::ostringstream& out, const char* title, const char* column, const std::vector<DedupeFraction>& v) {
    out << "\n### " << title << "\n\n| " << column << " | true pairs | found | recall |\n|---|---:|---:|---:|\n";
    for (const auto& r : v) out << "| " << r.name << " | " << r.total << " | " << r.hits << " | " << fixed(r.value()) << " |\n";
}

}  // namespace

DedupeReport parse_dedupe_report(const std::string& body, const std::string& where) {
    const Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) bad(where, "not a JSON object");
    DedupeReport r;
    if (const auto v = j.find("version"); v != j.end() && v->is_number_integer()) r.version = v->get<int>();
    if (r.version != 1) bad(where, "unsupported report version " + std::to_string(r.version) + " (expected 1)");
    if (const auto f = j.find("files"); f != j.end() && f->is_number_unsigned()) r.files = f->get<std::uint64_t>();
    if (const auto e = j.find("errors"); e != j.end()) {
        if (!e->is_array()) bad(where, "\"errors\" is not a list");
        for (const Json& x : *e) {
            if (!x.is_object()) bad(where, "an error entry is not an object");
            r.errors.push_back({text(x, "path"), text(x, "error"), text(x, "status")});
        }
    }
    const auto g = j.find("groups");
    if (g == j.end() || !g->is_array()) bad(where, "missing \"groups\" list");
    for (const Json& x : *g) {
        const auto m = x.find("members");
        if (!x.is_object() || m == x.end() || !m->is_array())
            bad(where, "group " + std::to_string(r.groups.size()) + " has no \"members\" list");
        DedupeReportGroup group;
        group.reason = text(x, "reason");
        for (const Json& y : *m) {
            const auto p = y.find("path");
            if (!y.is_object() || p == y.end() || !p->is_string())
                bad(where, "a member of group " + std::to_string(r.groups.size()) + " has no \"path\"");
            const auto k = y.find("keep");
            const auto rank = y.find("rank");
            const auto parent = y.find("parent");
            group.members.push_back({p->get<std::string>(), k != y.end() && k->is_boolean() && k->get<bool>(),
                                     rank != y.end() && rank->is_number_integer() ? rank->get<int>() : 0,
                                     parent != y.end() && parent->is_string() ? parent->get<std::string>() : std::string()});
        }
        r.groups.push_back(std::move(group));
    }
    return r;
}

DedupeReport read_dedupe_report(const std::string& path) {
    return parse_dedupe_report(detail::read_text_file(path), path);
}

std::string dedupe_score_markdown(const DedupeScore& s) {
    std::ostringstream out;
    out << "## Dedupe evaluation\n\n"
        << "Truth: " << s.truth_files << " files, " << s.planted_groups << " planted groups, " << s.broken_files
        << " broken files. Report: " << s.report_files << " files considered, " << s.report_groups << " groups, "
        << s.report_errors << " errors.";
    if (s.unmatched_paths) {
        out << " **" << s.unmatched_paths << " report paths match no truth file** (e.g.";
        for (const auto& p : s.unmatched_examples) out << ' ' << code(p);
        out << "; give --root?).";
    }
    if (s.files_in_several_groups) out << ' ' << s.files_in_several_groups << " files are in more than one group (the first counts).";
    out << "\n\n| pairs | value |\n|---|---:|\n"
        << "| precision | **" << fixed(s.precision, 4) << "** (" << s.correct_pairs << " / " << s.predicted_pairs << ") |\n"
        << "| recall | **" << fixed(s.recall, 4) << "** (" << s.correct_pairs << " / " << s.true_pairs << ") |\n";

    recall_table(out, "Recall per transformation (a pair counts when either file's lineage has it)", "transformation",
                 s.by_transformation);
    recall_table(out, "Recall by slice", "slice", s.by_slice);
    recall_table(out, "Recall by picture kind", "kind", s.by_kind);

    out << "\n### Best copy kept\n\n| rule | all planted groups | groups found |\n|---|---:|---:|\n";
    const auto row = [&](const DedupeFraction& all, const DedupeFraction& found) {
        out << "| " << all.name << " | " << pct(all.value()) << " (" << all.hits << " / " << all.total << ") | "
            << pct(found.value()) << " (" << found.hits << " / " << found.total << ") |\n";
    };
    row(s.best_kept, s.best_kept_found);
    for (std::size_t i = 0; i < s.baselines.size() && i < s.baselines_found.size(); ++i) row(s.baselines[i], s.baselines_found[i]);
    out << "\nNot right: " << s.best_not_grouped << " best copies in no group, " << s.kept_other_member
        << " groups kept another copy, " << s.kept_other_picture << " kept another picture (or nothing).\n";
    if (!s.wrong_keep_examples.empty()) {
        out << "Examples (kept → best):";
        for (const auto& [k, b] : s.wrong_keep_examples) out << ' ' << code(k) << " → " << code(b) << ';';
        out << '\n';
    }

    out << "\n### Lineage (copies whose parent or ancestor is in their report group)\n\n| measure | value |\n|---|---:|\n";
    for (const DedupeFraction* f : {&s.parent_right, &s.parent_class_right, &s.ancestor_first, &s.parent_first, &s.grandparent_first})
        out << "| " << f->name << " | " << pct(f->value()) << " (" << f->hits << " / " << f->total << ") |\n";

    out << "\n### False pairs by kind\n\n";
    if (s.false_pairs.empty()) {
        out << "None.\n";
    } else {
        out << "| kind | pairs | examples |\n|---|---:|---|\n";
        for (const auto& k : s.false_pairs) {
            out << "| " << k.kind << " | " << k.pairs << " |";
            for (const auto& [a, b] : k.examples) out << ' ' << code(a) << " + " << code(b) << ';';
            out << " |\n";
        }
    }

    out << "\n### Groups\n\n| planted groups | found exactly | found whole | split | missed |\n|---:|---:|---:|---:|---:|\n| "
        << s.planted_groups << " | " << s.planted_exact << " | " << s.planted_whole << " | " << s.planted_split << " | "
        << s.planted_missed << " |\n\nReport groups: " << s.report_groups << " (" << s.report_groups_pure
        << " of one picture, " << s.report_groups_merged << " merged)";
    if (s.groups_without_one_keep) out << "; " << s.groups_without_one_keep << " without exactly one kept file";
    out << ".\n\n### Errors\n\nBroken files: " << s.broken_files << ", reported " << s.broken_reported << ", in groups "
        << s.broken_in_groups << '.';
    if (!s.broken_missed.empty()) {
        out << " Not reported:";
        for (const auto& p : s.broken_missed) out << ' ' << code(p);
        out << '.';
    }
    out << " Readable files reported as errors: " << s.errors_on_good_files;
    if (!s.errors_on_good_examples.empty()) {
        out << " (e.g.";
        for (const auto& p : s.errors_on_good_examples) out << ' ' << code(p);
        out << ')';
    }
    out << ".\n";
    return out.str();
}

std::string dedupe_score_json(const DedupeScore& s) {
    Json j;
    j["pairs"] = {{"true", s.true_pairs}, {"predicted", s.predicted_pairs}, {"correct", s.correct_pairs},
                  {"precision", s.precision}, {"recall", s.recall}};
    j["recall_by_transformation"] = recalls(s.by_transformation);
    j["recall_by_slice"] = recalls(s.by_slice);
    j["recall_by_kind"] = recalls(s.by_kind);
    Json fp = Json::array();
    for (const auto& k : s.false_pairs) {
        Json ex = Json::array();
        for (const auto& [a, b] : k.examples) ex.push_back({a, b});
        fp.push_back({{"kind", k.kind}, {"pairs", k.pairs}, {"examples", ex}});
    }
    j["false_pairs"] = fp;
    Json base = Json::array(), base_found = Json::array();
    for (const auto& b : s.baselines) base.push_back(best(b));
    for (const auto& b : s.baselines_found) base_found.push_back(best(b));
    Json wrong = Json::array();
    for (const auto& [k, b] : s.wrong_keep_examples) wrong.push_back({{"kept", k}, {"best", b}});
    j["best_copy"] = {{"planted_groups", s.planted_groups},
                      {"report", best(s.best_kept)},
                      {"baselines", base},
                      {"report_groups_found", best(s.best_kept_found)},
                      {"baselines_groups_found", base_found},
                      {"best_not_grouped", s.best_not_grouped},
                      {"kept_other_member", s.kept_other_member},
                      {"kept_other_picture", s.kept_other_picture},
                      {"wrong_examples", wrong}};
    j["lineage"] = {{"parent", best(s.parent_right)},
                    {"parent_up_to_identical", best(s.parent_class_right)},
                    {"ancestor_first", best(s.ancestor_first)},
                    {"parent_first", best(s.parent_first)},
                    {"grandparent_first", best(s.grandparent_first)}};
    j["groups"] = {{"report", s.report_groups},           {"report_pure", s.report_groups_pure},
                   {"report_merged", s.report_groups_merged}, {"without_one_keep", s.groups_without_one_keep},
                   {"planted", s.planted_groups},          {"planted_exact", s.planted_exact},
                   {"planted_whole", s.planted_whole},     {"planted_split", s.planted_split},
                   {"planted_missed", s.planted_missed}};
    j["errors"] = {{"broken_files", s.broken_files},
                   {"broken_reported", s.broken_reported},
                   {"broken_in_groups", s.broken_in_groups},
                   {"broken_missed", s.broken_missed},
                   {"report_errors", s.report_errors},
                   {"errors_on_good_files", s.errors_on_good_files},
                   {"errors_on_good_examples", s.errors_on_good_examples}};
    j["paths"] = {{"report_files", s.report_files},
                  {"truth_files", s.truth_files},
                  {"unmatched", s.unmatched_paths},
                  {"unmatched_examples", s.unmatched_examples},
                  {"files_in_several_groups", s.files_in_several_groups}};
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace pristine::eval
