// The alignment search: a pattern search over the centre and scale of one thumbnail placed in the
// other, at 32 x 32 (cheap; the thumbnails are smooth there), starting where the matched views say.
// The frame keeps the proportions the two pictures' shapes imply, so three numbers are searched.
#include "duplicates/align.hpp"

#include <algorithm>
#include <cmath>

#include "duplicates/view_regions.hpp"

namespace pristine::detail {

namespace {

constexpr int S = k_align_side;
constexpr int Half = S / 2;
using HalfLuma = std::array<float, Half * Half>;

HalfLuma halved(const PictureLuma& in) {
    HalfLuma out{};
    for (int y = 0; y < Half; ++y)
        for (int x = 0; x < Half; ++x) {
            const float* p = &in[static_cast<std::size_t>(2 * y * S + 2 * x)];
            out[static_cast<std::size_t>(y * Half + x)] = 0.25f * (p[0] + p[1] + p[S] + p[S + 1]);
        }
    return out;
}

// Where the N cells along one axis of the grid read from in the sampled picture: the lower source
// index and the weight of the upper one (bilinear, clamped at the edges).
template <int N>
void source_positions(double origin, double extent, std::array<int, N>& index, std::array<float, N>& weight) {
    for (int i = 0; i < N; ++i) {
        const double p = std::clamp((origin + (i + 0.5) / N * extent) * N - 0.5, 0.0, N - 1.0);
        const int i0 = std::min(static_cast<int>(p), N - 2);
        index[static_cast<std::size_t>(i)] = i0;
        weight[static_cast<std::size_t>(i)] = static_cast<float>(p - i0);
    }
}

// `sampled` read at the centres of the N x N grid cells placed by f (bilinear). Separable: each source
// row the frame reaches is interpolated across once, then neighbouring rows are blended per cell (the
// same arithmetic as interpolating each cell on its own).
template <int N>
void sample(const std::array<float, N * N>& sampled, const PictureFrame& f, std::array<float, N * N>& out) {
    std::array<int, N> xi{}, yi{};
    std::array<float, N> xw{}, yw{};
    source_positions<N>(f.x, f.width, xi, xw);
    source_positions<N>(f.y, f.height, yi, yw);
    std::array<float, N * N> across;  // source row r read at the grid's columns (only rows the frame reaches)
    for (int r = yi[0]; r <= yi[N - 1] + 1; ++r) {  // the row read grows with the cell row
        const float* src = &sampled[static_cast<std::size_t>(r * N)];
        float* dst = &across[static_cast<std::size_t>(r * N)];
        for (int x = 0; x < N; ++x) {
            const int x0 = xi[static_cast<std::size_t>(x)];
            dst[x] = src[x0] + xw[static_cast<std::size_t>(x)] * (src[x0 + 1] - src[x0]);
        }
    }
    for (int y = 0; y < N; ++y) {
        const float* top = &across[static_cast<std::size_t>(yi[static_cast<std::size_t>(y)] * N)];
        const float* bottom = top + N;
        const float wy = yw[static_cast<std::size_t>(y)];
        float* row = &out[static_cast<std::size_t>(y * N)];
        for (int x = 0; x < N; ++x) row[x] = top[x] + wy * (bottom[x] - top[x]);
    }
}

// The correlation of a fixed grid with `sampled` read through frames: the grid's sums are taken once.
template <int N>
class FrameScorer {
public:
    using Plane = std::array<float, N * N>;
    FrameScorer(const Plane& grid, const Plane& sampled) : grid_(grid), sampled_(sampled) {
        for (float v : grid_) sum_ += v, squares_ += static_cast<double>(v) * v;
    }
    double operator()(const PictureFrame& f) {
        sample<N>(sampled_, f, read_);
        // Four partial sums of each, so that the additions need not wait on one another.
        constexpr int L = 4;
        double b_sum[L] = {}, b_squares[L] = {}, products[L] = {};
        for (std::size_t i = 0; i < read_.size(); i += L)
            for (int k = 0; k < L; ++k) {
                const double x = grid_[i + k], y = read_[i + k];
                b_sum[k] += y, b_squares[k] += y * y, products[k] += x * y;
            }
        const double sb = (b_sum[0] + b_sum[1]) + (b_sum[2] + b_sum[3]);
        const double sbb = (b_squares[0] + b_squares[1]) + (b_squares[2] + b_squares[3]);
        const double sab = (products[0] + products[1]) + (products[2] + products[3]);
        const double n = static_cast<double>(N * N);
        const double va = squares_ - sum_ * sum_ / n, vb = sbb - sb * sb / n;
        if (va <= 1e-9 || vb <= 1e-9) return -1;
        return (sab - sum_ * sb / n) / std::sqrt(va * vb);
    }

private:
    const Plane& grid_;
    const Plane& sampled_;
    Plane read_;
    double sum_ = 0, squares_ = 0;
};

PictureFrame with_ratio(const PictureFrame& f, double ratio) {
    const double area = std::max(1e-6, f.width * f.height);
    const double cx = f.x + f.width / 2, cy = f.y + f.height / 2;
    PictureFrame g;
    g.width = std::sqrt(area * ratio);
    g.height = std::sqrt(area / ratio);
    g.x = cx - g.width / 2;
    g.y = cy - g.height / 2;
    return g;
}

PictureFrame moved(const PictureFrame& f, double dx, double dy, double scale) {
    const double cx = f.x + f.width / 2 + dx, cy = f.y + f.height / 2 + dy;
    PictureFrame g;
    g.width = f.width * scale;
    g.height = f.height * scale;
    g.x = cx - g.width / 2;
    g.y = cy - g.height / 2;
    return g;
}

double display_aspect(const ImageInfo& info) {
    return info.display_width > 0 && info.display_height > 0 ? static_cast<double>(info.display_width) / info.display_height : 1.0;
}

}  // namespace

PictureLuma turned_picture_luma(const Fingerprint& a, Dihedral t) {
    PictureLuma out;
    if (t == Dihedral::identity) {
        std::copy(a.luma.begin(), a.luma.end(), out.begin());
        return out;
    }
    for (int y = 0; y < S; ++y)
        for (int x = 0; x < S; ++x) {
            int sx = 0, sy = 0;
            dihedral_source(t, S, S, x, y, sx, sy);
            out[static_cast<std::size_t>(y * S + x)] = a.luma[static_cast<std::size_t>(sy * S + sx)];
        }
    return out;
}

double frame_ratio(const Fingerprint& a, const Fingerprint& b, Dihedral t) {
    const double aspect_a = dihedral_swaps_axes(t) ? 1.0 / display_aspect(a.info) : display_aspect(a.info);
    return display_aspect(b.info) / aspect_a;
}

namespace {

// Where the matched views lie: A's view in A turned by the alignment's transform, B's view in B.
void view_rects(const Fingerprint& a, const Fingerprint& b, const Alignment& al, PictureFrame& ra, PictureFrame& rb) {
    ra = view_frame(display_aspect(a.info), 1.0, a.views[static_cast<std::size_t>(al.view_a)].region);
    if (dihedral_swaps_axes(al.transform)) {  // views are centred: a turn only swaps their sides
        std::swap(ra.width, ra.height);
        std::swap(ra.x, ra.y);
    }
    rb = view_frame(display_aspect(b.info), 1.0, b.views[static_cast<std::size_t>(al.view_b)].region);
}

}  // namespace

PictureLuma enlarged(const float* small, int n) {
    // Where each output row and column reads from (the same for both axes).
    std::array<int, S> lower{};
    std::array<float, S> weight{};
    for (int i = 0; i < S; ++i) {
        const float p = std::clamp((i + 0.5f) * n / S - 0.5f, 0.0f, n - 1.0f);
        lower[static_cast<std::size_t>(i)] = std::min(static_cast<int>(p), n - 2);
        weight[static_cast<std::size_t>(i)] = p - lower[static_cast<std::size_t>(i)];
    }
    PictureLuma out;
    for (int y = 0; y < S; ++y) {
        const int y0 = lower[static_cast<std::size_t>(y)];
        const float wy = weight[static_cast<std::size_t>(y)];
        for (int x = 0; x < S; ++x) {
            const int x0 = lower[static_cast<std::size_t>(x)];
            const float wx = weight[static_cast<std::size_t>(x)];
            const float* r0 = small + static_cast<std::ptrdiff_t>(y0) * n + x0;
            const float top = r0[0] + wx * (r0[1] - r0[0]), bottom = r0[n] + wx * (r0[n + 1] - r0[n]);
            out[static_cast<std::size_t>(y * S + x)] = top + wy * (bottom - top);
        }
    }
    return out;
}

PictureLuma turned_view_luma(const FingerprintView& v, Dihedral t) {
    constexpr int L = k_view_luma_side;
    std::array<float, L * L> turned;
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
            int sx = 0, sy = 0;
            dihedral_source(t, L, L, x, y, sx, sy);
            turned[static_cast<std::size_t>(y * L + x)] = v.luma[static_cast<std::size_t>(sy * L + sx)];
        }
    return enlarged(turned.data(), L);
}

