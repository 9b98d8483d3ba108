// Verification: the second signal behind a hash match. A's thumbnail is turned by the matched
// transform and compared with B's by correlation (structure) and by the chroma grids (colour), so
// that pictures with one layout and other colours (flags, recoloured drawings) and pictures whose
// hashes collide by chance are told apart. Feeds shave a few percent off the edges, so the
// correlation is also tried with either thumbnail's centre zoomed by up to 1/0.8 (until one passes).
#include "duplicates/verify.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace pristine::detail {

namespace {

constexpr int L = k_view_luma_side;
constexpr int C = k_view_chroma_side;
using Thumb = std::array<float, L * L>;

// Centre zooms tried (the fraction of the thumbnail's side that is compared with the whole other one).
constexpr std::array<float, 3> k_zooms = {0.94f, 0.88f, 0.8f};

void turned(const std::uint8_t* in, int side, Dihedral t, float* out) {
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            int sx = 0, sy = 0;
            dihedral_source(t, side, side, x, y, sx, sy);
            out[y * side + x] = in[sy * side + sx];
        }
}

// The centre `zoom` x side of `in`, resampled bilinearly to side x side.
Thumb zoomed(const Thumb& in, float zoom) {
    Thumb out{};
    const float c = L / 2.0f;
    for (int y = 0; y < L; ++y) {
        const float sy = std::clamp(c + (y + 0.5f - c) * zoom - 0.5f, 0.0f, L - 1.0f);
        const int y0 = std::min(static_cast<int>(sy), L - 2);
        const float fy = sy - y0;
        for (int x = 0; x < L; ++x) {
            const float sx = std::clamp(c + (x + 0.5f - c) * zoom - 0.5f, 0.0f, L - 1.0f);
            const int x0 = std::min(static_cast<int>(sx), L - 2);
            const float fx = sx - x0;
            const float* r0 = &in[y0 * L + x0];
            const float* r1 = r0 + L;
            out[y * L + x] = (1 - fy) * ((1 - fx) * r0[0] + fx * r0[1]) + fy * ((1 - fx) * r1[0] + fx * r1[1]);
        }
    }
    return out;
}

struct Moments {
    double mean = 0, std = 0;
};

Moments moments(const Thumb& t) {
    double s = 0, s2 = 0;
    for (float v : t) s += v, s2 += static_cast<double>(v) * v;
    Moments m;
    m.mean = s / t.size();
    m.std = std::sqrt(std::max(0.0, s2 / t.size() - m.mean * m.mean));
    return m;
}

double correlation(const Thumb& a, const Thumb& b) {
    const Moments ma = moments(a), mb = moments(b);
    if (ma.std <= 0 || mb.std <= 0) return 0;
    double cov = 0;
    for (std::size_t i = 0; i < a.size(); ++i) cov += (a[i] - ma.mean) * (b[i] - mb.mean);
    return cov / a.size() / (ma.std * mb.std);
}

// The detail of a thumbnail: itself minus its 3 x 3 box blur. Pictures that share only a layout or a
// gradient (two skies, two pages of one template) correlate on the whole but not on the detail.
Thumb detail_of(const Thumb& t) {
    Thumb out{};
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
            float sum = 0;
            int n = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int yy = y + dy, xx = x + dx;
                    if (yy < 0 || yy >= L || xx < 0 || xx >= L) continue;
                    sum += t[static_cast<std::size_t>(yy * L + xx)], ++n;
                }
            out[static_cast<std::size_t>(y * L + x)] = t[static_cast<std::size_t>(y * L + x)] - sum / static_cast<float>(n);
        }
    return out;
}

// The largest mean absolute difference over 4 x 4 blocks once b is fitted to a by a gain and an offset
// (least squares): a caption or a sticker that differs shows up in its blocks even when the rest of
// the picture, and so the correlation, agrees.
double largest_local_difference(const Thumb& a, const Thumb& b) {
    const Moments ma = moments(a), mb = moments(b);
    double cov = 0;
    for (std::size_t i = 0; i < a.size(); ++i) cov += (a[i] - ma.mean) * (b[i] - mb.mean);
    cov /= static_cast<double>(a.size());
    const double gain = mb.std > 0 ? cov / (mb.std * mb.std) : 0;
    constexpr int B = 4;
    double largest = 0;
    for (int by = 0; by < L; by += B)
        for (int bx = 0; bx < L; bx += B) {
            double sum = 0;
            for (int y = by; y < by + B; ++y)
                for (int x = bx; x < bx + B; ++x) {
                    const std::size_t i = static_cast<std::size_t>(y * L + x);
                    sum += std::abs((a[i] - ma.mean) - gain * (b[i] - mb.mean));
                }
            largest = std::max(largest, sum / (B * B));
        }
    return largest;
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
    const FingerprintView& a = fa.views[static_cast<std::size_t>(al.view_a)];
    const FingerprintView& b = fb.views[static_cast<std::size_t>(al.view_b)];
    e.alignment = al;
    Thumb ta{}, tb{};
    turned(a.luma.data(), L, al.transform, ta.data());
    for (std::size_t i = 0; i < tb.size(); ++i) tb[i] = b.luma[i];

    std::array<float, C * C> ca{};
    double chroma = 0;
    for (int plane = 0; plane < 2; ++plane) {
        turned(a.chroma.data() + plane * C * C, C, al.transform, ca.data());
        for (int i = 0; i < C * C; ++i) {
            const double d = ca[static_cast<std::size_t>(i)] - b.chroma[static_cast<std::size_t>(plane * C * C + i)];
            chroma += d * d;
        }
    }
    e.chroma_difference = std::sqrt(chroma / (2 * C * C));

    const Moments ma = moments(ta), mb = moments(tb);
    const bool flat_a = ma.std < o.flat_std, flat_b = mb.std < o.flat_std;
    if (flat_a || flat_b) {
        // Correlation means nothing on noise: flat pictures match flat pictures of the same tone.
        e.correlation = (flat_a && flat_b && std::abs(ma.mean - mb.mean) <= o.max_flat_mean_difference) ? 1.0 : 0.0;
        e.detail_correlation = e.correlation;
        e.local_difference = 0;
    } else {
        Thumb best_a = ta, best_b = tb;
        double best = correlation(ta, tb);
        for (float z : k_zooms) {
            if (best >= o.min_correlation) break;  // aligned well enough: the exact best zoom does not matter
            Thumb za = zoomed(ta, z), zb = zoomed(tb, z);
            const double ca2 = correlation(za, tb), cb2 = correlation(ta, zb);
            if (ca2 > best) best = ca2, best_a = za, best_b = tb;
            if (cb2 > best) best = cb2, best_a = ta, best_b = zb;
        }
        e.correlation = best;
        e.detail_correlation = correlation(detail_of(best_a), detail_of(best_b));
        e.local_difference = largest_local_difference(best_a, best_b);
    }
    e.verified = e.correlation >= o.min_correlation && e.chroma_difference <= o.max_chroma_difference &&
                 e.detail_correlation >= o.min_detail_correlation && e.local_difference <= o.max_local_difference;
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
