// Double-compression evidence: a JPEG re-saved with finer tables keeps the coarse steps of its first
// quantisation in its coefficient histograms (values on multiples of the earlier step, gaps between).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "io/jpeg_internal.hpp"
#include "provenance/provenance_internal.hpp"

namespace pristine::provenance {

namespace {

constexpr int k_range = 512;  // coefficient values kept in the histograms: -k_range..k_range
constexpr int k_bins = 2 * k_range + 1;
// Low-frequency luma positions (natural order): most non-zero values, so the clearest histograms.
constexpr std::array<int, 6> k_positions{1, 8, 9, 2, 16, 10};

// Fills hist (k_positions.size() x k_bins) and steps from the luma component. No C++ object with a
// destructor lives in this frame (libjpeg longjmps out of it on error).
bool read_histograms(const std::uint8_t* data, std::size_t size, int* hist, int* steps) noexcept {
    jpeg_decompress_struct cinfo;
    io::jpeg::ErrorManager err;
    io::jpeg::install_error_manager(reinterpret_cast<j_common_ptr>(&cinfo), err);
    bool created = false;
    const bool ok = io::jpeg::jpeg_guarded(err, [&] {
        jpeg_create_decompress(&cinfo);
        created = true;
        jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
        jpeg_read_header(&cinfo, TRUE);
        jvirt_barray_ptr* coefs = jpeg_read_coefficients(&cinfo);
        jpeg_component_info* luma = &cinfo.comp_info[0];
        if (luma->quant_table == nullptr) ERREXIT(&cinfo, JERR_NO_QUANT_TABLE);
        for (std::size_t p = 0; p < k_positions.size(); ++p) steps[p] = luma->quant_table->quantval[k_positions[p]];
        for (JDIMENSION row = 0; row < luma->height_in_blocks; ++row) {
            JBLOCKARRAY blocks = cinfo.mem->access_virt_barray(reinterpret_cast<j_common_ptr>(&cinfo), coefs[0], row, 1, FALSE);
            for (JDIMENSION col = 0; col < luma->width_in_blocks; ++col)
                for (std::size_t p = 0; p < k_positions.size(); ++p) {
                    const int v = blocks[0][col][k_positions[p]];
                    if (v >= -k_range && v <= k_range) ++hist[p * k_bins + v + k_range];
                }
        }
        jpeg_finish_decompress(&cinfo);
    });
    if (created) jpeg_destroy_decompress(&cinfo);
    return ok;
}

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

float jpeg_requantisation(const std::uint8_t* data, std::size_t size) noexcept {
    try {
        std::vector<int> hist(k_positions.size() * k_bins, 0);
        std::array<int, k_positions.size()> steps{};
        if (!read_histograms(data, size, hist.data(), steps.data())) return 0.f;
        double sum = 0;
        int used = 0;
        for (std::size_t p = 0; p < k_positions.size(); ++p) {
            const int q2 = steps[p];
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
