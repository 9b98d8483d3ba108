// Verification: the second signal behind a hash match. A's whole-picture thumbnail is turned by the
// matched transform and B's is placed where it lies in A (the alignment search: scale and offset, so
// that feed crops and shaved edges line up), then the two are compared over their overlap: by
// correlation (structure), the correlation of their detail (pictures sharing only a layout or a
// gradient), the largest local difference (a caption or a sticker that differs) and the chroma grids
// (one layout in other colours: flags, recoloured drawings).
#include "duplicates/verify.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "duplicates/align.hpp"
#include "pristine/resize.hpp"

namespace pristine::detail {

namespace {

constexpr int S = k_align_side;
constexpr int C = k_view_chroma_side;
using Mask = std::array<char, S * S>;

struct Moments {
    double mean = 0, std = 0;
};

template <std::size_t N>
Moments moments(const std::array<float, N>& t) {
    // Four partial sums, so that the additions need not wait on one another (whole thumbnails hold
    // whole numbers, whose sums are exact in any order).
    constexpr std::size_t L = 4;
    static_assert(N % L == 0);
    double part[L] = {}, part2[L] = {};
    for (std::size_t i = 0; i < N; i += L)
        for (std::size_t k = 0; k < L; ++k) part[k] += t[i + k], part2[k] += static_cast<double>(t[i + k]) * t[i + k];
    const double s = (part[0] + part[1]) + (part[2] + part[3]), s2 = (part2[0] + part2[1]) + (part2[2] + part2[3]);
    Moments m;
    m.mean = s / N;
    m.std = std::sqrt(std::max(0.0, s2 / N - m.mean * m.mean));
    return m;
}

// Sums over cells of two thumbnails a and b: how many cells, the sums, the squares and the products.
struct PairSums {
    double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    void add(double u, double v) { n += 1, sa += u, sb += v, saa += u * u, sbb += v * v, sab += u * v; }
    void add(const PairSums& o) { n += o.n, sa += o.sa, sb += o.sb, saa += o.saa, sbb += o.sbb, sab += o.sab; }
};

// The correlation of a and b from their sums (-1 over too few cells, 0 when either is flat).
double correlation_of(const PairSums& s) {
    if (s.n < 16) return -1;
    const double va = s.saa - s.sa * s.sa / s.n, vb = s.sbb - s.sb * s.sb / s.n;
    if (va <= 1e-9 || vb <= 1e-9) return 0;
    return (s.sab - s.sa * s.sb / s.n) / std::sqrt(va * vb);
}

// Correlation of a and b over the cells `use` marks.
template <std::size_t N>
double masked_correlation(const std::array<float, N>& a, const std::array<float, N>& b, const std::array<char, N>& use) {
    PairSums s;
    for (std::size_t i = 0; i < N; ++i)
        if (use[i]) s.add(a[i], b[i]);
    return correlation_of(s);
}

// The sums of a and b over the cells `use` marks, per row, per column and in all.
struct LineSums {
    std::array<PairSums, S> rows, cols;
    PairSums all;
};

void line_sums(const std::array<float, S * S>& a, const std::array<float, S * S>& b, const Mask& use, LineSums& out) {
    out.cols.fill(PairSums{});
    for (int y = 0; y < S; ++y) {
        PairSums row;  // a local, so that its sums stay in registers
        for (int x = 0; x < S; ++x) {
            const std::size_t i = static_cast<std::size_t>(y * S + x);
            if (!use[i]) continue;
            row.add(a[i], b[i]);
            out.cols[static_cast<std::size_t>(x)].add(a[i], b[i]);
        }
        out.rows[static_cast<std::size_t>(y)] = row;
    }
    out.all = PairSums{};
    for (const PairSums& row : out.rows) out.all.add(row);
}

// The detail of a thumbnail at half resolution: its 2 x 2 means minus their 3 x 3 box blur. Pictures
// that share only a layout or a gradient (two skies, two pages of one template) correlate on the
// whole but not on the detail. `use` marks half cells whose four source cells are all used.
constexpr int D = S / 2;
std::array<float, D * D> detail_of(const std::array<float, S * S>& t, const Mask& use, std::array<char, D * D>& half_use) {
    std::array<float, D * D> half, out;
    for (int y = 0; y < D; ++y)
        for (int x = 0; x < D; ++x) {
            const std::size_t i = static_cast<std::size_t>(2 * y * S + 2 * x);
            half[static_cast<std::size_t>(y * D + x)] = 0.25f * (t[i] + t[i + 1] + t[i + S] + t[i + S + 1]);
            half_use[static_cast<std::size_t>(y * D + x)] = use[i] && use[i + 1] && use[i + S] && use[i + S + 1];
        }
    auto at = [&](int y, int x) { return half[static_cast<std::size_t>(y * D + x)]; };
    auto edge_cell = [&](int y, int x) {  // the blur over the neighbours that exist
        float sum = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int yy = y + dy, xx = x + dx;
                if (yy < 0 || yy >= D || xx < 0 || xx >= D) continue;
                sum += at(yy, xx), ++n;
            }
        out[static_cast<std::size_t>(y * D + x)] = at(y, x) - sum / static_cast<float>(n);
    };
    for (int y = 0; y < D; ++y) {
        if (y == 0 || y == D - 1) {
            for (int x = 0; x < D; ++x) edge_cell(y, x);
            continue;
        }
        edge_cell(y, 0);
        for (int x = 1; x + 1 < D; ++x) {  // all nine neighbours, added in the same order as at the edges
            const float sum = at(y - 1, x - 1) + at(y - 1, x) + at(y - 1, x + 1) + at(y, x - 1) + at(y, x) + at(y, x + 1) +
                              at(y + 1, x - 1) + at(y + 1, x) + at(y + 1, x + 1);
            out[static_cast<std::size_t>(y * D + x)] = at(y, x) - sum / 9.0f;
        }
        edge_cell(y, D - 1);
    }
    return out;
}

// b fitted to a by a gain and an offset (least squares over the cells `use` marks), and what is left:
// |a - (gain b + offset)| per cell used.
struct FittedDifference {
    double cells = 0;
    std::array<double, S * S> left;
};

void fit_difference(const std::array<float, S * S>& a, const std::array<float, S * S>& b, const Mask& use, const PairSums& sums,
                    FittedDifference& out) {
    const double n = sums.n, sa = sums.sa, sb = sums.sb;
    out.cells = n;
    if (n < 1) return;
    const double vb = sums.sbb - sb * sb / n;
    const double gain = vb > 1e-9 ? (sums.sab - sa * sb / n) / vb : 0;
    const double offset = (sa - gain * sb) / n;
    for (std::size_t i = 0; i < a.size(); ++i) out.left[i] = use[i] ? std::abs(a[i] - (gain * b[i] + offset)) : 0;
}

// The largest mean absolute difference over 8 x 8 blocks lying wholly in the overlap, once b is
// fitted to a by a gain and an offset (least squares over the overlap): a caption or a sticker that
// differs shows up in its blocks even when the rest of the picture, and so the correlation, agrees.
double largest_local_difference(const FittedDifference& d, const Mask& use) {
    if (d.cells < 1) return 255;
    constexpr int B = 8;
    double largest = 0;
    for (int by = 0; by < S; by += B)
        for (int bx = 0; bx < S; bx += B) {
            double sum = 0;
            bool whole = true;
            for (int y = by; y < by + B && whole; ++y)
                for (int x = bx; x < bx + B; ++x) {
                    const std::size_t i = static_cast<std::size_t>(y * S + x);
                    if (!use[i]) {
                        whole = false;
                        break;
                    }
                    sum += d.left[i];
                }
            if (whole) largest = std::max(largest, sum / (B * B));
        }
    return largest;
}

// The largest mean absolute difference over strips two cells high across the whole overlap (or two
// wide down it), once b is fitted to a: a line of caption text differs in a thin strip, which blocks
// dilute with the picture around it, while noise averages out over a strip's length.
double largest_strip_difference(const FittedDifference& d, const Mask& use, double& typical_difference) {
    if (d.cells < 1) return 255;
    std::array<double, S> row_sum{}, col_sum{};
    std::array<int, S> row_n{}, col_n{};
    for (int y = 0; y < S; ++y) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < S; ++x) {
            const std::size_t i = static_cast<std::size_t>(y * S + x);
            if (!use[i]) continue;
            sum += d.left[i], ++n;
            col_sum[static_cast<std::size_t>(x)] += d.left[i], ++col_n[static_cast<std::size_t>(x)];
        }
        row_sum[static_cast<std::size_t>(y)] = sum, row_n[static_cast<std::size_t>(y)] = n;
    }
    constexpr int k_min_cells = S / 2;  // a strip must cross most of the overlap
    // The copy's own noise: the median over rows and columns of their mean difference (a caption's
    // few rows do not raise it).
    std::array<double, 2 * S> levels;
    std::size_t count = 0;
    for (int k = 0; k < S; ++k) {
        const std::size_t i = static_cast<std::size_t>(k);
        if (row_n[i] >= k_min_cells) levels[count++] = row_sum[i] / row_n[i];
        if (col_n[i] >= k_min_cells) levels[count++] = col_sum[i] / col_n[i];
    }
    if (count == 0) {
        double total = 0;
        for (std::size_t i = 0; i < d.left.size(); ++i)
            if (use[i]) total += d.left[i];
        typical_difference = total / d.cells;
    } else {
        std::nth_element(levels.begin(), levels.begin() + static_cast<std::ptrdiff_t>(count / 2), levels.begin() + static_cast<std::ptrdiff_t>(count));
        typical_difference = levels[count / 2];
    }
    double largest = 0;
    for (int k = 0; k + 1 < S; ++k) {
        const std::size_t i = static_cast<std::size_t>(k);
        if (row_n[i] + row_n[i + 1] >= 2 * k_min_cells) largest = std::max(largest, (row_sum[i] + row_sum[i + 1]) / (row_n[i] + row_n[i + 1]));
        if (col_n[i] + col_n[i + 1] >= 2 * k_min_cells) largest = std::max(largest, (col_sum[i] + col_sum[i + 1]) / (col_n[i] + col_n[i + 1]));
    }
    return largest;
}

