// Robustness and speed of the seed hashes (include/pristine/hash/hash.hpp), with OpenCV img_hash as
// the peer when built with it. Prints markdown tables:
//  1. mean normalised distance between a picture and a distorted copy (lower is better) and between
//     unrelated pictures (higher is better); radial as (1 - peak) / 2 for both libraries;
//  2. milliseconds per hash of a luma plane, single thread.
// The pictures are synthetic and deterministic (smooth scenes plus blurred Gaussian texture).
// Usage: bench_hash_seed
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "pristine/filter.hpp"
#include "pristine/hash/hash.hpp"
#include "pristine/resize.hpp"

#if PRISTINE_BENCH_WITH_OPENCV
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>
#endif

using pristine::HashKind;
using pristine::PlaneF;

namespace {

PlaneF scene(int w, int h, int variant, unsigned seed) {
    const double pi = 3.14159265358979323846;
    PlaneF p(h, w);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double u = (x + 0.5) / w, v = (y + 0.5) / h;
            double g;
            if (variant == 0) {
                g = 128 + 60 * std::sin(2 * pi * (1.5 * u + 0.7 * v)) + 40 * std::cos(2 * pi * (2.2 * v - 0.4 * u));
                if (std::hypot(u - 0.3, v - 0.35) < 0.18) g = 25;
                if (u > 0.55 && u < 0.85 && v > 0.6 && v < 0.9) g = 220;
            } else {
                g = 120 + 70 * std::sin(2 * pi * (3.1 * u * u - 1.3 * v)) * std::cos(2 * pi * 0.9 * v) + 50 * v - 40 * u;
                if (std::hypot(u - 0.7, v - 0.25) < 0.12) g = 245;
                if (u > 0.1 && u < 0.4 && v > 0.55 && v < 0.7) g = 30;
            }
            p(y, x) = static_cast<float>(g);
        }
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.f, 120.f);
    PlaneF t(h, w);
    for (int i = 0; i < t.size(); ++i) t.data()[i] = n(rng);
    t = pristine::gaussian_blur(t, 2.0 + seed % 3);
    for (int i = 0; i < p.size(); ++i) p.data()[i] = std::clamp(std::round(p.data()[i] + t.data()[i]), 0.f, 255.f);
    return p;
}

PlaneF quantise(PlaneF p) {
    for (int i = 0; i < p.size(); ++i) p.data()[i] = std::clamp(std::round(p.data()[i]), 0.f, 255.f);
    return p;
}

// Rotation about the centre by `degrees`, bilinear, mirrored borders.
PlaneF rotate(const PlaneF& p, double degrees) {
    const int w = static_cast<int>(p.cols()), h = static_cast<int>(p.rows());
    const double a = degrees * 3.14159265358979323846 / 180, c = std::cos(a), s = std::sin(a);
    const double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
    auto mirror = [](int i, int n) {
        while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
        return i;
    };
    PlaneF out(h, w);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double sx = cx + c * (x - cx) + s * (y - cy), sy = cy - s * (x - cx) + c * (y - cy);
            const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
            const double fx = sx - x0, fy = sy - y0;
            auto at = [&](int yy, int xx) { return p(mirror(yy, h), mirror(xx, w)); };
            out(y, x) = static_cast<float>((1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
                                           fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1)));
        }
    return quantise(out);
}

struct Distortion {
    const char* name;
    std::function<PlaneF(const PlaneF&, unsigned)> apply;
};

std::vector<Distortion> distortions() {
    return {
        {"noise ±6", [](const PlaneF& p, unsigned s) {
             PlaneF q = p;
             std::mt19937 r(s);
             std::uniform_int_distribution<int> d(-6, 6);
             for (int i = 0; i < q.size(); ++i) q.data()[i] = q.data()[i] + static_cast<float>(d(r));
             return quantise(q);
         }},
        {"noise σ15", [](const PlaneF& p, unsigned s) {
             PlaneF q = p;
             std::mt19937 r(s);
             std::normal_distribution<float> d(0.f, 15.f);
             for (int i = 0; i < q.size(); ++i) q.data()[i] += d(r);
             return quantise(q);
         }},
        {"blur σ1.5", [](const PlaneF& p, unsigned) { return quantise(pristine::gaussian_blur(p, 1.5)); }},
        {"0.5×", [](const PlaneF& p, unsigned) {
             return quantise(pristine::resize_area(p, static_cast<int>(p.cols() / 2), static_cast<int>(p.rows() / 2)));
         }},
        {"crop 5%", [](const PlaneF& p, unsigned) {
             const int dx = static_cast<int>(p.cols() / 20), dy = static_cast<int>(p.rows() / 20);
             return PlaneF(p.block(dy, dx, p.rows() - 2 * dy, p.cols() - 2 * dx));
         }},
        {"gamma 0.7", [](const PlaneF& p, unsigned) {
             PlaneF q = p;
             for (int i = 0; i < q.size(); ++i) q.data()[i] = 255.f * std::pow(q.data()[i] / 255.f, 0.7f);
             return quantise(q);
         }},
        {"rotate 3°", [](const PlaneF& p, unsigned) { return rotate(p, 3.0); }},
    };
}

#if PRISTINE_BENCH_WITH_OPENCV
cv::Mat to_mat(const PlaneF& p) {
    cv::Mat m(static_cast<int>(p.rows()), static_cast<int>(p.cols()), CV_8UC1);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x) m.at<uchar>(y, x) = cv::saturate_cast<uchar>(p(y, x));
    return m;
}

