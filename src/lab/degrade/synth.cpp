// Synthetic originals (see pristine/lab/degrade/synth.hpp): drawings, clip art, comics, gradients, text
// pages, UI screenshots and memes, drawn with the anti-aliased rasteriser of raster.hpp.
#include "pristine/lab/degrade/synth.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pristine/lab/degrade/distort.hpp"
#include "pristine/lab/degrade/resize.hpp"
#include "pristine/error.hpp"
#include "raster.hpp"

namespace pristine::degrade {

namespace {

using detail::Colour;
using detail::Font;
using detail::Pt;
constexpr double k_pi = 3.14159265358979323846;

const char* const k_names[] = {"shapes", "clipart", "comic", "gradient", "text", "screenshot"};

// ---------------------------------------------------------------- colours and words

Colour hsv(double h, double s, double v) {
    h = std::fmod(std::fmod(h, 1.0) + 1.0, 1.0) * 6;
    const int i = static_cast<int>(h) % 6;
    const double f = h - std::floor(h), p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    double r = v, g = t, b = p;
    switch (i) {
        case 1: r = q, g = v, b = p; break;
        case 2: r = p, g = v, b = t; break;
        case 3: r = p, g = q, b = v; break;
        case 4: r = t, g = p, b = v; break;
        case 5: r = v, g = p, b = q; break;
        default: break;
    }
    auto u8 = [](double x) { return static_cast<std::uint8_t>(std::lround(std::clamp(x, 0.0, 1.0) * 255)); };
    return {u8(r), u8(g), u8(b)};
}

/// A scheme of `n` colours around a random base hue (analogous, complementary or triadic).
std::vector<Colour> palette(Rng& rng, int n) {
    const double base = rng.uniform01();
    const int scheme = rng.uniform_int(0, 2);
    std::vector<Colour> out;
    for (int i = 0; i < n; ++i) {
        double h = base;
        if (scheme == 0) h += rng.uniform(-0.12, 0.12);
        if (scheme == 1) h += (i % 2) * 0.5 + rng.uniform(-0.05, 0.05);
        if (scheme == 2) h += (i % 3) / 3.0 + rng.uniform(-0.04, 0.04);
        out.push_back(hsv(h, rng.uniform(0.35, 1.0), rng.uniform(0.45, 1.0)));
    }
    return out;
}

Colour grey(int v) { return {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v)}; }
Colour near_white(Rng& rng) {
    const int v = rng.uniform_int(235, 255);
    return {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(std::max(225, v - rng.uniform_int(0, 8))),
            static_cast<std::uint8_t>(std::max(220, v - rng.uniform_int(0, 14)))};
}
Colour near_black(Rng& rng) {
    const int v = rng.uniform_int(0, 45);
    return {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v + rng.uniform_int(0, 10)),
            static_cast<std::uint8_t>(v + rng.uniform_int(0, 20))};
}

std::string word(Rng& rng) {
    static const char* const syl[] = {"ka", "lo", "mi", "ne", "ru", "sta", "ter", "vo", "pla", "en", "is",
                                      "an", "or", "bel", "dor", "fi", "gu", "ha", "jo", "qui", "wex", "zy",
                                      "the", "of", "ing", "tion", "com", "pre", "at", "ul"};
    std::string w;
    const int n = rng.uniform_int(1, 3);
    for (int i = 0; i < n; ++i) w += syl[rng.uniform_int(0, static_cast<int>(std::size(syl)) - 1)];
    return w;
}

