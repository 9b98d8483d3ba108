// The synthetic originals' rasteriser (see raster.hpp). Polygons: per pixel row, 4 sub-scanlines;
// each span adds its exact horizontal coverage, so edges are anti-aliased both ways.
#include "raster.hpp"

#include <algorithm>
#include <cmath>

#include "easy_font.hpp"
#include "pristine/error.hpp"

#include <stb_truetype.h>  // implementation in Debian's libstb

namespace pristine::degrade::detail {

namespace {
constexpr int k_sub = 4;  // sub-scanlines per pixel row
constexpr double k_pi = 3.14159265358979323846;
}  // namespace

Mask mask_for(const std::vector<Pt>& pts, int image_w, int image_h, double pad) {
    if (pts.empty()) return Mask(0, 0, 0, 0);
    double x0 = pts[0].x, x1 = pts[0].x, y0 = pts[0].y, y1 = pts[0].y;
    for (const Pt& p : pts) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
    }
    const int ix0 = std::max(0, static_cast<int>(std::floor(x0 - pad)));
    const int iy0 = std::max(0, static_cast<int>(std::floor(y0 - pad)));
    const int ix1 = std::min(image_w, static_cast<int>(std::ceil(x1 + pad)));
    const int iy1 = std::min(image_h, static_cast<int>(std::ceil(y1 + pad)));
    if (ix1 <= ix0 || iy1 <= iy0) return Mask(0, 0, 0, 0);
    return Mask(ix0, iy0, ix1 - ix0, iy1 - iy0);
}

void fill_polygon(Mask& m, const std::vector<Pt>& poly) {
    if (m.w <= 0 || m.h <= 0 || poly.size() < 3) return;
    std::vector<float> acc(static_cast<std::size_t>(m.w) + 1);
    std::vector<double> xs;
    const std::size_t n = poly.size();
    for (int y = 0; y < m.h; ++y) {
        std::fill(acc.begin(), acc.end(), 0.f);
        bool any = false;
        for (int s = 0; s < k_sub; ++s) {
            const double sy = m.oy + y + (s + 0.5) / k_sub;
            xs.clear();
            for (std::size_t i = 0; i < n; ++i) {
                const Pt& a = poly[i];
                const Pt& b = poly[(i + 1) % n];
                if ((a.y <= sy && b.y > sy) || (b.y <= sy && a.y > sy))
                    xs.push_back(a.x + (sy - a.y) * (b.x - a.x) / (b.y - a.y) - m.ox);
            }
            std::sort(xs.begin(), xs.end());
            for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
                const double xa = std::clamp(xs[i], 0.0, static_cast<double>(m.w));
                const double xb = std::clamp(xs[i + 1], 0.0, static_cast<double>(m.w));
                if (xb <= xa) continue;
                any = true;
                const int ia = static_cast<int>(xa), ib = static_cast<int>(xb);
                const float w = 1.f / k_sub;
                if (ia == ib) {
                    acc[static_cast<std::size_t>(ia)] += static_cast<float>(xb - xa) * w;
                } else {
                    acc[static_cast<std::size_t>(ia)] += static_cast<float>(ia + 1 - xa) * w;
                    for (int k = ia + 1; k < ib; ++k) acc[static_cast<std::size_t>(k)] += w;
                    acc[static_cast<std::size_t>(ib)] += static_cast<float>(xb - ib) * w;  // ib <= w: spare slot
                }
            }
        }
        if (!any) continue;
        for (int x = 0; x < m.w; ++x) m.at(x, y) = std::max(m.at(x, y), std::min(1.f, acc[static_cast<std::size_t>(x)]));
    }
}

void composite(Image& img, const Mask& m, const Colour& colour, double opacity) {
    const int c = img.channels();
    for (int y = 0; y < m.h; ++y) {
        const int iy = m.oy + y;
        if (iy < 0 || iy >= img.height()) continue;
        for (int x = 0; x < m.w; ++x) {
            const int ix = m.ox + x;
            if (ix < 0 || ix >= img.width()) continue;
            const double a = m.at(x, y) * opacity;
            if (a <= 0) continue;
            std::uint8_t* p = img.row(iy) + static_cast<std::size_t>(ix) * c;
            for (int k = 0; k < 3 && k < c; ++k)
                p[k] = static_cast<std::uint8_t>(std::lround(p[k] + (colour[static_cast<std::size_t>(k)] - p[k]) * a));
        }
    }
}

