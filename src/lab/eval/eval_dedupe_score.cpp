// score_dedupe: a dedupe report against a collection's ground truth (definitions in
// docs/dedupe-eval.md). Pairs are counted per report group and per picture, never listed, so a report
// that merges everything into one group is scored as fast as a good one.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "pristine/lab/eval_dedupe_score.hpp"

namespace pristine::eval {

namespace {

std::uint64_t pairs_of(std::uint64_t n) { return n * (n - (n > 0)) / 2; }

std::string normal(const std::string& p) {
    std::string s = std::filesystem::path(p).lexically_normal().generic_string();
    while (s.size() > 2 && s.compare(0, 2, "./") == 0) s.erase(0, 2);
    return s;
}

// Report paths to truth files: by a root prefix, or by the longest trailing part that is a truth path.
class PathMatcher {
public:
    PathMatcher(const DedupeTruth& t, const std::string& root) : root_(root.empty() ? "" : normal(root)) {
        if (!root_.empty() && root_.back() != '/') root_ += '/';
        for (std::size_t i = 0; i < t.files.size(); ++i) index_.emplace(normal(t.files[i].path), i);
    }

    // Truth index, or -1.
    long find(const std::string& report_path) const {
        std::string p = normal(report_path);
        if (!root_.empty()) {
            if (root_ != "./" && p.compare(0, root_.size(), root_) != 0) return -1;
            if (root_ != "./") p.erase(0, root_.size());
            const auto it = index_.find(p);
            return it == index_.end() ? -1 : static_cast<long>(it->second);
        }
        for (std::size_t at = 0;;) {
            const auto it = index_.find(p.substr(at));
            if (it != index_.end()) return static_cast<long>(it->second);
            const std::size_t slash = p.find('/', at);
            if (slash == std::string::npos) return -1;
            at = slash + 1;
        }
    }

private:
    std::string root_;
    std::unordered_map<std::string, std::size_t> index_;
};

// The kind of a false pair between files of two different pictures.
std::string false_kind(const DedupeTruthFile& a, const DedupeTruthFile& b) {
    if (a.role == "broken" || b.role == "broken") return "broken file";
    if (!a.series.empty() && a.series == b.series) return a.kind;
    if (!a.family.empty() && a.family == b.family) return "crops of one photo";
    if (a.kind == "dark" && b.kind == "dark") return "dark + dark";
    return "other: " + std::min(a.kind, b.kind) + " + " + std::max(a.kind, b.kind);
}

template <class T>
void add_example(std::vector<T>& v, T e, std::size_t limit) {
    if (v.size() < limit) v.push_back(std::move(e));
}

bool has_op(const DedupeTruthFile& f, bool (*pred)(const DedupeOp&)) {
    return std::any_of(f.lineage.begin(), f.lineage.end(), pred);
}

// Parent accuracy and ancestor-first pair accuracy over the copies whose truth parent (ancestor) was
// grouped with them.
void score_lineage(DedupeScore& s, const std::vector<DedupeTruthFile>& files, const std::vector<long>& cluster,
                   const std::vector<int>& rank, const std::vector<long>& parent) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < files.size(); ++i) index.emplace(files[i].path, i);
    const auto truth_parent = [&](std::size_t i) -> long {
        const auto it = index.find(files[i].parent);
        return files[i].parent.empty() || it == index.end() ? -1 : static_cast<long>(it->second);
    };
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (cluster[i] < 0) continue;
        int depth = 0;
        for (long a = truth_parent(i); a >= 0; a = truth_parent(static_cast<std::size_t>(a)), ++depth) {
            const auto ua = static_cast<std::size_t>(a);
            if (depth > 64) break;  // a malformed truth with a cycle
            if (cluster[ua] != cluster[i]) continue;
            if (depth == 0) {
                ++s.parent_right.total;
                s.parent_right.hits += parent[i] == a;
                // Files with identical pixels share a rank: which of them a copy came from, or whether a
                // copy identical to its parent came first, nothing in the pixels can tell.
                if (rank[ua] != 0 && rank[ua] != rank[i]) {
                    ++s.parent_class_right.total;
                    s.parent_class_right.hits += parent[i] >= 0 && rank[static_cast<std::size_t>(parent[i])] == rank[ua];
                }
            }
            if (rank[ua] == 0 || rank[i] == 0 || rank[ua] == rank[i]) continue;
            for (DedupeFraction* f : {&s.ancestor_first, depth == 0 ? &s.parent_first : &s.grandparent_first}) {
                ++f->total;
                f->hits += rank[ua] < rank[i];
            }
        }
    }
}

}  // namespace

