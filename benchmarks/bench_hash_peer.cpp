// The hash-robustness evaluation (pristine/lab/eval_hashes.hpp) with OpenCV img_hash as the peer: the same
// images, the same distorted pixels (pristine's distortion set, handed to OpenCV as BGR cv::Mat), the
// same pairs and thresholds. Prints one combined markdown table per threshold (each class: ours vs
// OpenCV, cells that miss the target marked), the AUCs, the PDQ-dihedral check and then the full table
// of every hasher. Targets (issue 3): each seed hash within 2 points of its OpenCV counterpart or
// better in every class at T1, pooled AUC at least OpenCV's; pdq-dihedral under 5% above T1 for
// rotate90, flip_h and flip_v.
// Usage: bench_hash_peer DIR... [--seed N] [--threads N] [--max-images N] [--pairs N] [--max-side N]
//                               [--out-dir D]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>

#include "pristine/error.hpp"
#include "pristine/io/collection.hpp"
#include "pristine/lab/eval_hashes.hpp"
#include "pristine/io/image_io.hpp"

namespace {

using namespace pristine;

enum class Peer { phash, radial, block_mean0, block_mean1, marr_hildreth };

// One OpenCV img_hash algorithm as a Hasher. The algorithm objects keep scratch buffers, so each call
// makes its own (cheap) instead of sharing one between threads.
class OpenCvHasher final : public Hasher {
public:
    explicit OpenCvHasher(Peer p) : peer_(p) {}

    std::string name() const override {
        switch (peer_) {
            case Peer::phash: return "cv-phash";
            case Peer::radial: return "cv-radial";
            case Peer::block_mean0: return "cv-blockmean0";
            case Peer::block_mean1: return "cv-blockmean1";
            case Peer::marr_hildreth: return "cv-mh";
        }
        return "cv-?";
    }

    std::vector<std::uint8_t> compute(const ImageView& v) const override {
        cv::Mat bgr(v.height, v.width, CV_8UC3);
        for (int y = 0; y < v.height; ++y) {
            const std::uint8_t* s = v.row(y);
            std::uint8_t* d = bgr.ptr<std::uint8_t>(y);
            for (int x = 0; x < v.width; ++x, s += v.channels, d += 3) {
                const bool grey = v.channels < 3;
                d[0] = grey ? s[0] : s[2];
                d[1] = grey ? s[0] : s[1];
                d[2] = s[0];
            }
        }
        cv::Mat h;
        make()->compute(bgr, h);
        if (h.depth() != CV_8U) throw Error(Status::internal, name() + ": unexpected hash type");
        const cv::Mat c = h.isContinuous() ? h : h.clone();
        return std::vector<std::uint8_t>(c.data, c.data + c.total() * c.elemSize());
    }

    double distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) const override {
        const cv::Mat ma(1, static_cast<int>(a.size()), CV_8U, const_cast<std::uint8_t*>(a.data()));
        const cv::Mat mb(1, static_cast<int>(b.size()), CV_8U, const_cast<std::uint8_t*>(b.data()));
        const double c = make()->compare(ma, mb);
        switch (peer_) {
            case Peer::phash: return c / 64.0;
            case Peer::radial: return (1.0 - c) / 2.0;  // compare() gives the peak cross-correlation
            case Peer::block_mean0: return c / 256.0;
            case Peer::block_mean1: return c / 961.0;
            case Peer::marr_hildreth: return c / 576.0;
        }
        return c;
    }

private:
    cv::Ptr<cv::img_hash::ImgHashBase> make() const {
        switch (peer_) {
            case Peer::phash: return cv::img_hash::PHash::create();
            case Peer::radial: return cv::img_hash::RadialVarianceHash::create();
            case Peer::block_mean0: return cv::img_hash::BlockMeanHash::create(cv::img_hash::BLOCK_MEAN_HASH_MODE_0);
            case Peer::block_mean1: return cv::img_hash::BlockMeanHash::create(cv::img_hash::BLOCK_MEAN_HASH_MODE_1);
            case Peer::marr_hildreth: return cv::img_hash::MarrHildrethHash::create();
        }
        return {};
    }
    Peer peer_;
};

std::string pct(double f) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", 100 * f);
    return b;
}

std::string num4(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4f", v);
    return b;
}

const HasherEval& by_name(const EvalHashesResult& r, const std::string& name) {
    for (const auto& h : r.hashers)
        if (h.name == name) return h;
    throw Error(Status::internal, "no hasher " + name);
}

struct Pairing {
    const char* ours;
    const char* theirs;
    bool target;  // part of the target (blockmean-overlap vs mode 1 is extra)
};
const Pairing k_pairs[] = {{"dct", "cv-phash", true},
                           {"radial", "cv-radial", true},
                           {"blockmean", "cv-blockmean0", true},
                           {"mh", "cv-mh", true},
                           {"blockmean-overlap", "cv-blockmean1", false}};

