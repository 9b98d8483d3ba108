// Perceptual hashes through the C ABI: from files, buffers (the fast JPEG path of hash_file.hpp),
// pixels and decoded images (hash_pixels, the one planner), one kind or several from one decode, plus
// distances. Every function writes only after all checks have passed.
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

HashKind kind_of(pristine_hash_kind kind, const char* function) {
    return pristine::hash_kind_of_number(static_cast<int>(kind), function);
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

// The hashes of `kinds` (and pdq quality), or their 8 variants, from one decode of the source.
pristine::PictureHashes hash_source(const Source& s, const std::vector<HashKind>& kinds, bool dihedral) {
    if (s.view != nullptr) {
        pristine::HashPixelsOptions o;
        o.dihedral = dihedral;
        return pristine::hash_pixels(*s.view, kinds, o);
    }
    pristine::HashFileOptions o;
    o.dihedral = dihedral;
    if (s.path != nullptr) return pristine::hash_file(s.path, kinds, o);
    return pristine::hash_memory(static_cast<const std::uint8_t*>(s.data), s.size, kinds, o);
}

void write_hash(const Source& s, pristine_hash_kind kind, uint8_t* out, size_t out_size, int32_t* quality,
                const char* function) {
    const HashKind k = kind_of(kind, function);
    const size_t n = pristine::hash_size_bytes(k);
    check_out(out, out_size, n, function);
    const auto r = hash_source(s, {k}, false);
    std::memcpy(out, r.hashes[0].data(), n);
    if (quality != nullptr) *quality = r.pdq_quality;
}

void write_dihedral(const Source& s, pristine_hash_kind kind, uint8_t* out, size_t out_size, const char* function) {
    const HashKind k = kind_of(kind, function);
    const size_t n = pristine::hash_size_bytes(k);
    check_out(out, out_size, 8 * n, function);
    const auto r = hash_source(s, {k}, true);
    for (int t = 0; t < 8; ++t) std::memcpy(out + t * n, r.dihedral[0][t].data(), n);
}

// Several kinds from one decode, one after the other into `out`.
void write_multi(const Source& s, const pristine_hash_kind* kinds, size_t count, uint8_t* out, size_t out_size,
                 int32_t* quality, const char* function) {
    if (count == 0) throw Error(Status::invalid_argument, std::string(function) + ": count is 0");
    require(kinds, function, "kinds");
    std::vector<HashKind> list(count);
    size_t needed = 0;
    for (size_t i = 0; i < count; ++i) {
        list[i] = kind_of(kinds[i], function);
        needed += pristine::hash_size_bytes(list[i]);
    }
    check_out(out, out_size, needed, function);
    const auto r = hash_source(s, list, false);
    for (const auto& h : r.hashes) {
        std::memcpy(out, h.data(), h.size());
        out += h.size();
    }
    if (quality != nullptr) *quality = r.pdq_quality;
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
    return pristine::hash_size_bytes(static_cast<HashKind>(kind));  // 0 for a number that is no kind
}

PRISTINE_C_API const char* pristine_hash_kind_name(pristine_hash_kind kind) {
    return pristine::hash_kind_name(static_cast<HashKind>(kind));  // "unknown" for a number that is no kind
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

PRISTINE_C_API pristine_status pristine_hash_multi_file(const char* path, const pristine_hash_kind* kinds,
                                                        size_t count, uint8_t* out, size_t out_size,
                                                        int32_t* quality) {
    return guarded([&] {
        const char* f = "pristine_hash_multi_file";
        write_multi(file_source(path, f), kinds, count, out, out_size, quality, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_multi_memory(const void* data, size_t size,
                                                          const pristine_hash_kind* kinds, size_t count,
                                                          uint8_t* out, size_t out_size, int32_t* quality) {
    return guarded([&] {
        const char* f = "pristine_hash_multi_memory";
        write_multi(memory_source(data, size, f), kinds, count, out, out_size, quality, f);
    });
}

PRISTINE_C_API pristine_status pristine_hash_multi_image(const pristine_image* image,
                                                         const pristine_hash_kind* kinds, size_t count,
                                                         uint8_t* out, size_t out_size, int32_t* quality) {
    return guarded([&] {
        const char* f = "pristine_hash_multi_image";
        require(image, f, "image");
        const pristine::ImageView v =
            pristine::capi::pixel_view(pristine_image_pixels(image), pristine_image_width(image),
                                       pristine_image_height(image), pristine_image_channels(image),
                                       pristine_image_stride(image), f);
        Source s;
        s.view = &v;
        write_multi(s, kinds, count, out, out_size, quality, f);
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