Mask dilate(const Mask& m, int r, int image_w, int image_h) {
    if (r <= 0 || m.w <= 0) return m;
    const int ox = std::max(0, m.ox - r), oy = std::max(0, m.oy - r);
    const int x1 = std::min(image_w, m.ox + m.w + r), y1 = std::min(image_h, m.oy + m.h + r);
    Mask out(ox, oy, std::max(0, x1 - ox), std::max(0, y1 - oy));
    // Separable max over a square would look boxy; a disc of offsets is cheap at text sizes.
    std::vector<std::pair<int, int>> disc;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx)
            if (dx * dx + dy * dy <= r * r + r) disc.emplace_back(dx, dy);
    for (int y = 0; y < m.h; ++y)
        for (int x = 0; x < m.w; ++x) {
            const float v = m.at(x, y);
            if (v <= 0) continue;
            for (const auto& [dx, dy] : disc) {
                const int tx = m.ox + x + dx - ox, ty = m.oy + y + dy - oy;
                if (tx < 0 || ty < 0 || tx >= out.w || ty >= out.h) continue;
                float& t = out.at(tx, ty);
                t = std::max(t, v);
            }
        }
    return out;
}

std::vector<Pt> rect_pts(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

std::vector<Pt> rounded_rect_pts(double x0, double y0, double x1, double y1, double r) {
    r = std::max(0.0, std::min({r, (x1 - x0) / 2, (y1 - y0) / 2}));
    if (r < 0.5) return rect_pts(x0, y0, x1, y1);
    std::vector<Pt> pts;
    const double cx[4] = {x1 - r, x1 - r, x0 + r, x0 + r}, cy[4] = {y0 + r, y1 - r, y1 - r, y0 + r};
    for (int corner = 0; corner < 4; ++corner)
        for (int k = 0; k <= 8; ++k) {
            const double t = (corner - 1 + k / 8.0) * k_pi / 2;  // -90°..0 for the top-right corner
            pts.push_back({cx[corner] + r * std::cos(t), cy[corner] + r * std::sin(t)});
        }
    return pts;
}

std::vector<Pt> ellipse_pts(double cx, double cy, double rx, double ry, double rotation) {
    const int n = std::clamp(static_cast<int>(std::max(rx, ry) * 1.5), 24, 256);
    std::vector<Pt> pts;
    pts.reserve(static_cast<std::size_t>(n));
    const double cr = std::cos(rotation), sr = std::sin(rotation);
    for (int i = 0; i < n; ++i) {
        const double t = 2 * k_pi * i / n;
        const double x = rx * std::cos(t), y = ry * std::sin(t);
        pts.push_back({cx + x * cr - y * sr, cy + x * sr + y * cr});
    }
    return pts;
}

std::vector<Pt> segment_pts(Pt a, Pt b, double width) {
    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    if (len <= 1e-9) return {};
    const double nx = -dy / len * width / 2, ny = dx / len * width / 2;
    return {{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}};
}

void draw_polygon(Image& img, const std::vector<Pt>& poly, const Colour& c, double opacity) {
    Mask m = mask_for(poly, img.width(), img.height());
    fill_polygon(m, poly);
    composite(img, m, c, opacity);
}

void draw_stroke(Image& img, const std::vector<Pt>& line, double width, const Colour& c, bool closed, double opacity) {
    if (line.empty()) return;
    Mask m = mask_for(line, img.width(), img.height(), width / 2 + 2);
    const std::size_t n = line.size();
    const std::size_t segments = closed ? n : n - 1;
    for (std::size_t i = 0; i < segments; ++i) fill_polygon(m, segment_pts(line[i], line[(i + 1) % n], width));
    for (const Pt& p : line) fill_polygon(m, ellipse_pts(p.x, p.y, width / 2, width / 2));
    composite(img, m, c, opacity);  // one mask, so overlapping parts are not blended twice
}

void draw_outlined(Image& img, const std::vector<Pt>& poly, const Colour& fill, const Colour& line, double border) {
    if (border > 0) draw_stroke(img, poly, 2 * border, line, true);
    draw_polygon(img, poly, fill);
}

// ---------------------------------------------------------------- fonts

struct Font::Impl {
    stbtt_fontinfo info{};
    double cap_units = 1;  // height of 'H' in font units
};

Font::Font(const std::vector<std::uint8_t>& ttf) {
    if (ttf.empty()) return;
    auto impl = std::make_unique<Impl>();
    const int offset = stbtt_GetFontOffsetForIndex(ttf.data(), 0);
    if (ttf.size() < 12 || offset < 0 || !stbtt_InitFont(&impl->info, ttf.data(), offset))
        throw Error(Status::corrupt_data, "synth: the font bytes are not a TrueType/OpenType font");
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    if (!stbtt_GetCodepointBox(&impl->info, 'H', &x0, &y0, &x1, &y1) || y1 <= y0)
        throw Error(Status::corrupt_data, "synth: the font has no glyph for 'H'");
    impl->cap_units = y1 - y0;
    impl_ = std::move(impl);
}

Font::~Font() = default;

namespace {
constexpr double k_easy_cap = 7.0;  // stb_easy_font capitals are 7 units tall
}

double Font::measure(const std::string& text, double px) const {
    if (!impl_) {
        const auto rects = easy_font_rects(easy_font_clean(text));
        float x1 = 0;
        for (const auto& r : rects) x1 = std::max(x1, r.x1);
        return x1 * px / k_easy_cap;
    }
    const double scale = px / impl_->cap_units;
    double w = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int ch = static_cast<unsigned char>(text[i]);
        int adv = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&impl_->info, ch, &adv, &lsb);
        w += adv * scale;
        if (i + 1 < text.size())
            w += stbtt_GetCodepointKernAdvance(&impl_->info, ch, static_cast<unsigned char>(text[i + 1])) * scale;
    }
    return w;
}

