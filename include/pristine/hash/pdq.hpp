// PDQ: Facebook's 256-bit perceptual hash with a quality value, and its 8 dihedral variants.
// Luma -> two rounds of box filtering (window ceil(dim/128)) -> 64 x 64 decimation -> DCT
// frequencies 1..16 on both axes -> bit = coefficient > median. Exact definition, reference
// vector and conformance notes: docs/hash_pdq.md.
//
// Thread-safety: every function is pure (no mutable shared state) and safe to call concurrently.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/color.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/error.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/pdq_detail.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// A PDQ hash. Bit k (0..255) is DCT coefficient (k / 16, k % 16) (vertical, horizontal
/// frequency - 1) and lives in bits[31 - k / 8] at position k % 8: the bytes, in order, are the
/// reference's big-endian 256-bit number, so to_hex(bits) prints the reference's hex string.
/// In bits.hpp's numbering (byte i / 8, most significant bit first) bit i is coefficient 255 - i.
/// `quality` is 0..100 (the reference suggests discarding hashes with quality < 50).
struct PdqHash {
    std::array<std::uint8_t, 32> bits{};
    int quality = 0;

    friend bool operator==(const PdqHash& a, const PdqHash& b) noexcept {
        return a.bits == b.bits && a.quality == b.quality;
    }
    friend bool operator!=(const PdqHash& a, const PdqHash& b) noexcept { return !(a == b); }
};

namespace pdq_detail {
inline void check_plane(const PlaneF& luma) {
    if (luma.rows() < 1 || luma.cols() < 1)
        throw Error(Status::invalid_argument, "pdq_hash: luma plane is empty");
    for (Eigen::Index i = 0; i < luma.size(); ++i)
        if (!std::isfinite(luma.data()[i]))  // NaN would break the median's ordering
            throw Error(Status::invalid_argument, "pdq_hash: luma plane has a non-finite value");
}

// Quality and DCT coefficients; ok = false for images the reference declines to hash.
struct Spectrum {
    bool ok = false;
    int quality = 0;
    Coeffs16 coeffs{};
};

inline Spectrum spectrum(const PlaneF& luma, bool filter_64 = false) {
    Spectrum s;
    const int rows = static_cast<int>(luma.rows()), cols = static_cast<int>(luma.cols());
    if (rows < k_min_dim || cols < k_min_dim) return s;  // reference: zero hash, quality 0
    std::vector<float> buf(luma.data(), luma.data() + luma.size());
    const Grid64 g = downsample_64(buf, rows, cols, filter_64);
    s.ok = true;
    s.quality = quality(g);
    s.coeffs = dct_64_to_16(g);
    return s;
}
}  // namespace pdq_detail

/// PDQ hash of a luma plane (height x width, values nominally 0..255, e.g. BT.601 Y).
/// Images smaller than 5 pixels on either side get an all-zero hash with quality 0, as in the
/// reference. Throws Error(invalid_argument) for an empty plane or a non-finite value.
inline PdqHash pdq_hash(const PlaneF& luma) {
    pdq_detail::check_plane(luma);
    const auto s = pdq_detail::spectrum(luma);
    PdqHash h;
    if (!s.ok) return h;
    h.bits = pdq_detail::threshold_bits(s.coeffs);
    h.quality = s.quality;
    return h;
}

/// PDQ hash of an 8-bit view: luma Y = 0.299 R + 0.587 G + 0.114 B (grey taken as is, alpha
/// ignored). Throws Error(invalid_argument) for a bad view.
inline PdqHash pdq_hash(const ImageView& image) { return pdq_hash(to_luma(image, LumaFormula::bt601_full)); }

