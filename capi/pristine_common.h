/*
 * pristine_common.h — what every part of pristine's stable C ABI (C99) shares: the export macro, the
 * versions, the status codes and the thread's last error. <pristine.h> includes it with every area.
 *
 * Conventions (the same for every handle type, present and future):
 *  - Functions that can fail return a pristine_status; PRISTINE_OK (0) means success. On failure the
 *    thread's last error message (pristine_last_error()) says what went wrong; outputs are untouched.
 *  - No function prints, aborts, or lets a C++ exception or longjmp escape.
 *  - Each kind of object has its own opaque handle (`typedef struct pristine_X pristine_X;`), created by a
 *    function that writes it through an out-pointer and destroyed by pristine_X_free(), which accepts NULL.
 *    For example pristine_image (pristine_image_load_file / pristine_image_free) and pristine_scorer
 *    (pristine_scorer_load / pristine_scorer_free), pristine_hamming_index, pristine_dedupe_report.
 *  - Option and result structs start with `size_t struct_size`, set by the caller to sizeof(the struct):
 *    that lets a newer library accept older callers (and the reverse) when fields are appended.
 *  - Results go into caller buffers with explicit sizes, or, when their size is only known once computed,
 *    into a result handle the caller frees (pristine_hamming_pairs, pristine_dedupe_report).
 *  - Handles are immutable after creation unless documented otherwise: concurrent reads from several
 *    threads are safe. Every function is thread-safe.
 *  - Functions whose signature may still change will be declared only when PRISTINE_C_UNSTABLE is defined
 *    before including this header; they are not part of the stable ABI and may change in any release.
 *    (There are none yet.)
 */
#ifndef PRISTINE_COMMON_H
#define PRISTINE_COMMON_H

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
    PRISTINE_INTERNAL = 9,           /* a bug in pristine: please report it */
    PRISTINE_UNAVAILABLE = 10        /* a component this call needs is not built or not installed (the
                                      * scorer of a library built without models, or its plug-in missing) */
} pristine_status;

/* Short stable name of a status ("corrupt_data"); "unknown" for a number that is no status. Never NULL. */
PRISTINE_C_API const char* pristine_status_name(pristine_status status);

/* Message of the last failed call on the calling thread ("" if none failed yet). Never NULL.
 * Successful calls leave it unchanged (like errno). The pointer stays valid until the next failing
 * call on the same thread; copy it to keep it. */
PRISTINE_C_API const char* pristine_last_error(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_COMMON_H */
