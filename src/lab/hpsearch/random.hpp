// The search's random numbers: splitmix64, so that proposals and bootstrap samples are the same on every
// platform (std distributions are not) and a resumed search proposes what the first run would have.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pristine::hpsearch {

struct SplitMix {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    int below(std::size_t n) { return static_cast<int>(next() % n); }
};

/// A seed derived from two values (the search seed and the trial number).
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    SplitMix r{a ^ (b * 0xd1b54a32d192ed03ull)};
    return r.next();
}

}  // namespace pristine::hpsearch
