// Palettes: build_palette (exact colours when few, else median cut refined by k-means) and
// map_to_palette (nearest colour, Floyd–Steinberg, or 8x8 ordered dither). Deterministic: no randomness,
// fixed iteration order.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "io/codecs.hpp"

namespace pristine {

namespace {

inline void rgb_at(const ImageView& v, int x, int y, int& r, int& g, int& b) {
    const std::uint8_t* p = v.pixel(x, y);
    if (v.channels >= 3) { r = p[0]; g = p[1]; b = p[2]; }
    else { r = g = b = p[0]; }
}

inline std::uint32_t pack(int r, int g, int b) {
    return (static_cast<std::uint32_t>(r) << 16) | (static_cast<std::uint32_t>(g) << 8) | static_cast<std::uint32_t>(b);
}

// The distinct colours, sorted, when there are at most `limit` of them; empty otherwise.
std::vector<std::uint32_t> few_colors(const ImageView& v, std::size_t limit) {
    std::unordered_set<std::uint32_t> seen;
    seen.reserve(limit * 2 + 1);
    std::uint32_t last = 0xFFFFFFFFu;  // runs of one colour are common: skip the hash for them
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
            int r, g, b;
            rgb_at(v, x, y, r, g, b);
            const std::uint32_t c = pack(r, g, b);
            if (c == last) continue;
            last = c;
            seen.insert(c);
            if (seen.size() > limit) return {};
        }
    std::vector<std::uint32_t> out(seen.begin(), seen.end());
    std::sort(out.begin(), out.end());
    return out;
}

// A histogram cell: 5 bits per channel, holding the exact mean of the colours that fell in it.
struct Bin {
    double weight = 0;
    std::array<double, 3> sum{};
    std::array<double, 3> mean() const { return {sum[0] / weight, sum[1] / weight, sum[2] / weight}; }
};

std::vector<Bin> histogram(const ImageView& v) {
    std::vector<Bin> cells(1 << 15);
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
            int r, g, b;
            rgb_at(v, x, y, r, g, b);
            Bin& c = cells[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)];
            c.weight += 1;
            c.sum[0] += r; c.sum[1] += g; c.sum[2] += b;
        }
    std::vector<Bin> bins;
    for (const Bin& c : cells)
        if (c.weight > 0) bins.push_back(c);
    return bins;
}

// A median-cut box: a range [begin, end) of the bin array.
struct Box {
    std::size_t begin, end;
    double error;  // weighted squared deviation from the box mean (what splitting reduces)
    int axis;      // channel of largest spread
};

Box make_box(const std::vector<Bin>& bins, std::size_t begin, std::size_t end) {
    double w = 0;
    std::array<double, 3> s{}, s2{};
    for (std::size_t i = begin; i < end; ++i) {
        const auto m = bins[i].mean();
        w += bins[i].weight;
        for (int c = 0; c < 3; ++c) { s[c] += bins[i].weight * m[c]; s2[c] += bins[i].weight * m[c] * m[c]; }
    }
    Box box{begin, end, 0, 0};
    double best = -1;
    for (int c = 0; c < 3; ++c) {
        const double var = s2[c] - s[c] * s[c] / w;
        box.error += var;
        if (var > best) { best = var; box.axis = c; }
    }
    if (end - begin < 2) box.error = 0;  // cannot split
    return box;
}

std::vector<std::array<double, 3>> median_cut(std::vector<Bin>& bins, int max_colors) {
    std::vector<Box> boxes{make_box(bins, 0, bins.size())};
    while (static_cast<int>(boxes.size()) < max_colors) {
        auto it = std::max_element(boxes.begin(), boxes.end(),
                                   [](const Box& a, const Box& b) { return a.error < b.error; });
        if (it->error <= 0) break;
        const Box box = *it;
        const int axis = box.axis;
        // stable_sort keeps the order deterministic for equal keys.
        std::stable_sort(bins.begin() + box.begin, bins.begin() + box.end,
                         [axis](const Bin& a, const Bin& b) { return a.mean()[axis] < b.mean()[axis]; });
        double total = 0;
        for (std::size_t i = box.begin; i < box.end; ++i) total += bins[i].weight;
        double acc = 0;
        std::size_t cut = box.begin + 1;
        for (std::size_t i = box.begin; i < box.end - 1; ++i) {
            acc += bins[i].weight;
            cut = i + 1;
            if (acc >= total / 2) break;
        }
        *it = make_box(bins, box.begin, cut);
        boxes.push_back(make_box(bins, cut, box.end));
    }
    std::vector<std::array<double, 3>> centres;
    for (const Box& box : boxes) {
        double w = 0;
        std::array<double, 3> s{};
        for (std::size_t i = box.begin; i < box.end; ++i) {
            w += bins[i].weight;
            for (int c = 0; c < 3; ++c) s[c] += bins[i].sum[c];
        }
        centres.push_back({s[0] / w, s[1] / w, s[2] / w});
    }
    return centres;
}

