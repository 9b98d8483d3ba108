// What every pristine hash does first: validate its input and get a luma plane; plus the median
// rule shared by the threshold hashes.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pristine/color.hpp"
#include "pristine/error.hpp"
#include "pristine/image.hpp"
#include "pristine/resize.hpp"

namespace pristine::detail {

/// Throws Error(invalid_argument) unless the luma plane is at least 1 x 1.
inline void check_hash_plane(const PlaneF& luma, const char* who) {
    if (luma.rows() < 1 || luma.cols() < 1)
        throw Error(Status::invalid_argument, std::string(who) + ": luma plane is empty (" +
                                                  std::to_string(luma.cols()) + "x" + std::to_string(luma.rows()) + ")");
}

/// Side of the working image the dct, block-mean and Marr-Hildreth hashes start from: each is a
/// function of W = resize_area(luma, 128, 128) alone, so the one pass over a large picture is this
/// resize, and several hashes of one picture can share W (compute_hashes). The radial hash resizes
/// to its own working image at the picture's aspect ratio (radial_hash.hpp).
constexpr int k_seed_working_size = 128;

/// W of a luma plane (a copy when it is already 128 x 128). Throws Error(invalid_argument) when the
/// plane holds NaN or infinity (they reach W, which is cheap to check, and would break the medians).
inline PlaneF seed_working_plane(const PlaneF& luma) {
    PlaneF w = resize_area(luma, k_seed_working_size, k_seed_working_size);
    if (!w.allFinite()) throw Error(Status::invalid_argument, "luma plane holds NaN or infinite values");
    return w;
}

/// The hashes' grey: BT.601 full-range luma (0.299 R + 0.587 G + 0.114 B; grey as is; alpha ignored).
inline PlaneF hash_luma(const ImageView& v) { return to_luma(v, LumaFormula::bt601_full); }

/// Median of values: the middle one for an odd count, the mean of the two middle ones (in double)
/// for an even count. Takes a copy because it reorders.
inline double median_of(std::vector<double> v) {
    const std::size_t n = v.size(), mid = n / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (n % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return 0.5 * (lower + upper);
}

/// The threshold rule of the bit hashes: v counts as above t only by more than a tie margin of
/// 1e-3 + 1e-5 |t|. Rounding noise (a flat picture's coefficients, sums taken in another order) then
/// gives 0 bits in every implementation instead of bits that depend on the last ulp.
inline bool above_threshold(double v, double t) noexcept { return v > t + 1e-3 + 1e-5 * std::abs(t); }

}  // namespace pristine::detail
