// The one planner of pristine's hashes: given a picture and the kinds asked for, make each working
// image (hash/kinds.hpp, HashWorkingImage) once and compute every kind from its own. Used by
// compute_hashes and hash_pixels (hash.hpp), by file hashing (hash_file, per decode scale), by the C
// ABI and by Python.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/color.hpp"
#include "pristine/error.hpp"
#include "pristine/hash/hash_input.hpp"
#include "pristine/hash/kinds.hpp"
#include "pristine/hash/radial_hash.hpp"
#include "pristine/image.hpp"
#include "pristine/resize.hpp"

namespace pristine {

/// The hashes of one picture (hash_pixels; file hashing adds its own fields, HashFileResult).
struct PictureHashes {
    std::vector<HashKind> kinds;  ///< the kinds asked for, in the order asked
    /// hashes[i]: the hash of kinds[i], hash_size_bytes(kinds[i]) bytes (empty when a batch item failed).
    std::vector<std::vector<std::uint8_t>> hashes;
    /// With the dihedral option: dihedral[i] holds the 8 variants of kinds[i] in pristine::Dihedral
    /// order (element 0 == hashes[i]); otherwise empty.
    std::vector<std::array<std::vector<std::uint8_t>, 8>> dihedral;
    /// PDQ quality 0..100 when pdq is among the kinds, else -1.
    int pdq_quality = -1;
};

/// Options of hash_pixels.
struct HashPixelsOptions {
    /// Also compute the 8 rotations/flips of each hash (PictureHashes::dihedral).
    bool dihedral = false;
    /// pdq as Meta's reference program prints it (pdq_tool_hash; dihedral: pdq_tool_hash_dihedral)
    /// instead of the PDQ of the whole picture; other kinds unchanged. docs/hashes.md, "PDQ reference
    /// conformance".
    bool pdq_reference_tool = false;
};

/// The luma of one picture as the hashes read it, made lazily: the float plane only when a kind
/// reads the whole plane or the picture has colour. A grey 8-bit picture is area-resized straight
/// from its bytes (resize_area_grey), bit for bit what resizing its float plane gives. Keeps a
/// reference to the view or plane it was made from. Not thread-safe (one per picture and thread).
class HashLuma {
public:
    /// An 8-bit view (1..4 channels; alpha ignored; grey = BT.601 luma). Throws Error(invalid_argument)
    /// for a bad view.
    explicit HashLuma(const ImageView& view) : view_(view), width_(view.width), height_(view.height) {
        check_view(view);
    }
    /// A luma plane (nominal range 0..255). Throws Error(invalid_argument) for an empty plane.
    explicit HashLuma(const PlaneF& luma)
        : plane_ref_(&luma), width_(static_cast<int>(luma.cols())), height_(static_cast<int>(luma.rows())) {
        detail::check_hash_plane(luma, "hash");
    }

    int width() const noexcept { return width_; }
    int height() const noexcept { return height_; }

    /// The full luma plane.
    const PlaneF& plane() {
        if (plane_ref_ != nullptr) return *plane_ref_;
        if (!made_) {
            plane_ = to_luma(view_, LumaFormula::bt601_full);
            made_ = true;
        }
        return plane_;
    }

    /// resize_area(plane(), w, h). Throws Error(invalid_argument) when it holds NaN or infinity (an
    /// 8-bit picture cannot).
    PlaneF resized(int w, int h) {
        if (plane_ref_ == nullptr && view_.channels == 1 && !made_) return resize_area_grey(view_, w, h);
        PlaneF out = resize_area(plane(), w, h);
        if (!out.allFinite()) throw Error(Status::invalid_argument, "luma plane holds NaN or infinite values");
        return out;
    }