// A few Lloyd (k-means) iterations over the bins pull median-cut centres to the local means.
void refine(const std::vector<Bin>& bins, std::vector<std::array<double, 3>>& centres, int iterations) {
    const std::size_t k = centres.size();
    for (int it = 0; it < iterations; ++it) {
        std::vector<double> w(k, 0);
        std::vector<std::array<double, 3>> s(k, {0, 0, 0});
        for (const Bin& bin : bins) {
            const auto m = bin.mean();
            std::size_t best = 0;
            double best_d = 1e300;
            for (std::size_t j = 0; j < k; ++j) {
                const double dr = m[0] - centres[j][0], dg = m[1] - centres[j][1], db = m[2] - centres[j][2];
                const double d = dr * dr + dg * dg + db * db;
                if (d < best_d) { best_d = d; best = j; }
            }
            w[best] += bin.weight;
            for (int c = 0; c < 3; ++c) s[best][c] += bin.sum[c];
        }
        for (std::size_t j = 0; j < k; ++j)
            if (w[j] > 0) centres[j] = {s[j][0] / w[j], s[j][1] / w[j], s[j][2] / w[j]};
    }
}

void check_palette(const std::vector<Rgb>& palette) {
    if (palette.empty() || palette.size() > 256)
        throw Error(Status::invalid_argument,
                    "palette has " + std::to_string(palette.size()) + " colours (use 1..256)");
}

// Exact nearest palette entry (lowest index on ties, as a full scan gives). The RGB cube is cut into
// 8x8x8-level cells; each cell lazily gets the short list of entries that can be nearest to any colour in
// it (those whose distance to the cell is at most the smallest "farthest distance" of any entry), so a
// lookup scans a few entries instead of all 256, whatever the image and dither.
class NearestColor {
public:
    explicit NearestColor(const std::vector<Rgb>& palette) : palette_(palette), cell_start_(kCells, -1) {}

    std::uint8_t operator()(int r, int g, int b) {
        const int cell = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
        if (cell_start_[cell] < 0) build(cell);
        const int begin = cell_start_[cell], end = begin + cell_count_[cell];
        int best = 0, best_d = 1 << 30;
        for (int k = begin; k < end; ++k) {
            const Rgb& p = palette_[candidates_[k]];
            const int dr = r - p[0], dg = g - p[1], db = b - p[2];
            const int d = dr * dr + dg * dg + db * db;
            if (d < best_d) { best_d = d; best = candidates_[k]; }
        }
        return static_cast<std::uint8_t>(best);
    }

private:
    static constexpr int kCells = 1 << 15;

    void build(int cell) {
        const int lo[3] = {(cell >> 10) << 3, ((cell >> 5) & 31) << 3, (cell & 31) << 3};
        std::vector<int> near(palette_.size()), far(palette_.size());
        int bound = 1 << 30;
        for (std::size_t i = 0; i < palette_.size(); ++i) {
            int dn = 0, df = 0;
            for (int c = 0; c < 3; ++c) {
                const int v = palette_[i][c], a = lo[c], b = lo[c] + 7;
                const int n = v < a ? a - v : (v > b ? v - b : 0);
                const int f = std::max(v - a, b - v);
                dn += n * n;
                df += f * f;
            }
            near[i] = dn;
            far[i] = df;
            bound = std::min(bound, df);
        }
        cell_start_[cell] = static_cast<int>(candidates_.size());
        if (cell_count_.empty()) cell_count_.assign(kCells, 0);
        for (std::size_t i = 0; i < palette_.size(); ++i)
            if (near[i] <= bound) candidates_.push_back(static_cast<std::uint8_t>(i));
        cell_count_[cell] = static_cast<int>(candidates_.size()) - cell_start_[cell];
    }

    const std::vector<Rgb>& palette_;
    std::vector<int> cell_start_;  // -1: not built yet
    std::vector<int> cell_count_;
    std::vector<std::uint8_t> candidates_;
};

inline int clamp255(int v) { return v < 0 ? 0 : (v > 255 ? 255 : v); }

void map_floyd_steinberg(const ImageView& v, const std::vector<Rgb>& palette, std::vector<std::uint8_t>& out) {
    NearestColor nearest(palette);
    const int w = v.width;
    // Errors in 1/16 units for this row and the next, with one guard cell each side.
    std::vector<int> cur(static_cast<std::size_t>(w + 2) * 3, 0), next(cur.size(), 0);
    for (int y = 0; y < v.height; ++y) {
        const bool ltr = (y % 2) == 0;  // serpentine: alternate direction to avoid directional artefacts
        std::fill(next.begin(), next.end(), 0);
        for (int i = 0; i < w; ++i) {
            const int x = ltr ? i : w - 1 - i, dir = ltr ? 1 : -1;
            int px[3];
            rgb_at(v, x, y, px[0], px[1], px[2]);
            int want[3];
            for (int c = 0; c < 3; ++c) {
                const int e = cur[static_cast<std::size_t>(x + 1) * 3 + c];
                want[c] = clamp255(px[c] + (e >= 0 ? (e + 8) / 16 : -((-e + 8) / 16)));
            }
            const std::uint8_t idx = nearest(want[0], want[1], want[2]);
            out[static_cast<std::size_t>(y) * w + x] = idx;
            for (int c = 0; c < 3; ++c) {
                const int err = want[c] - palette[idx][c];
                cur[static_cast<std::size_t>(x + 1 + dir) * 3 + c] += err * 7;
                next[static_cast<std::size_t>(x + 1 - dir) * 3 + c] += err * 3;
                next[static_cast<std::size_t>(x + 1) * 3 + c] += err * 5;
                next[static_cast<std::size_t>(x + 1 + dir) * 3 + c] += err * 1;
            }
        }
        std::swap(cur, next);
    }
}

