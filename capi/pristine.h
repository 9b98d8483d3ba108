/*
 * pristine.h — the stable C ABI of pristine (C99).
 *
 * Conventions (the same for every handle type, present and future):
 *  - Functions that can fail return a pristine_status; PRISTINE_OK (0) means success. On failure the
 *    thread's last error message (pristine_last_error()) says what went wrong; outputs are untouched.
 *  - No function prints, aborts, or lets a C++ exception or longjmp escape.
 *  - Each kind of object has its own opaque handle (`typedef struct pristine_X pristine_X;`), created by a
 *    function that writes it through an out-pointer and destroyed by pristine_X_free(), which accepts NULL.
 *    For example pristine_image (pristine_image_load_file / pristine_image_free) and pristine_scorer
 *    (pristine_scorer_load / pristine_scorer_free); later handles (pristine_index, ...) follow it.
 *  - Option and result structs start with `size_t struct_size`, set by the caller to sizeof(the struct):
 *    that lets a newer library accept older callers (and the reverse) when fields are appended.
 *  - Results go into caller buffers with explicit sizes.
 *  - Handles are immutable after creation unless documented otherwise: concurrent reads from several
 *    threads are safe. Every function is thread-safe.
 *  - Functions whose signature may still change will be declared only when PRISTINE_C_UNSTABLE is defined
 *    before including this header; they are not part of the stable ABI and may change in any release.
 *    (There are none yet.)
 */
#ifndef PRISTINE_H
#define PRISTINE_H

#include <stddef.h>
#include <stdint.h>

/* Export macro: default visibility for the API, everything else in the library is hidden. */
#ifndef PRISTINE_C_API
#  if defined(_WIN32)
#    if defined(PRISTINE_C_BUILDING_LIBRARY)
#      define PRISTINE_C_API __declspec(dllexport)
#    else
#      define PRISTINE_C_API __declspec(dllimport)
#    endif
#  elif defined(__GNUC__) && __GNUC__ >= 4
#    define PRISTINE_C_API __attribute__((visibility("default")))
#  else
#    define PRISTINE_C_API
#  endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ version */

/* Version of this header. Named PRISTINE_C_* so that it can coexist with pristine/version.hpp. */
#define PRISTINE_C_VERSION_MAJOR 0
#define PRISTINE_C_VERSION_MINOR 1
#define PRISTINE_C_VERSION_PATCH 0
#define PRISTINE_C_VERSION_NUMBER \
    (PRISTINE_C_VERSION_MAJOR * 10000 + PRISTINE_C_VERSION_MINOR * 100 + PRISTINE_C_VERSION_PATCH)

/* Version of the library loaded at run time, as major*10000 + minor*100 + patch. Compare it with
 * PRISTINE_C_VERSION_NUMBER to detect a header/library mismatch (the major must be equal). */
PRISTINE_C_API unsigned pristine_version(void);

/* The same as a string, "0.1.0". Never NULL; static storage. */
PRISTINE_C_API const char* pristine_version_string(void);

/* ------------------------------------------------------------------ errors */

/* Status codes. The numbers are stable and equal to pristine::Status in C++; new ones are appended. */
typedef enum pristine_status {
    PRISTINE_OK = 0,
    PRISTINE_INVALID_ARGUMENT = 1,   /* a bad value: NULL pointer, wrong size, option out of range */
    PRISTINE_IO_ERROR = 2,           /* a file could not be opened, read or written */
    PRISTINE_UNSUPPORTED_FORMAT = 3, /* the bytes are no format pristine can decode */
    PRISTINE_CORRUPT_DATA = 4,       /* the format was recognised but the data is truncated or broken */
    PRISTINE_TOO_LARGE = 5,          /* the image exceeds max_pixels */
    PRISTINE_OUT_OF_MEMORY = 6,      /* an allocation failed */
    PRISTINE_BAD_FILE_VERSION = 7,   /* a model/index file has a wrong magic, version or checksum */
    PRISTINE_CANCELLED = 8,          /* the caller interrupted a batch */
    PRISTINE_INTERNAL = 9            /* a bug in pristine: please report it */
} pristine_status;

/* Short stable name of a status ("corrupt_data"); "unknown" for a number that is no status. Never NULL. */
PRISTINE_C_API const char* pristine_status_name(pristine_status status);

