// The hash-robustness evaluation job (include/pristine/lab/eval_hashes.hpp; protocol in docs/hash_eval.md).
#include "pristine/lab/eval_hashes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <new>

#include "eval_common.hpp"
#include "pristine/lab/degrade/distortion_set.hpp"
#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/rng.hpp"
#include "pristine/error.hpp"
#include "pristine/executor.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine {

namespace {


class PristineHasher final : public Hasher {
public:
    PristineHasher(HashKind k, bool dihedral) : kind_(k), dihedral_(dihedral) {}

    std::string name() const override {
        return std::string(hash_kind_name(kind_)) + (dihedral_ ? "-dihedral" : "");
    }

    std::vector<std::uint8_t> compute(const ImageView& pixels) const override {
        if (!dihedral_) return compute_hash(kind_, pixels);
        const auto variants = compute_hash_dihedral(kind_, pixels);
        std::vector<std::uint8_t> out;
        out.reserve(8 * hash_size_bytes(kind_));
        for (const auto& v : variants) out.insert(out.end(), v.begin(), v.end());
        return out;
    }

    double distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) const override {
        const std::size_t n = hash_size_bytes(kind_);
        const std::size_t variants = dihedral_ ? 8 : 1;
        if (a.size() != variants * n || b.size() != variants * n)
            throw Error(Status::invalid_argument, "hasher " + name() + ": hash of the wrong size");
        double best = 0;
        for (std::size_t i = 0; i < variants; ++i) {
            const double d = hash_distance_normalized(kind_, a.data() + i * n, b.data());
            if (i == 0 || d < best) best = d;
        }
        return best;
    }

private:
    HashKind kind_;
    bool dihedral_;
};

// SplitMix64 finaliser: independent per-image seeds from one seed and an index.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t index) {
    return eval::detail::splitmix64_finish(seed + 0x9e3779b97f4a7c15ULL * (index + 1));
}

Image to_rgb(const ImageView& v) {
    if (v.channels == 3) return Image::copy_of(v);
    Image out(v.width, v.height, 3);
    for (int y = 0; y < v.height; ++y) {
        const std::uint8_t* s = v.row(y);
        std::uint8_t* d = out.row(y);
        for (int x = 0; x < v.width; ++x, s += v.channels, d += 3) {
            if (v.channels <= 2) {
                d[0] = d[1] = d[2] = s[0];
            } else {
                d[0] = s[0], d[1] = s[1], d[2] = s[2];
            }
        }
    }
    return out;
}

// Standard deviation of the BT.601 luma of an RGB view (population; in double).
double luma_stddev(const ImageView& v) {
    double sum = 0, sum2 = 0;
    for (int y = 0; y < v.height; ++y) {
        const std::uint8_t* p = v.row(y);
        for (int x = 0; x < v.width; ++x, p += v.channels) {
            const double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
            sum += l;
            sum2 += l * l;
        }
    }
    const double n = static_cast<double>(v.width) * v.height, mean = sum / n;
    return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}

// Loads image i of the collection as RGB; throws to have it skipped.
using LoadFn = std::function<Image(std::size_t)>;