DedupeScore score_dedupe(const DedupeTruth& truth, const DedupeReport& report, const DedupeScoreOptions& opt) {
    DedupeScore s;
    const std::vector<DedupeTruthFile>& files = truth.files;
    const std::size_t n = files.size();
    s.truth_files = n;
    s.report_files = report.files;
    const PathMatcher match(truth, opt.root);

    // Each truth file's report group (the first one naming it) and each group's kept file; its rank
    // and estimated parent.
    std::vector<long> cluster(n, -1), report_parent(n, -1);
    std::vector<int> report_rank(n, 0);
    std::vector<std::vector<std::size_t>> groups;
    std::vector<long> kept;
    for (const DedupeReportGroup& g : report.groups) {
        std::vector<std::size_t> members;
        long keep = -1;
        int keeps = 0;
        for (const DedupeReportMember& m : g.members) {
            const long i = match.find(m.path);
            keeps += m.keep;
            if (i < 0) {
                ++s.unmatched_paths;
                add_example(s.unmatched_examples, m.path, opt.examples);
                continue;
            }
            if (cluster[static_cast<std::size_t>(i)] >= 0) {
                ++s.files_in_several_groups;
                continue;
            }
            cluster[static_cast<std::size_t>(i)] = static_cast<long>(groups.size());
            report_rank[static_cast<std::size_t>(i)] = m.rank;
            report_parent[static_cast<std::size_t>(i)] = m.parent.empty() ? -1 : match.find(m.parent);
            members.push_back(static_cast<std::size_t>(i));
            if (m.keep && keep < 0) keep = i;
        }
        if (keeps != 1) ++s.groups_without_one_keep;
        if (members.empty()) continue;
        groups.push_back(std::move(members));
        kept.push_back(keep);
    }
    s.report_groups = groups.size();

    // Pictures: their files, by id.
    std::map<std::string, std::vector<std::size_t>> pictures;
    for (std::size_t i = 0; i < n; ++i)
        if (!files[i].picture.empty()) pictures[files[i].picture].push_back(i);
    for (const auto& [id, members] : pictures) s.true_pairs += pairs_of(members.size());

    // Predicted and correct pairs, false pairs by kind, pure and merged groups.
    std::map<std::string, FalsePairKind> false_pairs;
    for (const auto& members : groups) {
        s.predicted_pairs += pairs_of(members.size());
        std::map<std::string, std::vector<std::size_t>> by_picture;  // broken files each on their own
        for (std::size_t i : members) by_picture[files[i].picture.empty() ? "#" + files[i].path : files[i].picture].push_back(i);
        for (const auto& [id, v] : by_picture) s.correct_pairs += id[0] == '#' ? 0 : pairs_of(v.size());
        if (by_picture.size() == 1 && by_picture.begin()->first[0] != '#') {
            ++s.report_groups_pure;
            continue;
        }
        ++s.report_groups_merged;
        for (auto a = by_picture.begin(); a != by_picture.end(); ++a)
            for (auto b = std::next(a); b != by_picture.end(); ++b) {
                const DedupeTruthFile& fa = files[a->second[0]];
                const DedupeTruthFile& fb = files[b->second[0]];
                FalsePairKind& k = false_pairs[false_kind(fa, fb)];
                k.pairs += static_cast<std::uint64_t>(a->second.size()) * b->second.size();
                add_example(k.examples, std::make_pair(fa.path, fb.path), opt.examples);
            }
    }
    s.precision = s.predicted_pairs ? static_cast<double>(s.correct_pairs) / static_cast<double>(s.predicted_pairs) : 1.0;
    s.recall = s.true_pairs ? static_cast<double>(s.correct_pairs) / static_cast<double>(s.true_pairs) : 1.0;
    for (auto& [kind, k] : false_pairs) {
        k.kind = kind;
        s.false_pairs.push_back(std::move(k));
    }
    std::stable_sort(s.false_pairs.begin(), s.false_pairs.end(),
                     [](const FalsePairKind& a, const FalsePairKind& b) { return a.pairs > b.pairs; });

    // Recall per transformation, slice and kind, over the true pairs.
    std::map<std::string, DedupeFraction> by_op, by_slice, by_kind;
    const auto tally = [](DedupeFraction& f, bool hit) {
        ++f.total;
        f.hits += hit;
    };
    const auto count = [&](std::map<std::string, DedupeFraction>& m, const std::string& name, bool found) {
        m[name].name = name;
        tally(m[name], found);
    };
    std::map<std::string, bool> original_present;
    for (const DedupeTruthGroup& g : truth.groups) original_present[g.picture] = g.original_present;
    for (const auto& [id, members] : pictures)
        for (std::size_t x = 0; x < members.size(); ++x)
            for (std::size_t y = x + 1; y < members.size(); ++y) {
                const DedupeTruthFile& a = files[members[x]];
                const DedupeTruthFile& b = files[members[y]];
                const long ca = cluster[members[x]];
                const bool found = ca >= 0 && ca == cluster[members[y]];
                std::set<std::string> ops;
                for (const DedupeOp& op : a.lineage) ops.insert(op.op);
                for (const DedupeOp& op : b.lineage) ops.insert(op.op);
                for (const std::string& op : ops) count(by_op, op, found);
                const auto crop = [](const DedupeOp& op) { return dedupe_is_crop(op.op); };
                const auto turn = [](const DedupeOp& op) {
                    return op.op.compare(0, 6, "rotate") == 0 || op.op == "mirror";
                };
                const auto lossless_turn = [](const DedupeOp& op) {
                    return (op.op.compare(0, 6, "rotate") == 0 || op.op == "mirror") && op.generations == 0;
                };
                const auto lossy_turn = [](const DedupeOp& op) {
                    return (op.op.compare(0, 6, "rotate") == 0 || op.op == "mirror") && op.generations > 0;
                };
                const bool cropped = has_op(a, crop) || has_op(b, crop);
                count(by_slice, cropped ? "lineage includes a crop" : "no crop in either lineage", found);
                if (has_op(a, lossless_turn) || has_op(b, lossless_turn)) count(by_slice, "lossless rotation or mirror", found);
                if (has_op(a, lossy_turn) || has_op(b, lossy_turn)) count(by_slice, "lossy rotation or mirror", found);
                const bool turned = has_op(a, turn) || has_op(b, turn);
                if (!turned) count(by_slice, "no rotation or mirror", found);
                if (!turned && !cropped) count(by_slice, "neither crop nor rotation/mirror", found);
                if (a.lineage.size() >= 2 || b.lineage.size() >= 2) count(by_slice, "copy of a copy (chain)", found);
                const auto op = original_present.find(id);
                if (op != original_present.end() && !op->second) count(by_slice, "original missing", found);
                count(by_kind, a.kind, found);
            }
    for (const std::string& op : dedupe_transformations())
        if (by_op.count(op)) s.by_transformation.push_back(by_op[op]);
    for (const char* name : {"lineage includes a crop", "no crop in either lineage", "lossless rotation or mirror",
                             "lossy rotation or mirror", "no rotation or mirror", "neither crop nor rotation/mirror",
                             "copy of a copy (chain)", "original missing"})
        if (by_slice.count(name)) s.by_slice.push_back(by_slice[name]);
    for (auto& [k, r] : by_kind) s.by_kind.push_back(r);

    // Planted groups: found whole or split, and the best copy kept.
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i) index.emplace(files[i].path, i);
    s.baselines = {{"biggest file"}, {"highest resolution"}};
    s.baselines_found = s.baselines;
    for (const DedupeTruthGroup& g : truth.groups) {
        std::vector<std::size_t> members, best;
        for (const auto& p : g.members)
            if (const auto it = index.find(p); it != index.end()) members.push_back(it->second);
        for (const auto& p : g.best)
            if (const auto it = index.find(p); it != index.end()) best.push_back(it->second);
        if (members.size() < 2 || best.empty()) continue;
        ++s.planted_groups;
        std::map<long, std::size_t> per_cluster;
        for (std::size_t m : members) ++per_cluster[cluster[m]];
        const auto first = per_cluster.begin();
        if (per_cluster.size() == 1 && first->first >= 0) {
            ++s.planted_whole;
            s.planted_exact += groups[static_cast<std::size_t>(first->first)].size() == members.size();
        } else {
            ++s.planted_split;
        }
        bool any_pair = false;
        for (const auto& [c, k] : per_cluster) any_pair = any_pair || (c >= 0 && k >= 2);
        s.planted_missed += !any_pair;

        const auto is_best = [&](long i) { return i >= 0 && std::find(best.begin(), best.end(), static_cast<std::size_t>(i)) != best.end(); };
        // The report is right when a group holding a best copy keeps a best copy.
        long home = -1;
        bool right = false, found = false;
        for (std::size_t b : best) {
            const long c = cluster[b];
            if (c < 0) continue;
            if (home < 0) home = c;
            right = right || is_best(kept[static_cast<std::size_t>(c)]);
            found = found || per_cluster[c] >= 2;
        }
        const auto pick = [&](auto key) {
            std::size_t arg = members[0];
            for (std::size_t m : members)
                if (key(files[m]) > key(files[arg])) arg = m;
            return arg;
        };
        const bool biggest = is_best(static_cast<long>(pick([](const DedupeTruthFile& f) { return f.bytes; })));
        const bool largest = is_best(static_cast<long>(
            pick([](const DedupeTruthFile& f) { return static_cast<std::uint64_t>(f.width) * f.height; })));
        for (const bool only_found : {false, true}) {
            if (only_found && !found) break;
            tally(only_found ? s.best_kept_found : s.best_kept, right);
            std::vector<DedupeFraction>& base = only_found ? s.baselines_found : s.baselines;
            tally(base[0], biggest);
            tally(base[1], largest);
        }
        if (right) continue;
        if (home < 0) {
            ++s.best_not_grouped;
            continue;
        }
        const long k = kept[static_cast<std::size_t>(home)];
        if (k >= 0 && files[static_cast<std::size_t>(k)].picture == g.picture)
            ++s.kept_other_member;
        else
            ++s.kept_other_picture;
        add_example(s.wrong_keep_examples,
                    std::make_pair(k >= 0 ? files[static_cast<std::size_t>(k)].path : std::string("(none)"),
                                   files[best[0]].path),
                    opt.examples);
    }

    score_lineage(s, files, cluster, report_rank, report_parent);

    // Errors.
    std::set<std::size_t> errored;
    for (const DedupeReportError& e : report.errors) {
        ++s.report_errors;
        const long i = match.find(e.path);
        if (i >= 0) errored.insert(static_cast<std::size_t>(i));
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (files[i].role == "broken") {
            ++s.broken_files;
            if (errored.count(i)) ++s.broken_reported;
            else s.broken_missed.push_back(files[i].path);
            s.broken_in_groups += cluster[i] >= 0;
        } else if (errored.count(i)) {
            ++s.errors_on_good_files;
            add_example(s.errors_on_good_examples, files[i].path, opt.examples);
        }
    }
    return s;
}

}  // namespace pristine::eval