std::string sentence(Rng& rng, int words, bool capital = true) {
    std::string s;
    for (int i = 0; i < words; ++i) {
        if (i) s += ' ';
        s += word(rng);
    }
    if (capital && !s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

/// Greedy line breaking of `words` random words to `max_w` pixels.
std::vector<std::string> wrap(Rng& rng, const Font& font, int words, double px, double max_w, bool caps = false) {
    std::vector<std::string> lines;
    std::string line;
    for (int i = 0; i < words; ++i) {
        std::string w = word(rng);
        if (caps) w = upper(w);
        const std::string trial = line.empty() ? w : line + " " + w;
        if (!line.empty() && font.measure(trial, px) > max_w) {
            lines.push_back(line);
            line = w;
        } else {
            line = trial;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

/// Drops words from the end until the line fits `max_w` pixels (keeps at least one word).
std::string fit_line(const Font& font, std::string line, double px, double max_w) {
    while (font.measure(line, px) > max_w) {
        const std::size_t sp = line.find_last_of(' ');
        if (sp == std::string::npos) break;
        line.resize(sp);
    }
    return line;
}

void fill(Image& img, const Colour& c) {
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) std::copy(c.begin(), c.end(), img.row(y) + 3 * x);
}

/// Multi-stop gradient over a rectangle: linear along `angle`, or radial from a point.
void gradient(Image& img, Rng& rng, int x0, int y0, int x1, int y1, const std::vector<Colour>& stops, bool radial) {
    const double angle = rng.uniform(0, 2 * k_pi), cx = rng.uniform(x0, x1), cy = rng.uniform(y0, y1);
    const double w = x1 - x0, h = y1 - y0, diag = std::hypot(w, h);
    const double ca = std::cos(angle), sa = std::sin(angle);
    for (int y = std::max(0, y0); y < std::min(img.height(), y1); ++y)
        for (int x = std::max(0, x0); x < std::min(img.width(), x1); ++x) {
            double t = radial ? std::hypot(x - cx, y - cy) / (0.7 * diag)
                              : (((x - x0) - w / 2) * ca + ((y - y0) - h / 2) * sa) / diag + 0.5;
            t = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
            const std::size_t i = std::min(stops.size() - 2, static_cast<std::size_t>(t));
            const double f = t - static_cast<double>(i);
            std::uint8_t* p = img.row(y) + 3 * x;
            for (int k = 0; k < 3; ++k)
                p[k] = static_cast<std::uint8_t>(std::lround(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f));
        }
}

std::vector<Pt> random_polygon(Rng& rng, double cx, double cy, double r) {
    const int n = rng.uniform_int(3, 8);
    const bool star = rng.chance(0.25);
    std::vector<Pt> pts;
    const double rot = rng.uniform(0, 2 * k_pi);
    for (int i = 0; i < (star ? 2 * n : n); ++i) {
        const double t = rot + 2 * k_pi * i / (star ? 2 * n : n);
        const double rr = r * (star && i % 2 ? 0.45 : rng.uniform(0.7, 1.0));
        pts.push_back({cx + rr * std::cos(t), cy + rr * std::sin(t)});
    }
    return pts;
}

std::vector<Pt> random_path(Rng& rng, int w, int h, int points) {
    std::vector<Pt> pts{{rng.uniform(0, w), rng.uniform(0, h)}};
    const double step = 0.15 * std::min(w, h);
    double dir = rng.uniform(0, 2 * k_pi);
    for (int i = 1; i < points; ++i) {
        dir += rng.uniform(-0.9, 0.9);
        pts.push_back({pts.back().x + step * std::cos(dir), pts.back().y + step * std::sin(dir)});
    }
    return pts;
}

// ---------------------------------------------------------------- kinds

void draw_shapes(Image& img, Rng& rng) {
    const int w = img.width(), h = img.height();
    const auto pal = palette(rng, rng.uniform_int(4, 8));
    if (rng.chance(0.5)) fill(img, near_white(rng));
    else fill(img, pal[0]);
    const int n = rng.uniform_int(6, 24);
    const double s = std::min(w, h);
    for (int i = 0; i < n; ++i) {
        const Colour c = rng.pick(pal);
        const double cx = rng.uniform(0, w), cy = rng.uniform(0, h), r = s * rng.uniform(0.04, 0.25);
        const int what = rng.uniform_int(0, 3);
        const bool outlined = rng.chance(0.3);
        const double border = outlined ? std::max(1.0, s * rng.uniform(0.004, 0.015)) : 0;
        if (what == 0) {
            detail::draw_outlined(img, random_polygon(rng, cx, cy, r), c, near_black(rng), border);
        } else if (what == 1) {
            detail::draw_outlined(img, detail::ellipse_pts(cx, cy, r, r * rng.uniform(0.5, 1.0), rng.uniform(0, k_pi)),
                                  c, near_black(rng), border);
        } else if (what == 2) {
            detail::draw_stroke(img, random_path(rng, w, h, rng.uniform_int(2, 6)), std::max(1.5, s * rng.uniform(0.005, 0.04)),
                                c);
        } else {
            const double rw = r * rng.uniform(0.8, 2), rh = r * rng.uniform(0.5, 1.5);
            detail::draw_outlined(img, detail::rounded_rect_pts(cx - rw, cy - rh, cx + rw, cy + rh, rng.uniform(0, 0.3) * r),
                                  c, near_black(rng), border);
        }
    }
}

void draw_clipart(Image& img, Rng& rng) {
    const int w = img.width(), h = img.height();
    fill(img, rng.chance(0.7) ? Colour{255, 255, 255} : near_white(rng));
    const auto pal = palette(rng, 5);
    const int objects = rng.uniform_int(1, 3);
    const double s = std::min(w, h);
    const double border = std::max(1.5, s * rng.uniform(0.008, 0.02));
    for (int o = 0; o < objects; ++o) {
        const double cx = w * (o + 0.5) / objects + rng.uniform(-0.05, 0.05) * w, cy = h * rng.uniform(0.4, 0.6);
        const double r = std::min(0.45 * w / objects, 0.4 * h) * rng.uniform(0.7, 1.0);
        // A body, a head or cap, two "eyes" or buttons, a highlight: reads as a cartoon object.
        const Colour body = rng.pick(pal), second = rng.pick(pal);
        if (rng.chance(0.3)) detail::draw_polygon(img, detail::ellipse_pts(cx, cy + 0.95 * r, r * 0.9, r * 0.12), grey(200));
        if (rng.chance(0.5))
            detail::draw_outlined(img, detail::ellipse_pts(cx, cy, r * rng.uniform(0.6, 1.0), r * rng.uniform(0.6, 1.0)), body,
                                  {0, 0, 0}, border);
        else
            detail::draw_outlined(img, random_polygon(rng, cx, cy, r), body, {0, 0, 0}, border);
        const double hr = r * rng.uniform(0.25, 0.45);
        detail::draw_outlined(img, detail::ellipse_pts(cx + rng.uniform(-0.3, 0.3) * r, cy - 0.6 * r, hr, hr * rng.uniform(0.7, 1.1)),
                              second, {0, 0, 0}, border);
        for (int e = -1; e <= 1; e += 2) {
            detail::draw_polygon(img, detail::ellipse_pts(cx + e * 0.25 * r, cy - 0.1 * r, 0.09 * r, 0.12 * r), {255, 255, 255});
            detail::draw_polygon(img, detail::ellipse_pts(cx + e * 0.25 * r + 0.03 * r, cy - 0.08 * r, 0.045 * r, 0.06 * r), {0, 0, 0});
        }
        detail::draw_polygon(img, detail::ellipse_pts(cx - 0.45 * r, cy - 0.45 * r, 0.15 * r, 0.08 * r, -0.7), {255, 255, 255},
                             0.7);
        detail::draw_stroke(img, {{cx - 0.2 * r, cy + 0.25 * r}, {cx, cy + 0.33 * r}, {cx + 0.2 * r, cy + 0.25 * r}},
                            std::max(1.0, border * 0.8), {0, 0, 0});
    }
}

void draw_balloon(Image& img, Rng& rng, const Font& font, double x0, double y0, double x1, double y1) {
    const double pw = x1 - x0, ph = y1 - y0;
    const double px = std::max(6.0, std::min(ph * 0.07, pw * 0.05));
    double bw = pw * rng.uniform(0.4, 0.7);
    auto lines = wrap(rng, font, rng.uniform_int(3, 9), px, bw * 0.75, true);
    if (lines.size() > 4) lines.resize(4);
    double widest = 0;
    for (const auto& l : lines) widest = std::max(widest, font.measure(l, px));
    bw = std::min(pw * 0.9, std::max(bw, widest * 1.3 + 2 * px));  // an ellipse needs room at its sides
    const double bh = std::max(px * 3, (static_cast<double>(lines.size()) + 1) * px * 1.6);
    const double bx = x0 + rng.uniform(0.05, std::max(0.05, 0.95 - bw / pw)) * pw, by = y0 + 0.05 * ph;
    const double cx = bx + bw / 2, cy = by + bh / 2;
    const double line_w = std::max(1.0, px * 0.2);
    const std::vector<Pt> tail{{cx - bw * 0.1, cy + bh * 0.3}, {cx + bw * 0.05, cy + bh * 0.35},
                               {cx + rng.uniform(-0.3, 0.3) * bw, by + bh + rng.uniform(0.1, 0.25) * ph}};
    detail::draw_stroke(img, tail, 2 * line_w, {0, 0, 0}, true);
    detail::draw_outlined(img, detail::ellipse_pts(cx, cy, bw / 2, bh / 2), {255, 255, 255}, {0, 0, 0}, line_w);
    detail::draw_polygon(img, tail, {255, 255, 255});
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const double tw = font.measure(lines[i], px);
        const double ty = cy - static_cast<double>(lines.size()) * px * 1.6 / 2 + static_cast<double>(i) * px * 1.6 + 0.3 * px;
        detail::draw_text(img, font, lines[i], cx - tw / 2, ty, px, {0, 0, 0});
    }
}

void draw_comic(Image& img, Rng& rng, const Font& font) {
    const int w = img.width(), h = img.height();
    fill(img, near_white(rng));
    const int rows = rng.uniform_int(1, 3), gutter = std::max(2, std::min(w, h) / 60);
    const double border = std::max(1.5, std::min(w, h) * rng.uniform(0.004, 0.01));
    const auto pal = palette(rng, 6);
    for (int r = 0; r < rows; ++r) {
        const int cols = rng.uniform_int(1, 3);
        const double y0 = gutter + r * (h - gutter) / static_cast<double>(rows), y1 = (r + 1) * (h - gutter) / static_cast<double>(rows);
        for (int c = 0; c < cols; ++c) {
            const double x0 = gutter + c * (w - gutter) / static_cast<double>(cols), x1 = (c + 1) * (w - gutter) / static_cast<double>(cols);
            // Scenery: sky gradient, ground, a sun or a few shapes, then the balloon and the border.
            gradient(img, rng, static_cast<int>(x0), static_cast<int>(y0), static_cast<int>(x1), static_cast<int>(y1),
                     {rng.pick(pal), near_white(rng)}, false);
            const double gy = y0 + (y1 - y0) * rng.uniform(0.55, 0.8);
            detail::draw_polygon(img, {{x0, gy}, {x0 + (x1 - x0) * 0.5, gy + rng.uniform(-0.1, 0.1) * (y1 - y0)}, {x1, gy}, {x1, y1}, {x0, y1}},
                                 rng.pick(pal));
            const int things = rng.uniform_int(1, 3);
            for (int t = 0; t < things; ++t) {
                const double tr = (y1 - y0) * rng.uniform(0.06, 0.15);
                detail::draw_outlined(img, detail::ellipse_pts(rng.uniform(x0 + tr, x1 - tr), gy - tr * rng.uniform(0.5, 1.0), tr, tr * rng.uniform(0.8, 1.3)),
                                      rng.pick(pal), {0, 0, 0}, border * 0.6);
            }
            if (rng.chance(0.8)) draw_balloon(img, rng, font, x0, y0, x1, y1);
            detail::draw_stroke(img, detail::rect_pts(x0, y0, x1, y1), border, {0, 0, 0}, true);
        }
    }
}

void draw_gradient(Image& img, Rng& rng, const Font& font) {
    const int w = img.width(), h = img.height();
    gradient(img, rng, 0, 0, w, h, palette(rng, rng.uniform_int(2, 4)), rng.chance(0.4));
    const int n = rng.uniform_int(0, 6);
    const double s = std::min(w, h);
    for (int i = 0; i < n; ++i)
        detail::draw_polygon(img, detail::ellipse_pts(rng.uniform(0, w), rng.uniform(0, h), s * rng.uniform(0.05, 0.3), s * rng.uniform(0.05, 0.3)),
                             hsv(rng.uniform01(), rng.uniform(0.2, 0.8), 1.0), rng.uniform(0.15, 0.6));
    if (rng.chance(0.6)) {
        const double px = s * rng.uniform(0.05, 0.1);
        std::string title = sentence(rng, rng.uniform_int(1, 3));
        if (rng.chance(0.5)) title = upper(title);
        const double tw = font.measure(title, px);
        detail::draw_text(img, font, title, std::max(0.0, (w - tw) / 2), h * rng.uniform(0.2, 0.7), px,
                          rng.chance(0.5) ? Colour{255, 255, 255} : near_black(rng), rng.chance(0.3) ? 2 : 0);
    }
}

void draw_text_page(Image& img, Rng& rng, const Font& font) {
    const int w = img.width(), h = img.height();
    const Colour paper = near_white(rng), ink = near_black(rng), accent = hsv(rng.uniform01(), 0.7, 0.7);
    fill(img, paper);
    const double margin = w * rng.uniform(0.04, 0.1);
    const double px = std::max(5.0, std::min(w, h) * rng.uniform(0.012, 0.03));
    double y = margin;
    const double title_px = px * rng.uniform(1.6, 2.6);
    detail::draw_text(img, font, sentence(rng, rng.uniform_int(2, 5)), margin, y, title_px, rng.chance(0.5) ? accent : ink);
    y += title_px * 2;
    while (y < h - margin - px) {
        const int what = rng.uniform_int(0, 5);
        if (what == 0) {  // bullet list
            const int items = rng.uniform_int(2, 5);
            for (int i = 0; i < items && y < h - margin - px; ++i) {
                detail::draw_polygon(img, detail::ellipse_pts(margin + px * 0.5, y + px * 0.5, px * 0.25, px * 0.25), ink);
                detail::draw_text(img, font, sentence(rng, rng.uniform_int(2, 7)), margin + px * 1.5, y, px, ink);
                y += px * 1.7;
            }
        } else if (what == 1) {  // highlighted line
            const std::string s = sentence(rng, rng.uniform_int(3, 8));
            const double tw = font.measure(s, px);
            detail::draw_polygon(img, detail::rect_pts(margin - 2, y - px * 0.3, margin + tw + 2, y + px * 1.3),
                                 hsv(rng.uniform(0.1, 0.2), 0.6, 1.0));
            detail::draw_text(img, font, s, margin, y, px, ink);
            y += px * 1.7;
        } else {  // paragraph
            for (const auto& line : wrap(rng, font, rng.uniform_int(10, 60), px, w - 2 * margin)) {
                if (y >= h - margin - px) break;
                detail::draw_text(img, font, line, margin, y, px, ink);
                y += px * 1.6;
            }
        }
        y += px * 1.2;
    }
}

void draw_screenshot(Image& img, Rng& rng, const Font& font) {
    const int w = img.width(), h = img.height();
    const bool dark = rng.chance(0.3);
    const Colour bg = dark ? grey(rng.uniform_int(25, 45)) : near_white(rng);
    const Colour panel = dark ? grey(rng.uniform_int(45, 65)) : grey(rng.uniform_int(225, 245));
    const Colour ink = dark ? grey(rng.uniform_int(210, 240)) : near_black(rng);
    const Colour accent = hsv(rng.uniform01(), rng.uniform(0.5, 0.9), rng.uniform(0.6, 0.95));
    fill(img, bg);
    const double px = std::max(6.0, std::min(w, h) * rng.uniform(0.018, 0.03));
    const double bar = px * 2.4;
    detail::draw_polygon(img, detail::rect_pts(0, 0, w, bar), rng.chance(0.5) ? accent : panel);
    detail::draw_text(img, font, sentence(rng, rng.uniform_int(1, 3)), px, (bar - px) / 2, px,
                      rng.chance(0.5) ? Colour{255, 255, 255} : ink);
    for (int i = 0; i < 3; ++i)
        detail::draw_polygon(img, detail::ellipse_pts(w - px * (1.2 + 1.4 * i), bar / 2, px * 0.4, px * 0.4),
                             hsv(i / 6.0, 0.6, 0.9));
    const double side = rng.chance(0.7) ? w * rng.uniform(0.18, 0.3) : 0;
    if (side > 0) {
        detail::draw_polygon(img, detail::rect_pts(0, bar, side, h), panel);
        const int selected = rng.uniform_int(0, 6);
        double y = bar + px;
        for (int i = 0; y < h - px * 2; ++i, y += px * 2) {
            if (i == selected) detail::draw_polygon(img, detail::rect_pts(0, y - px * 0.5, side, y + px * 1.5), accent, 0.35);
            detail::draw_polygon(img, detail::rounded_rect_pts(px * 0.6, y, px * 1.6, y + px, px * 0.2), accent);
            detail::draw_text(img, font, sentence(rng, rng.uniform_int(1, 2)), px * 2.2, y, px * 0.9, ink);
        }
    }
    // Content: a heading, a form field or two, buttons and a grid of cards.
    const double x0 = side + px * 1.5, x1 = w - px * 1.5;
    double y = bar + px * 1.5;
    detail::draw_text(img, font, sentence(rng, rng.uniform_int(2, 4)), x0, y, px * 1.5, ink);
    y += px * 3;
    for (int f = rng.uniform_int(0, 2); f > 0 && y < h - px * 4; --f) {
        detail::draw_text(img, font, sentence(rng, 1), x0, y, px * 0.8, ink);
        y += px * 1.3;
        detail::draw_outlined(img, detail::rounded_rect_pts(x0, y, x0 + (x1 - x0) * 0.6, y + px * 2, px * 0.3), bg,
                              dark ? grey(90) : grey(180), 1);
        detail::draw_text(img, font, word(rng), x0 + px * 0.5, y + px * 0.5, px, dark ? grey(150) : grey(120));
        y += px * 3;
    }
    double bx = x0;
    for (int b = rng.uniform_int(1, 3); b > 0 && y < h - px * 3; --b) {
        const std::string label = upper(word(rng));
        const double bw = font.measure(label, px) + px * 2;
        const bool primary = b == 1;
        detail::draw_outlined(img, detail::rounded_rect_pts(bx, y, bx + bw, y + px * 2.2, px * rng.uniform(0.1, 1.1)),
                              primary ? accent : panel, primary ? accent : grey(150), primary ? 0 : 1);
        detail::draw_text(img, font, label, bx + px, y + px * 0.6, px, primary ? Colour{255, 255, 255} : ink);
        bx += bw + px;
    }
    y += px * 3.5;
    const int cols = rng.uniform_int(1, 3);
    const double cw = (x1 - x0 - (cols - 1) * px) / cols, ch = px * rng.uniform(5, 9);
    for (int r = 0; y + ch < h - px; ++r, y += ch + px)
        for (int c = 0; c < cols; ++c) {
            const double cx0 = x0 + c * (cw + px);
            detail::draw_outlined(img, detail::rounded_rect_pts(cx0, y, cx0 + cw, y + ch, px * 0.5), panel,
                                  dark ? grey(70) : grey(210), 1);
            detail::draw_polygon(img, detail::ellipse_pts(cx0 + px * 1.5, y + px * 1.5, px * 0.8, px * 0.8),
                                 hsv(rng.uniform01(), 0.6, 0.85));
            detail::draw_text(img, font, fit_line(font, sentence(rng, rng.uniform_int(1, 3)), px, cw - px * 4), cx0 + px * 3,
                              y + px, px, ink);
            double ly = y + px * 3;
            for (const auto& line : wrap(rng, font, rng.uniform_int(4, 14), px * 0.8, cw - px * 2)) {
                if (ly > y + ch - px * 1.2) break;
                detail::draw_text(img, font, line, cx0 + px, ly, px * 0.8, dark ? grey(170) : grey(90));
                ly += px * 1.3;
            }
        }
}

}  // namespace

std::vector<SynthKind> all_synth_kinds() {
    return {SynthKind::shapes, SynthKind::clipart, SynthKind::comic, SynthKind::gradient, SynthKind::text,
            SynthKind::screenshot};
}

const char* synth_kind_name(SynthKind kind) noexcept {
    const auto i = static_cast<std::size_t>(kind);
    return i < std::size(k_names) ? k_names[i] : "unknown";
}

SynthKind parse_synth_kind(const std::string& name) {
    for (SynthKind k : all_synth_kinds())
        if (name == synth_kind_name(k)) return k;
    std::string valid;
    for (SynthKind k : all_synth_kinds()) valid += std::string(valid.empty() ? "" : ", ") + synth_kind_name(k);
    throw Error(Status::invalid_argument, "unknown synthetic image kind '" + name + "' (valid: " + valid + ")");
}

Image synth_image(SynthKind kind, int width, int height, Rng& rng, const SynthFont& font_bytes) {
    if (width < 16 || height < 16 || width > 8192 || height > 8192)
        throw Error(Status::invalid_argument,
                    "synth_image: size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 16..8192");
    const Font font(font_bytes.ttf);
    Image img(width, height, 3);
    switch (kind) {
        case SynthKind::shapes: draw_shapes(img, rng); break;
        case SynthKind::clipart: draw_clipart(img, rng); break;
        case SynthKind::comic: draw_comic(img, rng, font); break;
        case SynthKind::gradient: draw_gradient(img, rng, font); break;
        case SynthKind::text: draw_text_page(img, rng, font); break;
        case SynthKind::screenshot: draw_screenshot(img, rng, font); break;
        default: throw Error(Status::invalid_argument, "synth_image: unknown kind");
    }
    return img;
}

Image synth_meme(const ImageView& photo, Rng& rng, const SynthFont& font_bytes) {
    check_view(photo);
    if (photo.width < 32 || photo.height < 32) throw Error(Status::invalid_argument, "synth_meme: photo is smaller than 32x32");
    const Font font(font_bytes.ttf);
    // To RGB on white, then a crop with an aspect ratio of 0.75..1.33 covering 50..100% of the short side.
    Image rgb(photo.width, photo.height, 3);
    for (int y = 0; y < photo.height; ++y)
        for (int x = 0; x < photo.width; ++x) {
            const std::uint8_t* p = photo.pixel(x, y);
            std::uint8_t* q = rgb.row(y) + 3 * x;
            const int c = photo.channels;
            const int a = photo.has_alpha() ? p[c - 1] : 255;
            for (int k = 0; k < 3; ++k) {
                const int v = c >= 3 ? p[k] : p[0];
                q[k] = static_cast<std::uint8_t>((v * a + 255 * (255 - a) + 127) / 255);
            }
        }
    const double aspect = rng.uniform(0.75, 1.33);
    const double frac = rng.uniform(0.5, 1.0);
    int cw = static_cast<int>(std::min(photo.width, photo.height) * frac), ch = cw;
    if (aspect > 1) cw = std::min(photo.width, static_cast<int>(cw * aspect));
    else ch = std::min(photo.height, static_cast<int>(ch / aspect));
    const int cx = rng.uniform_int(0, photo.width - cw), cy = rng.uniform_int(0, photo.height - ch);
    Image img = crop(rgb.view(), cx, cy, cw, ch);
    const int long_side = rng.uniform_int(400, 800);
    if (std::max(cw, ch) > long_side) {
        int ow = 0, oh = 0;
        fit_size(cw, ch, long_side, ow, oh);
        ResizeOptions ro;
        ro.filter = ResizeFilter::area;
        img = resize(img.view(), ow, oh, ro);
    }
    const int where = rng.uniform_int(0, 2);  // 0 top, 1 bottom, 2 both
    const double w = img.width(), h = img.height();
    for (int part = 0; part < 2; ++part) {
        if ((part == 0 && where == 1) || (part == 1 && where == 0)) continue;
        double px = h * rng.uniform(0.07, 0.11);
        auto lines = wrap(rng, font, rng.uniform_int(2, 7), px, w * 0.92, true);
        if (lines.size() > 2) lines.resize(2);
        double widest = 0;
        for (const auto& l : lines) widest = std::max(widest, font.measure(l, px));
        if (widest > w * 0.94) px *= w * 0.94 / widest;
        const int outline = std::max(1, static_cast<int>(std::lround(px * 0.12)));
        const double line_h = px * 1.3;
        double y = part == 0 ? h * 0.03 + outline : h - h * 0.03 - outline - line_h * static_cast<double>(lines.size()) + (line_h - px);
        for (const auto& l : lines) {
            detail::draw_text(img, font, l, (w - font.measure(l, px)) / 2, y, px, {255, 255, 255}, outline, {0, 0, 0});
            y += line_h;
        }
    }
    return img;
}

}  // namespace pristine::degrade
