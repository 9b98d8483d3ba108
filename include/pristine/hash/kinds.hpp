// One record per hash kind: everything the library needs to know about a kind (name, size, metric,
// the working image it reads, how far a JPEG may be reduced for it, how to compute it) in one table,
// k_hash_kinds. Adding a kind means adding its header and one row here; names, sizes, parsing, the
// planner (plan.hpp), file hashing, the C ABI and Python all read this table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/hash/block_mean_hash.hpp"
#include "pristine/hash/dct_hash.hpp"
#include "pristine/hash/marr_hildreth_hash.hpp"
#include "pristine/hash/pdq.hpp"
#include "pristine/hash/radial_hash.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// The hash kinds. The numbers are stable (the C ABI's pristine_hash_kind mirrors them).
enum class HashKind : int { dct = 0, radial = 1, block_mean = 2, block_mean_overlap = 3, marr_hildreth = 4, pdq = 5 };

/// How two hashes of a kind are compared.
enum class HashMetric {
    hamming,             ///< Hamming distance of the bits (0 = identical)
    radial_correlation,  ///< 1 - peak cross-correlation of 40 quantised numbers (0..2)
};

/// The image a kind is computed from (the planner makes each one once per picture).
enum class HashWorkingImage {
    seed_square,    ///< resize_area(luma, 128, 128), shared by dct, blockmean(-overlap) and mh
    radial_aspect,  ///< radial's blurred working image at the picture's aspect ratio (radial_hash.hpp)
    full_plane,     ///< the whole luma plane (pdq samples it with a size-dependent window)
};

/// A hash as bytes, with the PDQ quality (0..100) written to `*quality` when the kind has one.
using HashOfWorking = std::vector<std::uint8_t> (*)(const PlaneF& working, int* quality);
/// The 8 dihedral variants (pristine::Dihedral order) as bytes, quality as above.
using DihedralOfWorking = std::array<std::vector<std::uint8_t>, 8> (*)(const PlaneF& working, int* quality);

/// Everything about one hash kind.
struct HashKindInfo {
    HashKind kind;
    const char* name;              ///< stable short name ("dct", "blockmean-overlap", ...)
    std::size_t bytes;             ///< size of a hash in bytes
    std::size_t bits;              ///< meaningful bits (radial: 320, the bits of its 40 bytes)
    HashMetric metric;             ///< how hashes of this kind are compared
    HashWorkingImage working;      ///< what the kind is computed from
    /// Smallest side a reduced-scale JPEG decode must keep so the hash stays (nearly) equal to the
    /// full-size one (docs/hashes.md, "Reduced-scale decode"). The seed hashes read a 128 x 128 area
    /// average, which a 1/8 decode (8 x 8 block means) already gives to within a bit or two; PDQ
    /// samples a tent-filtered 64 x 64 grid whose window depends on the size, so it wants more pixels.
    int min_decode_side;
    bool dihedral;                 ///< the 8 rotation/flip variants come from one working image
    HashOfWorking of_working;      ///< the hash of the kind's working image
    DihedralOfWorking dihedral_of_working;  ///< its 8 dihedral variants
};

namespace detail {
template <class A>
std::vector<std::uint8_t> as_bytes(const A& a) { return std::vector<std::uint8_t>(a.begin(), a.end()); }
template <class A>
std::array<std::vector<std::uint8_t>, 8> as_bytes8(const std::array<A, 8>& a) {
    std::array<std::vector<std::uint8_t>, 8> out;
    for (int i = 0; i < 8; ++i) out[i] = as_bytes(a[i]);
    return out;
}
// The row functions of a kind without a quality: its typed hash function of the working image, as bytes.
template <auto Hash>
std::vector<std::uint8_t> hash_of_working(const PlaneF& w, int*) { return as_bytes(Hash(w)); }
template <auto Dihedral>
std::array<std::vector<std::uint8_t>, 8> dihedral_of_working(const PlaneF& w, int*) { return as_bytes8(Dihedral(w)); }

inline std::vector<std::uint8_t> pdq_of_working(const PlaneF& luma, int* quality) {
    const PdqHash h = pdq_hash(luma);
    if (quality != nullptr) *quality = h.quality;
    return as_bytes(h.bits);
}
inline std::array<std::vector<std::uint8_t>, 8> pdq_dihedral_of_working(const PlaneF& luma, int* quality) {
    const auto v = pdq_hash_dihedral(luma);
    std::array<std::vector<std::uint8_t>, 8> out;
    for (int t = 0; t < 8; ++t) out[t] = as_bytes(v[t].bits);
    if (quality != nullptr) *quality = v[0].quality;
    return out;
}

// The plane forms of the overloaded hash functions (radial: of its blurred working image).
inline DctHash dct_of(const PlaneF& w) { return dct_hash(w); }
inline std::array<DctHash, 8> dct_dihedral_of(const PlaneF& w) { return dct_hash_dihedral(w); }
inline RadialHash radial_of(const PlaneF& a) { return radial_hash_of_working(a); }
inline std::array<RadialHash, 8> radial_dihedral_of(const PlaneF& a) { return radial_hash_dihedral_of_working(a); }
inline BlockMeanHash block_mean_of(const PlaneF& w) { return block_mean_hash(w); }
inline std::array<BlockMeanHash, 8> block_mean_dihedral_of(const PlaneF& w) { return block_mean_hash_dihedral(w); }
inline BlockMeanOverlapHash block_mean_overlap_of(const PlaneF& w) { return block_mean_overlap_hash(w); }
inline std::array<BlockMeanOverlapHash, 8> block_mean_overlap_dihedral_of(const PlaneF& w) {
    return block_mean_overlap_hash_dihedral(w);
}
inline MarrHildrethHash mh_of(const PlaneF& w) { return marr_hildreth_hash(w); }
inline std::array<MarrHildrethHash, 8> mh_dihedral_of(const PlaneF& w) { return marr_hildreth_hash_dihedral(w); }
}  // namespace detail

