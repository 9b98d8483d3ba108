// The pictures of the dedupe collections: photo regions, near-black photos, drawings and memes, the
// look-alike series that must not be grouped (memes of one template, one drawing recoloured, flags of
// one layout, textures of one material, frames of one scene) and the broken files.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "eval_dedupe_internal.hpp"
#include "pristine/lab/degrade.hpp"

namespace pristine::eval::dedupe_detail {

namespace {

const degrade::SynthFont& pick_font(const std::vector<std::vector<std::uint8_t>>& fonts, Rng& rng,
                                    degrade::SynthFont& holder) {
    static const degrade::SynthFont none;
    if (fonts.empty() || rng.chance(0.25)) return none;
    holder.ttf = fonts[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(fonts.size()) - 1))];
    return holder;
}

double mean_abs_diff(const Image& a, const Image& b) {
    if (a.size_bytes() != b.size_bytes() || a.size_bytes() == 0) return 255.0;
    double s = 0;
    for (std::size_t i = 0; i < a.size_bytes(); ++i) s += std::abs(int(a.data()[i]) - int(b.data()[i]));
    return s / static_cast<double>(a.size_bytes());
}

const std::vector<std::string>& words() {
    static const std::vector<std::string> w = {
        "when", "you", "finally", "monday", "again", "nobody", "me", "my", "code", "works", "cat", "coffee",
        "weekend", "plans", "deadline", "tomorrow", "boss", "meeting", "wifi", "down", "pizza", "diet",
        "starts", "never", "always", "one", "more", "episode", "homework", "done", "battery", "low",
        "update", "required", "printer", "jammed", "friday", "mood", "sleep", "alarm", "snooze", "expert",
        "level", "over", "nine", "thousand", "such", "wow", "much", "legend", "trust", "process",
    };
    return w;
}

std::string caption(Rng& rng) {
    const int n = rng.uniform_int(2, 5);
    std::string out;
    for (int i = 0; i < n; ++i) {
        if (i) out += ' ';
        std::string w = rng.pick(words());
        for (char& c : w) c = static_cast<char>(c - 'a' + 'A');
        out += w;
    }
    return out;
}

void fill_rect(Image& img, int x0, int y0, int x1, int y1, const Rgb& c) {
    x0 = std::max(0, x0);
    y0 = std::max(0, y0);
    x1 = std::min(img.width(), x1);
    y1 = std::min(img.height(), y1);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) std::copy(c.begin(), c.end(), img.row(y) + 3 * x);
}

}  // namespace

Image shrink_to(const ImageView& v, int long_side) {
    if (std::max(v.width, v.height) <= long_side) return Image::copy_of(v);
    int w = 0, h = 0;
    degrade::fit_size(v.width, v.height, long_side, w, h);
    degrade::ResizeOptions ro;
    ro.filter = degrade::ResizeFilter::area;
    return degrade::resize(v, w, h, ro);
}

Image cut_region(const Image& source, const Rect& r, double scale, int min_side, int max_side, Rng& rng) {
    const int x = std::clamp(static_cast<int>(std::lround(r.x * scale)), 0, source.width() - 1);
    const int y = std::clamp(static_cast<int>(std::lround(r.y * scale)), 0, source.height() - 1);
    const int w = std::clamp(static_cast<int>(std::lround(r.w * scale)), 1, source.width() - x);
    const int h = std::clamp(static_cast<int>(std::lround(r.h * scale)), 1, source.height() - y);
    const Image cell = degrade::crop(source.view(), x, y, w, h);
    const int long_side = std::max(w, h);
    const int target = rng.uniform_int(std::min(min_side, long_side), std::min(max_side, long_side));
    return to_rgb_on_white(shrink_to(cell.view(), target).view());
}

Image darken(const Image& photo, Rng& rng) { return degrade::adjust_brightness(photo.view(), rng.uniform(0.04, 0.14)); }

Image make_drawing(degrade::SynthKind kind, const SynthSizes& sizes, Rng& rng,
                   const std::vector<std::vector<std::uint8_t>>& fonts) {
    static const double aspects[] = {1.0, 4.0 / 3, 3.0 / 4, 16.0 / 9, 9.0 / 16, 3.0 / 2, 2.0 / 3};
    const int long_side = rng.uniform_int(sizes.lo, sizes.hi);
    const double a = aspects[rng.uniform_int(0, static_cast<int>(std::size(aspects)) - 1)];
    const int w = std::max(16, static_cast<int>(a >= 1 ? long_side : long_side * a));
    const int h = std::max(16, static_cast<int>(a >= 1 ? long_side / a : long_side));
    degrade::SynthFont holder;
    const degrade::SynthFont& font = pick_font(fonts, rng, holder);
    return degrade::synth_image(kind, w, h, rng, font);
}

Image make_meme(const Image& region, Rng& rng, const std::vector<std::vector<std::uint8_t>>& fonts) {
    degrade::SynthFont holder;
    const degrade::SynthFont& font = pick_font(fonts, rng, holder);
    return degrade::synth_meme(region.view(), rng, font);
}