// `in` brought down to n x n (area) and back up to S x S (bilinear): the grid thumbnail at the
// resolution the larger picture's thumbnail has over the same content, so that a crop's sharper
// thumbnail is not told apart from the magnified part of the other by detail alone.
PictureLuma at_resolution(const PictureLuma& in, int n) {
    if (n >= S) return in;
    const PlaneF small = detail::resize_area_of(in.data(), S, S, S, n, n);
    return enlarged(small.data(), n);
}

// The weakest correlation of a and b along a strip two cells thin (rows, or columns) that crosses
// most of the overlap and has detail in both: a degraded copy of a line of text still correlates with
// it, another line of text does not. 1 when no strip has enough detail.
double weakest_strip_correlation(const LineSums& sums) {
    constexpr int k_min_cells = S;       // of the two lines together
    constexpr double k_min_std = 10.0;   // a strip must hold detail (0..255 scale) in both thumbnails
    double weakest = 1;
    for (const std::array<PairSums, S>* lines : {&sums.rows, &sums.cols})
        for (std::size_t k = 0; k + 1 < S; ++k) {
            PairSums strip = (*lines)[k];
            strip.add((*lines)[k + 1]);
            const double n = strip.n;
            if (n < k_min_cells) continue;
            const double ma = strip.sa / n, mb = strip.sb / n;
            const double va = strip.saa / n - ma * ma, vb = strip.sbb / n - mb * mb;
            if (va < k_min_std * k_min_std || vb < k_min_std * k_min_std) continue;
            weakest = std::min(weakest, (strip.sab / n - ma * mb) / std::sqrt(va * vb));
        }
    return weakest;
}

