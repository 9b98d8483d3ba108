// The random source of every degradation. std::mt19937_64's output sequence is fixed by the C++
// standard, but std::uniform_*_distribution is not (libstdc++, libc++ and MSVC give different
// numbers), so the mappings from raw 64-bit words to ranges are our own: the same seed gives the
// same chain and the same pixels on every standard library.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "pristine/error.hpp"

namespace pristine::degrade {

/// Seeded generator. Not thread-safe (it has state): give each thread its own.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    /// Next raw 64-bit word.
    std::uint64_t next() { return engine_(); }

    /// Uniform integer in [lo, hi] (inclusive). Rejection sampling, so no modulo bias.
    /// Throws Error(invalid_argument) when lo > hi.
    int uniform_int(int lo, int hi) {
        if (lo > hi) throw Error(Status::invalid_argument, "Rng::uniform_int: lo > hi");
        const std::uint64_t span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1;
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;  // multiple of span
        std::uint64_t r = next();
        while (r >= limit) r = next();
        return static_cast<int>(static_cast<std::int64_t>(lo) + static_cast<std::int64_t>(r % span));
    }

    /// Uniform double in [0, 1) from the top 53 bits.
    double uniform01() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

    /// Uniform double in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

    /// True with probability p.
    bool chance(double p) { return uniform01() < p; }

    /// Standard normal deviate (Box–Muller, one value per call so the stream has no hidden cache).
    /// Uses std::log/std::cos, which may differ in the last bit between C libraries; values that are
    /// rounded to 8-bit pixels are in practice identical.
    double normal() {
        const double u1 = 1.0 - uniform01();  // (0, 1]: log is finite
        const double u2 = uniform01();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    /// One element of a non-empty vector, uniformly.
    template <class T>
    const T& pick(const std::vector<T>& items) {
        if (items.empty()) throw Error(Status::invalid_argument, "Rng::pick: empty list");
        return items[static_cast<std::size_t>(uniform_int(0, static_cast<int>(items.size()) - 1))];
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace pristine::degrade
