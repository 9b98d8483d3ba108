// Directional dissimilarity of two copies (pristine/io/provenance.hpp): each predicted from the other
// through the operations copies go through (turn, crop, resample), and for a JPEG also through its
// own quantisation. The copy made from the other is predicted closely; the parent is not.
#include <algorithm>
#include <array>
#include <cmath>

#include "pristine/io/provenance.hpp"
#include "provenance/provenance_internal.hpp"
#include "pristine/resize.hpp"

namespace pristine {

namespace {

// Target pixel (u, v) reads the source at (ox + sx u, oy + sy v) (pixel centres).
struct Map {
    double ox = 0, oy = 0, sx = 1, sy = 1;
    Map inverse() const { return {-ox / sx, -oy / sy, 1 / sx, 1 / sy}; }
};

// B's picture (target, w x h) in A's (source, W x H) from the frame in A's unit square.
Map map_from_frame(const PictureFrame& f, int W, int H, int w, int h) {
    Map m;
    m.sx = f.width * W / w;
    m.sy = f.height * H / h;
    m.ox = f.x * W + 0.5 * m.sx - 0.5;
    m.oy = f.y * H + 0.5 * m.sy - 0.5;
    return m;
}

inline float bilinear(const PlaneF& p, double x, double y) {
    const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
    const int x1 = std::min(x0 + 1, static_cast<int>(p.cols()) - 1), y1 = std::min(y0 + 1, static_cast<int>(p.rows()) - 1);
    const float fx = static_cast<float>(x - x0), fy = static_cast<float>(y - y0);
    const float top = p(y0, x0) + fx * (p(y0, x1) - p(y0, x0));
    const float bottom = p(y1, x0) + fx * (p(y1, x1) - p(y1, x0));
    return top + fy * (bottom - top);
}

// Keys' cubic (a = -0.5): what enlarging tools use by default, closer to them than bilinear.
float bicubic(const PlaneF& p, double x, double y) {
    const int W = static_cast<int>(p.cols()), H = static_cast<int>(p.rows());
    const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
    if (x0 < 1 || y0 < 1 || x0 + 2 >= W || y0 + 2 >= H) return bilinear(p, x, y);
    auto weights = [](double t, float* w) {
        const double t2 = t * t, t3 = t2 * t;
        w[0] = static_cast<float>(-0.5 * t3 + t2 - 0.5 * t);
        w[1] = static_cast<float>(1.5 * t3 - 2.5 * t2 + 1);
        w[2] = static_cast<float>(-1.5 * t3 + 2 * t2 + 0.5 * t);
        w[3] = static_cast<float>(0.5 * t3 - 0.5 * t2);
    };
    float wx[4], wy[4];
    weights(x - x0, wx);
    weights(y - y0, wy);
    float sum = 0;
    for (int j = 0; j < 4; ++j) {
        const float* row = &p(y0 - 1 + j, x0 - 1);
        sum += wy[j] * (wx[0] * row[0] + wx[1] * row[1] + wx[2] * row[2] + wx[3] * row[3]);
    }
    return sum;
}

// A source ready to be sampled at a target's density: area-reduced first when it is denser (as
// shrinking tools average), with the map adjusted to the reduced plane.
struct Prepared {
    PlaneF reduced;
    const PlaneF* plane = nullptr;
    Map map;
};

Prepared prepare(const PlaneF& source, const Map& m) {
    Prepared p;
    p.plane = &source;
    p.map = m;
    const int W = static_cast<int>(source.cols()), H = static_cast<int>(source.rows());
    if (m.sx < 1.2 && m.sy < 1.2) return p;
    const int w = std::max(2, static_cast<int>(std::lround(W / std::max(1.0, m.sx))));
    const int h = std::max(2, static_cast<int>(std::lround(H / std::max(1.0, m.sy))));
    p.reduced = resize_area(source, w, h);
    p.plane = &p.reduced;
    const double kx = static_cast<double>(w) / W, ky = static_cast<double>(h) / H;
    p.map = {(m.ox + 0.5) * kx - 0.5, (m.oy + 0.5) * ky - 0.5, m.sx * kx, m.sy * ky};
    return p;
}

enum class Sampling { nearest, bilinear, bicubic };

// The target pixels [u0, u1) x [v0, v1) a residual is measured on.
struct Window {
    int u0 = 0, v0 = 0, u1 = 0, v1 = 0;
    double area() const { return std::max(0, u1 - u0) * static_cast<double>(std::max(0, v1 - v0)); }
};

// The target pixels the map places inside the source (a pixel's margin kept for interpolation),
// `margin` more target pixels inside all round.
Window overlap(const Map& m, const PlaneF& source, const PlaneF& target, double margin) {
    const double W = static_cast<double>(source.cols()), H = static_cast<double>(source.rows());
    auto range = [&](double o, double sc, double size, int n, int& lo, int& hi) {
        lo = std::max(1, static_cast<int>(std::ceil((1 - o) / sc + margin)));
        hi = std::min(n - 1, static_cast<int>(std::floor((size - 2 - o) / sc - margin)) + 1);
    };
    Window win;
    range(m.ox, m.sx, W, static_cast<int>(target.cols()), win.u0, win.u1);
    range(m.oy, m.sy, H, static_cast<int>(target.rows()), win.v0, win.v1);
    return win;
}

// Mean |target - source sampled| over a grid of about `samples` target pixels of the window; -1 when
// the window is too small to tell. The sampling is a template argument so that its interpolation is
// inlined in the loop (the alignment search calls this thousands of times per pair).
template <Sampling how>
double residual(const PlaneF& source, const Map& m, const PlaneF& target, const Window& win, double samples) {
    if (win.area() < 64) return -1.0;
    const int W = static_cast<int>(source.cols()), H = static_cast<int>(source.rows());
    const int step = std::max(1, static_cast<int>(std::sqrt(win.area() / samples)));
    double sum = 0;
    long n = 0;
    for (int v = win.v0; v < win.v1; v += step) {
        const double y = m.oy + m.sy * v;
        if (y < 0 || y > H - 1) continue;
        for (int u = win.u0; u < win.u1; u += step) {
            const double x = m.ox + m.sx * u;
            if (x < 0 || x > W - 1) continue;
            float s;
            if constexpr (how == Sampling::bicubic) s = bicubic(source, x, y);
            else if constexpr (how == Sampling::bilinear) s = bilinear(source, x, y);
            else s = source(static_cast<int>(std::lround(y)), static_cast<int>(std::lround(x)));
            sum += std::fabs(s - target(v, u));
            ++n;
        }
    }
    return n < 32 ? -1.0 : sum / static_cast<double>(n);
}

// The sum of the residuals both ways (bilinear, sparse samples) over windows of the overlap that
// every map tried near `start` shares: a smaller overlap must not pass for a better fit.
class FitCost {
public:
    FitCost(const PlaneF& source, const PlaneF& target, const Map& start, double reach, double samples)
        : source_(source), target_(target), ahead_(overlap(start, source, target, reach + 1)),
          back_(overlap(start.inverse(), target, source, (reach + 1) * std::max(start.sx, start.sy))), samples_(samples) {}
    double operator()(const Map& m) const {
        const double f = residual<Sampling::bilinear>(source_, m, target_, ahead_, samples_);
        const double b = residual<Sampling::bilinear>(target_, m.inverse(), source_, back_, samples_);
        return f < 0 || b < 0 ? 1e9 : f + b;
    }

private:
    const PlaneF& source_;
    const PlaneF& target_;
    Window ahead_, back_;
    double samples_;
};

// The map between planes reduced by (fs_x, fs_y) (source) and (ft_x, ft_y) (target), and back.
Map reduced_map(const Map& m, double fsx, double fsy, double ftx, double fty) {
    return {(m.ox + m.sx * (0.5 * ftx - 0.5) + 0.5) / fsx - 0.5, (m.oy + m.sy * (0.5 * fty - 0.5) + 0.5) / fsy - 0.5, m.sx * ftx / fsx,
            m.sy * fty / fsy};
}
Map full_map(const Map& r, double fsx, double fsy, double ftx, double fty) {
    const double sx = r.sx * fsx / ftx, sy = r.sy * fsy / fty;
    return {(r.ox + 0.5) * fsx - 0.5 - sx * (0.5 * ftx - 0.5), (r.oy + 0.5) * fsy - 0.5 - sy * (0.5 * fty - 0.5), sx, sy};
}

// The whole-source-pixel shift of the map within +-r with the least cost (on about `samples` pixels),
// and with `scale` the scale too.
Map best_shift(const PlaneF& source, const PlaneF& target, const Map& m, int r, double samples, bool scale) {
    const FitCost cost(source, target, m, r * std::max(1.0, 1 / std::min(m.sx, m.sy)), samples);
    Map best = m;
    double least = cost(m);
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            Map x = m;
            x.ox += dx, x.oy += dy;
            const double c = cost(x);
            if (c < least) least = c, best = x;
        }
    if (!scale) return best;
    // Then the scale along each axis, about the centre: the far edge moved by whole target pixels.
    const Map shifted = best;
    const double w = static_cast<double>(target.cols()), h = static_cast<double>(target.rows());
    for (int axis = 0; axis < 2; ++axis)
        for (int k = -r; k <= r; ++k) {
            Map x = best;
            const double d = k * (axis == 0 ? shifted.sx : shifted.sy);  // in source pixels
            if (axis == 0) x.sx += d / w, x.ox -= d / 2;
            if (axis == 1) x.sy += d / h, x.oy -= d / 2;
            const double c = cost(x);
            if (c < least) least = c, best = x;
        }
    return best;
}

// A luma plane and its halvings (CopyPixels::reduced), largest first.
using Pyramid = std::vector<const PlaneF*>;

// The map that predicts best both ways near `start`: the matcher's frame comes from 64 x 64
// thumbnails, so it is off by a few pixels at full size. Whole-pixel shifts are searched coarse to
// fine (on planes reduced by 2, 4, ... first, so that fine texture does not mislead a far search),
// then offset and scale between pixels; a copy at the same scale stays on whole pixels (between
// pixels, the interpolation's smoothing of the noise would pass for a better fit).
Map refine(const Pyramid& source, const Pyramid& target, const Map& start) {
    const double w = static_cast<double>(target[0]->cols()), h = static_cast<double>(target[0]->rows());
    const double reach = std::max(3.0, 0.015 * std::max(w, h));  // in target pixels
    const bool same_scale = std::fabs(start.sx - 1) < 0.02 && std::fabs(start.sy - 1) < 0.02;
    Map m = same_scale ? Map{std::round(start.ox), std::round(start.oy), 1, 1} : start;
    std::size_t levels = 0;
    while (reach / (1 << levels) > 3 && levels + 1 < std::min(source.size(), target.size())) ++levels;
    for (std::size_t level = levels; level > 0; --level) {
        // Each finer level searches a little more than the coarser one's step: a texture that is
        // almost alike along one direction leaves the coarse estimate a few pixels off there.
        const int r = level == levels ? static_cast<int>(std::ceil(reach / (1 << level) * std::max(m.sx, 1.0))) : 3;
        const PlaneF &s = *source[level], &t = *target[level];
        const double fsx = static_cast<double>(source[0]->cols()) / s.cols(), fsy = static_cast<double>(source[0]->rows()) / s.rows();
        const double ftx = w / t.cols(), fty = h / t.rows();
        m = full_map(best_shift(s, t, reduced_map(m, fsx, fsy, ftx, fty), r, 2000, !same_scale), fsx, fsy, ftx, fty);
    }
    if (same_scale) m.ox = std::round(m.ox), m.oy = std::round(m.oy), m.sx = m.sy = 1;
    // Full size: a wide search on few samples, then the closest shifts on more.
    m = best_shift(*source[0], *target[0], m, levels == 0 ? static_cast<int>(std::ceil(reach)) : 4, 1500, !same_scale);
    m = best_shift(*source[0], *target[0], m, 1, 8000, false);
    if (same_scale) return m;
    const FitCost cost(*source[0], *target[0], m, 2, 3000);
    double best = cost(m);
    for (double step = 0.5; step >= 0.24; step /= 2) {
        for (int round = 0; round < 4; ++round) {
            bool moved = false;
            for (int k = 0; k < 8; ++k) {
                Map x = m;
                const double d = (k % 2 == 0 ? 1 : -1) * step;
                if (k / 2 == 0) x.ox += d;
                if (k / 2 == 1) x.oy += d;
                if (k / 2 == 2) x.sx += d / w, x.ox -= d / 2;  // about the centre: the offset's search stays apart
                if (k / 2 == 3) x.sy += d / h, x.oy -= d / 2;
                const double c = cost(x);
                if (c < best) best = c, m = x, moved = true;
            }
            if (!moved) break;
        }
    }
    return m;
}

// Share of the target's non-zero quantised luma coefficients that the source's pixels reproduce when
// quantised with the target's steps on its block grid; the source sits at whole-pixel offset
// (dx, dy) and the same scale. -1 when no block lies wholly inside both.
double coefficient_agreement(const PlaneF& source, int dx, int dy, const JpegLuma& target) {
    // The target's blocks that lie wholly inside the source.
    const int W = static_cast<int>(source.cols()), H = static_cast<int>(source.rows());
    const auto first = [](int d) { return d >= 0 ? 0 : (-d + 7) / 8; };
    const int bx0 = first(dx), by0 = first(dy);
    const int bx1 = std::min(target.blocks_wide, (W - dx) / 8), by1 = std::min(target.blocks_high, (H - dy) / 8);
    if (bx1 <= bx0 || by1 <= by0) return -1;
    // The source's pixels over those blocks, quantised by libjpeg with the target's steps: a float DCT
    // differs from libjpeg's integer one by a unit often enough that at quality 95-100 (steps of 1-3)
    // a tenth of the coefficients of a JPEG made from these very pixels came out different.
    const int w = (bx1 - bx0) * 8, h = (by1 - by0) * 8;
    std::vector<std::uint8_t> grey(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] =
                static_cast<std::uint8_t>(std::clamp(std::lround(source(by0 * 8 + dy + y, bx0 * 8 + dx + x)), 0L, 255L));
    JpegLuma mine;
    if (!provenance::quantise_luma(grey.data(), w, h, target.steps, mine) || mine.blocks_wide != bx1 - bx0) return -1;
    long equal = 0, counted = 0;
    for (int by = by0; by < by1; ++by)
        for (int bx = bx0; bx < bx1; ++bx) {
            const std::int16_t* q = &target.coefficients[(static_cast<std::size_t>(by) * static_cast<std::size_t>(target.blocks_wide) + static_cast<std::size_t>(bx)) * 64];
            const std::int16_t* m = &mine.coefficients[(static_cast<std::size_t>(by - by0) * static_cast<std::size_t>(mine.blocks_wide) + static_cast<std::size_t>(bx - bx0)) * 64];
            for (int k = 0; k < 64; ++k) {
                if (m[k] == 0 && q[k] == 0) continue;
                ++counted;
                equal += m[k] == q[k];
            }
        }
    return counted < 64 ? -1.0 : static_cast<double>(equal) / static_cast<double>(counted);
}

// How clearly `later`'s coefficients still carry `earlier`'s quantisation, 0 (chance) .. 1 (all of
// them), on the frequencies where earlier's step is at least twice later's plus 2: a JPEG re-saved
// from another on the same block grid holds dequantised values within about half its own step of a
// multiple of the earlier step; one made from anything else lands there by chance only. -1 when too
// few coefficients tell. The two JPEGs' grids must coincide.
double carried_quantisation(const JpegLuma& earlier, const JpegLuma& later) {
    std::array<double, 64> chance{};
    bool any = false;
    for (std::size_t k = 0; k < 64; ++k) {
        const double se = earlier.steps[k], sl = later.steps[k];
        if (sl > 0 && se >= 2 * (sl + 2)) chance[k] = (sl + 2) / se, any = true;
    }
    if (!any) return -1;
    const std::size_t blocks = later.coefficients.size() / 64;
    const std::size_t stride = std::max<std::size_t>(1, blocks / 4000);
    double expected = 0;
    long hits = 0, counted = 0;
    for (std::size_t b = 0; b < blocks; b += stride)
        for (std::size_t k = 0; k < 64; ++k) {
            if (chance[k] == 0) continue;
            const double se = earlier.steps[k], sl = later.steps[k];
            const double v = static_cast<double>(later.coefficients[b * 64 + k]) * sl;
            if (std::fabs(v) < se / 2) continue;  // the zero bin tells nothing
            ++counted;
            expected += chance[k];
            hits += std::fabs(v - se * std::round(v / se)) <= sl / 2 + 1;
        }
    if (counted < 64 || expected >= static_cast<double>(counted)) return -1;
    return std::clamp((static_cast<double>(hits) - expected) / (static_cast<double>(counted) - expected), 0.0, 1.0);
}

// Share of the target's picture that the map places inside the source's.
double covered(const Map& m, int W, int H, int w, int h) {
    auto along = [](double o, double s, int from, int to) {
        const double lo = o + s * -0.5, hi = o + s * (to - 0.5);  // the target's extent in source pixels
        const double inside = std::min(hi, from - 0.5) - std::max(lo, -0.5);
        return std::clamp(inside / (hi - lo), 0.0, 1.0);
    };
    return along(m.ox, m.sx, W, w) * along(m.oy, m.sy, H, h);
}

// The whole-pixel offset of a map at scale 1, if it is one.
bool whole_pixel_shift(const Map& m, int& dx, int& dy) {
    if (std::fabs(m.sx - 1) > 1e-3 || std::fabs(m.sy - 1) > 1e-3) return false;
    dx = static_cast<int>(std::lround(m.ox));
    dy = static_cast<int>(std::lround(m.oy));
    return std::fabs(m.ox - dx) < 0.25 && std::fabs(m.oy - dy) < 0.25;
}

}  // namespace