void map_ordered(const ImageView& v, const std::vector<Rgb>& palette, std::vector<std::uint8_t>& out) {
    static constexpr int kBayer[8][8] = {
        {0, 32, 8, 40, 2, 34, 10, 42},  {48, 16, 56, 24, 50, 18, 58, 26}, {12, 44, 4, 36, 14, 46, 6, 38},
        {60, 28, 52, 20, 62, 30, 54, 22}, {3, 35, 11, 43, 1, 33, 9, 41},  {51, 19, 59, 27, 49, 17, 57, 25},
        {15, 47, 7, 39, 13, 45, 5, 37},  {63, 31, 55, 23, 61, 29, 53, 21}};
    // The dither amplitude follows the palette's spacing: the mean distance from each colour to its
    // nearest neighbour, per channel (/sqrt 3), so a coarse palette gets a strong dither.
    double spacing = 0;
    if (palette.size() > 1) {
        for (std::size_t i = 0; i < palette.size(); ++i) {
            int best = 1 << 30;
            for (std::size_t j = 0; j < palette.size(); ++j) {
                if (i == j) continue;
                const int dr = palette[i][0] - palette[j][0], dg = palette[i][1] - palette[j][1],
                          db = palette[i][2] - palette[j][2];
                const int d = dr * dr + dg * dg + db * db;
                if (d > 0) best = std::min(best, d);
            }
            if (best != 1 << 30) spacing += std::sqrt(static_cast<double>(best));
        }
        spacing /= static_cast<double>(palette.size()) * std::sqrt(3.0);
    }
    NearestColor nearest(palette);
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
            const int offset = static_cast<int>(std::lround(spacing * ((kBayer[y & 7][x & 7] + 0.5) / 64.0 - 0.5)));
            int r, g, b;
            rgb_at(v, x, y, r, g, b);
            out[static_cast<std::size_t>(y) * v.width + x] =
                nearest(clamp255(r + offset), clamp255(g + offset), clamp255(b + offset));
        }
}

}  // namespace

std::vector<Rgb> build_palette(const ImageView& image, int max_colors) {
    check_view(image);
    if (max_colors < 1 || max_colors > 256)
        throw Error(Status::invalid_argument,
                    "build_palette max_colors=" + std::to_string(max_colors) + " (use 1..256)");
    std::vector<Rgb> palette;
    // Few colours: the palette is exactly those colours, so the image maps back without loss.
    const auto exact = few_colors(image, static_cast<std::size_t>(max_colors));
    if (!exact.empty()) {
        for (std::uint32_t c : exact)
            palette.push_back({static_cast<std::uint8_t>(c >> 16), static_cast<std::uint8_t>(c >> 8),
                               static_cast<std::uint8_t>(c)});
        return palette;
    }
    auto bins = histogram(image);
    auto centres = median_cut(bins, max_colors);
    refine(bins, centres, 5);
    for (const auto& c : centres)
        palette.push_back({static_cast<std::uint8_t>(clamp255(static_cast<int>(std::lround(c[0])))),
                           static_cast<std::uint8_t>(clamp255(static_cast<int>(std::lround(c[1])))),
                           static_cast<std::uint8_t>(clamp255(static_cast<int>(std::lround(c[2]))))});
    return palette;
}

std::vector<std::uint8_t> map_to_palette(const ImageView& image, const std::vector<Rgb>& palette, Dither dither) {
    check_view(image);
    check_palette(palette);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(image.width) * image.height);
    switch (dither) {
        case Dither::floyd_steinberg: map_floyd_steinberg(image, palette, out); break;
        case Dither::ordered: map_ordered(image, palette, out); break;
        case Dither::none: {
            NearestColor nearest(palette);
            for (int y = 0; y < image.height; ++y)
                for (int x = 0; x < image.width; ++x) {
                    int r, g, b;
                    rgb_at(image, x, y, r, g, b);
                    out[static_cast<std::size_t>(y) * image.width + x] = nearest(r, g, b);
                }
            break;
        }
        default: throw Error(Status::invalid_argument, "unknown dither mode");
    }
    return out;
}

}  // namespace pristine