double view_frame_ratio(const Fingerprint& a, const Fingerprint& b, const Alignment& al) {
    PictureFrame ra, rb;
    view_rects(a, b, al, ra, rb);
    const double aspect_a = dihedral_swaps_axes(al.transform) ? 1.0 / display_aspect(a.info) : display_aspect(a.info);
    // Physical width / height of each view region.
    const double view_a = ra.width * aspect_a / ra.height, view_b = rb.width * display_aspect(b.info) / rb.height;
    return view_b / view_a;
}

PictureFrame whole_frame_of(const Fingerprint& a, const Fingerprint& b, const Alignment& al, const PictureFrame& f) {
    PictureFrame ra, rb;
    view_rects(a, b, al, ra, rb);
    const PictureFrame view_b{ra.x + f.x * ra.width, ra.y + f.y * ra.height, f.width * ra.width, f.height * ra.height};
    PictureFrame g;
    g.width = view_b.width / rb.width;
    g.height = view_b.height / rb.height;
    g.x = view_b.x - rb.x * g.width;
    g.y = view_b.y - rb.y * g.height;
    return g;
}

PictureFrame frame_from_views(const Fingerprint& a, const Fingerprint& b, const Alignment& al) {
    PictureFrame ra, rb;
    view_rects(a, b, al, ra, rb);
    PictureFrame f;
    f.width = ra.width / rb.width;
    f.height = ra.height / rb.height;
    f.x = ra.x - rb.x * f.width;
    f.y = ra.y - rb.y * f.height;
    return with_ratio(f, frame_ratio(a, b, al.transform));
}

