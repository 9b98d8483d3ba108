// Double-compression evidence: a JPEG re-saved with finer tables keeps the coarse steps of its first
// quantisation in its coefficient histograms (values on multiples of the earlier step, gaps between).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "provenance/provenance_internal.hpp"

namespace pristine::provenance {

namespace {

constexpr int k_range = 512;  // coefficient values kept in the histograms: -k_range..k_range
constexpr int k_bins = 2 * k_range + 1;
// Low-frequency luma positions (natural order): most non-zero values, so the clearest histograms.
constexpr std::array<int, 6> k_positions{1, 8, 9, 2, 16, 10};

// How much better the multiples of `q1` explain the dequantised values c * q2 than shifted lattices
// do: near 0 by chance, towards 1 when every value sits on a multiple of the earlier step q1.
double lattice_excess(const int* hist, int q2, int q1) {
    const double tol = q2 / 2.0 - 1e-9;  // each multiple of q1 claims one value of c
    std::vector<double> hits(static_cast<std::size_t>(q1), 0.0);
    double total = 0;
    for (int c = -k_range; c <= k_range; ++c) {
        const int n = hist[c + k_range];
        if (c == 0 || n == 0) continue;
        total += n;
        const long v = static_cast<long>(c) * q2;
        for (int off = 0; off < q1; ++off) {
            const double r = std::fmod(std::fabs(static_cast<double>(v - off)), static_cast<double>(q1));
            if (std::min(r, q1 - r) <= tol) hits[static_cast<std::size_t>(off)] += n;
        }
    }
    if (total < 100) return 0.0;
    double others = 0;
    for (int off = 1; off < q1; ++off) others += hits[static_cast<std::size_t>(off)];
    return std::max(0.0, (hits[0] - others / (q1 - 1)) / total);
}

}  // namespace

float jpeg_requantisation(const JpegLuma& luma) noexcept {
    try {
        std::vector<int> hist(k_positions.size() * k_bins, 0);
        const std::size_t blocks = luma.coefficients.size() / 64;
        for (std::size_t b = 0; b < blocks; ++b)
            for (std::size_t p = 0; p < k_positions.size(); ++p) {
                const int v = luma.coefficients[b * 64 + static_cast<std::size_t>(k_positions[p])];
                if (v >= -k_range && v <= k_range) ++hist[p * k_bins + static_cast<std::size_t>(v + k_range)];
            }
        double sum = 0;
        int used = 0;
        for (std::size_t p = 0; p < k_positions.size(); ++p) {
            const int q2 = luma.steps[static_cast<std::size_t>(k_positions[p])];
            if (q2 <= 0 || q2 > 24) continue;  // coarse steps leave too few values to tell
            double best = 0;
            for (int q1 = q2 + 1; q1 <= std::min(4 * q2 + 8, 64); ++q1) {
                best = std::max(best, lattice_excess(&hist[p * k_bins], q2, q1));
            }
            sum += best;
            ++used;
        }
        return used == 0 ? 0.f : static_cast<float>(sum / used);
    } catch (...) {  // allocation failure: no evidence
        return 0.f;
    }
}

}  // namespace pristine::provenance