DirectionalEvidence directional_evidence(const CopyPixels& a, const CopyPixels& b, Dihedral turn, const PictureFrame& frame) {
    DirectionalEvidence d;
    if (a.luma.size() < 64 || b.luma.size() < 64) return d;
    const PlaneF turned = turn == Dihedral::identity ? PlaneF() : transform_dihedral(a.luma, turn);
    const PlaneF& source = turn == Dihedral::identity ? a.luma : turned;
    const Map start = map_from_frame(frame, static_cast<int>(source.cols()), static_cast<int>(source.rows()),
                                     static_cast<int>(b.luma.cols()), static_cast<int>(b.luma.rows()));
    // The pyramids: a's halvings turned as a is (the halving of a turn is the turn of the halving).
    std::vector<PlaneF> turned_reduced;
    Pyramid from{&source}, to{&b.luma};
    for (const PlaneF& r : a.reduced) turned_reduced.push_back(turn == Dihedral::identity ? PlaneF() : transform_dihedral(r, turn));
    for (std::size_t i = 0; i < a.reduced.size(); ++i) from.push_back(turn == Dihedral::identity ? &a.reduced[i] : &turned_reduced[i]);
    for (const PlaneF& r : b.reduced) to.push_back(&r);
    const Map m = refine(from, to, start);
    // Each way, the better of the two resamplings copies are made with: smooth (area-reduced, or
    // cubic when enlarging) and nearest-neighbour (a "point" resize or decimation).
    constexpr double k_samples = 1 << 16;
    auto predict = [&](const PlaneF& parent, const Map& map, const PlaneF& copy) {
        const Window win = overlap(map, parent, copy, 1);
        const Prepared smooth = prepare(parent, map);
        const double smoothly = residual<Sampling::bicubic>(*smooth.plane, smooth.map, copy, win, k_samples);
        const double nearest = residual<Sampling::nearest>(parent, map, copy, win, k_samples);
        return smoothly < 0 || nearest < 0 ? std::max(smoothly, nearest) : std::min(smoothly, nearest);
    };
    d.forward = predict(source, m, b.luma);
    d.backward = predict(b.luma, m.inverse(), source);
    d.measured = d.forward >= 0 && d.backward >= 0;
    d.covered_forward = covered(m, static_cast<int>(source.cols()), static_cast<int>(source.rows()), static_cast<int>(b.luma.cols()),
                                static_cast<int>(b.luma.rows()));
    d.covered_backward = covered(m.inverse(), static_cast<int>(b.luma.cols()), static_cast<int>(b.luma.rows()),
                                 static_cast<int>(source.cols()), static_cast<int>(source.rows()));
    if (!d.measured) d.forward = d.backward = 0;
    int dx = 0, dy = 0;
    if (d.measured && whole_pixel_shift(m, dx, dy)) {
        // The coefficients lie on the untouched picture's grid: a turned copy's do not.
        if (!b.jpeg.coefficients.empty() && turn == Dihedral::identity) d.jpeg_forward = coefficient_agreement(source, dx, dy, b.jpeg);
        if (!a.jpeg.coefficients.empty() && turn == Dihedral::identity) d.jpeg_backward = coefficient_agreement(b.luma, -dx, -dy, a.jpeg);
        if (!a.jpeg.coefficients.empty() && !b.jpeg.coefficients.empty() && turn == Dihedral::identity && dx % 8 == 0 && dy % 8 == 0) {
            d.quantisation_forward = carried_quantisation(a.jpeg, b.jpeg);
            d.quantisation_backward = carried_quantisation(b.jpeg, a.jpeg);
        }
    }
    return d;
}

DirectionalEvidence reversed(const DirectionalEvidence& d) noexcept {
    DirectionalEvidence r = d;
    std::swap(r.forward, r.backward);
    std::swap(r.jpeg_forward, r.jpeg_backward);
    std::swap(r.quantisation_forward, r.quantisation_backward);
    std::swap(r.covered_forward, r.covered_backward);
    return r;
}

}  // namespace pristine
