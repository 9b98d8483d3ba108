// The IJG quality scale and a quality estimate from a JPEG's quantisation tables.
//
// libjpeg's jpeg_set_quality(q) scales the Annex K tables by S = q < 50 ? 5000/q : 200 - 2q percent,
// value = (base * S + 50) / 100 clamped to 1..32767 (1..255 with force_baseline). Most encoders
// (libjpeg, libjpeg-turbo, mozjpeg's default, stb, Pillow) use exactly this, so finding the q whose
// tables are closest to the file's tables tells how hard the file was compressed.
#include <algorithm>
#include <cstdlib>
#include <limits>

#include "io/jpeg_internal.hpp"

namespace pristine::io::jpeg {

namespace {

// ITU-T T.81 Annex K.1 tables, natural (row-major) order, as in libjpeg's jcparam.c.
constexpr std::uint16_t k_luma[64] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr std::uint16_t k_chroma[64] = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

// Sum of |table - ijg_table(q)| over the tables we compare, for one clamping convention; stops
// (returning a value > bound) as soon as the partial sum passes `bound`.
long table_error(const std::array<std::uint16_t, 64>& actual, int which, int quality, bool baseline, long bound) {
    const std::uint16_t* base = which == 0 ? k_luma : k_chroma;
    const long scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
    const long max_value = baseline ? 255 : 32767;
    long e = 0;
    for (int i = 0; i < 64; i += 8) {
        for (int j = i; j < i + 8; ++j) {
            const long v = std::min(std::max((base[j] * scale + 50) / 100, 1L), max_value);
            e += std::labs(static_cast<long>(actual[j]) - v);
        }
        if (e > bound) return e;
    }
    return e;
}

}  // namespace

int ijg_scale_factor(int quality) noexcept {
    if (quality < 1) quality = 1;
    if (quality > 100) quality = 100;
    return quality < 50 ? 5000 / quality : 200 - quality * 2;
}

std::array<std::uint16_t, 64> ijg_table(int which, int quality, bool force_baseline) noexcept {
    const std::uint16_t* base = which == 0 ? k_luma : k_chroma;
    const long scale = ijg_scale_factor(quality);
    const long max_value = force_baseline ? 255 : 32767;
    std::array<std::uint16_t, 64> t{};
    for (int i = 0; i < 64; ++i) {
        long v = (base[i] * scale + 50) / 100;
        if (v < 1) v = 1;
        if (v > max_value) v = max_value;
        t[i] = static_cast<std::uint16_t>(v);
    }
    return t;
}

void estimate_quality(JpegInfo& info, int luma_table, int chroma_table) noexcept {
    info.quality_estimate = -1;
    info.quality_exact = false;
    const bool has_luma = luma_table >= 0 && luma_table < 4;
    if (!has_luma) return;
    const bool has_chroma = chroma_table >= 0 && chroma_table < 4 && chroma_table != luma_table;
    const auto& luma = info.quant_tables[luma_table];
    auto error = [&](int q, bool baseline, long bound) {
        long e = table_error(luma, 0, q, baseline, bound);
        if (has_chroma && e <= bound) e += table_error(info.quant_tables[chroma_table], 1, q, baseline, bound - e);
        return e;
    };
    // The first (q, baseline) in the order below with the smallest error, as a plain scan of all 200
    // would find it, but cheaper: a guess from the luma DC step (16 S / 100 for IJG tables) gives an
    // error that bounds the minimum, and sums that pass the bound stop early; the forced-baseline
    // clamp at 255 only matters where some step exceeds 255 (q < 24), elsewhere both tables are equal
    // and the second can never be strictly better; nothing beats an exact match.
    const long dc = std::max<long>(luma[0], 1);
    const long s_guess = (dc * 100 + 8) / 16;
    const int q_guess = std::min(100, std::max(1, s_guess <= 100 ? static_cast<int>((200 - s_guess) / 2)
                                                                 : static_cast<int>(5000 / s_guess)));
    const long max_long = std::numeric_limits<long>::max();
    const long bound = std::min(error(q_guess, true, max_long), error(q_guess, false, max_long));
    long best = std::numeric_limits<long>::max();
    for (int q = 1; q <= 100 && best != 0; ++q) {
        const long scale = ijg_scale_factor(q);
        const bool clamps = (121 * scale + 50) / 100 > 255 || (has_chroma && (99 * scale + 50) / 100 > 255);
        // Baseline files clamp at 255; 16-bit (non-baseline) tables only at 32767. Take the closer.
        for (bool baseline : {true, false}) {
            if (!baseline && !clamps) continue;
            const long e = error(q, baseline, bound);
            if (e < best) {
                best = e;
                info.quality_estimate = q;
            }
        }
    }
    info.quality_exact = best == 0;
}

}  // namespace pristine::io::jpeg