// A view's chroma planes (Cb, Cr; 8 x 8 each) turned by t, as floats.
std::array<float, 2 * C * C> turned_chroma(const FingerprintView& v, Dihedral t) {
    std::array<float, 2 * C * C> out{};
    for (int plane = 0; plane < 2; ++plane)
        for (int y = 0; y < C; ++y)
            for (int x = 0; x < C; ++x) {
                int sx = 0, sy = 0;
                dihedral_source(t, C, C, x, y, sx, sy);
                out[static_cast<std::size_t>(plane * C * C + y * C + x)] = v.chroma[static_cast<std::size_t>(plane * C * C + sy * C + sx)];
            }
    return out;
}

// RMS difference of the chroma grids over the grid cells whose centre lies inside the sampled picture
// (bilinear reads of the sampled grid, clamped at its edges).
double chroma_difference(const std::array<float, 2 * C * C>& grid, const std::array<float, 2 * C * C>& sampled, const PictureFrame& f) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < C; ++y) {
        const double v = f.y + (y + 0.5) / C * f.height;
        if (v < 0 || v > 1) continue;
        const double py = std::clamp(v * C - 0.5, 0.0, C - 1.0);
        const int y0 = std::min(static_cast<int>(py), C - 2);
        const double wy = py - y0;
        for (int x = 0; x < C; ++x) {
            const double u = f.x + (x + 0.5) / C * f.width;
            if (u < 0 || u > 1) continue;
            const double px = std::clamp(u * C - 0.5, 0.0, C - 1.0);
            const int x0 = std::min(static_cast<int>(px), C - 2);
            const double wx = px - x0;
            for (int plane = 0; plane < 2; ++plane) {
                const float* p = &sampled[static_cast<std::size_t>(plane * C * C + y0 * C + x0)];
                const double top = p[0] + wx * (p[1] - p[0]), bottom = p[C] + wx * (p[C + 1] - p[C]);
                const double d = grid[static_cast<std::size_t>(plane * C * C + y * C + x)] - (top + wy * (bottom - top));
                sum += d * d, ++n;
            }
        }
    }
    return n > 0 ? std::sqrt(sum / n) : 255.0;
}

