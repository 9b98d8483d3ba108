/*
 * pristine_dedupe.h — the dedupe job: every group of copies of one picture among the image files of
 * some folders, and in each group the copy to keep (the one the generation-loss scorer finds closest to
 * the original). The same job and report as `pristine dedupe` (docs/dedupe.md); the report is an opaque
 * handle (pristine_dedupe_report) read through accessors.
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h.
 *
 * Like the scorer (pristine_scorer.h), the job runs in the plug-in libpristine_c loads on first use, so a
 * program that never calls pristine_dedupe never loads libtorch. When the library was built without
 * models, or the plug-in is not installed, pristine_dedupe returns PRISTINE_UNAVAILABLE (also with
 * rank = 0); pristine_dedupe_options_init and the report functions work without it.
 */
#ifndef PRISTINE_DEDUPE_H
#define PRISTINE_DEDUPE_H

#include "pristine_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ dedupe */

/* Version of the report's structure (the "version" of its JSON form). */
#define PRISTINE_DEDUPE_REPORT_VERSION 1

/* The stages of a run, in order, as told to the progress callback. */
typedef enum pristine_dedupe_stage {
    PRISTINE_DEDUPE_FINGERPRINT = 0, /* reading every file (total = the image files) */
    PRISTINE_DEDUPE_MATCH = 1,       /* finding and verifying the groups (0 of 1 when it starts, 1 of 1
                                      * when it ends) */
    PRISTINE_DEDUPE_RANK = 2         /* scoring the members of the groups (total = members; not told when
                                      * ranking is off or there is no group) */
} pristine_dedupe_stage;

/* Short stable name of a stage ("fingerprint", "match", "rank"); "unknown" for anything else. Never NULL. */
PRISTINE_C_API const char* pristine_dedupe_stage_name(pristine_dedupe_stage stage);

/* Progress of a run, called on the thread that called pristine_dedupe (never on a worker) after items
 * finish, at most every 100 ms per stage and always with the final count. Return 0 to go on, anything
 * else to cancel: the callback is not called again, the run stops (once the files being read are done)
 * and pristine_dedupe returns PRISTINE_CANCELLED. */
typedef int (*pristine_dedupe_progress)(void* user_data, pristine_dedupe_stage stage, size_t done, size_t total);

/* What ranks the copies of a group (pristine_dedupe_options.rank_by). */
typedef enum pristine_dedupe_rank_by {
    PRISTINE_DEDUPE_RANK_BY_PAIRS = 0, /* every two copies compared by the pair model (on the scores and
                                        * the files' own evidence: JPEG tables, palette, enlargement) */
    PRISTINE_DEDUPE_RANK_BY_SCORES = 1 /* each copy's generation-loss score alone */
} pristine_dedupe_rank_by;

/* Options of pristine_dedupe. Initialise with pristine_dedupe_options_init(), then change fields. The
 * thresholds are those of `pristine dedupe` (docs/dedupe.md, "Calibration", says how each default was
 * measured). Booleans are 0/1. */