// Per class "ours / OpenCV" at T1 (t2 = false) or T2; at T1 a cell of a target pair that is more than
// 2 points worse than OpenCV is marked ✗.
int print_comparison(const EvalHashesResult& r, bool t2) {
    int misses = 0;
    std::printf("\n### Percent above %s, pristine / OpenCV (lower is better%s)\n\n| class |", t2 ? "T2" : "T1",
                t2 ? "; informational" : "; ✗ = more than 2 points worse than OpenCV");
    for (const auto& p : k_pairs) std::printf(" %s / %s |", p.ours, p.theirs);
    std::printf(" pdq | pdq-dihedral |\n|---|");
    for (std::size_t i = 0; i < std::size(k_pairs) + 2; ++i) std::printf("---|");
    std::printf("\n");
    for (std::size_t c = 0; c <= r.classes.size(); ++c) {
        const bool all = c == r.classes.size();
        std::printf("| %s |", all ? "**all classes**" : r.classes[c].c_str());
        auto value = [&](const HasherEval& h) {
            return all ? (t2 ? h.above_t2 : h.above_t1) : (t2 ? h.classes[c].above_t2 : h.classes[c].above_t1);
        };
        for (const auto& p : k_pairs) {
            const double a = value(by_name(r, p.ours)), b = value(by_name(r, p.theirs));
            const bool miss = !t2 && !all && p.target && 100 * a > 100 * b + 2.0 + 1e-9;
            misses += miss;
            std::printf(" %s / %s%s |", pct(a).c_str(), pct(b).c_str(), miss ? " ✗" : "");
        }
        const double pdq = value(by_name(r, "pdq")), pdqd = value(by_name(r, "pdq-dihedral"));
        const bool geometric = !all && (r.classes[c] == "rotate90" || r.classes[c] == "flip_h" || r.classes[c] == "flip_v");
        const bool miss = !t2 && geometric && 100 * pdqd >= 5.0;
        misses += miss;
        std::printf(" %s | %s%s |\n", pct(pdq).c_str(), pct(pdqd).c_str(), miss ? " ✗" : "");
    }
    return misses;
}

int usage() {
    std::fprintf(stderr,
                 "usage: bench_hash_peer DIR... [--seed N] [--threads N] [--max-images N] [--pairs N] "
                 "[--max-side N] [--out-dir D]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> inputs;
    EvalHashesOptions opt;
    std::string out_dir;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) {
                    std::exit(usage());
                }
                return argv[++i];
            };
            if (a == "--seed") opt.seed = std::stoull(next());
            else if (a == "--threads") opt.threads = std::stoi(next());
            else if (a == "--max-images") opt.max_images = std::stoull(next());
            else if (a == "--pairs") opt.pairs = std::stoull(next());
            else if (a == "--max-side") opt.max_side = std::stoi(next());
            else if (a == "--out-dir") out_dir = next();
            else if (!a.empty() && a[0] == '-') return usage();
            else inputs.push_back(a);
        }
    } catch (const std::exception&) {  // a number that does not parse
        return usage();
    }
    if (inputs.empty()) return usage();
    try {
        // Every file of the folders, as `pristine eval-hashes` lists them.
        pristine::CollectOptions c;
        c.include_hidden = true;
        c.images_only = false;
        const std::vector<std::string> files = pristine::collect_files(inputs, c).files;
        auto hashers = default_eval_hashers();
        for (Peer p : {Peer::phash, Peer::radial, Peer::block_mean0, Peer::block_mean1, Peer::marr_hildreth})
            hashers.push_back(std::make_shared<OpenCvHasher>(p));
        opt.progress = [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\rbench_hash_peer: %zu/%zu images", done, total);
            if (done == total) std::fprintf(stderr, "\n");
        };
        const EvalHashesResult r = evaluate_hashes(files, hashers, opt);
        for (const auto& [path, why] : r.skipped) std::fprintf(stderr, "skipped %s: %s\n", path.c_str(), why.c_str());

        std::printf("## pristine vs OpenCV %s img_hash: %zu images, %zu dissimilar pairs, seed %llu, long side <= %d\n",
                    CV_VERSION, r.images.size(), r.pairs, static_cast<unsigned long long>(opt.seed), opt.max_side);
        int misses = print_comparison(r, false);
        print_comparison(r, true);
        std::printf("\n### ROC AUC, pristine / OpenCV (higher is better; ✗ = below OpenCV)\n\n| hash | AUC | pristine μ / σ | OpenCV μ / σ |\n|---|---|---|---|\n");
        for (const auto& p : k_pairs) {
            const HasherEval &a = by_name(r, p.ours), &b = by_name(r, p.theirs);
            const bool miss = p.target && a.auc < b.auc;
            misses += miss;
            std::printf("| %s / %s | %s / %s%s | %s / %s | %s / %s |\n", p.ours, p.theirs, num4(a.auc).c_str(),
                        num4(b.auc).c_str(), miss ? " ✗" : "", num4(a.thresholds.mean).c_str(),
                        num4(a.thresholds.stddev).c_str(), num4(b.thresholds.mean).c_str(),
                        num4(b.thresholds.stddev).c_str());
        }
        std::printf("\nTarget cells missed: %d\n\n## Every hasher\n\n%s", misses, hash_eval_markdown(r).c_str());
        if (!out_dir.empty()) {
            std::filesystem::create_directories(out_dir);
            const std::string svg = hash_eval_svg_grid(
                r, "similar vs dissimilar distances, pristine and OpenCV img_hash (" + std::to_string(r.images.size()) +
                       " images, seed " + std::to_string(opt.seed) + ")");
            write_file((std::filesystem::path(out_dir) / "hash_eval_peer.svg").string(),
                       std::vector<std::uint8_t>(svg.begin(), svg.end()));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_hash_peer: %s\n", e.what());
        return 1;
    }
    return 0;
}
