// One entry point for every pristine hash: kinds (one record each: kinds.hpp), sizes, computing
// (through the one planner: plan.hpp) and comparing as bytes. The per-kind headers (dct_hash.hpp,
// radial_hash.hpp, block_mean_hash.hpp, marr_hildreth_hash.hpp, pdq.hpp) give typed results; this
// header trades types for a uniform byte-vector interface that the C ABI, Python and the CLI share.
// Definitions of each hash: docs/hashes.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/kinds.hpp"
#include "pristine/hash/plan.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// Size of a hash in bytes (0 for a number that is no kind).
constexpr std::size_t hash_size_bytes(HashKind k) noexcept {
    return is_valid_hash_kind(k) ? k_hash_kinds[static_cast<std::size_t>(k)].bytes : 0;
}

/// True for the hashes compared by Hamming distance (all but radial, which holds 40 quantised numbers).
constexpr bool hash_is_binary(HashKind k) noexcept {
    return is_valid_hash_kind(k) && k_hash_kinds[static_cast<std::size_t>(k)].metric == HashMetric::hamming;
}

/// Number of meaningful bits of a binary hash (radial: 320, the bits of its 40 bytes).
constexpr std::size_t hash_size_bits(HashKind k) noexcept {
    return is_valid_hash_kind(k) ? k_hash_kinds[static_cast<std::size_t>(k)].bits : 0;
}

/// The hash of kind `k` of a luma plane (>= 1 x 1, nominal range 0..255), hash_size_bytes(k) bytes
/// (pdq: the 32 bytes of PdqHash::bits; its quality is dropped - call pdq_hash for it).
/// Throws Error(invalid_argument) for an empty plane or a number that is no kind. Thread-safe.
inline std::vector<std::uint8_t> compute_hash(HashKind k, const PlaneF& luma) {
    HashLuma source(luma);
    return std::move(plan_hashes(source, {k}, false, "compute_hash").hashes[0]);
}

/// The hash of an 8-bit view (1..4 channels; alpha ignored; grey = BT.601 luma).
/// Throws Error(invalid_argument) for a bad view. Thread-safe.
inline std::vector<std::uint8_t> compute_hash(HashKind k, const ImageView& view) {
    return std::move(hash_pixels(view, {k}).hashes[0]);
}

/// Several hashes of one picture (kinds in any order, repeats allowed; results in the same order),
/// equal to compute_hash of each kind: dct, blockmean, blockmean-overlap and mh share one 128 x 128
/// working image, so a large picture is read once for all of them (radial resizes the plane to its own
/// aspect-kept working image, pdq reads the full plane; plan.hpp). Throws as compute_hash. Thread-safe.
inline std::vector<std::vector<std::uint8_t>> compute_hashes(const std::vector<HashKind>& kinds, const PlaneF& luma) {
    HashLuma source(luma);
    if (kinds.empty()) return {};
    return std::move(plan_hashes(source, kinds, false, "compute_hashes").hashes);
}

inline std::vector<std::vector<std::uint8_t>> compute_hashes(const std::vector<HashKind>& kinds, const ImageView& view) {
    HashLuma source(view);
    if (kinds.empty()) return {};
    return std::move(plan_hashes(source, kinds, false, "compute_hashes").hashes);
}

/// Hashes of the 8 rotations/flips of the picture in pristine::Dihedral order (identity, rot90
/// counter-clockwise, rot180, rot270, flip_h, flip_v, transpose, antitranspose), each computed from
/// one working image, so about the cost of one hash. Element 0 equals compute_hash(k, luma).
inline std::array<std::vector<std::uint8_t>, 8> compute_hash_dihedral(HashKind k, const PlaneF& luma) {
    HashLuma source(luma);
    return std::move(plan_hashes(source, {k}, true, "compute_hash_dihedral").dihedral[0]);
}

inline std::array<std::vector<std::uint8_t>, 8> compute_hash_dihedral(HashKind k, const ImageView& view) {
    HashPixelsOptions o;
    o.dihedral = true;
    return std::move(hash_pixels(view, {k}, o).dihedral[0]);
}

/// Distance between two hashes of kind `k` (each hash_size_bytes(k) bytes, not checked):
/// the Hamming distance (0..hash_size_bits) for binary kinds, 1 - peak cross-correlation (0..2)
/// for radial. 0 = identical. Thread-safe, no allocation.
inline double hash_distance(HashKind k, const std::uint8_t* a, const std::uint8_t* b) noexcept {
    if (!hash_is_binary(k)) return 1.0 - radial_hash_similarity(a, b);
    return hamming_distance(a, b, hash_size_bytes(k));
}

/// A hash_distance of kind `k` scaled to 0..1: Hamming / hash_size_bits, and (1 - peak) / 2 for radial.
constexpr double normalize_hash_distance(HashKind k, double distance) noexcept {
    return hash_is_binary(k) ? distance / static_cast<double>(hash_size_bits(k)) : distance / 2.0;
}

/// hash_distance scaled to 0..1 (normalize_hash_distance).
inline double hash_distance_normalized(HashKind k, const std::uint8_t* a, const std::uint8_t* b) noexcept {
    return normalize_hash_distance(k, hash_distance(k, a, b));
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