/// The 8 dihedral variants: element k equals pdq_hash(transform_dihedral(luma, Dihedral(k))), order
/// and transforms as in dihedral.hpp [identity, rot90 (counter-clockwise), rot180, rot270, flip_h
/// (left-right), flip_v (top-bottom), transpose, antitranspose]; element 0 equals pdq_hash(luma). All
/// share the quality of the original. (The reference's names for the same elements: original,
/// rotate90, rotate180, rotate270, flipY, flipX, flipPlus1, flipMinus1 - its flips come in the other
/// order.)
/// Cheap where that is exact: a variant that mirrors only axes whose filter window is odd and whose
/// 64 sampling positions are mirror-symmetric is made from the original's DCT by sign changes and
/// transposition; any other variant comes from the hash of the mirrored pixels (a picture of 256 or
/// 384 pixels on a side samples positions 2, 6, ... or 3, 9, ..., which a mirror moves by one pixel:
/// the sign rule alone was up to 38 bits off there), at most three more hashes. Throws like pdq_hash.
inline std::array<PdqHash, 8> pdq_hash_dihedral(const PlaneF& luma) {
    pdq_detail::check_plane(luma);
    const auto s = pdq_detail::spectrum(luma);
    std::array<PdqHash, 8> out{};
    if (!s.ok) return out;
    const bool unfiltered = luma.rows() == 64 && luma.cols() == 64;
    const bool x_symmetric = pdq_detail::mirror_exact(static_cast<int>(luma.cols()), unfiltered);
    const bool y_symmetric = pdq_detail::mirror_exact(static_cast<int>(luma.rows()), unfiltered);
    // A mirror that the sign rule cannot make is hashed from the mirrored pixels, once per set of
    // mirrored axes: the variant that also transposes is that spectrum transposed (transposing the
    // picture transposes the filter windows and the sampling grid alike).
    std::array<pdq_detail::Coeffs16, 4> mirrored{};  // by mirror set: x + 2 y
    std::array<bool, 4> made{};
    for (std::size_t k = 0; k < out.size(); ++k) {
        const int variant = static_cast<int>(k);
        const bool mx = pdq_detail::mirrors_x(variant), my = pdq_detail::mirrors_y(variant);
        if ((!mx || x_symmetric) && (!my || y_symmetric)) {
            out[k].bits = pdq_detail::threshold_bits(pdq_detail::dihedral_coeffs(s.coeffs, variant));
        } else {
            const int set = (mx ? 1 : 0) + (my ? 2 : 0);
            if (!made[set]) {
                const Dihedral plain = set == 1 ? Dihedral::flip_h : set == 2 ? Dihedral::flip_v : Dihedral::rot180;
                mirrored[set] = pdq_detail::spectrum(transform_dihedral(luma, plain)).coeffs;
                made[set] = true;
            }
            const bool transposes = variant == 1 || variant == 3 || variant == 6 || variant == 7;
            const int transpose = static_cast<int>(Dihedral::transpose);
            out[k].bits = pdq_detail::threshold_bits(transposes ? pdq_detail::dihedral_coeffs(mirrored[set], transpose)
                                                                : mirrored[set]);
        }
        out[k].quality = s.quality;
    }
    return out;
}

/// pdq_hash_dihedral of an 8-bit view (luma as pdq_hash). Throws Error(invalid_argument) for a bad view.
inline std::array<PdqHash, 8> pdq_hash_dihedral(const ImageView& image) {
    return pdq_hash_dihedral(to_luma(image, LumaFormula::bt601_full));
}

// ---- Meta's reference program -------------------------------------------------------------------
// Meta's command-line hasher (pdq-photo-hasher, whose output the reference's regression test pins)
// does not hash a large picture itself: a picture with a side over 512 pixels is first resized to
// 512 x 512 by nearest neighbour, aspect ratio ignored, to keep the filter cheap. PDQ proper
// (pdq_hash; the reference's library entry points and its Java port) hashes the whole picture. On the
// reference's eight test photos (1600 x 1004) the two differ by 2 to 8 bits of 256. Its --pdqdih
// output derives all 7 other variants by the sign rule, which is exact only for mirror-symmetric
// grids (see pdq_hash_dihedral). The functions below reproduce that program bit for bit from the
// decoded pixels: docs/hashes.md, "PDQ reference conformance".

/// Largest side the reference program hashes unresized.
constexpr int k_pdq_tool_max_side = 512;

/// True when the reference program resizes a picture of this size (a side over 512 pixels).
constexpr bool pdq_tool_resizes(int width, int height) noexcept {
    return width > k_pdq_tool_max_side || height > k_pdq_tool_max_side;
}

