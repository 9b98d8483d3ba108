/*
 * pristine_image.h — image formats, metadata and decoding (the pristine_image handle).
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h.
 */
#ifndef PRISTINE_IMAGE_H
#define PRISTINE_IMAGE_H

#include "pristine_common.h"

#ifdef __cplusplus
extern "C" {
#endif

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
    PRISTINE_FORMAT_HDR = 9,
    PRISTINE_FORMAT_TIFF = 10,
    PRISTINE_FORMAT_HEIC = 11,
    PRISTINE_FORMAT_AVIF = 12,
    PRISTINE_FORMAT_JXL = 13
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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_IMAGE_H */