// How far the centre of frame g lies from that of f (the larger of the two axes).
double frame_shift(const PictureFrame& f, const PictureFrame& g) {
    return std::max(std::abs((g.x + g.width / 2) - (f.x + f.width / 2)), std::abs((g.y + g.height / 2) - (f.y + f.height / 2)));
}

// The comparison of `grid` with `sampled` read through frame `f` (the grid's place in it): coverage,
// correlation, detail correlation, local and strip differences into e. `full_resolution` is the
// grid's own resolution; it is lowered to what the sampled thumbnail has over the same content.
void measure(const PictureLuma& grid_full, const PictureLuma& sampled, const PictureFrame& f, int full_resolution, PairEvidence& e) {
    constexpr int k_min_resolution = 8;
    const int resolution =
        std::max(k_min_resolution, static_cast<int>(std::lround(full_resolution * std::min(1.0, std::min(f.width, f.height)))));
    const PictureLuma grid = at_resolution(grid_full, resolution);
    PictureLuma read;
    Mask inside;
    e.coverage = sample_frame(sampled, f, read, inside);
    LineSums sums;
    line_sums(grid, read, inside, sums);
    e.correlation = correlation_of(sums.all);
    std::array<char, D * D> half_a, half_b;
    const auto detail_grid = detail_of(grid, inside, half_a);
    const auto detail_read = detail_of(read, inside, half_b);
    e.detail_correlation = masked_correlation(detail_grid, detail_read, half_a);
    FittedDifference left;
    fit_difference(grid, read, inside, sums.all, left);
    e.local_difference = largest_local_difference(left, inside);
    e.strip_difference = largest_strip_difference(left, inside, e.typical_difference);
    e.strip_correlation = weakest_strip_correlation(sums);
}

}  // namespace

template <std::size_t N>
int bits_between(const std::array<std::uint8_t, N>& a, const std::array<std::uint8_t, N>& b) noexcept {
    int d = 0;
    for (std::size_t i = 0; i < N; ++i) d += __builtin_popcount(static_cast<unsigned>(a[i] ^ b[i]));
    return d;
}

int view_distance(const FingerprintView& a, const FingerprintView& b, Dihedral t) noexcept {
    return bits_between(a.pdq[static_cast<std::size_t>(t)], b.pdq[0]);
}

int mean_distance(const FingerprintView& a, const FingerprintView& b, Dihedral t) noexcept {
    return bits_between(a.mean[static_cast<std::size_t>(t)], b.mean[0]);
}

