/*
 * pristine_scorer.h — the generation-loss scorer (the pristine_scorer handle).
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h.
 */
#ifndef PRISTINE_SCORER_H
#define PRISTINE_SCORER_H

#include "pristine_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ generation-loss scorer */

/* A loaded generation-loss model (docs/scorer.md): it gives each copy of a picture a score.
 *
 * LOWER SCORE = CLOSER TO THE ORIGINAL (less generation loss). Scores are comparable ONLY among copies
 * of the same picture: a score says nothing on its own, and the scores of two different pictures are
 * not ordered by quality. Scores are deterministic: the same model and input give the same score.
 *
 * A scorer is immutable after loading: every scoring function may be called from several threads at
 * once on the same handle. pristine_scorer_free must not race with calls using the handle.
 *
 * The scorer runs a neural network (libtorch). libpristine_c does not load it until the first call that
 * needs it (pristine_scorer_load, pristine_scorer_default_model_path): a program that only decodes and
 * hashes never maps libtorch. That first call loads the private plug-in installed next to libpristine_c,
 * once per process (thread-safe). When the library was built without models, or the plug-in is not
 * installed, those calls return PRISTINE_UNAVAILABLE with a message naming the plug-in and why it could
 * not be loaded; pristine_scorer_options_init, pristine_scorer_free(NULL), pristine_scorer_blocks(NULL)
 * and pristine_scorer_rank work without it. */
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
 * or a checksum mismatch), CORRUPT_DATA (truncated or inconsistent contents), OUT_OF_MEMORY,
 * UNAVAILABLE (no scorer in this build or installation). */
PRISTINE_C_API pristine_status pristine_scorer_load(const char* path, const pristine_scorer_options* options,
                                                    pristine_scorer** out);

/* Release a scorer. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_scorer_free(pristine_scorer* scorer);

/* Blocks sampled per image by this scorer; 0 for a NULL scorer. */
PRISTINE_C_API int pristine_scorer_blocks(const pristine_scorer* scorer);

/* The path pristine_scorer_load(NULL, ...) would load, as a NUL-terminated string in `out`
 * (`out_size` bytes). `*length` (may be NULL) receives the path's length without the NUL.
 * Query the size first with out = NULL and out_size = 0 (returns OK and sets *length).
 * Errors: IO_ERROR (no default model exists), INVALID_ARGUMENT (out_size <= length; nothing written),
 * UNAVAILABLE (no scorer in this build or installation). */
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

#endif /* PRISTINE_SCORER_H */
