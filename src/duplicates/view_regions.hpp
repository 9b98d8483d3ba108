// Internal to src/duplicates: where each fingerprint view lies in its picture. Fingerprinting cuts the
// views by these rules; verification uses them to start the alignment of two matched views.
#pragma once

#include <cmath>

#include "pristine/io/duplicates.hpp"

namespace pristine::detail {

// Aspect ratios (width / height) of the crop views, and how far a picture's own aspect must be from
// one for its view to add anything (a crop that shaves less than this matches the whole view).
constexpr double k_square_aspect = 1.0;
constexpr double k_portrait_aspect = 4.0 / 5.0;
constexpr double k_min_aspect_change = 0.06;
// The inner view leaves out this fraction of each side.
constexpr double k_inner_margin = 0.05;

/// The region of a w x h picture that view `region` describes, in normalised coordinates (all views
/// are centred).
inline PictureFrame view_frame(double w, double h, ViewRegion region) {
    PictureFrame f;
    auto centred = [&](double aspect) {
        if (w / h > aspect)
            f.width = h * aspect / w;
        else
            f.height = w / aspect / h;
    };
    switch (region) {
        case ViewRegion::whole: break;
        case ViewRegion::centre_square: centred(k_square_aspect); break;
        case ViewRegion::centre_portrait: centred(k_portrait_aspect); break;
        case ViewRegion::centre_inner: f.width = f.height = 1 - 2 * k_inner_margin; break;
    }
    f.x = (1 - f.width) / 2;
    f.y = (1 - f.height) / 2;
    return f;
}

}  // namespace pristine::detail