EvalHashesResult run(std::vector<std::string> labels, const LoadFn& load,
                     const std::vector<std::shared_ptr<const Hasher>>& hashers, const EvalHashesOptions& options) {
    if (hashers.empty()) throw Error(Status::invalid_argument, "evaluate_hashes: no hasher given");
    for (const auto& h : hashers)
        if (!h) throw Error(Status::invalid_argument, "evaluate_hashes: a hasher is null");
    if (options.max_side < 0 || options.min_side < 0)
        throw Error(Status::invalid_argument, "evaluate_hashes: max_side and min_side must be >= 0");

    // The images to use: all, or a seeded random subset (kept in the original order).
    std::vector<std::size_t> chosen(labels.size());
    for (std::size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
    if (options.max_images > 0 && options.max_images < chosen.size()) {
        degrade::Rng rng(mix_seed(options.seed, 0x5e1ec7ULL));
        for (std::size_t i = 0; i < options.max_images; ++i) {
            const int j = rng.uniform_int(static_cast<int>(i), static_cast<int>(chosen.size() - 1));
            std::swap(chosen[i], chosen[static_cast<std::size_t>(j)]);
        }
        chosen.resize(options.max_images);
        std::sort(chosen.begin(), chosen.end());
    }

    const std::vector<std::string> classes = degrade::distortion_classes();
    const std::size_t n = chosen.size(), nh = hashers.size(), nc = classes.size();

    // Per slot (chosen image): the originals' hashes, the copies' distances, or why it was skipped.
    std::vector<std::vector<std::vector<std::uint8_t>>> originals(n, std::vector<std::vector<std::uint8_t>>(nh));
    std::vector<std::vector<std::vector<double>>> copies(n);  // [slot][hasher][class], NaN = class missing
    std::vector<std::string> skip_reason(n);
    std::vector<char> ok(n, 0);

    BatchOptions batch;
    batch.threads = options.threads;
    if (options.progress) batch.progress = [&](const BatchProgress& p) { options.progress(p.done, p.total); };
    // An exception that is not a skip reason (out of memory, a hasher's bug) stops the job.
    run_for_each(n, batch, [&](std::size_t slot) {
        Image img;
        try {
            img = load(chosen[slot]);
            if (options.max_side > 0 && std::max(img.width(), img.height()) > options.max_side) {
                int w = 0, h = 0;
                degrade::fit_size(img.width(), img.height(), options.max_side, w, h);
                degrade::ResizeOptions ro;
                ro.filter = degrade::ResizeFilter::area;
                img = degrade::resize(img.view(), w, h, ro);
            }
            if (std::min(img.width(), img.height()) < options.min_side)
                throw Error(Status::invalid_argument,
                            "smaller than " + std::to_string(options.min_side) + " px (" +
                                std::to_string(img.width()) + "x" + std::to_string(img.height()) + ")");
            if (options.min_luma_stddev > 0) {
                const double sd = luma_stddev(img.view());
                if (sd < options.min_luma_stddev) {
                    char msg[96];
                    std::snprintf(msg, sizeof msg, "blank (luma standard deviation %.2f < %.2f)", sd,
                                  options.min_luma_stddev);
                    throw Error(Status::invalid_argument, msg);
                }
            }
        } catch (const Error& e) {
            skip_reason[slot] = e.what();
        }
        if (skip_reason[slot].empty()) {
            const auto set = degrade::hash_distortion_set(img.view(), mix_seed(options.seed, chosen[slot]));
            auto& dist = copies[slot];
            dist.assign(nh, std::vector<double>(nc, std::nan("")));
            for (std::size_t h = 0; h < nh; ++h) {
                originals[slot][h] = hashers[h]->compute(img.view());
                for (const auto& c : set) {
                    const auto it = std::find(classes.begin(), classes.end(), c.name);
                    if (it == classes.end()) continue;
                    const Image rgb = c.pixels.channels() == 3 ? Image() : to_rgb(c.pixels.view());
                    const ImageView v = rgb.empty() ? c.pixels.view() : rgb.view();
                    dist[h][static_cast<std::size_t>(it - classes.begin())] =
                        hashers[h]->distance(originals[slot][h], hashers[h]->compute(v));
                }
            }
            ok[slot] = 1;
        }
    });

    EvalHashesResult r;
    r.classes = classes;
    r.options = options;
    r.options.progress = nullptr;
    std::vector<std::size_t> used;  // slots that were hashed
    for (std::size_t s = 0; s < n; ++s) {
        if (ok[s]) {
            used.push_back(s);
            r.images.push_back(labels[chosen[s]]);
        } else {
            r.skipped.emplace_back(labels[chosen[s]], skip_reason[s]);
        }
    }
    const std::size_t m = used.size();
    if (m < 2)
        throw Error(Status::invalid_argument,
                    "evaluate_hashes: need at least 2 usable images, got " + std::to_string(m));

    // Dissimilar pairs: all i < j, or `pairs` random pairs of different images (repeats possible).
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    const std::size_t all_pairs = m * (m - 1) / 2;
    if (options.pairs == 0 || options.pairs >= all_pairs) {
        pairs.reserve(all_pairs);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = i + 1; j < m; ++j) pairs.emplace_back(i, j);
    } else {
        degrade::Rng rng(mix_seed(options.seed, 0x9a1125ULL));
        pairs.reserve(options.pairs);
        while (pairs.size() < options.pairs) {
            const auto i = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(m) - 1));
            const auto j = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(m) - 1));
            if (i != j) pairs.emplace_back(i, j);
        }
    }
    r.pairs = pairs.size();

    for (std::size_t h = 0; h < nh; ++h) {
        HasherEval e;
        e.name = hashers[h]->name();
        e.dissimilar.reserve(pairs.size());
        for (const auto& [i, j] : pairs)
            e.dissimilar.push_back(hashers[h]->distance(originals[used[i]][h], originals[used[j]][h]));
        e.thresholds = distance_thresholds(e.dissimilar);
        e.similar.assign(nc, {});
        std::vector<double> pooled;
        for (std::size_t c = 0; c < nc; ++c) {
            for (std::size_t s : used) {
                const double d = copies[s][h][c];
                if (!std::isnan(d)) e.similar[c].push_back(d);
            }
            ClassEval ce;
            ce.name = classes[c];
            ce.count = e.similar[c].size();
            double sum = 0;
            for (double d : e.similar[c]) sum += d;
            ce.mean = ce.count ? sum / static_cast<double>(ce.count) : 0;
            ce.above_t1 = fraction_above(e.similar[c], e.thresholds.t1);
            ce.above_t2 = fraction_above(e.similar[c], e.thresholds.t2);
            ce.auc = roc_auc(e.similar[c], e.dissimilar);
            e.classes.push_back(ce);
            pooled.insert(pooled.end(), e.similar[c].begin(), e.similar[c].end());
        }
        e.auc = roc_auc(pooled, e.dissimilar);
        e.above_t1 = fraction_above(pooled, e.thresholds.t1);
        e.above_t2 = fraction_above(pooled, e.thresholds.t2);
        r.hashers.push_back(std::move(e));
    }
    return r;
}

}  // namespace