Mask Font::render(const std::string& text, double x, double y, double px, int image_w, int image_h) const {
    const double width = measure(text, px);
    Mask m = mask_for({{x, y - 0.5 * px}, {x + width, y + 1.6 * px}}, image_w, image_h, 2);
    if (m.w <= 0) return m;
    if (!impl_) {
        const double s = px / k_easy_cap;
        for (const auto& r : easy_font_rects(easy_font_clean(text))) {
            // Strokes never thinner than a pixel, so small text stays legible.
            const double w = std::max(1.0, (r.x1 - r.x0) * s), h = std::max(1.0, (r.y1 - r.y0) * s);
            fill_polygon(m, rect_pts(x + r.x0 * s, y + r.y0 * s, x + r.x0 * s + w, y + r.y0 * s + h));
        }
        return m;
    }
    const float scale = static_cast<float>(px / impl_->cap_units);
    const double baseline = y + px;
    double pen = x;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int ch = static_cast<unsigned char>(text[i]);
        int adv = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&impl_->info, ch, &adv, &lsb);
        const double fx = std::floor(pen), fy = std::floor(baseline);
        const float sx = static_cast<float>(pen - fx), sy = static_cast<float>(baseline - fy);
        int bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
        stbtt_GetCodepointBitmapBoxSubpixel(&impl_->info, ch, scale, scale, sx, sy, &bx0, &by0, &bx1, &by1);
        const int gw = bx1 - bx0, gh = by1 - by0;
        if (gw > 0 && gh > 0) {
            std::vector<unsigned char> glyph(static_cast<std::size_t>(gw) * gh);
            stbtt_MakeCodepointBitmapSubpixel(&impl_->info, glyph.data(), gw, gh, gw, scale, scale, sx, sy, ch);
            for (int gy = 0; gy < gh; ++gy)
                for (int gx = 0; gx < gw; ++gx) {
                    const int tx = static_cast<int>(fx) + bx0 + gx - m.ox, ty = static_cast<int>(fy) + by0 + gy - m.oy;
                    if (tx < 0 || ty < 0 || tx >= m.w || ty >= m.h) continue;
                    float& t = m.at(tx, ty);
                    t = std::max(t, glyph[static_cast<std::size_t>(gy) * gw + gx] / 255.f);
                }
        }
        pen += adv * scale;
        if (i + 1 < text.size())
            pen += stbtt_GetCodepointKernAdvance(&impl_->info, ch, static_cast<unsigned char>(text[i + 1])) * scale;
    }
    return m;
}

void draw_text(Image& img, const Font& font, const std::string& text, double x, double y, double px, const Colour& c,
               int outline, const Colour& outline_colour) {
    const Mask m = font.render(text, x, y, px, img.width(), img.height());
    if (outline > 0) composite(img, dilate(m, outline, img.width(), img.height()), outline_colour);
    composite(img, m, c);
}

}  // namespace pristine::degrade::detail