std::vector<Image> meme_series(const Image& region, int n, Rng& rng) {
    const Image templ = shrink_to(region.view(), 640);
    const int placement = rng.uniform_int(0, 2);  // top, bottom, both: one placement for the series
    const double height = rng.uniform(0.08, 0.12);
    std::vector<Image> out;
    std::set<std::string> used;
    while (static_cast<int>(out.size()) < n) {
        const std::string top = caption(rng), bottom = caption(rng);
        if (!used.insert(top + "|" + bottom).second) continue;
        Image img = Image::copy_of(templ.view());
        if (placement != 1) img = degrade::overlay_text(img.view(), top, degrade::TextPlacement::top, height);
        if (placement != 0) img = degrade::overlay_text(img.view(), bottom, degrade::TextPlacement::bottom, height);
        out.push_back(std::move(img));
    }
    return out;
}

std::vector<Image> texture_series(const Image& region, int n, const SynthSizes& sizes, Rng& rng) {
    int t = rng.uniform_int(40, 120);
    // Room for n patches side by side (each a different place of the material).
    while (t > 16 && (region.width() / t) * (region.height() / t) < n) t = t * 3 / 4;
    t = std::max(8, std::min({t, region.width(), region.height()}));
    const int cols = std::max(1, region.width() / t), rows = std::max(1, region.height() / t);
    std::vector<int> slots(static_cast<std::size_t>(cols * rows));
    for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = static_cast<int>(i);
    for (std::size_t i = slots.size(); i > 1; --i)
        std::swap(slots[i - 1], slots[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
    static const double aspects[] = {1.0, 4.0 / 3, 16.0 / 9};
    const int long_side = rng.uniform_int(sizes.lo, sizes.hi);
    const double a = aspects[rng.uniform_int(0, 2)];
    const int w = long_side, h = std::max(16, static_cast<int>(long_side / a));
    std::vector<Image> out;
    for (int k = 0; k < n; ++k) {
        const int slot = slots[static_cast<std::size_t>(k) % slots.size()];
        const int px = (slot % cols) * t, py = (slot / cols) * t;
        const int ox = rng.uniform_int(t / 4, t - 1), oy = rng.uniform_int(0, t - 1);
        Image img(w, h, 3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const std::uint8_t* p = region.view().pixel(px + (x + ox) % t, py + (y + oy) % t);
                std::copy(p, p + 3, img.row(y) + 3 * x);
            }
        out.push_back(std::move(img));
    }
    return out;
}

std::vector<Image> frame_series(const Image& region, int n, Rng& rng) {
    const int ww = std::max(1, static_cast<int>(region.width() / (1.0 + 0.25 * (n - 1))));
    const int wh = std::max(1, std::min(region.height(), static_cast<int>(std::lround(ww * rng.uniform(0.6, 0.8)))));
    const int y = (region.height() - wh) / 2;
    std::vector<Image> out;
    for (int k = 0; k < n; ++k) {
        const int x = std::min(region.width() - ww, static_cast<int>(std::lround(k * 0.25 * ww)));
        out.push_back(degrade::crop(region.view(), x, y, ww, wh));
    }
    return out;
}

std::vector<Image> recolor_series(degrade::SynthKind kind, int n, const SynthSizes& sizes, Rng& rng,
                                  const std::vector<std::vector<std::uint8_t>>& fonts) {
    // Channel orders and inversions keep the layout and change every colour.
    static const std::array<std::array<int, 4>, 10> variants = {{
        {0, 1, 2, 0}, {1, 2, 0, 0}, {2, 0, 1, 0}, {0, 2, 1, 0}, {2, 1, 0, 0},
        {1, 0, 2, 0}, {0, 1, 2, 1}, {1, 2, 0, 1}, {2, 0, 1, 1}, {2, 1, 0, 1},
    }};
    for (int attempt = 0;; ++attempt) {
        const Image base = make_drawing(kind, sizes, rng, fonts);
        std::vector<Image> out;
        for (const auto& v : variants) {
            if (static_cast<int>(out.size()) == n) break;
            Image img(base.width(), base.height(), 3);
            for (int y = 0; y < base.height(); ++y)
                for (int x = 0; x < base.width(); ++x)
                    for (int c = 0; c < 3; ++c) {
                        const std::uint8_t s = base.row(y)[3 * x + v[static_cast<std::size_t>(c)]];
                        img.row(y)[3 * x + c] = v[3] ? static_cast<std::uint8_t>(255 - s) : s;
                    }
            // Visibly another picture: grey areas do not change under a channel order.
            bool distinct = true;
            for (const Image& o : out) distinct = distinct && mean_abs_diff(o, img) >= 12.0;
            if (distinct) out.push_back(std::move(img));
        }
        if (static_cast<int>(out.size()) == n || attempt >= 8) {
            while (static_cast<int>(out.size()) < n) out.push_back(make_drawing(kind, sizes, rng, fonts));  // fallback
            return out;
        }
    }
}

std::vector<Image> flag_series(int n, const SynthSizes& sizes, Rng& rng) {
    static const std::vector<Rgb> colours = {
        {206, 17, 38}, {255, 255, 255}, {0, 56, 168}, {0, 122, 61}, {252, 209, 22}, {0, 0, 0},
        {255, 130, 0}, {117, 170, 219}, {128, 0, 32}, {0, 80, 40}, {0, 33, 71}, {0, 158, 224},
        {98, 40, 138}, {218, 165, 32},
    };
    // One layout for the series: stripes, their widths, an emblem.
    const bool vertical = rng.chance(0.4);
    const int stripes = rng.uniform_int(2, 4);
    std::vector<double> edges{0.0};
    {
        std::vector<double> wts;
        for (int i = 0; i < stripes; ++i) wts.push_back(rng.uniform(0.6, 1.6));
        double sum = 0;
        for (double x : wts) sum += x;
        double acc = 0;
        for (double x : wts) edges.push_back(acc += x / sum);
    }
    const int emblem = rng.uniform_int(0, 3);  // 0 none, 1 disc, 2 square, 3 canton
    const double ex = rng.uniform(0.3, 0.5), ey = 0.5, er = rng.uniform(0.12, 0.22);
    const int long_side = rng.uniform_int(sizes.lo, sizes.hi);
    const double aspect = rng.chance(0.5) ? 1.5 : rng.chance(0.5) ? 2.0 : 5.0 / 3;
    const int w = long_side, h = static_cast<int>(long_side / aspect);
    std::vector<Image> out;
    std::set<std::vector<int>> used;
    for (int attempt = 0; static_cast<int>(out.size()) < n && attempt < 1000; ++attempt) {
        std::vector<int> pick;
        for (int i = 0; i <= stripes; ++i) {  // one colour per stripe, then the emblem's
            int c = rng.uniform_int(0, static_cast<int>(colours.size()) - 1);
            while (!pick.empty() && c == pick.back()) c = rng.uniform_int(0, static_cast<int>(colours.size()) - 1);
            pick.push_back(c);
        }
        if (emblem == 0) pick.back() = -1;
        if (!used.insert(pick).second) continue;
        Image img(w, h, 3);
        for (int s = 0; s < stripes; ++s) {
            const Rgb& c = colours[static_cast<std::size_t>(pick[static_cast<std::size_t>(s)])];
            if (vertical)
                fill_rect(img, static_cast<int>(edges[s] * w), 0, static_cast<int>(std::ceil(edges[s + 1] * w)), h, c);
            else
                fill_rect(img, 0, static_cast<int>(edges[s] * h), w, static_cast<int>(std::ceil(edges[s + 1] * h)), c);
        }
        if (emblem != 0) {
            const Rgb& c = colours[static_cast<std::size_t>(pick.back())];
            const int cx = static_cast<int>(ex * w), cy = static_cast<int>(ey * h), r = static_cast<int>(er * h);
            if (emblem == 1) {
                for (int y = cy - r; y <= cy + r; ++y)
                    for (int x = cx - r; x <= cx + r; ++x)
                        if (x >= 0 && y >= 0 && x < w && y < h && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                            std::copy(c.begin(), c.end(), img.row(y) + 3 * x);
            } else if (emblem == 2) {
                fill_rect(img, cx - r, cy - r, cx + r, cy + r, c);
            } else {
                fill_rect(img, 0, 0, static_cast<int>(w * 0.4), static_cast<int>(h * 0.5), c);
            }
        }
        out.push_back(std::move(img));
    }
    return out;
}

const std::vector<std::string>& broken_kinds() {
    static const std::vector<std::string> k = {"truncated_jpeg", "text_as_jpeg", "empty",
                                               "truncated_png",  "garbage_as_png", "truncated_webp"};
    return k;
}

std::vector<std::uint8_t> broken_file(const std::string& kind, Rng& rng, std::string& extension) {
    const auto picture = [&] { return degrade::synth_image(degrade::SynthKind::gradient, 320, 240, rng); };
    const auto cut = [&](std::vector<std::uint8_t> b) {
        b.resize(static_cast<std::size_t>(static_cast<double>(b.size()) * rng.uniform(0.35, 0.65)));
        return b;
    };
    if (kind == "truncated_jpeg") {
        extension = ".jpg";
        return cut(encode_jpeg(picture().view()));
    }
    if (kind == "truncated_png") {
        extension = ".png";
        return cut(encode_png(picture().view()));
    }
    if (kind == "truncated_webp") {
        extension = ".webp";
        return cut(encode_webp(picture().view()));
    }
    if (kind == "text_as_jpeg") {
        extension = ".jpg";
        const std::string t = "Notes for the trip: passport, charger, tickets.\nThis file is text, not a picture.\n";
        return std::vector<std::uint8_t>(t.begin(), t.end());
    }
    if (kind == "garbage_as_png") {
        extension = ".png";
        std::vector<std::uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        for (int i = 0; i < 4096; ++i) b.push_back(static_cast<std::uint8_t>(rng.next() & 0xFF));
        return b;
    }
    extension = ".jpg";  // empty
    return {};
}

}  // namespace pristine::eval::dedupe_detail
