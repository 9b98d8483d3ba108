// Internal to src/duplicates: the alignment search of verification. Copies are often crops of each
// other (feeds cut 1:1 and 4:5, a few percent shaved off each side, crops of crops): before two
// thumbnails can be compared pixel by pixel, one must be placed where it lies in the other.
#pragma once

#include <array>

#include "pristine/io/duplicates.hpp"

namespace pristine::detail {

constexpr int k_align_side = k_picture_luma_side;
using PictureLuma = std::array<float, k_align_side * k_align_side>;

/// A's 64 x 64 luma turned by t (float).
PictureLuma turned_picture_luma(const Fingerprint& a, Dihedral t);

/// B's whole picture in A's turned coordinates as the matched views say (view_b of B is view_a of A
/// turned by the alignment's transform), with the width / height ratio the pictures' shapes imply.
PictureFrame frame_from_views(const Fingerprint& a, const Fingerprint& b, const Alignment& al);

/// An n x n row-major picture (2 <= n <= 64) enlarged to 64 x 64 (bilinear, pixel centres aligned).
PictureLuma enlarged(const float* small, int n);

/// A view's 32 x 32 luma turned by t and enlarged (bilinear) to 64 x 64: the matched crop views of
/// two copies cover the same content at the same resolution, unlike the crop's whole thumbnail and
/// the magnified part of the other's (fine text, say, aliases differently in the two).
PictureLuma turned_view_luma(const FingerprintView& v, Dihedral t);

/// The width / height ratio a frame of B's view in A's view turned by the alignment's transform has
/// when B keeps its proportions.
double view_frame_ratio(const Fingerprint& a, const Fingerprint& b, const Alignment& al);

/// B's whole picture in A's turned coordinates, from the frame `f` of B's view in A's turned view.
PictureFrame whole_frame_of(const Fingerprint& a, const Fingerprint& b, const Alignment& al, const PictureFrame& f);

/// The width / height ratio a frame of B in A turned by t has when B keeps its proportions.
double frame_ratio(const Fingerprint& a, const Fingerprint& b, Dihedral t);

/// The outcome of the alignment search.
struct RefinedFrame {
    PictureFrame frame;
    /// The correlation at `frame` less the best at the frames moved by a tenth of its size along one
    /// axis, for the axis where that loss is larger (at 32 x 32): near zero when the content looks the
    /// same shifted either way (tiled textures, smooth blobs), so that the alignment, and a
    /// correlation found by it, proves little.
    double margin = 0;
};

/// Refines `start` (the frame of `grid` in `sampled`) by a pattern search over its centre and scale,
/// width / height fixed at `ratio`, for the largest correlation of the thumbnails at 32 x 32.
RefinedFrame refine_frame(const PictureLuma& grid, const PictureLuma& sampled, PictureFrame start, double ratio);

/// The frame of the second picture in the first's coordinates, given that of the first in the second's.
PictureFrame inverse_frame(const PictureFrame& f);

/// `sampled` read at the centres of grid cells placed by `f` (bilinear, clamped at the edges) into
/// `out`; `inside` marks cells whose centre falls inside `sampled`. Returns the share inside.
double sample_frame(const PictureLuma& sampled, const PictureFrame& f, PictureLuma& out, std::array<char, k_align_side * k_align_side>& inside);

}  // namespace pristine::detail
