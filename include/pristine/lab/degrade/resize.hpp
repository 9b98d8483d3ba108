// Separable resampling with the filters of common image tools, so that degraded copies look like the
// ones real software makes. Part of the compiled library (libpristine).
#pragma once

#include <string>

#include "pristine/export.hpp"
#include "pristine/image.hpp"

namespace pristine::degrade {

/// Resampling kernels. On downscaling every filter except `point` and `area` has its support widened
/// by the scale factor (antialiasing as in ImageMagick and Pillow); on upscaling it is used as is.
enum class ResizeFilter {
    point,        ///< nearest neighbour: the source pixel under the output pixel's centre
    box,          ///< box of width 1 (scaled on downscale: averages the covered pixels)
    bilinear,     ///< triangle, support 1
    bicubic,      ///< Keys cubic with a = -0.75 (OpenCV INTER_CUBIC's choice; sharper than Catmull-Rom)
    mitchell,     ///< Mitchell–Netravali BC-spline, B = C = 1/3
    catmull_rom,  ///< Keys cubic with a = -0.5 (= Pillow's BICUBIC, ImageMagick's Catrom)
    lanczos,      ///< Lanczos, 3 lobes
    area,         ///< exact area averaging: each output pixel is the mean of the source area it covers
};

/// Canonical lower-case name ("lanczos", "catmull_rom", ...).
PRISTINE_API const char* filter_name(ResizeFilter f) noexcept;

/// Parse a filter name: the canonical names plus the aliases nearest, triangle, cubic, catrom,
/// lanczos3 (not "linear": in the step syntax that word means linear light).
/// Throws Error(invalid_argument) naming the bad name and listing the valid ones.
PRISTINE_API ResizeFilter parse_filter(const std::string& name);

struct ResizeOptions {
    ResizeFilter filter = ResizeFilter::lanczos;
    /// Resample in linear light: colour channels go sRGB -> linear -> resample -> sRGB (alpha stays
    /// linear). Gamma-space resampling (the default, what most software does) darkens fine
    /// black/white detail; linear light keeps its mean luminance.
    bool linear_light = false;
};

/// Resize to exactly width x height (each >= 1). Handles 1..4 channels; with alpha the colour is
/// resampled premultiplied (no dark fringes at transparent edges). Output samples are clamped to
/// 0..255 and rounded to nearest. Any sizes are allowed, including 1 px either way.
/// Throws Error(invalid_argument) for a bad view or size. Thread-safe.
PRISTINE_API Image resize(const ImageView& image, int width, int height, const ResizeOptions& options = {});

/// Resize by a factor (> 0) on both axes; the output size is max(1, round(factor * size)).
PRISTINE_API Image resize_by(const ImageView& image, double factor, const ResizeOptions& options = {});

/// Size after scaling so that the longer side is `long_side` (aspect ratio kept, each side >= 1).
PRISTINE_API void fit_size(int width, int height, int long_side, int& out_width, int& out_height);

}  // namespace pristine::degrade