void verify_alignment(const Fingerprint& fa, const Fingerprint& fb, const Alignment& al, const MatchOptions& o,
                      PairEvidence& e) {
    e.alignment = al;
    // Whole views are compared on the 64 x 64 thumbnails; matched crop views on their own thumbnails,
    // which show the same content at the same resolution (enlarged to 64 x 64 to share the code).
    const bool whole = al.view_a == 0 && al.view_b == 0;
    const FingerprintView& va = fa.views[static_cast<std::size_t>(al.view_a)];
    const FingerprintView& vb = fb.views[static_cast<std::size_t>(al.view_b)];
    const PictureLuma a = whole ? turned_picture_luma(fa, al.transform) : turned_view_luma(va, al.transform);
    const PictureLuma b = whole ? turned_picture_luma(fb, Dihedral::identity) : turned_view_luma(vb, Dihedral::identity);
    const std::array<float, 2 * C * C> chroma_a = turned_chroma(va, al.transform);
    const std::array<float, 2 * C * C> chroma_b = turned_chroma(vb, Dihedral::identity);
    const int full_resolution = whole ? S : k_view_luma_side;

    const PictureFrame start = frame_from_views(fa, fb, al);  // B in A's turned coordinates
    const PictureFrame view_start = whole ? start : PictureFrame{};  // B's view in A's turned view
    const Moments ma = moments(a), mb = moments(b);
    const bool flat_a = ma.std < o.flat_std, flat_b = mb.std < o.flat_std;
    if (flat_a || flat_b) {
        // Correlation means nothing on noise: flat pictures match flat pictures of the same tone.
        e.frame = start;
        e.coverage = 1;
        e.correlation = (flat_a && flat_b && std::abs(ma.mean - mb.mean) <= o.max_flat_mean_difference) ? 1.0 : 0.0;
        e.detail_correlation = e.correlation;
        e.local_difference = e.strip_difference = e.typical_difference = 0;
        e.strip_correlation = 1;
        e.alignment_margin = 1;
        e.chroma_difference = chroma_difference(chroma_b, chroma_a, view_start);
    } else {
        // The picture showing less is the grid, read from the other: its whole content is compared.
        const bool start_inside = view_start.width * view_start.height <= 1;
        const double ratio = whole ? frame_ratio(fa, fb, al.transform) : view_frame_ratio(fa, fb, al);
        const RefinedFrame refined = refine_frame(start_inside ? b : a, start_inside ? a : b,
                                                  start_inside ? view_start : inverse_frame(view_start),
                                                  start_inside ? ratio : 1 / ratio);
        const PictureFrame b_in_a = start_inside ? refined.frame : inverse_frame(refined.frame);
        e.frame = whole ? b_in_a : whole_frame_of(fa, fb, al, b_in_a);
        e.alignment_margin = refined.margin;
        const bool b_inside = b_in_a.width * b_in_a.height <= 1;  // as aligned, not as started
        const PictureLuma& grid_full = b_inside ? b : a;
        const PictureLuma& sampled = b_inside ? a : b;
        const PictureFrame f = b_inside ? b_in_a : inverse_frame(b_in_a);
        measure(grid_full, sampled, f, full_resolution, e);
        if (!whole && al.view_a != 0 && al.view_b != 0) {
            // Two crop views matched: the pictures may differ outside them (two memes of one template,
            // their captions cropped away), so the whole pictures must agree over their overlap too.
            PairEvidence outer;
            const PictureLuma whole_a = turned_picture_luma(fa, al.transform);
            const PictureLuma whole_b = turned_picture_luma(fb, Dihedral::identity);
            const bool inside = e.frame.width * e.frame.height <= 1;
            measure(inside ? whole_b : whole_a, inside ? whole_a : whole_b, inside ? e.frame : inverse_frame(e.frame), S, outer);
            e.correlation = std::min(e.correlation, outer.correlation);
            e.detail_correlation = std::min(e.detail_correlation, outer.detail_correlation);
            e.local_difference = std::max(e.local_difference, outer.local_difference);
            e.coverage = std::min(e.coverage, outer.coverage);
            e.strip_correlation = std::min(e.strip_correlation, outer.strip_correlation);
            if (outer.strip_difference / (outer.typical_difference + 2) > e.strip_difference / (e.typical_difference + 2))
                e.strip_difference = outer.strip_difference, e.typical_difference = outer.typical_difference;
        }
        e.chroma_difference = b_inside ? chroma_difference(chroma_b, chroma_a, f) : chroma_difference(chroma_a, chroma_b, f);
    }
    e.verified = e.correlation >= o.min_correlation && e.chroma_difference <= o.max_chroma_difference &&
                 e.detail_correlation >= o.min_detail_correlation && e.local_difference <= o.max_local_difference &&
                 e.strip_difference <= o.max_strip_ratio * (e.typical_difference + 2) &&
                 e.strip_correlation >= o.min_strip_correlation && e.coverage >= o.min_coverage &&
                 (al.distance <= o.max_ambiguous_distance ||
                  (e.alignment_margin >= o.min_alignment_margin && frame_shift(start, e.frame) <= o.max_far_shift));
}

