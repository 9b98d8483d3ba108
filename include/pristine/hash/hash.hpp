// One entry point for every pristine hash: kinds, names, sizes, computing and comparing as bytes.
// The per-kind headers (dct_hash.hpp, radial_hash.hpp, block_mean_hash.hpp, marr_hildreth_hash.hpp,
// pdq.hpp) give typed results; this header trades types for a uniform byte-vector interface that the
// C ABI, Python and the CLI share. Definitions of each hash: docs/hashes.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/block_mean_hash.hpp"
#include "pristine/hash/dct_hash.hpp"
#include "pristine/hash/marr_hildreth_hash.hpp"
#include "pristine/hash/pdq.hpp"
#include "pristine/hash/radial_hash.hpp"
#include "pristine/image.hpp"

namespace pristine {

enum class HashKind : int { dct = 0, radial = 1, block_mean = 2, block_mean_overlap = 3, marr_hildreth = 4, pdq = 5 };

constexpr std::array<HashKind, 6> k_all_hash_kinds = {HashKind::dct,                HashKind::radial,
                                                      HashKind::block_mean,         HashKind::block_mean_overlap,
                                                      HashKind::marr_hildreth,      HashKind::pdq};

/// Stable short name: "dct", "radial", "blockmean", "blockmean-overlap", "mh", "pdq".
inline const char* hash_kind_name(HashKind k) noexcept {
    switch (k) {
        case HashKind::dct: return "dct";
        case HashKind::radial: return "radial";
        case HashKind::block_mean: return "blockmean";
        case HashKind::block_mean_overlap: return "blockmean-overlap";
        case HashKind::marr_hildreth: return "mh";
        case HashKind::pdq: return "pdq";
    }
    return "unknown";
}

/// The kind of a name given by hash_kind_name. Throws Error(invalid_argument) for any other string.
inline HashKind parse_hash_kind(const std::string& name) {
    for (HashKind k : k_all_hash_kinds)
        if (name == hash_kind_name(k)) return k;
    throw Error(Status::invalid_argument,
                "unknown hash kind '" + name + "' (expected dct, radial, blockmean, blockmean-overlap, mh or pdq)");
}

/// Size of a hash in bytes.
constexpr std::size_t hash_size_bytes(HashKind k) noexcept {
    return k == HashKind::dct ? 8
         : k == HashKind::radial ? 40
         : k == HashKind::block_mean ? 32
         : k == HashKind::block_mean_overlap ? 121
         : k == HashKind::marr_hildreth ? 72
         : 32;
}

/// True for the hashes compared by Hamming distance (all but radial, which holds 40 quantised numbers).
constexpr bool hash_is_binary(HashKind k) noexcept { return k != HashKind::radial; }

/// Number of meaningful bits of a binary hash (radial: 320, the bits of its 40 bytes).
constexpr std::size_t hash_size_bits(HashKind k) noexcept {
    return k == HashKind::dct ? 64
         : k == HashKind::block_mean_overlap ? 961
         : k == HashKind::marr_hildreth ? 576
         : 8 * hash_size_bytes(k);
}

namespace detail {
template <class A>
std::vector<std::uint8_t> as_bytes(const A& a) { return std::vector<std::uint8_t>(a.begin(), a.end()); }
template <class A>
std::array<std::vector<std::uint8_t>, 8> as_bytes8(const std::array<A, 8>& a) {
    std::array<std::vector<std::uint8_t>, 8> out;
    for (int i = 0; i < 8; ++i) out[i] = as_bytes(a[i]);
    return out;
}
}  // namespace detail

/// The hash of kind `k` of a luma plane (>= 1 x 1, nominal range 0..255), hash_size_bytes(k) bytes
/// (pdq: the 32 bytes of PdqHash::bits; its quality is dropped - call pdq_hash for it).
/// Throws Error(invalid_argument) for an empty plane. Thread-safe.
inline std::vector<std::uint8_t> compute_hash(HashKind k, const PlaneF& luma) {
    switch (k) {
        case HashKind::dct: return detail::as_bytes(dct_hash(luma));
        case HashKind::radial: return detail::as_bytes(radial_hash(luma));
        case HashKind::block_mean: return detail::as_bytes(block_mean_hash(luma));
        case HashKind::block_mean_overlap: return detail::as_bytes(block_mean_overlap_hash(luma));
        case HashKind::marr_hildreth: return detail::as_bytes(marr_hildreth_hash(luma));
        case HashKind::pdq: return detail::as_bytes(pdq_hash(luma).bits);
    }
    throw Error(Status::invalid_argument, "compute_hash: unknown hash kind");
}

/// The hash of an 8-bit view (1..4 channels; alpha ignored; grey = BT.601 luma).
/// Throws Error(invalid_argument) for a bad view. Thread-safe.
inline std::vector<std::uint8_t> compute_hash(HashKind k, const ImageView& view) {
    check_view(view);
    return compute_hash(k, to_luma(view, LumaFormula::bt601_full));
}

/// Several hashes of one picture (kinds in any order, repeats allowed; results in the same order),
/// equal to compute_hash of each kind: dct, blockmean, blockmean-overlap and mh share one 128 x 128
/// working image, so a large picture is read once for all of them (radial resizes the plane to its own
/// aspect-kept working image, pdq reads the full plane). Throws as compute_hash. Thread-safe.
inline std::vector<std::vector<std::uint8_t>> compute_hashes(const std::vector<HashKind>& kinds, const PlaneF& luma) {
    detail::check_hash_plane(luma, "compute_hashes");
    std::vector<std::vector<std::uint8_t>> out;
    out.reserve(kinds.size());
    PlaneF working;
    for (HashKind k : kinds) {
        if (k == HashKind::pdq || k == HashKind::radial) {  // not from the square working image
            out.push_back(compute_hash(k, luma));
            continue;
        }
        if (working.size() == 0) working = detail::seed_working_plane(luma);
        out.push_back(compute_hash(k, working));
    }
    return out;
}

inline std::vector<std::vector<std::uint8_t>> compute_hashes(const std::vector<HashKind>& kinds, const ImageView& view) {
    check_view(view);
    return compute_hashes(kinds, to_luma(view, LumaFormula::bt601_full));
}

/// Hashes of the 8 rotations/flips of the picture in pristine::Dihedral order (identity, rot90
/// counter-clockwise, rot180, rot270, flip_h, flip_v, transpose, antitranspose), each computed from
/// one working image, so about the cost of one hash. Element 0 equals compute_hash(k, luma).
inline std::array<std::vector<std::uint8_t>, 8> compute_hash_dihedral(HashKind k, const PlaneF& luma) {
    switch (k) {
        case HashKind::dct: return detail::as_bytes8(dct_hash_dihedral(luma));
        case HashKind::radial: return detail::as_bytes8(radial_hash_dihedral(luma));
        case HashKind::block_mean: return detail::as_bytes8(block_mean_hash_dihedral(luma));
        case HashKind::block_mean_overlap: return detail::as_bytes8(block_mean_overlap_hash_dihedral(luma));
        case HashKind::marr_hildreth: return detail::as_bytes8(marr_hildreth_hash_dihedral(luma));
        case HashKind::pdq: {
            const auto v = pdq_hash_dihedral(luma);
            std::array<std::vector<std::uint8_t>, 8> out;
            for (int i = 0; i < 8; ++i) out[i] = detail::as_bytes(v[i].bits);
            return out;
        }
    }
    throw Error(Status::invalid_argument, "compute_hash_dihedral: unknown hash kind");
}

inline std::array<std::vector<std::uint8_t>, 8> compute_hash_dihedral(HashKind k, const ImageView& view) {
    check_view(view);
    return compute_hash_dihedral(k, to_luma(view, LumaFormula::bt601_full));
}

/// Distance between two hashes of kind `k` (each hash_size_bytes(k) bytes, not checked):
/// the Hamming distance (0..hash_size_bits) for binary kinds, 1 - peak cross-correlation (0..2)
/// for radial. 0 = identical. Thread-safe, no allocation.
inline double hash_distance(HashKind k, const std::uint8_t* a, const std::uint8_t* b) noexcept {
    if (k == HashKind::radial) return 1.0 - radial_hash_similarity(a, b);
    return hamming_distance(a, b, hash_size_bytes(k));
}

/// hash_distance scaled to 0..1: Hamming / hash_size_bits, and (1 - peak) / 2 for radial.
inline double hash_distance_normalized(HashKind k, const std::uint8_t* a, const std::uint8_t* b) noexcept {
    if (k == HashKind::radial) return hash_distance(k, a, b) / 2.0;
    return hash_distance(k, a, b) / static_cast<double>(hash_size_bits(k));
}

/// Smallest hash_distance between `b` and any of the 8 variants of `a` (from compute_hash_dihedral):
/// matches rotated and mirrored copies. Throws Error(invalid_argument) when a variant has the wrong size.
inline double hash_distance_dihedral(HashKind k, const std::array<std::vector<std::uint8_t>, 8>& a_variants,
                                     const std::uint8_t* b) {
    double best = 0;
    for (int i = 0; i < 8; ++i) {
        if (a_variants[i].size() != hash_size_bytes(k))
            throw Error(Status::invalid_argument, "hash_distance_dihedral: a variant has the wrong size for its kind");
        const double d = hash_distance(k, a_variants[i].data(), b);
        if (i == 0 || d < best) best = d;
    }
    return best;
}

/// Lower-case hex of a hash (see bits.hpp for the bit order of the seed hashes).
inline std::string hash_to_hex(const std::vector<std::uint8_t>& h) { return to_hex(h.data(), h.size()); }

/// Bytes of a hex hash of kind `k`. Throws Error(invalid_argument) for bad hex or a wrong length.
inline std::vector<std::uint8_t> hash_from_hex(HashKind k, const std::string& hex) {
    std::vector<std::uint8_t> h = from_hex(hex);
    if (h.size() != hash_size_bytes(k))
        throw Error(Status::invalid_argument, std::string("a ") + hash_kind_name(k) + " hash has " +
                                                  std::to_string(hash_size_bytes(k)) + " bytes, got " +
                                                  std::to_string(h.size()));
    return h;
}

}  // namespace pristine