/// The table of kinds, in the order of their numbers (k_hash_kinds[i].kind == HashKind(i)).
inline constexpr std::array<HashKindInfo, 6> k_hash_kinds = {{
    {HashKind::dct, "dct", 8, 64, HashMetric::hamming, HashWorkingImage::seed_square, 128, true,
     detail::hash_of_working<detail::dct_of>,
     detail::dihedral_of_working<detail::dct_dihedral_of>},
    {HashKind::radial, "radial", 40, 320, HashMetric::radial_correlation, HashWorkingImage::radial_aspect, 128, true,
     detail::hash_of_working<detail::radial_of>,
     detail::dihedral_of_working<detail::radial_dihedral_of>},
    {HashKind::block_mean, "blockmean", 32, 256, HashMetric::hamming, HashWorkingImage::seed_square, 128, true,
     detail::hash_of_working<detail::block_mean_of>,
     detail::dihedral_of_working<detail::block_mean_dihedral_of>},
    {HashKind::block_mean_overlap, "blockmean-overlap", 121, 961, HashMetric::hamming,
     HashWorkingImage::seed_square, 128, true,
     detail::hash_of_working<detail::block_mean_overlap_of>,
     detail::dihedral_of_working<detail::block_mean_overlap_dihedral_of>},
    {HashKind::marr_hildreth, "mh", 72, 576, HashMetric::hamming, HashWorkingImage::seed_square, 128, true,
     detail::hash_of_working<detail::mh_of>,
     detail::dihedral_of_working<detail::mh_dihedral_of>},
    {HashKind::pdq, "pdq", 32, 256, HashMetric::hamming, HashWorkingImage::full_plane, 512, true,
     detail::pdq_of_working, detail::pdq_dihedral_of_working},
}};

/// Every kind, in the order of their numbers.
constexpr std::array<HashKind, 6> k_all_hash_kinds = {HashKind::dct,                HashKind::radial,
                                                      HashKind::block_mean,         HashKind::block_mean_overlap,
                                                      HashKind::marr_hildreth,      HashKind::pdq};

/// True when `number` is the number of a hash kind (C and Python callers pass plain integers).
constexpr bool is_valid_hash_kind(int number) noexcept {
    return number >= 0 && number < static_cast<int>(k_all_hash_kinds.size());
}
constexpr bool is_valid_hash_kind(HashKind k) noexcept { return is_valid_hash_kind(static_cast<int>(k)); }

/// The record of kind `k`. Throws Error(invalid_argument) naming `who` for a number that is no kind.
inline const HashKindInfo& hash_kind_info(HashKind k, const char* who = "hash") {
    if (!is_valid_hash_kind(k))
        throw Error(Status::invalid_argument,
                    std::string(who) + ": unknown hash kind " + std::to_string(static_cast<int>(k)));
    return k_hash_kinds[static_cast<std::size_t>(k)];
}

/// The kind of a plain number (C, Python). Throws as hash_kind_info.
inline HashKind hash_kind_of_number(int number, const char* who = "hash") {
    return hash_kind_info(static_cast<HashKind>(number), who).kind;
}

/// Stable short name: "dct", "radial", "blockmean", "blockmean-overlap", "mh", "pdq"; "unknown" for a
/// number that is no kind.
inline const char* hash_kind_name(HashKind k) noexcept {
    return is_valid_hash_kind(k) ? k_hash_kinds[static_cast<std::size_t>(k)].name : "unknown";
}

/// The names of all kinds for messages: "dct, radial, blockmean, blockmean-overlap, mh or pdq".
inline std::string hash_kind_names() {
    std::string s;
    for (std::size_t i = 0; i < k_hash_kinds.size(); ++i)
        s += (i == 0 ? "" : i + 1 == k_hash_kinds.size() ? " or " : ", ") + std::string(k_hash_kinds[i].name);
    return s;
}

/// The kind of a name given by hash_kind_name. Throws Error(invalid_argument) for any other string.
inline HashKind parse_hash_kind(const std::string& name) {
    for (const HashKindInfo& info : k_hash_kinds)
        if (name == info.name) return info.kind;
    throw Error(Status::invalid_argument, "unknown hash kind '" + name + "' (expected " + hash_kind_names() + ")");
}

}  // namespace pristine