std::shared_ptr<const Hasher> make_pristine_hasher(HashKind k, bool dihedral) {
    (void)hash_kind_name(k);
    return std::make_shared<PristineHasher>(k, dihedral);
}

std::vector<std::shared_ptr<const Hasher>> default_eval_hashers(bool all_dihedral) {
    std::vector<std::shared_ptr<const Hasher>> out;
    for (HashKind k : k_all_hash_kinds) out.push_back(make_pristine_hasher(k, false));
    out.push_back(make_pristine_hasher(HashKind::pdq, true));
    if (all_dihedral)
        for (HashKind k : k_all_hash_kinds)
            if (k != HashKind::pdq) out.push_back(make_pristine_hasher(k, true));
    return out;
}

EvalHashesResult evaluate_hashes(const std::vector<std::string>& files,
                                 const std::vector<std::shared_ptr<const Hasher>>& hashers,
                                 const EvalHashesOptions& options) {
    const LoadFn load = [&files](std::size_t i) {
        DecodeOptions d;
        d.channels = 3;
        return decode_file(files[i], d).image;
    };
    return run(files, load, hashers, options);
}

EvalHashesResult evaluate_hashes_images(const std::vector<Image>& images,
                                        const std::vector<std::shared_ptr<const Hasher>>& hashers,
                                        const EvalHashesOptions& options) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < images.size(); ++i) labels.push_back("#" + std::to_string(i));
    const LoadFn load = [&images](std::size_t i) {
        if (images[i].empty()) throw Error(Status::invalid_argument, "empty image");
        return to_rgb(images[i].view());
    };
    return run(labels, load, hashers, options);
}

DistanceThresholds distance_thresholds(const std::vector<double>& d) {
    DistanceThresholds t;
    if (d.empty()) return t;
    double sum = 0;
    for (double v : d) sum += v;
    t.mean = sum / static_cast<double>(d.size());
    if (d.size() > 1) {
        double ss = 0;
        for (double v : d) ss += (v - t.mean) * (v - t.mean);
        t.stddev = std::sqrt(ss / static_cast<double>(d.size() - 1));
    }
    t.t1 = t.mean - 2 * t.stddev;
    t.t2 = t.mean - t.stddev;
    return t;
}

double fraction_above(const std::vector<double>& values, double t) {
    if (values.empty()) return 0;
    std::size_t k = 0;
    for (double v : values) k += v > t;
    return static_cast<double>(k) / static_cast<double>(values.size());
}

double roc_auc(const std::vector<double>& similar, const std::vector<double>& dissimilar) {
    const std::size_t ns = similar.size(), nd = dissimilar.size();
    if (ns == 0 || nd == 0) return 0.5;
    // Mann-Whitney: rank all values (ties get their mean rank); AUC = (R_d - nd(nd+1)/2) / (ns nd),
    // R_d = rank sum of the dissimilar distances (they should rank high).
    std::vector<std::pair<double, int>> all;
    all.reserve(ns + nd);
    for (double v : similar) all.emplace_back(v, 0);
    for (double v : dissimilar) all.emplace_back(v, 1);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    double rank_sum = 0;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j].first == all[i].first) ++j;
        const double mean_rank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1 .. j
        for (std::size_t k = i; k < j; ++k)
            if (all[k].second) rank_sum += mean_rank;
        i = j;
    }
    const double u = rank_sum - 0.5 * static_cast<double>(nd) * static_cast<double>(nd + 1);
    return u / (static_cast<double>(ns) * static_cast<double>(nd));
}

}  // namespace pristine