typedef struct pristine_dedupe_options {
    size_t struct_size;
    int32_t threads;                  /* workers; 0 (default) = all cores */
    int32_t rank;                     /* 1 (default): rank each group with the scorer; 0: no scores, the
                                       * largest picture is kept (the group's reason says so) */
    const char* model;                /* scorer model file; NULL (default) = the shipped model, found as
                                       * pristine_scorer_load(NULL, ...) finds it */
    const char* const* reference;     /* reference folders or files, reference_count of them (default
                                       * none): only groups holding a reference file are reported, and
                                       * a reference file is kept in each */
    size_t reference_count;
    int32_t recursive;                /* 1 (default): walk sub-folders */
    int32_t include_hidden;           /* 0 (default): skip entries whose name starts with '.' */
    int32_t crop_views;               /* 1 (default): also match centre crops (feeds crop reposts) */
    int32_t apply_orientation;        /* 1 (default): pictures as displayed (EXIF orientation) */
    uint64_t max_pixels;              /* files with more pixels fail with TOO_LARGE (in the report) */
    int32_t candidate_radius;         /* PDQ bits within which two views are candidates (0..47) */
    int32_t dct_radius;               /* DCT-hash bits for candidates of whole views (0..11; -1 = off) */
    int32_t mean_radius;              /* block-mean bits for candidates of whole views (0..11; -1 = off) */
    int32_t dihedral;                 /* 1 (default): match rotated and mirrored copies */
    double min_correlation;           /* verification: least correlation of the aligned thumbnails (-1..1) */
    double max_chroma_difference;     /* verification: largest RMS colour difference (0..255) */
    double flat_std;                  /* thumbnails with a luma deviation below this count as flat */
    double max_flat_mean_difference;  /* flat thumbnails match only within this mean difference */
    double min_link_fraction;         /* groups: least fraction of verified pairs joining two sets (0..1] */
    pristine_dedupe_progress progress; /* NULL (default): no progress, no cancelling */
    void* user_data;                  /* passed to progress */
    /* Fields added after release 0.1.0; a caller built against an older header (a smaller struct_size) gets
     * their defaults. */
    int32_t dihedral_radius;          /* turned/mirrored PDQ bits within which whole views are candidates (0..47) */
    int32_t max_ambiguous_distance;   /* PDQ bits beyond which a pair needs an unambiguous alignment near
                                       * its start (0..256) */
    double min_detail_correlation;    /* verification: least correlation of the thumbnails' detail (-1..1) */
    double max_local_difference;      /* verification: largest 8 x 8 block difference (0..255) */
    double max_strip_ratio;           /* verification: largest caption-strip difference over the copy's noise */
    double min_strip_correlation;     /* verification: least correlation of a strip of text (-1..1) */
    double min_coverage;              /* verification: least share of the smaller picture inside the other (0..1) */
    double min_alignment_margin;      /* verification of far pairs: least alignment margin (-2..2) */
    double max_far_shift;             /* verification of far pairs: largest move of the frame (>= 0) */
    int32_t rank_by;                  /* a pristine_dedupe_rank_by (default PAIRS) */
    const char* pair_model;           /* pair model file; NULL (default) = the model built into the library */
    const char* cache;                /* cache file (SQLite, created when absent): a re-run reads, scores and
                                       * verifies only what involves new or changed files; NULL (default) = none */
} pristine_dedupe_options;

/* Fill `options` with the defaults and set its struct_size. NULL is ignored. */
PRISTINE_C_API void pristine_dedupe_options_init(pristine_dedupe_options* options);

/* The result of a run. Immutable: any thread may read it. */
typedef struct pristine_dedupe_report pristine_dedupe_report;

/* Finds every group of copies among the files of paths[0..count) (files and folders; folders walked as
 * `pristine dedupe` walks them, the format recognised from the bytes) and ranks each group. A file that
 * cannot be read never stops the run: it is listed in the report's errors. `options` may be NULL for the
 * defaults. On success *out receives the report, to release with pristine_dedupe_report_free(); on
 * failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL paths with count > 0, a NULL paths[i], NULL out, count 0, options out of
 * range or with a struct_size too small), CANCELLED (the progress callback asked to stop), UNAVAILABLE
 * (no plug-in: a build or installation without models), the cache's errors (BAD_FILE_VERSION,
 * CORRUPT_DATA, IO_ERROR), and when ranking the scorer's and the pair model's load errors (IO_ERROR: no
 * model file, BAD_FILE_VERSION, CORRUPT_DATA), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_dedupe(const char* const* paths, size_t count,
                                               const pristine_dedupe_options* options,
                                               pristine_dedupe_report** out);

/* Release a report. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_dedupe_report_free(pristine_dedupe_report* report);

/* Files examined: image files (read or failed) and files that are no image. 0 for NULL. */
PRISTINE_C_API size_t pristine_dedupe_report_files(const pristine_dedupe_report* report);
/* Candidate pairs the hash index returned, and how many of them verified. 0 for NULL. */
PRISTINE_C_API size_t pristine_dedupe_report_candidate_pairs(const pristine_dedupe_report* report);
PRISTINE_C_API size_t pristine_dedupe_report_verified_pairs(const pristine_dedupe_report* report);

/* A file or folder entry that could not be read. Set struct_size = sizeof before the call. The strings
 * belong to the report (valid until it is freed). */
