/*
 * pristine_embedder.h — the CNN embedder (the pristine_embedder handle).
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h.
 */
#ifndef PRISTINE_EMBEDDER_H
#define PRISTINE_EMBEDDER_H

#include "pristine_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ CNN embedder */

/* A loaded image network whose output (or an intermediate) is a picture's descriptor: `dim` floats,
 * compared by cosine distance (copies of one picture lie close). docs/embedder.md describes the default
 * model, the file format and the preprocessing.
 *
 * An embedder is immutable after loading: every function may be called from several threads at once on
 * the same handle. pristine_embedder_free must not race with calls using the handle.
 *
 * Like the scorer, the embedder runs libtorch through the plug-in next to libpristine_c, loaded on the
 * first call that needs it; without it those calls return PRISTINE_UNAVAILABLE with a message saying why.
 * pristine_embedder_options_init, pristine_embedder_free(NULL) and pristine_embedder_dim(NULL) work
 * without it. */
typedef struct pristine_embedder pristine_embedder;

/* Preprocessing: pixels resized to input_width x input_height (fit 0 = stretch, 1 = centre crop of that
 * proportion; filter 0 = area average, 1 = bilinear), then value = (pixel * scale - mean[c]) / std[c],
 * RGB planes. */
typedef struct pristine_embedder_options {
    size_t struct_size;
    int32_t threads;      /* workers of batch calls; 0 (default) = all cores. Each runs the network on one
                           * thread: loading an embedder sets libtorch's threads to 1, process-wide. */
    int32_t normalize;    /* -1 (default) = the model file's choice (no for bare TorchScript), 0 = no,
                           * 1 = L2-normalise the vectors */
    const char* method;   /* NULL (default) = the model file's, else forward; or a method of the module, or
                           * the child of a sequential module to stop after. Copied during the call. */
    int32_t override_input; /* 0 (default): the fields below apply to a bare TorchScript file only;
                             * 1: they replace a model file's preprocessing too */
    int32_t input_width, input_height; /* default 224 x 224 */
    int32_t fit, filter;               /* default 0, 0 */
    float scale;                       /* default 1/255 */
    float mean[3], std[3];             /* default 0 and 1 */
    int32_t align_corners;             /* bilinear only: 1 = corner pixels aligned (TensorFlow's
                                        * alignCorners), 0 (default) = pixel centres */
} pristine_embedder_options;

/* Fill `options` with the defaults and set its struct_size. NULL is ignored. */
PRISTINE_C_API void pristine_embedder_options_init(pristine_embedder_options* options);

/* Load a pristine embedder file (`*.pemb`) or a bare TorchScript archive, or with `path` NULL the
 * default embedder, found in this order: the environment variable PRISTINE_EMBEDDER;
 * `<directory of libpristine>/../share/pristine/models/embedder.pemb`; the source tree's
 * models/embedder.pemb (made by scripts/fetch-default-embedder.sh). `options` may be NULL
 * for the defaults. On success *out receives a new embedder to release with pristine_embedder_free();
 * on failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL out, bad options, unknown method), IO_ERROR (cannot read the file, or no
 * default embedder: the message lists the places tried), BAD_FILE_VERSION (not an embedder file, another
 * format version, or a checksum mismatch), CORRUPT_DATA (truncated contents, a network libtorch cannot
 * load or whose output is not one vector per picture), OUT_OF_MEMORY, UNAVAILABLE (no models in this
 * build or installation). */
PRISTINE_C_API pristine_status pristine_embedder_load(const char* path, const pristine_embedder_options* options,
                                                      pristine_embedder** out);

/* Release an embedder. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_embedder_free(pristine_embedder* embedder);

/* Floats per vector; 0 for a NULL embedder. */
PRISTINE_C_API size_t pristine_embedder_dim(const pristine_embedder* embedder);

/* The model file's configuration, provenance and licence, a JSON object as NUL-terminated text ("{}" for
 * bare TorchScript), with the size protocol of pristine_scorer_default_model_path: query the length with
 * out = NULL and out_size = 0. Errors: INVALID_ARGUMENT (NULL embedder, buffer too small). */
PRISTINE_C_API pristine_status pristine_embedder_model_info(const pristine_embedder* embedder, char* out,
                                                            size_t out_size, size_t* length);

/* The vector of an image file (decoded as displayed: EXIF orientation applied, alpha over white), of an
 * encoded image in memory, or of 8-bit pixels (`height` rows of `width` * `channels` bytes, `stride`
 * bytes apart, 0 = packed; channels 1..4), written to out[0 .. dim-1]; `out_count` must be at least dim.
 * Errors: INVALID_ARGUMENT (NULL argument, out_count < dim, bad dimensions), IO_ERROR, UNSUPPORTED_FORMAT,
 * CORRUPT_DATA, TOO_LARGE, OUT_OF_MEMORY. Nothing is written on failure. */
PRISTINE_C_API pristine_status pristine_embedder_embed_file(const pristine_embedder* embedder, const char* path,
                                                            float* out, size_t out_count);
PRISTINE_C_API pristine_status pristine_embedder_embed_memory(const pristine_embedder* embedder, const void* data,
                                                              size_t size, float* out, size_t out_count);
PRISTINE_C_API pristine_status pristine_embedder_embed_pixels(const pristine_embedder* embedder,
                                                              const uint8_t* pixels, int32_t width, int32_t height,
                                                              int32_t channels, size_t stride, float* out,
                                                              size_t out_count);

/* The vectors of `count` files, `threads` at a time (0 = the embedder's threads option), in input order:
 * row i of `out` (count * dim floats, row-major) is the vector of paths[i], or NaN values when that file
 * failed; statuses[i] (statuses may be NULL) is PRISTINE_OK or why that file failed. Returns PRISTINE_OK
 * whenever the batch ran, even if some files failed (the thread's last error then counts the failures and
 * gives the first one's message); another status only when the call is refused — INVALID_ARGUMENT (NULL
 * embedder, paths or out with count > 0, a NULL path, threads < 0), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_embedder_embed_files(const pristine_embedder* embedder,
                                                             const char* const* paths, size_t count, int32_t threads,
                                                             float* out, int32_t* statuses);

#ifdef __cplusplus
}
#endif

#endif /* PRISTINE_EMBEDDER_H */
