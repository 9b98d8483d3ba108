/*
 * pristine_hash.h — perceptual hashes of files, buffers and pixels, and their distances.
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h.
 */
#ifndef PRISTINE_HASH_H
#define PRISTINE_HASH_H

#include "pristine_common.h"
#include "pristine_image.h" /* pristine_image, for pristine_hash_multi_image */

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ perceptual hashes */

/* Hash kinds. The numbers are stable and equal to pristine::HashKind in C++. Definitions of every
 * hash (and the hex/bit order of its bytes): docs/hashes.md and docs/hash_pdq.md. */
typedef enum pristine_hash_kind {
    PRISTINE_HASH_DCT = 0,               /* 64-bit DCT hash ("dct") */
    PRISTINE_HASH_RADIAL = 1,            /* radial variance, 40 quantised coefficients ("radial") */
    PRISTINE_HASH_BLOCKMEAN = 2,         /* block mean, 256 bits ("blockmean") */
    PRISTINE_HASH_BLOCKMEAN_OVERLAP = 3, /* overlapping block mean, 961 bits ("blockmean-overlap") */
    PRISTINE_HASH_MH = 4,                /* Marr-Hildreth, 576 bits ("mh") */
    PRISTINE_HASH_PDQ = 5                /* PDQ-class, 256 bits, with a quality value ("pdq") */
} pristine_hash_kind;

/* Size in bytes of each kind's hash, and the largest of them. */
#define PRISTINE_HASH_SIZE_DCT 8
#define PRISTINE_HASH_SIZE_RADIAL 40
#define PRISTINE_HASH_SIZE_BLOCKMEAN 32
#define PRISTINE_HASH_SIZE_BLOCKMEAN_OVERLAP 121
#define PRISTINE_HASH_SIZE_MH 72
#define PRISTINE_HASH_SIZE_PDQ 32
#define PRISTINE_HASH_SIZE_MAX 121
/* Number of dihedral variants (rotations by 90 degrees and mirror flips, identity first). */
#define PRISTINE_HASH_DIHEDRAL_COUNT 8

/* Size in bytes of a hash of `kind`; 0 for a number that is no kind. */
PRISTINE_C_API size_t pristine_hash_size(pristine_hash_kind kind);

/* Stable short name of a kind ("dct", "radial", "blockmean", "blockmean-overlap", "mh", "pdq");
 * "unknown" for a number that is no kind. Never NULL. */
PRISTINE_C_API const char* pristine_hash_kind_name(pristine_hash_kind kind);

/* The kind of a name as returned by pristine_hash_kind_name. Errors: INVALID_ARGUMENT (NULL or an
 * unknown name). */
PRISTINE_C_API pristine_status pristine_hash_kind_from_name(const char* name, pristine_hash_kind* out);

/* The hash of an image file, an encoded image in memory, or 8-bit pixels, written into `out`
 * (`out_size` >= pristine_hash_size(kind) bytes; exactly that many are written).
 * Files and buffers are decoded as displayed (EXIF orientation applied); a JPEG is decoded straight to
 * its luma at the largest DCT reduction the hash allows (docs/hashes.md, "Reduced-scale decode").
 * Pixels: `height` rows of `width` * `channels` bytes, rows `stride` bytes apart (stride 0 = packed);
 * channels 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA (alpha ignored).
 * Errors: INVALID_ARGUMENT (NULL, unknown kind, out_size too small, bad dimensions), IO_ERROR,
 * UNSUPPORTED_FORMAT, CORRUPT_DATA, TOO_LARGE, OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_hash_file(const char* path, pristine_hash_kind kind, uint8_t* out,
                                                  size_t out_size);
PRISTINE_C_API pristine_status pristine_hash_memory(const void* data, size_t size, pristine_hash_kind kind,
                                                    uint8_t* out, size_t out_size);
PRISTINE_C_API pristine_status pristine_hash_pixels(const uint8_t* pixels, int32_t width, int32_t height,
                                                    int32_t channels, size_t stride, pristine_hash_kind kind,
                                                    uint8_t* out, size_t out_size);

/* PDQ hash (PRISTINE_HASH_SIZE_PDQ bytes into `out`) and its quality 0..100 into `*quality`
 * (NULL to skip; the reference suggests ignoring hashes of quality < 50). Errors as above. */
PRISTINE_C_API pristine_status pristine_hash_pdq_file(const char* path, uint8_t* out, size_t out_size,
                                                      int32_t* quality);