/* Message of the last failed call on the calling thread ("" if none failed yet). Never NULL.
 * Successful calls leave it unchanged (like errno). The pointer stays valid until the next failing
 * call on the same thread; copy it to keep it. */
PRISTINE_C_API const char* pristine_last_error(void);

/* ------------------------------------------------------------------ formats and metadata */

/* Container formats, detected from the magic bytes (never from a file name). */
typedef enum pristine_format {
    PRISTINE_FORMAT_UNKNOWN = 0,
    PRISTINE_FORMAT_JPEG = 1,
    PRISTINE_FORMAT_PNG = 2,
    PRISTINE_FORMAT_GIF = 3,
    PRISTINE_FORMAT_WEBP = 4,
    PRISTINE_FORMAT_BMP = 5,
    PRISTINE_FORMAT_TGA = 6,
    PRISTINE_FORMAT_PNM = 7,
    PRISTINE_FORMAT_PSD = 8,
    PRISTINE_FORMAT_HDR = 9
} pristine_format;

/* Lower-case name ("jpeg", "png", ...); "unknown" for anything else. Never NULL. */
PRISTINE_C_API const char* pristine_format_name(pristine_format format);

/* JPEG chroma subsampling. */
typedef enum pristine_subsampling {
    PRISTINE_SUBSAMPLING_NONE = 0, /* not a JPEG */
    PRISTINE_SUBSAMPLING_444 = 1,
    PRISTINE_SUBSAMPLING_422 = 2,
    PRISTINE_SUBSAMPLING_420 = 3,
    PRISTINE_SUBSAMPLING_440 = 4,
    PRISTINE_SUBSAMPLING_411 = 5,
    PRISTINE_SUBSAMPLING_GREY = 6,
    PRISTINE_SUBSAMPLING_OTHER = 7
} pristine_subsampling;

/* Metadata of an image. Set struct_size = sizeof(pristine_image_info) before the call; the library fills
 * the fields that fit in struct_size. Integers are fixed-size so that the layout is the same for every
 * compiler; booleans are 0/1. */
typedef struct pristine_image_info {
    size_t struct_size;
    int32_t format;           /* a pristine_format */
    int32_t width;            /* stored dimensions */
    int32_t height;
    int32_t display_width;    /* after the EXIF orientation (swapped for orientations 5..8) */
    int32_t display_height;
    int32_t frames;           /* animation frames (1 for still images) */
    int32_t bit_depth;        /* bits per sample as stored */
    int32_t channels;         /* stored colour channels including alpha (1..4) */
    int32_t has_alpha;        /* alpha channel or transparent palette entry */
    int32_t palette;          /* stored as palette indices */
    int32_t orientation;      /* EXIF orientation 1..8 (1 when absent) */
    int32_t jpeg_quality;     /* estimated IJG quality 1..100; -1 when not a JPEG or unknown */
    int32_t jpeg_quality_exact; /* the tables are exactly IJG tables for jpeg_quality */
    int32_t jpeg_subsampling; /* a pristine_subsampling */
    int32_t jpeg_progressive;
    int32_t jpeg_components;  /* 0 when not a JPEG */
    uint64_t file_size;       /* bytes of the whole file / buffer */
} pristine_image_info;

/* Metadata of a file or buffer without decoding the pixels. `out->struct_size` must be set.
 * Errors: INVALID_ARGUMENT (NULL or struct_size too small), IO_ERROR (message names the path),
 * UNSUPPORTED_FORMAT, CORRUPT_DATA. */
PRISTINE_C_API pristine_status pristine_probe_file(const char* path, pristine_image_info* out);
PRISTINE_C_API pristine_status pristine_probe_memory(const void* data, size_t size, pristine_image_info* out);

/* ------------------------------------------------------------------ decoding */

/* Options of every decode call. Initialise with pristine_decode_options_init(), then change fields. */
typedef struct pristine_decode_options {
    size_t struct_size;
    int32_t channels;          /* 3 = RGB (default), 1 = grey, 4 = RGBA, 0 = as stored (1, 3 or 4) */
    int32_t apply_orientation; /* 1 (default): pixels as displayed according to EXIF */
    int32_t scale_denom;       /* JPEG only: decode at 1/1, 1/2, 1/4 or 1/8 of the size (default 1) */
    uint8_t background[3];     /* RGB under transparent pixels when alpha is dropped (default white) */
    uint8_t reserved_;         /* padding, keep 0 */
    uint64_t max_pixels;       /* refuse larger images with TOO_LARGE (default 100 000 000) */
} pristine_decode_options;

