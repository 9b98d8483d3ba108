// The eight rotations/flips of a picture (the dihedral group D4), in the fixed order every
// pristine API uses for "dihedral" results. For a W x H input, with out(x, y) the output pixel
// at column x, row y (x right, y down):
//   0 identity       W x H   out(x, y) = in(x, y)
//   1 rot90          H x W   out(x, y) = in(W-1-y, x)        (90 degrees counter-clockwise: the right edge becomes the top)
//   2 rot180         W x H   out(x, y) = in(W-1-x, H-1-y)
//   3 rot270         H x W   out(x, y) = in(y, H-1-x)        (90 degrees clockwise)
//   4 flip_h         W x H   out(x, y) = in(W-1-x, y)        (mirror left-right)
//   5 flip_v         W x H   out(x, y) = in(x, H-1-y)        (mirror top-bottom)
//   6 transpose      H x W   out(x, y) = in(y, x)
//   7 antitranspose  H x W   out(x, y) = in(W-1-y, H-1-x)
// This is the order and the rotation sense of PDQ's reference (and of pristine/hash/pdq.hpp).
#pragma once

#include <array>

#include "pristine/error.hpp"
#include "pristine/image.hpp"

namespace pristine {

enum class Dihedral : int { identity = 0, rot90, rot180, rot270, flip_h, flip_v, transpose, antitranspose };

constexpr std::array<Dihedral, 8> k_all_dihedral = {Dihedral::identity, Dihedral::rot90,  Dihedral::rot180,
                                                    Dihedral::rot270,   Dihedral::flip_h, Dihedral::flip_v,
                                                    Dihedral::transpose, Dihedral::antitranspose};

/// Where output pixel (x, y) reads from, for an input of size W x H (see the table above).
inline void dihedral_source(Dihedral t, int W, int H, int x, int y, int& sx, int& sy) noexcept {
    switch (t) {
        case Dihedral::identity: sx = x; sy = y; break;
        case Dihedral::rot90: sx = W - 1 - y; sy = x; break;
        case Dihedral::rot180: sx = W - 1 - x; sy = H - 1 - y; break;
        case Dihedral::rot270: sx = y; sy = H - 1 - x; break;
        case Dihedral::flip_h: sx = W - 1 - x; sy = y; break;
        case Dihedral::flip_v: sx = x; sy = H - 1 - y; break;
        case Dihedral::transpose: sx = y; sy = x; break;
        case Dihedral::antitranspose: sx = W - 1 - y; sy = H - 1 - x; break;
    }
}

/// The transform that undoes `t` (rot90 and rot270 undo each other; the others undo themselves).
constexpr Dihedral dihedral_inverse(Dihedral t) noexcept {
    return t == Dihedral::rot90 ? Dihedral::rot270 : t == Dihedral::rot270 ? Dihedral::rot90 : t;
}

/// True for the transforms that swap width and height.
constexpr bool dihedral_swaps_axes(Dihedral t) noexcept {
    return t == Dihedral::rot90 || t == Dihedral::rot270 || t == Dihedral::transpose || t == Dihedral::antitranspose;
}

/// The transformed plane. Throws Error(invalid_argument) for an empty plane.
inline PlaneF transform_dihedral(const PlaneF& in, Dihedral t) {
    if (in.size() < 1) throw Error(Status::invalid_argument, "transform_dihedral: empty plane");
    const int W = static_cast<int>(in.cols()), H = static_cast<int>(in.rows());
    const int ow = dihedral_swaps_axes(t) ? H : W, oh = dihedral_swaps_axes(t) ? W : H;
    PlaneF out(oh, ow);
    for (int y = 0; y < oh; ++y)
        for (int x = 0; x < ow; ++x) {
            int sx = 0, sy = 0;
            dihedral_source(t, W, H, x, y, sx, sy);
            out(y, x) = in(sy, sx);
        }
    return out;
}

/// The transformed 8-bit image (any channel count). Throws Error(invalid_argument) for a bad view.
inline Image transform_dihedral(const ImageView& v, Dihedral t) {
    check_view(v);
    const int ow = dihedral_swaps_axes(t) ? v.height : v.width, oh = dihedral_swaps_axes(t) ? v.width : v.height;
    Image out(ow, oh, v.channels);
    for (int y = 0; y < oh; ++y)
        for (int x = 0; x < ow; ++x) {
            int sx = 0, sy = 0;
            dihedral_source(t, v.width, v.height, x, y, sx, sy);
            const std::uint8_t* s = v.pixel(sx, sy);
            std::uint8_t* d = out.row(y) + static_cast<std::ptrdiff_t>(x) * v.channels;
            for (int c = 0; c < v.channels; ++c) d[c] = s[c];
        }
    return out;
}

}  // namespace pristine
