// Perceptual hashes through the C ABI: from files, buffers (the fast JPEG path of hash_file.hpp) and
// pixels, plus distances. Every function writes only after all checks have passed.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "guard.hpp"
#include "pristine_hash.h"
#include "pristine/hash/hash.hpp"
#include "pristine/io/hash_file.hpp"

using pristine::Error;
using pristine::HashKind;
using pristine::Status;
using pristine::capi::guarded;
using pristine::capi::require;

// pristine_hash_kind mirrors pristine::HashKind number for number, and the size constants the C++ sizes.
#define PRISTINE_SAME_KIND(c_value, cpp_value, size)                                                    \
    static_assert(static_cast<int>(c_value) == static_cast<int>(HashKind::cpp_value), #c_value);       \
    static_assert(size == pristine::hash_size_bytes(HashKind::cpp_value), #size)
PRISTINE_SAME_KIND(PRISTINE_HASH_DCT, dct, PRISTINE_HASH_SIZE_DCT);
PRISTINE_SAME_KIND(PRISTINE_HASH_RADIAL, radial, PRISTINE_HASH_SIZE_RADIAL);
PRISTINE_SAME_KIND(PRISTINE_HASH_BLOCKMEAN, block_mean, PRISTINE_HASH_SIZE_BLOCKMEAN);
PRISTINE_SAME_KIND(PRISTINE_HASH_BLOCKMEAN_OVERLAP, block_mean_overlap, PRISTINE_HASH_SIZE_BLOCKMEAN_OVERLAP);
PRISTINE_SAME_KIND(PRISTINE_HASH_MH, marr_hildreth, PRISTINE_HASH_SIZE_MH);
PRISTINE_SAME_KIND(PRISTINE_HASH_PDQ, pdq, PRISTINE_HASH_SIZE_PDQ);
#undef PRISTINE_SAME_KIND
static_assert(PRISTINE_HASH_SIZE_MAX == PRISTINE_HASH_SIZE_BLOCKMEAN_OVERLAP, "PRISTINE_HASH_SIZE_MAX");

namespace {

bool valid_kind(pristine_hash_kind kind) {
    const int k = static_cast<int>(kind);
    return k >= PRISTINE_HASH_DCT && k <= PRISTINE_HASH_PDQ;
}

HashKind kind_of(pristine_hash_kind kind, const char* function) {
    if (!valid_kind(kind))
        throw Error(Status::invalid_argument,
                    std::string(function) + ": unknown hash kind " + std::to_string(static_cast<int>(kind)));
    return static_cast<HashKind>(kind);
}

void check_out(const uint8_t* out, size_t out_size, size_t needed, const char* function) {
    require(out, function, "out");
    if (out_size < needed)
        throw Error(Status::invalid_argument, std::string(function) + ": out has " + std::to_string(out_size) +
                                                  " bytes, " + std::to_string(needed) + " needed");
}

// Where the picture comes from; each entry point fills one.
struct Source {
    const char* path = nullptr;
    const void* data = nullptr;
    size_t size = 0;
    const pristine::ImageView* view = nullptr;
};

// The identity hash (and pdq quality) or the 8 variants of one kind.
pristine::HashFileResult hash_source(const Source& s, HashKind k, bool dihedral) {
    pristine::HashFileOptions o;
    o.dihedral = dihedral;
    if (s.path != nullptr) return pristine::hash_file(s.path, {k}, o);
    if (s.view == nullptr) return pristine::hash_memory(static_cast<const std::uint8_t*>(s.data), s.size, {k}, o);
    pristine::HashFileResult r;
    r.kinds = {k};
    const pristine::PlaneF luma = pristine::to_luma(*s.view, pristine::LumaFormula::bt601_full);
    if (k == HashKind::pdq) {
        const auto v = pristine::pdq_hash_dihedral(luma);
        r.pdq_quality = v[0].quality;
        r.hashes.emplace_back(v[0].bits.begin(), v[0].bits.end());
        if (dihedral) {
            r.dihedral.resize(1);
            for (int t = 0; t < 8; ++t) r.dihedral[0][t].assign(v[t].bits.begin(), v[t].bits.end());
        }
    } else if (dihedral) {
        r.dihedral.push_back(pristine::compute_hash_dihedral(k, luma));
        r.hashes.push_back(r.dihedral[0][0]);
    } else {
        r.hashes.push_back(pristine::compute_hash(k, luma));
    }
    return r;
}

void write_hash(const Source& s, pristine_hash_kind kind, uint8_t* out, size_t out_size, int32_t* quality,
                const char* function) {
    const HashKind k = kind_of(kind, function);
    const size_t n = pristine::hash_size_bytes(k);
    check_out(out, out_size, n, function);
    const auto r = hash_source(s, k, false);
    std::memcpy(out, r.hashes[0].data(), n);
    if (quality != nullptr) *quality = r.pdq_quality;
}

void write_dihedral(const Source& s, pristine_hash_kind kind, uint8_t* out, size_t out_size, const char* function) {
    const HashKind k = kind_of(kind, function);
    const size_t n = pristine::hash_size_bytes(k);
    check_out(out, out_size, 8 * n, function);
    const auto r = hash_source(s, k, true);
    for (int t = 0; t < 8; ++t) std::memcpy(out + t * n, r.dihedral[0][t].data(), n);
}

void check_pair(pristine_hash_kind kind, const uint8_t* a, const uint8_t* b, size_t size, double* out,
                const char* function) {
    const HashKind k = kind_of(kind, function);
    require(a, function, "a");
    require(b, function, "b");
    require(out, function, "out");
    if (size != pristine::hash_size_bytes(k))
        throw Error(Status::invalid_argument, std::string(function) + ": a " + pristine::hash_kind_name(k) +
                                                  " hash has " + std::to_string(pristine::hash_size_bytes(k)) +
                                                  " bytes, size is " + std::to_string(size));
}

Source file_source(const char* path, const char* function) {
    require(path, function, "path");
    Source s;
    s.path = path;
    return s;
}

Source memory_source(const void* data, size_t size, const char* function) {
    if (size != 0) require(data, function, "data");
    Source s;
    s.data = data;
    s.size = size;
    return s;
}

}  // namespace

extern "C" {

PRISTINE_C_API size_t pristine_hash_size(pristine_hash_kind kind) {
    return valid_kind(kind) ? pristine::hash_size_bytes(static_cast<HashKind>(kind)) : 0;
}

PRISTINE_C_API const char* pristine_hash_kind_name(pristine_hash_kind kind) {
    return valid_kind(kind) ? pristine::hash_kind_name(static_cast<HashKind>(kind)) : "unknown";
}

PRISTINE_C_API pristine_status pristine_hash_kind_from_name(const char* name, pristine_hash_kind* out) {
    return guarded([&] {
        require(name, "pristine_hash_kind_from_name", "name");
        require(out, "pristine_hash_kind_from_name", "out");
        *out = static_cast<pristine_hash_kind>(pristine::parse_hash_kind(name));
    });
}

PRISTINE_C_API pristine_status pristine_hash_file(const char* path, pristine_hash_kind kind, uint8_t* out,
                                                  size_t out_size) {
    return guarded([&] {
        const char* f = "pristine_hash_file";
        write_hash(file_source(path, f), kind, out, out_size, nullptr, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_memory(const void* data, size_t size, pristine_hash_kind kind,
                                                    uint8_t* out, size_t out_size) {
    return guarded([&] {
        const char* f = "pristine_hash_memory";
        write_hash(memory_source(data, size, f), kind, out, out_size, nullptr, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_pixels(const uint8_t* pixels, int32_t width, int32_t height,
                                                    int32_t channels, size_t stride, pristine_hash_kind kind,
                                                    uint8_t* out, size_t out_size) {
    return guarded([&] {
        const char* f = "pristine_hash_pixels";
        const pristine::ImageView v = pristine::capi::pixel_view(pixels, width, height, channels, stride, f);
        Source s;
        s.view = &v;
        write_hash(s, kind, out, out_size, nullptr, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_pdq_file(const char* path, uint8_t* out, size_t out_size,
                                                      int32_t* quality) {
    return guarded([&] {
        const char* f = "pristine_hash_pdq_file";
        write_hash(file_source(path, f), PRISTINE_HASH_PDQ, out, out_size, quality, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_pdq_memory(const void* data, size_t size, uint8_t* out,
                                                        size_t out_size, int32_t* quality) {
    return guarded([&] {
        const char* f = "pristine_hash_pdq_memory";
        write_hash(memory_source(data, size, f), PRISTINE_HASH_PDQ, out, out_size, quality, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_pdq_pixels(const uint8_t* pixels, int32_t width, int32_t height,
                                                        int32_t channels, size_t stride, uint8_t* out,
                                                        size_t out_size, int32_t* quality) {
    return guarded([&] {
        const char* f = "pristine_hash_pdq_pixels";
        const pristine::ImageView v = pristine::capi::pixel_view(pixels, width, height, channels, stride, f);
        Source s;
        s.view = &v;
        write_hash(s, PRISTINE_HASH_PDQ, out, out_size, quality, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_dihedral_file(const char* path, pristine_hash_kind kind,
                                                           uint8_t* out, size_t out_size) {
    return guarded([&] {
        const char* f = "pristine_hash_dihedral_file";
        write_dihedral(file_source(path, f), kind, out, out_size, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_dihedral_memory(const void* data, size_t size,
                                                             pristine_hash_kind kind, uint8_t* out,
                                                             size_t out_size) {
    return guarded([&] {
        const char* f = "pristine_hash_dihedral_memory";
        write_dihedral(memory_source(data, size, f), kind, out, out_size, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_dihedral_pixels(const uint8_t* pixels, int32_t width,
                                                             int32_t height, int32_t channels, size_t stride,
                                                             pristine_hash_kind kind, uint8_t* out,
                                                             size_t out_size) {
    return guarded([&] {
        const char* f = "pristine_hash_dihedral_pixels";
        const pristine::ImageView v = pristine::capi::pixel_view(pixels, width, height, channels, stride, f);
        Source s;
        s.view = &v;
        write_dihedral(s, kind, out, out_size, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_distance(pristine_hash_kind kind, const uint8_t* a, const uint8_t* b,
                                                      size_t size, double* out) {
    return guarded([&] {
        check_pair(kind, a, b, size, out, "pristine_hash_distance");
        *out = pristine::hash_distance(static_cast<HashKind>(kind), a, b);
    });
}

PRISTINE_C_API pristine_status pristine_hash_distance_normalized(pristine_hash_kind kind, const uint8_t* a,
                                                                 const uint8_t* b, size_t size, double* out) {
    return guarded([&] {
        check_pair(kind, a, b, size, out, "pristine_hash_distance_normalized");
        *out = pristine::hash_distance_normalized(static_cast<HashKind>(kind), a, b);
    });
}

PRISTINE_C_API pristine_status pristine_hash_distance_dihedral(pristine_hash_kind kind, const uint8_t* a_variants,
                                                               size_t a_size, const uint8_t* b, size_t b_size,
                                                               double* out) {
    return guarded([&] {
        const char* f = "pristine_hash_distance_dihedral";
        check_pair(kind, a_variants, b, b_size, out, f);
        const size_t n = pristine::hash_size_bytes(static_cast<HashKind>(kind));
        if (a_size != 8 * n)
            throw Error(Status::invalid_argument, std::string(f) + ": a_variants must be 8 hashes of " +
                                                      std::to_string(n) + " bytes, got " + std::to_string(a_size));
        double best = 0;
        for (int t = 0; t < 8; ++t) {
            const double d = pristine::hash_distance(static_cast<HashKind>(kind), a_variants + t * n, b);
            if (t == 0 || d < best) best = d;
        }
        *out = best;
    });
}

}  // extern "C"