    /// The working image `w` (HashWorkingImage), made once and kept for the next kind that reads it.
    const PlaneF& working(HashWorkingImage w) {
        if (w == HashWorkingImage::full_plane) return plane();
        PlaneF& slot = w == HashWorkingImage::seed_square ? seed_ : radial_;
        if (slot.size() != 0) return slot;
        if (w == HashWorkingImage::seed_square) {
            slot = resized(detail::k_seed_working_size, detail::k_seed_working_size);
        } else {
            const auto [rw, rh] = detail::radial_working_size(width_, height_);
            slot = detail::radial_working_of_resized(resized(rw, rh));
        }
        return slot;
    }

private:
    ImageView view_{};
    const PlaneF* plane_ref_ = nullptr;
    int width_ = 0, height_ = 0;
    PlaneF plane_, seed_, radial_;
    bool made_ = false;
};

/// Computes out.kinds[i] for every i of `which` from `luma` into out.hashes[i] (and out.dihedral[i]
/// when `dihedral`; out.pdq_quality for pdq). `out`'s vectors must already have one slot per kind
/// (out.dihedral only when `dihedral`). Throws Error(invalid_argument) for a number that is no kind
/// or a plane with NaN / infinity. Thread-safe for distinct arguments.
inline void plan_hashes(HashLuma& luma, const std::vector<std::size_t>& which, bool dihedral, PictureHashes& out) {
    for (std::size_t i : which) {
        const HashKindInfo& info = hash_kind_info(out.kinds[i]);
        const PlaneF& w = luma.working(info.working);
        int quality = -1;
        if (dihedral) {
            out.dihedral[i] = info.dihedral_of_working(w, &quality);
            out.hashes[i] = out.dihedral[i][0];
        } else {
            out.hashes[i] = info.of_working(w, &quality);
        }
        if (info.kind == HashKind::pdq) out.pdq_quality = quality;
    }
}

/// Computes out.kinds[i] (each pdq) for every i of `which` as Meta's reference program does from the
/// 8-bit `view` (pdq_tool_hash, pdq_tool_hash_dihedral when `dihedral`), like plan_hashes. Throws
/// Error(invalid_argument) for a bad view.
inline void plan_pdq_tool(const ImageView& view, const std::vector<std::size_t>& which, bool dihedral,
                          PictureHashes& out) {
    if (which.empty()) return;
    std::array<PdqHash, 8> variants{};
    if (dihedral) variants = pdq_tool_hash_dihedral(view);
    else variants[0] = pdq_tool_hash(view);
    for (std::size_t i : which) {
        out.hashes[i].assign(variants[0].bits.begin(), variants[0].bits.end());
        if (!dihedral) continue;
        for (std::size_t t = 0; t < 8; ++t) out.dihedral[i][t].assign(variants[t].bits.begin(), variants[t].bits.end());
    }
    out.pdq_quality = variants[0].quality;
}

/// The indices of the pdq entries of `kinds` (`pdq` true) or of all the others (`pdq` false).
inline std::vector<std::size_t> pdq_indices(const std::vector<HashKind>& kinds, bool pdq) {
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < kinds.size(); ++i)
        if ((kinds[i] == HashKind::pdq) == pdq) which.push_back(i);
    return which;
}

/// A PictureHashes with one empty slot per kind of `kinds` (checked: non-empty, every one a kind).
/// Throws Error(invalid_argument) naming `who`.
inline PictureHashes empty_picture_hashes(const std::vector<HashKind>& kinds, bool dihedral, const char* who) {
    if (kinds.empty()) throw Error(Status::invalid_argument, std::string(who) + ": no hash kinds given");
    for (HashKind k : kinds) hash_kind_info(k, who);
    PictureHashes r;
    r.kinds = kinds;
    r.hashes.resize(kinds.size());
    if (dihedral) r.dihedral.resize(kinds.size());
    return r;
}

/// Every kind of `kinds` (any order, repeats allowed) from one picture.
inline PictureHashes plan_hashes(HashLuma& luma, const std::vector<HashKind>& kinds, bool dihedral, const char* who) {
    PictureHashes r = empty_picture_hashes(kinds, dihedral, who);
    std::vector<std::size_t> all(kinds.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    plan_hashes(luma, all, dihedral, r);
    return r;
}

/// The hashes of several kinds (any order, repeats allowed; results in the same order) of 8-bit
/// pixels (1..4 channels; alpha ignored; grey = BT.601 luma), each working image made once; equal to
/// hash_file of a lossless file of these pixels. Throws Error(invalid_argument) for a bad view, no
/// kinds or a number that is no kind. Thread-safe.
inline PictureHashes hash_pixels(const ImageView& view, const std::vector<HashKind>& kinds,
                                 const HashPixelsOptions& options = {}) {
    HashLuma luma(view);
    if (!options.pdq_reference_tool) return plan_hashes(luma, kinds, options.dihedral, "hash_pixels");
    PictureHashes r = empty_picture_hashes(kinds, options.dihedral, "hash_pixels");
    plan_hashes(luma, pdq_indices(kinds, false), options.dihedral, r);
    plan_pdq_tool(view, pdq_indices(kinds, true), options.dihedral, r);
    return r;
}

}  // namespace pristine
