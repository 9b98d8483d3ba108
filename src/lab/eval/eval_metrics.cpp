// Figures of the scorer evaluation (pristine/lab/eval_scorer.hpp): pair and top-1 accuracy, Spearman
// correlation of the generation-loss series, the naive baselines and the held-out rule.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pristine/lab/eval_scorer.hpp"
#include "pristine/executor.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval {

namespace {

constexpr double k_worst = std::numeric_limits<double>::infinity();

/// Scores of a flat list of files; a file the function throws on scores +inf and is counted.
std::vector<double> score_all(const std::vector<const std::vector<std::uint8_t>*>& files, const ScoreFn& fn,
                              int threads, int& failed) {
    std::vector<double> scores(files.size(), k_worst);
    std::vector<char> bad(files.size(), 0);
    run_for_each(files.size(), BatchOptions{threads, nullptr, nullptr}, [&](std::size_t i) {
        try {
            const double s = fn(*files[i]);
            scores[i] = std::isnan(s) ? k_worst : s;
            if (std::isnan(s)) bad[i] = 1;
        } catch (...) {
            bad[i] = 1;
        }
    });
    failed = static_cast<int>(std::count(bad.begin(), bad.end(), 1));
    return scores;
}

/// 1 when better < worse, 0.5 on a tie, else 0.
double pair_credit(double better, double worse) { return better < worse ? 1.0 : (better == worse ? 0.5 : 0.0); }

std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
        const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k) r[idx[k]] = mean_rank;
        i = j + 1;
    }
    return r;
}

double probe_or_worst(const std::vector<std::uint8_t>& b, double (*f)(const ImageInfo&)) {
    try {
        return f(probe_memory(b.data(), b.size()));
    } catch (const Error&) {
        return k_worst;
    }
}

}  // namespace

std::vector<NamedScoreFn> naive_baselines() {
    return {
        {"larger file wins", [](const std::vector<std::uint8_t>& b) { return -static_cast<double>(b.size()); }},
        {"more pixels wins",
         [](const std::vector<std::uint8_t>& b) {
             return probe_or_worst(b, [](const ImageInfo& i) { return -static_cast<double>(i.width) * i.height; });
         }},
        {"higher JPEG quality wins",
         [](const std::vector<std::uint8_t>& b) {
             return probe_or_worst(b, [](const ImageInfo& i) {
                 if (!i.jpeg || i.jpeg->quality_estimate < 0) return -100.0;  // not JPEG: lossless
                 return -static_cast<double>(i.jpeg->quality_estimate);
             });
         }},
    };
}

bool in_holdout(const std::string& path, double fraction) noexcept {
    const std::size_t slash = path.find_last_of("/\\");
    const std::size_t start = slash == std::string::npos ? 0 : slash + 1;
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (std::size_t i = start; i < path.size(); ++i) {
        h ^= static_cast<unsigned char>(path[i]);
        h *= 0x100000001b3ull;
    }
    return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0) < fraction;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) throw Error(Status::invalid_argument, "spearman: sizes differ");
    if (a.size() < 2) return 0.0;
    const std::vector<double> ra = ranks(a), rb = ranks(b);
    const double n = static_cast<double>(a.size()), mean = (n + 1) / 2;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    if (saa <= 0 || sbb <= 0) return 0.0;
    return sab / std::sqrt(saa * sbb);
}

GroupMetrics evaluate_groups(const std::vector<EvalGroup>& groups, const ScoreFn& fn, int threads) {
    std::vector<const std::vector<std::uint8_t>*> files;
    for (const auto& g : groups)
        for (const auto& c : g.copies) files.push_back(&c.bytes);
    GroupMetrics m;
    const std::vector<double> scores = score_all(files, fn, threads, m.files_failed);
    std::size_t base = 0;
    for (const auto& g : groups) {
        const auto score = [&](std::size_t i) { return scores[base + i]; };
        int original = -1;
        for (std::size_t i = 0; i < g.copies.size(); ++i) {
            const EvalCopy& c = g.copies[i];
            if (c.parent < 0) {
                original = static_cast<int>(i);
                continue;
            }
            const double credit = pair_credit(score(static_cast<std::size_t>(c.parent)), score(i));
            if (credit < 1.0)
                m.misses.push_back({g.source, g.copies[static_cast<std::size_t>(c.parent)].recipe, c.recipe,
                                    score(static_cast<std::size_t>(c.parent)), score(i)});
            m.pairs.correct += credit;
            ++m.pairs.total;
            const std::string kind =
                g.copies[static_cast<std::size_t>(c.parent)].parent < 0 ? "original vs copy" : "copy vs copy of copy";
            for (const std::string& label : {kind, c.label.empty() ? std::string() : "child: " + c.label}) {
                if (label.empty()) continue;
                m.pairs_by_label[label].correct += credit;
                ++m.pairs_by_label[label].total;
            }
        }
        if (original >= 0 && g.copies.size() > 1) {
            const double best = *std::min_element(scores.begin() + static_cast<std::ptrdiff_t>(base),
                                                  scores.begin() + static_cast<std::ptrdiff_t>(base + g.copies.size()));
            int tied = 0;
            for (std::size_t i = 0; i < g.copies.size(); ++i) tied += score(i) == best;
            if (score(static_cast<std::size_t>(original)) == best) m.top1.correct += 1.0 / tied;
            ++m.top1.total;
        }
        base += g.copies.size();
    }
    return m;
}

SeriesMetrics evaluate_series(const std::vector<GenerationSeries>& series, const ScoreFn& fn, int threads) {
    std::vector<const std::vector<std::uint8_t>*> files;
    for (const auto& s : series)
        for (const auto& f : s.files) files.push_back(&f);
    int failed = 0;
    const std::vector<double> scores = score_all(files, fn, threads, failed);
    SeriesMetrics m;
    std::size_t base = 0;
    double sum = 0;
    m.spearman_min = 1.0;
    for (const auto& s : series) {
        std::vector<double> it(s.iterations.begin(), s.iterations.end());
        std::vector<double> sc(scores.begin() + static_cast<std::ptrdiff_t>(base),
                               scores.begin() + static_cast<std::ptrdiff_t>(base + s.files.size()));
        const double rho = spearman(it, sc);
        sum += rho;
        m.spearman_per_image.push_back(rho);
        m.spearman_min = std::min(m.spearman_min, rho);
        for (std::size_t k = 1; k < sc.size(); ++k)
            if (!(sc[k] > sc[k - 1]))
                m.misses.push_back({s.source, "rounds(" + std::to_string(s.iterations[k - 1]) + ")",
                                    "rounds(" + std::to_string(s.iterations[k]) + ")", sc[k - 1], sc[k]});
        if (m.mean_score_delta.size() < sc.size()) m.mean_score_delta.resize(sc.size(), 0.0);
        for (std::size_t k = 0; k < sc.size(); ++k)
            m.mean_score_delta[k] += (std::isfinite(sc[k]) && std::isfinite(sc[0]) ? sc[k] - sc[0] : 0.0) /
                                     static_cast<double>(series.size());
        ++m.images;
        base += s.files.size();
    }
    m.spearman_mean = m.images ? sum / m.images : 0.0;
    if (!m.images) m.spearman_min = 0.0;
    return m;
}

}  // namespace pristine::eval
