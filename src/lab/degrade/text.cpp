// Meme captions drawn from stb_easy_font's quads: the font is a set of axis-aligned rectangles, so
// rasterising is filling rectangles, and the outline is the same rectangles grown by a few pixels.
#include <algorithm>
#include <cmath>
#include <vector>

#include "pristine/lab/degrade/distort.hpp"

#include "easy_font.hpp"

namespace pristine::degrade {
namespace {

using Rect = detail::FontRect;

void fill_rect(Image& img, double x0, double y0, double x1, double y1, std::uint8_t value) {
    int ix0 = static_cast<int>(std::lround(x0)), ix1 = static_cast<int>(std::lround(x1));
    int iy0 = static_cast<int>(std::lround(y0)), iy1 = static_cast<int>(std::lround(y1));
    if (ix1 <= ix0) ix1 = ix0 + 1;  // strokes never vanish at small scales
    if (iy1 <= iy0) iy1 = iy0 + 1;
    ix0 = std::max(0, ix0);
    iy0 = std::max(0, iy0);
    ix1 = std::min(img.width(), ix1);
    iy1 = std::min(img.height(), iy1);
    const int c = img.channels();
    const bool alpha = c == 2 || c == 4;
    for (int y = iy0; y < iy1; ++y) {
        std::uint8_t* p = img.row(y) + static_cast<std::size_t>(ix0) * c;
        for (int x = ix0; x < ix1; ++x, p += c) {
            for (int k = 0; k < (alpha ? c - 1 : c); ++k) p[k] = value;
            if (alpha) p[c - 1] = 255;
        }
    }
}

}  // namespace

Image overlay_text(const ImageView& image, const std::string& text, TextPlacement placement, double height_fraction) {
    check_view(image);
    if (text.empty() || text.size() > 1000) throw Error(Status::invalid_argument, "overlay_text: text must be 1..1000 characters");
    if (!(height_fraction > 0 && height_fraction <= 1))
        throw Error(Status::invalid_argument, "overlay_text: height_fraction must be in (0, 1]");
    const std::string clean = detail::easy_font_clean(text);

    Image out = Image::copy_of(image);
    const std::vector<Rect> rects = detail::easy_font_rects(clean);
    if (rects.empty()) return out;  // only spaces
    float bx0 = rects[0].x0, by0 = rects[0].y0, bx1 = rects[0].x1, by1 = rects[0].y1;
    for (const Rect& r : rects) {
        bx0 = std::min(bx0, r.x0);
        by0 = std::min(by0, r.y0);
        bx1 = std::max(bx1, r.x1);
        by1 = std::max(by1, r.y1);
    }
    const double W = image.width, H = image.height;
    const double bw = std::max(1.f, bx1 - bx0), bh = std::max(1.f, by1 - by0);
    const double scale = std::min(height_fraction * H / bh, 0.95 * W / bw);
    const double outline = std::max(1.0, std::round(scale * 0.5));
    const double margin = outline + 0.02 * H;
    const double ox = (W - bw * scale) / 2 - bx0 * scale;
    const double oy = (placement == TextPlacement::top ? margin : H - margin - bh * scale) - by0 * scale;
    for (const Rect& r : rects)
        fill_rect(out, ox + r.x0 * scale - outline, oy + r.y0 * scale - outline, ox + r.x1 * scale + outline,
                  oy + r.y1 * scale + outline, 0);
    for (const Rect& r : rects)
        fill_rect(out, ox + r.x0 * scale, oy + r.y0 * scale, ox + r.x1 * scale, oy + r.y1 * scale, 255);
    return out;
}

}  // namespace pristine::degrade
