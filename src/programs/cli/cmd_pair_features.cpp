// `pristine pair-features --groups LIST`: the pair features of the provenance model for every pair
// of copies in each group of a list, for training the model (scripts/train_rank_pairs.py).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/executor.hpp"
#include "pristine/io/duplicates.hpp"
#include "pristine/io/provenance.hpp"

namespace pristine::cli {

namespace {

struct PairFeatureOptions {
    std::string groups;
    int threads = 0;
};

struct Row {
    std::string group;
    double score = NAN;
    std::string path;
};

// Identical pixels up to a rotation or flip.
bool identical_pixels(const Image& a, const Image& b) {
    if (std::uint64_t(a.width()) * a.height() != std::uint64_t(b.width()) * b.height() || a.channels() != b.channels()) return false;
    for (int t = 0; t < 8; ++t) {
        const Image turned = transform_dihedral(a.view(), static_cast<Dihedral>(t));
        if (turned.width() == b.width() && turned.height() == b.height() &&
            std::equal(turned.data(), turned.data() + turned.size_bytes(), b.data()))
            return true;
    }
    return false;
}

int run_pair_features(const PairFeatureOptions& o) {
    std::ifstream in(o.groups);
    if (!in) {
        report_failure("pair-features", o.groups, o.groups + ": cannot read the group list", Status::io_error);
        return k_exit_failed;
    }
    std::vector<Row> rows;
    for (std::string line; std::getline(in, line);) {
        const std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
        if (t1 == std::string::npos || t2 == std::string::npos) continue;
        Row r{line.substr(0, t1), std::strtod(line.substr(t1 + 1, t2 - t1 - 1).c_str(), nullptr), line.substr(t2 + 1)};
        rows.push_back(std::move(r));
    }
    // Groups of consecutive rows; each group's files are read together (the identical-pixel column
    // compares their pixels), groups on all threads.
    std::vector<std::pair<std::size_t, std::size_t>> groups;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        while (j < rows.size() && rows[j].group == rows[i].group) ++j;
        groups.emplace_back(i, j);
        i = j;
    }
    std::vector<std::string> out(groups.size()), errors(rows.size());
    BatchOptions b;
    b.threads = o.threads;
    run_for_each(groups.size(), b, [&](std::size_t gi) {
        const auto [first, last] = groups[gi];
        std::vector<std::optional<ReadCopy>> copies(last - first);
        for (std::size_t i = first; i < last; ++i) {
            try {
                copies[i - first] = read_copy(rows[i].path);
            } catch (const Error& e) {
                errors[i] = e.what();
            }
        }
        // The pixel comparison of every two copies, aligned by their fingerprints as the dedupe job
        // aligns them (one thread: the groups already run on all of them).
        const std::size_t k = last - first;
        std::vector<Fingerprint> prints(k);
        std::vector<const Fingerprint*> print_of(k, nullptr);
        std::vector<const CopyPixels*> pixels_of(k, nullptr);
        std::vector<std::size_t> classes(k);
        for (std::size_t m = 0; m < k; ++m) {
            classes[m] = m;
            if (!copies[m]) continue;
            pixels_of[m] = &copies[m]->pixels;
            try {
                prints[m] = fingerprint_file(rows[first + m].path);
                print_of[m] = &prints[m];
            } catch (const Error&) {
                // no pixel comparison for this copy; read_copy read it, so it is reported nowhere else
            }
        }
        const std::vector<DirectionalEvidence> compared = group_directional_evidence(print_of, pixels_of, classes, MatchOptions{}, 1);
        char buf[64];
        for (std::size_t i = first; i < last; ++i)
            for (std::size_t j = i + 1; j < last; ++j) {
                const auto &ci = copies[i - first], &cj = copies[j - first];
                if (!ci || !cj) continue;
                const bool scored = std::isfinite(rows[i].score) && std::isfinite(rows[j].score);
                const bool identical = identical_pixels(ci->decoded.image, cj->decoded.image);
                const auto f = pair_features(ci->evidence, rows[i].score, cj->evidence, rows[j].score, scored,
                                             identical ? DirectionalEvidence{} : compared[(i - first) * k + (j - first)]);
                std::string& s = out[gi];
                s += rows[i].group + "\t" + rows[i].path + "\t" + rows[j].path + "\t" + (identical ? "1" : "0");
                for (double x : f) std::snprintf(buf, sizeof buf, "\t%.6g", x), s += buf;
                s += "\n";
            }
    });
    bool failed = false;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (!errors[i].empty()) report_failure("pair-features", rows[i].path, errors[i], Status::corrupt_data), failed = true;
    std::printf("group\ta\tb\tidentical");
    for (const char* n : pair_feature_names()) std::printf("\t%s", n);
    std::printf("\n");
    for (const std::string& s : out) std::fputs(s.c_str(), stdout);
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_pair_features(CLI::App& sub) {
    auto o = std::make_shared<PairFeatureOptions>();
    sub.add_option("--groups", o->groups, "Tab-separated lines: group, score (nan = none), path; a group's lines together")
        ->required();
    add_threads_option(sub, o->threads);
    sub.footer("Output: a tab-separated table, one row per pair of copies of one group: group, a, b, identical (1:\n"
               "the same pixels up to a turn or flip) and the "
               "features of \"a is closer to the original than b\" (docs/dedupe.md, Ranking).\n"
               "Exit code: 0 ok, 1 some file failed, 2 usage error.");
    return [o] { return run_pair_features(*o); };
}

}  // namespace pristine::cli
