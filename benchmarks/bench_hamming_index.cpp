// Grouping speed of HammingIndex::pairs_within on synthetic PDQ-sized codes (256 bits): random codes
// with planted near-duplicates (copies with up to --flips bits changed), at growing sizes, so that the
// growth from 100 k to 1 M codes shows. Prints a markdown table.
//   bench_hamming_index [--sizes 100000,300000,1000000] [--radius 31] [--flips 24] [--threads 0]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "peak_memory.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/index/hamming_index.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes{100000, 300000, 1000000};
    int radius = 31, flips = 24, threads = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--sizes") {
            sizes.clear();
            std::stringstream ss(v);
            for (std::string s; std::getline(ss, s, ',');) sizes.push_back(std::stoul(s));
        } else if (a == "--radius") radius = std::stoi(v);
        else if (a == "--flips") flips = std::stoi(v);
        else if (a == "--threads") threads = std::stoi(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    constexpr std::size_t bytes = 32;
    std::printf("256-bit codes, one in 5 a planted copy of an earlier code with 1..%d bits flipped; radius %d; "
                "threads %d (0 = all cores)\n\n", flips, radius, threads);
    std::printf("| codes | add (s) | pairs_within (s) | pairs found | planted pairs found | peak RSS (MB) |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|\n");
    for (std::size_t n : sizes) {
        std::mt19937_64 rng(n);
        std::vector<std::uint8_t> codes(n * bytes);
        std::vector<std::uint64_t> ids(n);
        std::vector<std::pair<std::uint64_t, std::uint64_t>> planted;
        for (std::size_t i = 0; i < n; ++i) {
            ids[i] = i;
            std::uint8_t* c = &codes[i * bytes];
            if (i > 0 && i % 5 == 0) {
                const std::size_t of = rng() % i;
                std::copy_n(&codes[of * bytes], bytes, c);
                const int f = 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(flips));
                for (int k = 0; k < f; ++k) {
                    const std::size_t bit = rng() % 256;
                    c[bit / 8] = static_cast<std::uint8_t>(c[bit / 8] ^ (1u << (bit % 8)));
                }
                if (pristine::hamming_distance(c, &codes[of * bytes], bytes) <= radius) planted.emplace_back(of, i);
            } else {
                for (std::size_t b = 0; b < bytes; b += 8) {
                    const std::uint64_t r = rng();
                    std::copy_n(reinterpret_cast<const std::uint8_t*>(&r), 8, c + b);
                }
            }
        }
        auto t0 = std::chrono::steady_clock::now();
        pristine::HammingIndex index(bytes);
        index.add(ids.data(), n, codes.data());
        const double add_s = seconds_since(t0);
        pristine::BatchOptions o;
        o.threads = threads;
        t0 = std::chrono::steady_clock::now();
        const auto pairs = index.pairs_within(radius, o);
        const double pairs_s = seconds_since(t0);
        std::size_t found = 0;
        for (const auto& p : planted)
            found += std::binary_search(pairs.begin(), pairs.end(), pristine::HammingPair{p.first, p.second, 0},
                                        [](const pristine::HammingPair& x, const pristine::HammingPair& y) {
                                            return x.a != y.a ? x.a < y.a : x.b < y.b;
                                        });
        std::printf("| %zu | %.2f | %.2f | %zu | %zu / %zu | %ld |\n", n, add_s, pairs_s, pairs.size(), found,
                    planted.size(), peak_rss_mb());
        std::fflush(stdout);
    }
    return 0;
}