/// The reference program's 512 x 512 nearest-neighbour resize (CImg's rule): output column x takes
/// input column floor(x * width / 512), row y input row floor(y * height / 512); channels kept. Throws
/// Error(invalid_argument) for a bad view.
inline Image pdq_tool_resize(const ImageView& v) {
    check_view(v);
    const int side = k_pdq_tool_max_side;
    const auto source = [side](int i, int dim) { return static_cast<int>(static_cast<std::int64_t>(i) * dim / side); };
    Image out(side, side, v.channels);
    for (int y = 0; y < side; ++y) {
        const std::uint8_t* in = v.row(source(y, v.height));
        std::uint8_t* o = out.row(y);
        for (int x = 0; x < side; ++x, o += v.channels) {
            const std::uint8_t* p = in + static_cast<std::ptrdiff_t>(source(x, v.width)) * v.channels;
            std::copy(p, p + v.channels, o);
        }
    }
    return out;
}

/// The luma the reference program hashes: BT.601 luma (as pdq_hash) of the picture, resized first
/// when pdq_tool_resizes. Throws Error(invalid_argument) for a bad view.
inline PlaneF pdq_tool_luma(const ImageView& v) {
    check_view(v);
    if (!pdq_tool_resizes(v.width, v.height)) return to_luma(v, LumaFormula::bt601_full);
    return to_luma(pdq_tool_resize(v).view(), LumaFormula::bt601_full);
}

/// The hash Meta's reference program prints for these decoded pixels (pdq_hash of pdq_tool_luma).
/// Throws Error(invalid_argument) for a bad view.
inline PdqHash pdq_tool_hash(const ImageView& v) { return pdq_hash(pdq_tool_luma(v)); }

/// The 8 variants the reference program prints with --pdqdih, in pristine's order (see
/// pdq_hash_dihedral for the names): every variant by the sign rule from the spectrum of
/// pdq_tool_luma, whether or not that is exact for the grid (a 64 x 64 plane is filtered with window
/// 1, as there). On the reference's 1600 x 1004 test photo the rotations and flips differ from
/// pdq_hash_dihedral of the same plane by 10 to 26 bits. Throws Error(invalid_argument) for a bad view.
inline std::array<PdqHash, 8> pdq_tool_hash_dihedral(const ImageView& v) {
    const PlaneF luma = pdq_tool_luma(v);
    pdq_detail::check_plane(luma);
    const auto s = pdq_detail::spectrum(luma, /*filter_64=*/true);
    std::array<PdqHash, 8> out{};
    if (!s.ok) return out;
    for (std::size_t k = 0; k < out.size(); ++k) {
        out[k].bits = pdq_detail::threshold_bits(pdq_detail::dihedral_coeffs(s.coeffs, static_cast<int>(k)));
        out[k].quality = s.quality;
    }
    return out;
}

/// Hamming distance 0..256 between the bits (quality is not compared).
inline int pdq_distance(const PdqHash& a, const PdqHash& b) noexcept {
    return hamming_distance(a.bits.data(), b.bits.data(), a.bits.size());
}

/// Smallest distance between `b` and any variant of `a`: matches rotated and mirrored copies.
inline int pdq_distance_dihedral(const std::array<PdqHash, 8>& a_variants, const PdqHash& b) noexcept {
    int best = 256;
    for (const auto& v : a_variants) best = std::min(best, pdq_distance(v, b));
    return best;
}

/// The reference's text form: 64 lowercase hex digits, bit 255 first (= to_hex(h.bits)).
inline std::string pdq_to_hex(const PdqHash& h) { return to_hex(h.bits); }

/// Parses 64 hex digits (either case) as written by pdq_to_hex or the reference; `quality` is
/// stored as given. Throws Error(invalid_argument) for a wrong length or a non-hex character.
inline PdqHash pdq_from_hex(const std::string& hex, int quality = 0) {
    if (hex.size() != 64)
        throw Error(Status::invalid_argument,
                    "pdq_from_hex: expected 64 hex digits, got " + std::to_string(hex.size()) + " characters");
    const std::vector<std::uint8_t> bytes = from_hex(hex);
    PdqHash h;
    std::copy(bytes.begin(), bytes.end(), h.bits.begin());
    h.quality = quality;
    return h;
}

}  // namespace pristine
