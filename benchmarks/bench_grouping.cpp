// Grouping alone (candidates through the Hamming index + verification + group assembly) on synthetic
// fingerprints: N pictures with one whole view each (and the 64 x 64 thumbnail), random PDQ codes, of
// which 10 % are planted near-duplicates of another (up to 20 PDQ bits flipped, thumbnails with noise). Prints a markdown
// table: N, seconds (wall and CPU), candidates, verified pairs, groups, recall of the planted pairs, peak memory.
// usage: bench_grouping [--threads T] [--dihedral] [--radius R] N...   (e.g. 100000 300000 1000000)

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "peak_memory.hpp"
#include "pristine/io/duplicates.hpp"

using namespace pristine;

namespace {

// One random picture: a whole view and the 64 x 64 thumbnail verification aligns.
Fingerprint random_print(std::mt19937_64& rng) {
    Fingerprint f;
    f.info.display_width = 640;
    f.info.display_height = 480;
    FingerprintView v;
    for (auto& code : v.pdq)
        for (auto& b : code) b = static_cast<std::uint8_t>(rng());
    for (auto& code : v.dct)
        for (auto& b : code) b = static_cast<std::uint8_t>(rng());
    for (auto& code : v.mean)
        for (auto& b : code) b = static_cast<std::uint8_t>(rng());
    // A smooth random thumbnail: a few random waves, so that correlations behave like pictures'.
    std::uniform_real_distribution<float> u(0, 1);
    const float fx = 1 + 6 * u(rng), fy = 1 + 6 * u(rng), px = 6.28f * u(rng), py = 6.28f * u(rng);
    auto wave = [&](float x, float y) { return static_cast<std::uint8_t>(128 + 60 * std::sin(fx * x / 10.0f + px) + 60 * std::sin(fy * y / 10.0f + py)); };
    for (int y = 0; y < k_view_luma_side; ++y)
        for (int x = 0; x < k_view_luma_side; ++x) v.luma[static_cast<std::size_t>(y * k_view_luma_side + x)] = wave(x, y);
    constexpr float half = static_cast<float>(k_view_luma_side) / k_picture_luma_side;
    for (int y = 0; y < k_picture_luma_side; ++y)
        for (int x = 0; x < k_picture_luma_side; ++x)
            f.luma[static_cast<std::size_t>(y * k_picture_luma_side + x)] = wave((x + 0.5f) * half - 0.5f, (y + 0.5f) * half - 0.5f);
    for (auto& c : v.chroma) c = static_cast<std::uint8_t>(100 + rng() % 56);
    f.views = {v};
    return f;
}

Fingerprint near_copy(const Fingerprint& a, std::mt19937_64& rng) {
    Fingerprint f = a;
    FingerprintView& v = f.views[0];
    const int flips = static_cast<int>(rng() % 21);
    for (int i = 0; i < flips; ++i) {
        const unsigned bit = static_cast<unsigned>(rng() % 256);
        v.pdq[0][bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    }
    auto noisy = [&](std::uint8_t l) { return static_cast<std::uint8_t>(std::clamp<int>(l + static_cast<int>(rng() % 9) - 4, 0, 255)); };
    for (auto& l : v.luma) l = noisy(l);
    for (auto& l : f.luma) l = noisy(l);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 0;
    bool dihedral = false;
    int radius = MatchOptions{}.candidate_radius;
    std::vector<std::size_t> sizes;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--dihedral") == 0) dihedral = true;
        else if (std::strcmp(argv[i], "--radius") == 0 && i + 1 < argc) radius = std::atoi(argv[++i]);
        else sizes.push_back(static_cast<std::size_t>(std::strtoull(argv[i], nullptr, 10)));
    }
    if (sizes.empty()) sizes = {100000};
    std::printf("| N | seconds | CPU seconds | candidates | verified | groups | planted pairs found | peak RSS (MB) |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (std::size_t n : sizes) {
        std::mt19937_64 rng(42);
        std::vector<Fingerprint> prints(n);
        std::vector<std::size_t> copy_of(n, n);
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0 && rng() % 10 == 0) {
                copy_of[i] = rng() % i;
                while (copy_of[copy_of[i]] != n) copy_of[i] = copy_of[copy_of[i]];  // copies of originals
                prints[i] = near_copy(prints[copy_of[i]], rng);
            } else {
                prints[i] = random_print(rng);
            }
        }
        std::vector<const Fingerprint*> ptrs;
        for (const Fingerprint& f : prints) ptrs.push_back(&f);
        MatchOptions o;
        o.dihedral = dihedral;
        o.candidate_radius = radius;
        o.dct_radius = -1;  // random DCT and block-mean codes carry no signal here
        o.mean_radius = -1;
        BatchOptions b;
        b.threads = threads;
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();  // CPU time of every thread: steadier than wall time on a busy machine
        const DuplicateGroups g = find_duplicate_groups(ptrs, o, b);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        std::vector<std::size_t> group_of(n, n);
        for (std::size_t k = 0; k < g.groups.size(); ++k)
            for (std::size_t i : g.groups[k]) group_of[i] = k;
        std::size_t planted = 0, found = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (copy_of[i] != n) {
                ++planted;
                found += group_of[i] != n && group_of[i] == group_of[copy_of[i]];
            }
        std::printf("| %zu | %.2f | %.2f | %zu | %zu | %zu | %.4f | %ld |\n", n, s, cpu, g.candidates, g.verified, g.groups.size(),
                    planted ? static_cast<double>(found) / planted : 1.0, peak_rss_mb());
        std::fflush(stdout);
    }
}