PictureFrame inverse_frame(const PictureFrame& f) {
    PictureFrame g;
    g.width = 1 / f.width;
    g.height = 1 / f.height;
    g.x = -f.x / f.width;
    g.y = -f.y / f.height;
    return g;
}

RefinedFrame refine_frame(const PictureLuma& grid, const PictureLuma& sampled, PictureFrame start, double ratio) {
    const HalfLuma g = halved(grid), s = halved(sampled);
    FrameScorer<Half> score(g, s);
    PictureFrame best = with_ratio(start, ratio);
    const PictureFrame origin = best;
    // The search stays near where the matched views put the frame: copies are cut centred or shaved by
    // a few percent, while a periodic texture would line up with any of its shifted repeats.
    constexpr double k_max_shift = 0.08, k_max_scale = 1.25;
    auto trusted = [&](const PictureFrame& f) {
        const double dx = (f.x + f.width / 2) - (origin.x + origin.width / 2);
        const double dy = (f.y + f.height / 2) - (origin.y + origin.height / 2);
        const double scale = f.width / origin.width;
        return std::abs(dx) <= k_max_shift && std::abs(dy) <= k_max_shift && scale <= k_max_scale && scale >= 1 / k_max_scale;
    };
    double best_score = score(best);
    // A start this far off is a chance match of the hashes: no frame within the search's reach makes a
    // copy of it (shaved and cropped copies start above 0.5), so the search is not run.
    constexpr double k_hopeless = 0.3;
    if (best_score < k_hopeless) return RefinedFrame{best, 0};
    // Steps in the sampled picture's normalised units (and relative scale); a close start is only polished.
    double step = best_score >= 0.99 ? 0.005 : best_score >= 0.9 ? 0.02 : 0.04;
    constexpr double k_smallest_step = 0.002;
    constexpr int k_max_evaluations = 240;
    int evaluations = 1;
    // Tries come in opposite pairs (2k, 2k + 1). After a move, the try opposite to it leads back to the
    // frame just left, which scored lower: it counts as tried without being scored again.
    int way_back = -1;
    // A move must gain 1e-6 on the best and no correlation exceeds 1: a start this close to 1 (a copy
    // with the same thumbnail) stays where it is, without scoring the moves.
    const bool unbeatable = best_score > 1 - 0.5e-6;
    while (!unbeatable && step >= k_smallest_step && evaluations < k_max_evaluations) {
        const PictureFrame tries[] = {moved(best, step, 0, 1),  moved(best, -step, 0, 1),      moved(best, 0, step, 1),
                                      moved(best, 0, -step, 1), moved(best, 0, 0, 1 + step), moved(best, 0, 0, 1 / (1 + step))};
        double round_best = best_score;
        int round_try = -1;
        for (int k = 0; k < 6; ++k) {
            if (!trusted(tries[k])) continue;
            ++evaluations;
            if (k == way_back) continue;
            const double c = score(tries[k]);
            if (c > round_best + 1e-6) round_best = c, round_try = k;
        }
        if (round_try >= 0) {
            best = tries[round_try], best_score = round_best;
            way_back = round_try ^ 1;
        } else {
            way_back = -1;
            step /= 2;
            // Finer steps add a few hundredths at most: a frame still this far off will not verify.
            constexpr double k_give_up = 0.8, k_fine_step = 0.01;
            if (step < k_fine_step && best_score < k_give_up) break;
        }
    }
    // The margin along each axis; the alignment is pinned when either is (a flag's horizontal stripes
    // fix the vertical position, and along them there is nothing to get wrong).
    constexpr double k_margin_shift = 0.1;
    const double dx = k_margin_shift * best.width, dy = k_margin_shift * best.height;
    const double along_x = best_score - std::max(score(moved(best, dx, 0, 1)), score(moved(best, -dx, 0, 1)));
    const double along_y = best_score - std::max(score(moved(best, 0, dy, 1)), score(moved(best, 0, -dy, 1)));
    return RefinedFrame{best, std::max(along_x, along_y)};
}

double sample_frame(const PictureLuma& sampled, const PictureFrame& f, PictureLuma& out, std::array<char, S * S>& inside) {
    sample<S>(sampled, f, out);
    // A cell is inside when its column and its row are.
    std::array<char, S> column_inside{};
    int columns = 0;
    for (int x = 0; x < S; ++x) {
        const double u = f.x + (x + 0.5) / S * f.width;
        column_inside[static_cast<std::size_t>(x)] = u >= 0 && u <= 1 ? 1 : 0;
        columns += column_inside[static_cast<std::size_t>(x)];
    }
    int count = 0;
    for (int y = 0; y < S; ++y) {
        const double v = f.y + (y + 0.5) / S * f.height;
        const bool row_inside = v >= 0 && v <= 1;
        char* cells = &inside[static_cast<std::size_t>(y * S)];
        if (row_inside)
            std::copy(column_inside.begin(), column_inside.end(), cells);
        else
            std::fill(cells, cells + S, char{0});
        count += row_inside ? columns : 0;
    }
    return static_cast<double>(count) / (S * S);
}

}  // namespace pristine::detail
