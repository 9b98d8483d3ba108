// Pixel-level distortions: crops, geometry, filters, tone changes, text, colour quantisation.
// Used by degradation chains (training pairs) and by the hash-robustness distortion set.
// Every function takes a view of 1..4 channels (grey, grey+alpha, RGB, RGBA), returns a new image
// with the same number of channels, throws Error(invalid_argument) for a bad view or parameter,
// and is thread-safe (no shared state). Nothing is printed.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "pristine/lab/degrade/rng.hpp"
#include "pristine/export.hpp"
#include "pristine/image.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::degrade {

/// Fill colour for uncovered pixels, as R, G, B, A. Grey images use element 0 as the grey level.
using Fill = std::array<std::uint8_t, 4>;

// ---------------------------------------------------------------- crops and exact geometry

/// The rectangle [x, x+width) x [y, y+height), which must lie inside the image and be non-empty.
PRISTINE_API Image crop(const ImageView& image, int x, int y, int width, int height);

/// Centred crop keeping `keep` (0 < keep <= 1) of the width and of the height (each side rounded,
/// at least 1 px). crop_fraction(img, 0.9) removes 10% of each dimension.
PRISTINE_API Image crop_fraction(const ImageView& image, double keep);

/// Remove `pixels` (>= 0) from every edge (ImageMagick -shave). Throws when nothing would remain.
PRISTINE_API Image shave(const ImageView& image, int pixels);

/// Mirror left-right. Exact.
PRISTINE_API Image flip_horizontal(const ImageView& image);
/// Mirror top-bottom. Exact.
PRISTINE_API Image flip_vertical(const ImageView& image);
/// Rotate by quarter_turns * 90 degrees clockwise (any integer, negative = counter-clockwise). Exact.
PRISTINE_API Image rotate90(const ImageView& image, int quarter_turns);

// ---------------------------------------------------------------- resampled geometry

/// Rotate by `degrees` clockwise about the centre with bilinear sampling. With expand = false the
/// output keeps the input size (corners cut, uncovered areas filled); with expand = true it grows to
/// hold the whole rotated image.
PRISTINE_API Image rotate(const ImageView& image, double degrees, const Fill& fill = {0, 0, 0, 255},
                          bool expand = false);

/// Horizontal shear about the centre row: x' = x + factor * (y - cy), bilinear, same size, filled.
PRISTINE_API Image shear(const ImageView& image, double factor, const Fill& fill = {0, 0, 0, 255});

// ---------------------------------------------------------------- filters and tone

/// Gaussian blur with standard deviation `sigma` (>= 0 pixels; 0 copies). Separable, radius ceil(3 sigma),
/// edges clamped. Alpha is blurred like the other channels.
PRISTINE_API Image gaussian_blur(const ImageView& image, double sigma);

/// Add independent gaussian noise of standard deviation `sigma` (0..255 levels) to each colour
/// channel (not alpha), rounding and clamping. Deterministic for the state of `rng`.
PRISTINE_API Image gaussian_noise(const ImageView& image, double sigma, Rng& rng);

/// Multiply colour channels by `factor` (>= 0; > 1 brighter, < 1 darker), clamping — Pillow's
/// ImageEnhance.Brightness. Alpha unchanged.
PRISTINE_API Image adjust_brightness(const ImageView& image, double factor);

enum class EqualizeMode {
    luma,         ///< equalise BT.601 luma and shift R, G, B by the same amount (keeps Cb, Cr: no hue shift)
    per_channel,  ///< equalise R, G, B independently (what some tools do; shifts colours)
};

/// Histogram equalisation (OpenCV's mapping: (cdf - cdf_min) * 255 / (n - cdf_min)). Alpha unchanged.
PRISTINE_API Image equalize_histogram(const ImageView& image, EqualizeMode mode = EqualizeMode::luma);

// ---------------------------------------------------------------- text

enum class TextPlacement { top, bottom };

/// Meme-style caption: white block letters (stb_easy_font's built-in font, no font files) with a
/// black outline, centred horizontally at the top or bottom. The letters are `height_fraction`
/// (0 < f <= 1) of the image height tall, smaller if needed to fit 95% of the width. Characters
/// outside printable ASCII are drawn as '?'. `text` is 1..1000 characters.
PRISTINE_API Image overlay_text(const ImageView& image, const std::string& text,
                                TextPlacement placement = TextPlacement::top, double height_fraction = 0.1);

// ---------------------------------------------------------------- colour quantisation

/// Reduce to at most `colors` (2..256) colours: a median-cut palette (build_palette) and the given
/// dither (map_to_palette). The result keeps the input's channels; alpha is untouched; grey images
/// get grey palettes.
PRISTINE_API Image quantize(const ImageView& image, int colors, Dither dither = Dither::none);

}  // namespace pristine::degrade