void check_match_options(const MatchOptions& o) {
    auto bad = [](const std::string& what) { throw Error(Status::invalid_argument, "duplicate matching: " + what); };
    if (o.candidate_radius < 0 || o.candidate_radius > 47) bad("candidate_radius must be 0..47");
    if (o.dihedral_radius < 0 || o.dihedral_radius > 47) bad("dihedral_radius must be 0..47");
    if (o.dct_radius < -1 || o.dct_radius > 11) bad("dct_radius must be -1..11");
    if (o.mean_radius < -1 || o.mean_radius > 11) bad("mean_radius must be -1..11");
    if (!(o.min_correlation >= -1 && o.min_correlation <= 1)) bad("min_correlation must be -1..1");
    if (!(o.max_chroma_difference >= 0)) bad("max_chroma_difference must be >= 0");
    if (!(o.min_detail_correlation >= -1 && o.min_detail_correlation <= 1)) bad("min_detail_correlation must be -1..1");
    if (!(o.max_local_difference >= 0)) bad("max_local_difference must be >= 0");
    if (!(o.min_coverage >= 0 && o.min_coverage <= 1)) bad("min_coverage must be 0..1");
    if (!(o.max_strip_ratio >= 0)) bad("max_strip_ratio must be >= 0");
    if (!(o.min_strip_correlation >= -1 && o.min_strip_correlation <= 1)) bad("min_strip_correlation must be -1..1");
    if (!(o.min_alignment_margin >= -2 && o.min_alignment_margin <= 2)) bad("min_alignment_margin must be -2..2");
    if (o.max_ambiguous_distance < 0 || o.max_ambiguous_distance > 256) bad("max_ambiguous_distance must be 0..256");
    if (!(o.max_far_shift >= 0)) bad("max_far_shift must be >= 0");
    if (!(o.flat_std >= 0) || !(o.max_flat_mean_difference >= 0)) bad("flat thresholds must be >= 0");
    if (!(o.min_link_fraction > 0 && o.min_link_fraction <= 1)) bad("min_link_fraction must be in (0, 1]");
}

}  // namespace pristine::detail

namespace pristine {

Alignment best_alignment(const Fingerprint& a, const Fingerprint& b, bool dihedral, bool whole_only) noexcept {
    Alignment best;
    const std::size_t views_a = whole_only ? std::min<std::size_t>(1, a.views.size()) : a.views.size();
    const std::size_t views_b = whole_only ? std::min<std::size_t>(1, b.views.size()) : b.views.size();
    for (std::size_t va = 0; va < views_a; ++va)
        for (std::size_t vb = 0; vb < views_b; ++vb)
            for (int t = 0; t < (dihedral ? 8 : 1); ++t) {
                const int d = detail::view_distance(a.views[va], b.views[vb], static_cast<Dihedral>(t));
                if (d < best.distance) best = Alignment{static_cast<int>(va), static_cast<int>(vb), static_cast<Dihedral>(t), d};
            }
    return best;
}

PairEvidence compare_fingerprints(const Fingerprint& a, const Fingerprint& b, const MatchOptions& o) {
    detail::check_match_options(o);
    std::vector<Alignment> all;
    for (std::size_t va = 0; va < a.views.size(); ++va)
        for (std::size_t vb = 0; vb < b.views.size(); ++vb)
            for (int t = 0; t < (o.dihedral ? 8 : 1); ++t) {
                Alignment al{static_cast<int>(va), static_cast<int>(vb), static_cast<Dihedral>(t), 0};
                al.distance = detail::view_distance(a.views[va], b.views[vb], al.transform);
                all.push_back(al);
            }
    std::stable_sort(all.begin(), all.end(), [](const Alignment& x, const Alignment& y) { return x.distance < y.distance; });
    all.resize(std::min<std::size_t>(all.size(), 3));
    // PDQ is unreliable on pictures of a few flat shapes: also the whole-view turn the block means prefer.
    Alignment by_means{0, 0, Dihedral::identity, 0};
    int fewest = 65;
    for (int t = 0; t < (o.dihedral ? 8 : 1); ++t) {
        const int d = detail::mean_distance(a.views[0], b.views[0], static_cast<Dihedral>(t));
        if (d < fewest) fewest = d, by_means.transform = static_cast<Dihedral>(t);
    }
    by_means.distance = detail::view_distance(a.views[0], b.views[0], by_means.transform);
    if (std::none_of(all.begin(), all.end(), [&](const Alignment& x) {
            return x.view_a == 0 && x.view_b == 0 && x.transform == by_means.transform;
        }))
        all.push_back(by_means);
    PairEvidence best;
    best.a = 0, best.b = 1;
    for (std::size_t i = 0; i < all.size(); ++i) {
        PairEvidence e;
        e.a = 0, e.b = 1;
        detail::verify_alignment(a, b, all[i], o, e);
        if (e.verified) return e;
        if (i == 0 || e.correlation > best.correlation) best = e;
    }
    return best;
}

}  // namespace pristine