cv::Ptr<cv::img_hash::ImgHashBase> opencv_peer(HashKind k) {
    switch (k) {
        case HashKind::dct: return cv::img_hash::PHash::create();
        case HashKind::radial: return cv::img_hash::RadialVarianceHash::create();
        case HashKind::block_mean: return cv::img_hash::BlockMeanHash::create(0);
        case HashKind::block_mean_overlap: return cv::img_hash::BlockMeanHash::create(1);
        case HashKind::marr_hildreth: return cv::img_hash::MarrHildrethHash::create();
        default: return {};
    }
}

double opencv_distance(HashKind k, cv::img_hash::ImgHashBase& peer, const PlaneF& a, const PlaneF& b) {
    cv::Mat ha, hb;
    peer.compute(to_mat(a), ha);
    peer.compute(to_mat(b), hb);
    const double c = peer.compare(ha, hb);
    if (k == HashKind::radial) return (1 - c) / 2;  // compare() returns the peak correlation
    return c / static_cast<double>(pristine::hash_size_bits(k));
}
#endif

double ours(HashKind k, const PlaneF& a, const PlaneF& b) {
    const auto ha = pristine::compute_hash(k, a), hb = pristine::compute_hash(k, b);
    return pristine::hash_distance_normalized(k, ha.data(), hb.data());
}

template <class F>
double millis(F&& f) {
    int n = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double elapsed = 0;
    do {
        f();
        ++n;
        elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    } while (elapsed < 300 && n < 1000);
    return elapsed / n;
}

}  // namespace

int main() {
    const HashKind kinds[] = {HashKind::dct, HashKind::radial, HashKind::block_mean, HashKind::block_mean_overlap,
                              HashKind::marr_hildreth};
    std::vector<PlaneF> pictures;
    for (int variant = 0; variant < 2; ++variant)
        for (unsigned s = 0; s < 3; ++s) pictures.push_back(scene(400 + 40 * s, 300 + 30 * s, variant, 100 + s + 10 * variant));
    const auto dist = distortions();

#if PRISTINE_BENCH_WITH_OPENCV
    std::printf("## Mean normalised distance, pristine / OpenCV img_hash (%zu pictures)\n\n| kind |", pictures.size());
#else
    std::printf("## Mean normalised distance, pristine (%zu pictures; built without OpenCV)\n\n| kind |", pictures.size());
#endif
    for (const auto& d : dist) std::printf(" %s |", d.name);
    std::printf(" unrelated |\n|---|");
    for (std::size_t i = 0; i <= dist.size(); ++i) std::printf("---|");
    std::printf("\n");
    for (HashKind k : kinds) {
        std::printf("| %s |", pristine::hash_kind_name(k));
#if PRISTINE_BENCH_WITH_OPENCV
        auto peer = opencv_peer(k);
#endif
        auto cell = [&](const std::vector<std::pair<const PlaneF*, PlaneF>>& pairs) {
            double a = 0;
            for (const auto& pr : pairs) a += ours(k, *pr.first, pr.second);
#if PRISTINE_BENCH_WITH_OPENCV
            double b = 0;
            for (const auto& pr : pairs) b += opencv_distance(k, *peer, *pr.first, pr.second);
            std::printf(" %.3f / %.3f |", a / pairs.size(), b / pairs.size());
#else
            std::printf(" %.3f |", a / pairs.size());
#endif
        };
        for (const auto& d : dist) {
            std::vector<std::pair<const PlaneF*, PlaneF>> pairs;
            for (std::size_t i = 0; i < pictures.size(); ++i) pairs.emplace_back(&pictures[i], d.apply(pictures[i], static_cast<unsigned>(i)));
            cell(pairs);
        }
        std::vector<std::pair<const PlaneF*, PlaneF>> unrelated;
        for (std::size_t i = 0; i < pictures.size(); ++i)
            for (std::size_t j = i + 1; j < pictures.size(); ++j) unrelated.emplace_back(&pictures[i], pictures[j]);
        cell(unrelated);
        std::printf("\n");
    }

    std::printf("\n## Milliseconds per hash of a luma plane (one thread)\n\n| picture | resize to 128² |");
    for (HashKind k : kinds) std::printf(" %s |", pristine::hash_kind_name(k));
    std::printf(" all 5 (compute_hashes) | dihedral sets, all 5 |\n|---|---|");
    for (std::size_t i = 0; i < 7; ++i) std::printf("---|");
    std::printf("\n");
    const std::vector<HashKind> all(std::begin(kinds), std::end(kinds));
    for (auto [w, h] : {std::pair{4000, 3000}, {1000, 750}, {500, 375}}) {
        const PlaneF p = pristine::resize_area(pictures[0], w, h);
        std::printf("| %d × %d | %.2f |", w, h, millis([&] { pristine::resize_area(p, 128, 128); }));
        for (HashKind k : kinds) std::printf(" %.2f |", millis([&] { pristine::compute_hash(k, p); }));
        std::printf(" %.2f |", millis([&] { pristine::compute_hashes(all, p); }));
        std::printf(" %.2f |\n", millis([&] {
                        for (HashKind k : kinds) pristine::compute_hash_dihedral(k, p);
                    }));
    }
#if PRISTINE_BENCH_WITH_OPENCV
    std::printf("\nOpenCV img_hash, same pictures (8-bit grey input):\n\n| picture |");
    for (HashKind k : kinds) std::printf(" %s |", pristine::hash_kind_name(k));
    std::printf("\n|---|---|---|---|---|---|\n");
    for (auto [w, h] : {std::pair{4000, 3000}, {1000, 750}, {500, 375}}) {
        const cv::Mat m = to_mat(pristine::resize_area(pictures[0], w, h));
        std::printf("| %d × %d |", w, h);
        for (HashKind k : kinds) {
            auto peer = opencv_peer(k);
            cv::Mat out;
            std::printf(" %.2f |", millis([&] { peer->compute(m, out); }));
        }
        std::printf("\n");
    }
#endif
    return 0;
}