PRISTINE_C_API pristine_status pristine_hash_pdq_memory(const void* data, size_t size, uint8_t* out,
                                                        size_t out_size, int32_t* quality);
PRISTINE_C_API pristine_status pristine_hash_pdq_pixels(const uint8_t* pixels, int32_t width, int32_t height,
                                                        int32_t channels, size_t stride, uint8_t* out,
                                                        size_t out_size, int32_t* quality);

/* The hashes of the 8 rotations/flips of the picture, one after the other in `out`
 * (`out_size` >= 8 * pristine_hash_size(kind)), in the order identity, rot90 (counter-clockwise),
 * rot180, rot270, mirror left-right, mirror top-bottom, transpose, antitranspose. The first equals
 * pristine_hash_file/memory/pixels. Compare with pristine_hash_distance_dihedral. Errors as above. */
PRISTINE_C_API pristine_status pristine_hash_dihedral_file(const char* path, pristine_hash_kind kind,
                                                           uint8_t* out, size_t out_size);
PRISTINE_C_API pristine_status pristine_hash_dihedral_memory(const void* data, size_t size,
                                                             pristine_hash_kind kind, uint8_t* out,
                                                             size_t out_size);
PRISTINE_C_API pristine_status pristine_hash_dihedral_pixels(const uint8_t* pixels, int32_t width,
                                                             int32_t height, int32_t channels, size_t stride,
                                                             pristine_hash_kind kind, uint8_t* out,
                                                             size_t out_size);

/* Several kinds of one picture from ONE decode (each working image made once, so asking for several
 * kinds costs little more than the dearest of them): the hashes of kinds[0..count-1] (repeats
 * allowed), one after the other in `out` in the order of `kinds`; `out_size` must be at least the sum
 * of their pristine_hash_size, and exactly that many bytes are written. Each hash equals the one
 * pristine_hash_file / _memory / _pixels gives for its kind alone. `quality` (NULL to skip) receives
 * the PDQ quality 0..100 when PRISTINE_HASH_PDQ is among the kinds, else -1. A file or buffer takes
 * the fast JPEG path of pristine_hash_file; an image is hashed from its decoded pixels, like
 * pristine_hash_pixels. Thread-safe.
 * Errors: INVALID_ARGUMENT (NULL argument, count 0, an unknown kind, out too small), then those of
 * pristine_hash_file for a file or buffer. Nothing is written on failure. */
PRISTINE_C_API pristine_status pristine_hash_multi_file(const char* path, const pristine_hash_kind* kinds,
                                                        size_t count, uint8_t* out, size_t out_size,
                                                        int32_t* quality);
PRISTINE_C_API pristine_status pristine_hash_multi_memory(const void* data, size_t size,
                                                          const pristine_hash_kind* kinds, size_t count,
                                                          uint8_t* out, size_t out_size, int32_t* quality);
PRISTINE_C_API pristine_status pristine_hash_multi_image(const pristine_image* image,
                                                         const pristine_hash_kind* kinds, size_t count,
                                                         uint8_t* out, size_t out_size, int32_t* quality);

/* Distance between two hashes of `kind`, each `size` bytes (must equal pristine_hash_size(kind)):
 * Hamming distance for the bit hashes, 1 - peak cross-correlation (0..2) for radial; 0 = identical.
 * _normalized scales it to 0..1 (Hamming / bits; radial (1 - peak) / 2).
 * Errors: INVALID_ARGUMENT (NULL, unknown kind, wrong size). */
PRISTINE_C_API pristine_status pristine_hash_distance(pristine_hash_kind kind, const uint8_t* a, const uint8_t* b,
                                                      size_t size, double* out);
PRISTINE_C_API pristine_status pristine_hash_distance_normalized(pristine_hash_kind kind, const uint8_t* a,
                                                                 const uint8_t* b, size_t size, double* out);

/* Smallest pristine_hash_distance between `b` (`b_size` bytes) and any of the 8 variants in
 * `a_variants` (`a_size` = 8 * pristine_hash_size(kind) bytes, from pristine_hash_dihedral_*):
 * matches rotated and mirrored copies. Errors: INVALID_ARGUMENT. */
PRISTINE_C_API pristine_status pristine_hash_distance_dihedral(pristine_hash_kind kind, const uint8_t* a_variants,
                                                               size_t a_size, const uint8_t* b, size_t b_size,
                                                               double* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_HASH_H */