/* Fill `options` with the defaults and set its struct_size. NULL is ignored. */
PRISTINE_C_API void pristine_decode_options_init(pristine_decode_options* options);

/* A decoded 8-bit image (first frame of an animation) with its metadata. Immutable. */
typedef struct pristine_image pristine_image;

/* Decode a file or a buffer. `options` may be NULL for the defaults. On success *out receives a new
 * image to release with pristine_image_free(); on failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL path/data/out, bad options), IO_ERROR (message names the path),
 * UNSUPPORTED_FORMAT (also for 0 bytes), CORRUPT_DATA, TOO_LARGE, OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_image_load_file(const char* path, const pristine_decode_options* options,
                                                        pristine_image** out);
PRISTINE_C_API pristine_status pristine_image_load_memory(const void* data, size_t size,
                                                          const pristine_decode_options* options,
                                                          pristine_image** out);

/* Release an image. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_image_free(pristine_image* image);

/* Dimensions of the decoded pixels; 0 for a NULL image. */
PRISTINE_C_API int pristine_image_width(const pristine_image* image);
PRISTINE_C_API int pristine_image_height(const pristine_image* image);
PRISTINE_C_API int pristine_image_channels(const pristine_image* image);
/* Bytes between the starts of two rows (>= width * channels); 0 for a NULL image. */
PRISTINE_C_API size_t pristine_image_stride(const pristine_image* image);

/* Interleaved pixels, `height` rows of `stride` bytes, owned by the image (valid until it is freed).
 * NULL for a NULL image. */
PRISTINE_C_API const uint8_t* pristine_image_pixels(const pristine_image* image);

/* Copy the pixels, tightly packed (width * channels bytes a row), into a caller buffer of `size` bytes.
 * Errors: INVALID_ARGUMENT (NULL, or size < width * height * channels). */
PRISTINE_C_API pristine_status pristine_image_copy_pixels(const pristine_image* image, uint8_t* buffer, size_t size);

/* Metadata of the file the image was decoded from. `out->struct_size` must be set.
 * Errors: INVALID_ARGUMENT. */
PRISTINE_C_API pristine_status pristine_image_get_info(const pristine_image* image, pristine_image_info* out);

/* Exact number of distinct colours of the decoded pixels (alpha ignored; grey counts grey levels).
 * Errors: INVALID_ARGUMENT, OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_image_count_colors(const pristine_image* image, uint64_t* out);

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

/* ------------------------------------------------------------------ generation-loss scorer */

/* A loaded generation-loss model (docs/scorer.md): it gives each copy of a picture a score.
 *
 * LOWER SCORE = CLOSER TO THE ORIGINAL (less generation loss). Scores are comparable ONLY among copies
 * of the same picture: a score says nothing on its own, and the scores of two different pictures are
 * not ordered by quality. Scores are deterministic: the same model and input give the same score.
 *
 * A scorer is immutable after loading: every scoring function may be called from several threads at
 * once on the same handle. pristine_scorer_free must not race with calls using the handle. */
typedef struct pristine_scorer pristine_scorer;

/* Options of pristine_scorer_load. Initialise with pristine_scorer_options_init(), then change fields. */
typedef struct pristine_scorer_options {
    size_t struct_size;
    int32_t threads; /* workers of batch calls and the network's threads; 0 (default) = all cores. The
                      * network's thread count is process-wide: the last scorer loaded sets it. */
    int32_t blocks;  /* blocks sampled per image; 0 (default) = the count the model was trained with */
} pristine_scorer_options;

/* Fill `options` with the defaults and set its struct_size. NULL is ignored. */
PRISTINE_C_API void pristine_scorer_options_init(pristine_scorer_options* options);

