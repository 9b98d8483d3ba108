// The distortion set of the hash-robustness evaluation: each named class of change a perceptual hash
// should (or, for rotations and flips, may not) survive.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/image.hpp"

namespace pristine::degrade {

struct DistortedCopy {
    std::string name;    ///< stable class name (see distortion_classes())
    std::string params;  ///< what exactly was done, e.g. "sigma=2.0"
    Image pixels;
};

/// The stable class names, in the order hash_distortion_set returns them:
/// blur, noise, crop10, crop20, text, jpeg20, jpeg50, rotate5, rotate10, rotate90, flip_h, flip_v,
/// shear, decimate, downscale, upscale, equalize, brighter, darker, rotate180, transpose, logo, screenshot.
PRISTINE_API std::vector<std::string> distortion_classes();

/// One copy per class, all with the input's channels:
///  blur      gaussian, sigma = max(1, min side / 200)
///  noise     gaussian, sigma = 10 levels (drawn from `seed`)
///  crop10/20 keep 90% / 80% of width and height at a position drawn from `seed`
///  text      meme captions at top and bottom
///  jpeg20/50 JPEG 4:2:0 round trip at quality 20 / 50
///  rotate5/10  clockwise, same size, black corners; rotate90: exact quarter turn clockwise
///  flip_h / flip_v  exact mirrors
///  shear     horizontal shear factor 0.1, black fill
///  decimate  down by 4 (area) then back up to the original size (bilinear)
///  downscale 0.5 (lanczos); upscale 2x (bicubic)
///  equalize  histogram equalisation of luma
///  brighter / darker  brightness x1.3 / x0.7
///  rotate180 exact half turn; transpose: mirror over the main diagonal (exact)
///  logo      a watermark in the bottom-right corner: a half-opaque disc, a fifth of the short side
///            across, with a white ring and a solid square in the middle
///  screenshot  a phone screenshot: the picture at 90 % (bilinear) between a dark status bar (1/12 of
///            its height) and a light bar of three buttons (1/7), white side margins
/// Throws Error(invalid_argument) for a bad view. Deterministic for a seed; thread-safe.
PRISTINE_API std::vector<DistortedCopy> hash_distortion_set(const ImageView& image, std::uint64_t seed);

}  // namespace pristine::degrade
