// Group ranking against the true derivation trees (pristine/lab/eval_trees.hpp).
#include "pristine/lab/eval_trees.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>

#include "pristine/error.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval {

namespace {

namespace fs = std::filesystem;

// Places from scores: lower first, equal scores share a place.
std::vector<int> places(const std::vector<double>& scores) {
    std::vector<std::size_t> idx(scores.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    std::vector<int> out(scores.size(), 0);
    for (std::size_t i = 0; i < idx.size(); ++i)
        out[idx[i]] = i > 0 && scores[idx[i]] == scores[idx[i - 1]] ? out[idx[i - 1]] : static_cast<int>(i);
    return out;
}

// A deterministic shuffle (std::shuffle's draws differ between standard libraries).
std::vector<std::size_t> shuffled(std::size_t n, std::uint64_t seed) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    return order;
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw Error(Status::io_error, "evaluate_trees: cannot write '" + path + "'");
}

double credit(int better, int worse) { return better < worse ? 1.0 : (better == worse ? 0.5 : 0.0); }

// Scores one group's ranking (indices are the group's copies) into m.
void score_group(const EvalGroup& g, const GroupRanking& r, TreeMetrics& m) {
    const std::size_t n = g.copies.size();
    for (std::size_t d = 0; d < n; ++d) {
        int depth = 1;
        for (int a = g.copies[d].parent; a >= 0; a = g.copies[static_cast<std::size_t>(a)].parent, ++depth) {
            const double c = credit(r.position[static_cast<std::size_t>(a)], r.position[d]);
            const char* kind = depth >= 2                                                ? "2+ generations apart"
                               : g.copies[static_cast<std::size_t>(a)].parent < 0 ? "original vs copy"
                                                                                        : "copy vs copy of copy";
            for (Accuracy* acc : {&m.pairs, &m.pairs_by_kind[kind]}) acc->correct += c, ++acc->total;
        }
        if (g.copies[d].parent >= 0 && !r.parent.empty()) {
            m.parent.correct += r.parent[d] == g.copies[d].parent ? 1.0 : 0.0;
            ++m.parent.total;
        }
    }
    for (std::size_t o = 0; o < n; ++o) {
        if (g.copies[o].parent >= 0) continue;
        const int best = *std::min_element(r.position.begin(), r.position.end());
        const auto sharing = std::count(r.position.begin(), r.position.end(), best);
        m.top1.correct += r.position[o] == best ? 1.0 / static_cast<double>(sharing) : 0.0;
        ++m.top1.total;
    }
}

// Everything wrong: what a group the ranking failed on counts.
void score_failed(const EvalGroup& g, TreeMetrics& m) {
    GroupRanking worst;  // every descendant placed before each of its ancestors
    for (const EvalCopy& c : g.copies) worst.position.push_back(-c.generation);
    worst.parent.assign(g.copies.size(), -2);
    score_group(g, worst, m);
    ++m.groups_failed;
}

}  // namespace

NamedRankGroupFn ranking_by_scores(const NamedScoreFn& fn) {
    const ScoreFn score = fn.score;
    return {fn.name, [score](const std::vector<std::string>& paths) {
                GroupRanking r;
                std::vector<double> scores;
                for (const std::string& p : paths) {
                    double s = std::numeric_limits<double>::infinity();
                    try {
                        s = score(read_file(p));
                        if (std::isnan(s)) s = std::numeric_limits<double>::infinity();
                    } catch (const Error&) {  // placed last, as the per-file evaluation scores it
                    }
                    scores.push_back(s);
                }
                r.position = places(scores);
                return r;
            }};
}

TreeMetrics evaluate_trees(const std::vector<EvalGroup>& groups, const RankGroupFn& rank, const std::string& scratch,
                           std::uint64_t seed) {
    TreeMetrics m;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        const EvalGroup& g = groups[gi];
        const fs::path folder = fs::path(scratch.empty() ? fs::temp_directory_path().string() : scratch) /
                                ("pristine-eval-trees-" + std::to_string(seed) + "-" + std::to_string(gi));
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec) throw Error(Status::io_error, "evaluate_trees: cannot create '" + folder.string() + "': " + ec.message());
        // File k of the folder holds copy order[k].
        const std::vector<std::size_t> order = shuffled(g.copies.size(), seed * 0x9E3779B97F4A7C15ull + gi);
        std::vector<std::string> paths;
        for (std::size_t k = 0; k < order.size(); ++k) {
            paths.push_back((folder / ("file-" + std::to_string(k))).string());
            write_bytes(paths.back(), g.copies[order[k]].bytes);
        }
        try {
            const GroupRanking got = rank(paths);
            if (got.position.size() != paths.size() || (!got.parent.empty() && got.parent.size() != paths.size()))
                throw Error(Status::invalid_argument, "the ranking does not cover the group");
            for (const int p : got.parent)
                if (p >= static_cast<int>(paths.size())) throw Error(Status::invalid_argument, "a parent names no file");
            GroupRanking r;  // in the group's order
            r.position.assign(paths.size(), 0);
            if (!got.parent.empty()) r.parent.assign(paths.size(), -1);
            for (std::size_t k = 0; k < order.size(); ++k) {
                r.position[order[k]] = got.position[k];
                if (!got.parent.empty())
                    r.parent[order[k]] = got.parent[k] < 0 ? -1 : static_cast<int>(order[static_cast<std::size_t>(got.parent[k])]);
            }
            score_group(g, r, m);
        } catch (const Error&) {
            score_failed(g, m);
        }
        fs::remove_all(folder, ec);
    }
    return m;
}

}  // namespace pristine::eval
