// Internal (not installed): a small anti-aliased rasteriser for the synthetic originals. Shapes are
// polygons rasterised into a coverage mask (exact horizontal coverage, 4 sub-scanlines vertically),
// then composited onto an RGB image with a colour and an opacity. Text goes through the same masks,
// from stb_easy_font's rectangles or from a TrueType font (stb_truetype).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pristine/image.hpp"

namespace pristine::degrade::detail {

struct Pt {
    double x, y;
};
using Colour = std::array<std::uint8_t, 3>;

/// Coverage 0..1 over a w x h window whose top-left pixel is (ox, oy) in image coordinates.
struct Mask {
    int ox = 0, oy = 0, w = 0, h = 0;
    std::vector<float> a;
    Mask() = default;
    Mask(int x, int y, int width, int height)
        : ox(x), oy(y), w(width), h(height), a(static_cast<std::size_t>(width) * height, 0.f) {}
    float& at(int x, int y) { return a[static_cast<std::size_t>(y) * w + x]; }
    float at(int x, int y) const { return a[static_cast<std::size_t>(y) * w + x]; }
};

/// Even-odd polygon fill into `m` (union with what is there: max of coverages). Coordinates are in
/// image pixels (pixel x covers [x, x+1)).
void fill_polygon(Mask& m, const std::vector<Pt>& poly);

/// A mask just large enough for the points (plus `pad` pixels), clipped to the image.
Mask mask_for(const std::vector<Pt>& pts, int image_w, int image_h, double pad = 2);

/// Blend `colour` into `img` (RGB) with alpha = coverage * opacity.
void composite(Image& img, const Mask& m, const Colour& colour, double opacity = 1.0);

/// Grow a mask by `r` pixels (max filter over a disc; used for text outlines and shape borders).
Mask dilate(const Mask& m, int r, int image_w, int image_h);

// Point lists of shapes (closed polygons).
std::vector<Pt> rect_pts(double x0, double y0, double x1, double y1);
std::vector<Pt> rounded_rect_pts(double x0, double y0, double x1, double y1, double r);
std::vector<Pt> ellipse_pts(double cx, double cy, double rx, double ry, double rotation = 0);
/// A thick segment as a quad (round caps are added by draw_stroke).
std::vector<Pt> segment_pts(Pt a, Pt b, double width);

// Drawing helpers on an RGB image.
void draw_polygon(Image& img, const std::vector<Pt>& poly, const Colour& c, double opacity = 1.0);
/// A polyline with round joins and caps, `width` pixels wide.
void draw_stroke(Image& img, const std::vector<Pt>& line, double width, const Colour& c, bool closed = false,
                 double opacity = 1.0);
/// Fill plus an outline of `border` pixels around the shape (the outline is drawn first, outside).
void draw_outlined(Image& img, const std::vector<Pt>& poly, const Colour& fill, const Colour& line, double border);

/// Text rendering with either font. Thread-safe; `ttf` must outlive the Font.
class Font {
public:
    /// Empty bytes = stb_easy_font. Throws Error(corrupt_data) for bytes that are not a font.
    explicit Font(const std::vector<std::uint8_t>& ttf);
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;
    bool truetype() const noexcept { return impl_ != nullptr; }
    /// Width in pixels of one line of `text` drawn with capitals `px` pixels tall.
    double measure(const std::string& text, double px) const;
    /// Coverage of one line of `text`; (x, y) is the top-left of the capitals' box.
    Mask render(const std::string& text, double x, double y, double px, int image_w, int image_h) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Draw one line of text (optionally with an outline of `outline` px in `outline_colour`).
void draw_text(Image& img, const Font& font, const std::string& text, double x, double y, double px,
               const Colour& c, int outline = 0, const Colour& outline_colour = {0, 0, 0});

}  // namespace pristine::degrade::detail