/* Load a model file (`*.pmdl`, written by `pristine train`), or with `path` NULL the shipped default
 * model, found in this order: the environment variable PRISTINE_MODEL;
 * `<directory of libpristine>/../share/pristine/models/scorer.pmdl` (an installed library); the source
 * tree's models/scorer.pmdl (a build tree). `options` may be NULL for the defaults. On success *out
 * receives a new scorer to release with pristine_scorer_free(); on failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL out, bad options), IO_ERROR (cannot read the file, or no default model:
 * the message lists the places tried), BAD_FILE_VERSION (not a pristine model, another format version,
 * or a checksum mismatch), CORRUPT_DATA (truncated or inconsistent contents), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_scorer_load(const char* path, const pristine_scorer_options* options,
                                                    pristine_scorer** out);

/* Release a scorer. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_scorer_free(pristine_scorer* scorer);

/* Blocks sampled per image by this scorer; 0 for a NULL scorer. */
PRISTINE_C_API int pristine_scorer_blocks(const pristine_scorer* scorer);

/* The path pristine_scorer_load(NULL, ...) would load, as a NUL-terminated string in `out`
 * (`out_size` bytes). `*length` (may be NULL) receives the path's length without the NUL.
 * Query the size first with out = NULL and out_size = 0 (returns OK and sets *length).
 * Errors: IO_ERROR (no default model exists), INVALID_ARGUMENT (out_size <= length; nothing written). */
PRISTINE_C_API pristine_status pristine_scorer_default_model_path(char* out, size_t out_size, size_t* length);

/* The model's configuration and training record, a JSON object as NUL-terminated text, with the same
 * size protocol as pristine_scorer_default_model_path. Errors: INVALID_ARGUMENT (NULL scorer, buffer
 * too small). */
PRISTINE_C_API pristine_status pristine_scorer_model_info(const pristine_scorer* scorer, char* out,
                                                          size_t out_size, size_t* length);

/* Score of an image file (decoded as displayed: EXIF orientation applied, alpha over white), written to
 * *score. Lower = closer to the original; comparable only among copies of the same picture.
 * Errors: INVALID_ARGUMENT (NULL argument), IO_ERROR (message names the path), UNSUPPORTED_FORMAT,
 * CORRUPT_DATA, TOO_LARGE, OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_scorer_score_file(const pristine_scorer* scorer, const char* path,
                                                          double* score);

/* Score of an encoded image in memory (the file's `size` bytes). Same meaning and errors as
 * pristine_scorer_score_file (UNSUPPORTED_FORMAT for 0 bytes). */
PRISTINE_C_API pristine_status pristine_scorer_score_memory(const pristine_scorer* scorer, const void* data,
                                                            size_t size, double* score);

/* Score of 8-bit pixels: `height` rows of `width` * `channels` bytes, rows `stride` bytes apart
 * (stride 0 = packed); channels 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA. The model sees them
 * as a losslessly stored copy (PNG) of that size: score a file or its bytes instead when you have them,
 * since the file's format and compression are part of what the model judges.
 * Errors: INVALID_ARGUMENT (NULL, bad dimensions or stride), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_scorer_score_pixels(const pristine_scorer* scorer, const uint8_t* pixels,
                                                            int32_t width, int32_t height, int32_t channels,
                                                            size_t stride, double* score);

/* Scores of `count` files, `threads` at a time (0 = the scorer's threads option), in input order:
 * scores[i] is the score of paths[i], or NaN when that file failed; statuses[i] (statuses may be NULL)
 * is PRISTINE_OK or why that file failed (a pristine_status). One bad file never loses the others.
 *
 * Returns PRISTINE_OK whenever the batch ran, even if some files failed: check statuses[] (or NaN
 * scores). When at least one file failed, the thread's last error is also set, to a message counting
 * the failures and giving the first one's message (the one exception to "success leaves the last error
 * unchanged"). Returns another status only when the call itself is refused — INVALID_ARGUMENT (NULL
 * scorer, paths, scores, or a NULL paths[i], or threads < 0), OUT_OF_MEMORY — and then writes nothing.
 * count 0 is a valid empty batch. */
PRISTINE_C_API pristine_status pristine_scorer_score_files(const pristine_scorer* scorer, const char* const* paths,
                                                           size_t count, int32_t threads, double* scores,
                                                           int32_t* statuses);

/* Order of `count` scores best first (lowest score = closest to the original) into `order` (`count`
 * indices). NaN scores (failed inputs) go last; ties and NaNs keep their input order.
 * Errors: INVALID_ARGUMENT (NULL scores or order with count > 0). */
PRISTINE_C_API pristine_status pristine_scorer_rank(const double* scores, size_t count, size_t* order);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_H */