typedef struct pristine_dedupe_error {
    size_t struct_size;
    const char* path;    /* as listed from the inputs */
    int32_t status;      /* a pristine_status: why */
    const char* message; /* the library's message, naming the file */
} pristine_dedupe_error;

/* Number of errors; 0 for NULL. */
PRISTINE_C_API size_t pristine_dedupe_report_error_count(const pristine_dedupe_report* report);
/* Error i (0 <= i < error_count). Errors: INVALID_ARGUMENT (NULL, struct_size too small, i out of range). */
PRISTINE_C_API pristine_status pristine_dedupe_report_error(const pristine_dedupe_report* report, size_t i,
                                                            pristine_dedupe_error* out);

/* One picture that is there more than once. Set struct_size = sizeof before the call. */
typedef struct pristine_dedupe_group {
    size_t struct_size;
    size_t member_count;      /* >= 2 */
    const char* reason;       /* why the kept copy won, in words (belongs to the report) */
    uint64_t duplicate_bytes; /* bytes of the members not kept */
} pristine_dedupe_group;

/* Number of groups (largest duplicate_bytes first); 0 for NULL. */
PRISTINE_C_API size_t pristine_dedupe_report_group_count(const pristine_dedupe_report* report);
/* Group g (0 <= g < group_count). Errors: INVALID_ARGUMENT (NULL, struct_size too small, g out of range). */
PRISTINE_C_API pristine_status pristine_dedupe_report_group(const pristine_dedupe_report* report, size_t g,
                                                            pristine_dedupe_group* out);

/* One copy in a group. Set struct_size = sizeof before the call. Strings belong to the report. */
typedef struct pristine_dedupe_member {
    size_t struct_size;
    const char* path;         /* as listed from the inputs */
    int32_t keep;             /* 1 for the copy to keep (exactly one per group) */
    int32_t reference;        /* 1 for a file of the options' reference */
    int32_t scored;           /* 1 when score is valid (the group was ranked) */
    int32_t rank;             /* 1 = kept; copies with identical pixels share a rank */
    double score;             /* generation-loss score, lower = closer to the original; NaN when not scored */
    int32_t width;            /* as displayed */
    int32_t height;
    const char* format;       /* "jpeg", "png", ... */
    uint64_t file_size;       /* bytes */
    int32_t distance;         /* PDQ bits to the kept copy (best alignment; 0 for the kept copy) */
    const char* identical_to; /* path of a member with identical decoded pixels; NULL when none */
    /* Fields added after release 0.1.0 (an older caller's smaller struct_size does not get them). */
    const char* parent;       /* path of the member this copy was most likely made from (the group's
                               * derivation tree, docs/provenance.md); NULL for the kept copy */
    double parent_confidence; /* 0..1: the probability of that parent among the others; for the kept
                               * copy, of its coming before the other copies */
} pristine_dedupe_member;

/* Member m of group g, best-ranked first (0 <= m < member_count). Errors: INVALID_ARGUMENT (NULL,
 * struct_size too small, g or m out of range). */
PRISTINE_C_API pristine_status pristine_dedupe_report_member(const pristine_dedupe_report* report, size_t g,
                                                             size_t m, pristine_dedupe_member* out);

/* ------------------------------------------------------------------ one group */

/* Ranks the files paths[0..count), taken to be copies of one picture (nothing is matched), as
 * pristine_dedupe ranks a group, and estimates which copy each was made from: the report holds one
 * group with every file that could be read, best first (pristine_dedupe_member: rank, score, parent,
 * parent_confidence), and the files that could not be read as its errors (no group when none could).
 * Of `options` (NULL for the defaults) only threads, rank, model, rank_by, pair_model, dihedral and
 * apply_orientation are used. On success *out receives the report (pristine_dedupe_report_free); on
 * failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL paths with count > 0, a NULL paths[i], NULL out, count 0, bad options),
 * UNAVAILABLE (no plug-in), the scorer's and the pair model's load errors, OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_rank_copies(const char* const* paths, size_t count,
                                                    const pristine_dedupe_options* options,
                                                    pristine_dedupe_report** out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_DEDUPE_H */
