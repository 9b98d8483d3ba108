/*
 * pristine_index.h — the Hamming index (the pristine_hamming_index handle): fixed-size binary codes
 * (perceptual hashes such as PDQ, or any other binary code) under the caller's ids, with exact nearest
 * and radius queries, rotation/flip queries and "every pair within a radius" as one operation.
 * Part of the stable C ABI of pristine (C99); include <pristine.h> for all of it. The conventions shared by
 * every function are in pristine_common.h. Needs only libpristine_c (no scorer, no plug-in).
 */
#ifndef PRISTINE_INDEX_H
#define PRISTINE_INDEX_H

#include "pristine_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ Hamming index */

/* An index of codes of one size (8..128 bytes: 64..1024 bits), each under a 64-bit id of the caller.
 * The distance of two codes is the number of bits in which they differ.
 *
 * Unlike the other handles, an index is MUTABLE (add, remove) and still thread-safe: queries may run on
 * several threads at once and concurrently with add/remove (it locks internally; a change waits for
 * the running queries). Results never depend on the thread count. pristine_hamming_index_free must not
 * race with other calls on the same index.
 *
 * Small radii (those duplicate search uses: fewer than 3 bits per 16 bits of code, up to 47 for PDQ) go through
 * multi-index hashing, so neither radius queries nor pairs_within compare every code with every other;
 * nearest-neighbour queries are an exact scan. docs/hamming_index.md has the details. */
typedef struct pristine_hamming_index pristine_hamming_index;

/* Smallest and largest code size in bytes. */
#define PRISTINE_HAMMING_MIN_CODE_BYTES 8
#define PRISTINE_HAMMING_MAX_CODE_BYTES 128

/* A new, empty index of codes of `code_bytes` bytes (e.g. PRISTINE_HASH_SIZE_PDQ = 32). On success *out
 * receives the index, to release with pristine_hamming_index_free(); on failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL out, code_bytes outside 8..128), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_hamming_index_create(size_t code_bytes, pristine_hamming_index** out);

/* Release an index. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_hamming_index_free(pristine_hamming_index* index);

/* Bytes per code; 0 for a NULL index. */
PRISTINE_C_API size_t pristine_hamming_index_code_bytes(const pristine_hamming_index* index);

/* Codes in the index (removed ones not counted); 0 for a NULL index. */
PRISTINE_C_API size_t pristine_hamming_index_size(const pristine_hamming_index* index);

/* 1 when `id` is in the index, else 0 (also for a NULL index). */
PRISTINE_C_API int pristine_hamming_index_contains(const pristine_hamming_index* index, uint64_t id);

/* Add `count` codes under ids[0..count): `codes` holds count * code_bytes bytes, code i at
 * codes + i * code_bytes. All or nothing: an id already present, or repeated within ids, fails the call
 * before anything is added. count 0 is a valid empty call.
 * Errors: INVALID_ARGUMENT (NULL index, NULL ids or codes with count > 0, a present or repeated id: the
 * message names it), TOO_LARGE (more than 2^32 - 1 codes), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_hamming_index_add(pristine_hamming_index* index, const uint64_t* ids,
                                                          size_t count, const uint8_t* codes);

/* Remove `id`. `*removed` (may be NULL) receives 1 when it was there, 0 when it was not (not an error).
 * Errors: INVALID_ARGUMENT (NULL index). */
PRISTINE_C_API pristine_status pristine_hamming_index_remove(pristine_hamming_index* index, uint64_t id,
                                                             int32_t* removed);

/* The k nearest codes to `query` (`query_size` = code_bytes bytes), nearest first, ties by smaller id:
 * ids[0..*count) and distances[0..*count) (both with room for k entries; distances may be NULL), where
 * *count = min(k, size). Exact. Errors: INVALID_ARGUMENT (NULL index, query, ids or count with k > 0,
 * query_size != code_bytes), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_hamming_index_search_knn(const pristine_hamming_index* index,
                                                                 const uint8_t* query, size_t query_size,
                                                                 size_t k, uint64_t* ids, int32_t* distances,
                                                                 size_t* count);

/* Every code within `radius` bits of `query` (distance <= radius), nearest first, ties by id.
 * *found receives how many there are; the first min(*found, capacity) of them — the nearest — are
 * written to ids and distances (each with room for `capacity` entries; distances may be NULL; both may
 * be NULL with capacity 0 to count only). When *found > capacity, call again with a larger buffer (the
 * index may have changed meanwhile). Errors: INVALID_ARGUMENT (NULL index, query or found, NULL ids
 * with capacity > 0, query_size != code_bytes, radius < 0), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_hamming_index_search_radius(const pristine_hamming_index* index,
                                                                    const uint8_t* query, size_t query_size,
                                                                    int32_t radius, uint64_t* ids,
                                                                    int32_t* distances, size_t capacity,
                                                                    size_t* found);

/* search_radius for a picture given by its 8 rotations/flips, one code after the other in `variants`
 * (`variants_size` = 8 * code_bytes bytes, the order of pristine_hash_dihedral_*): each id once, at its
 * smallest distance to any variant. Finds turned and mirrored copies. Outputs and errors as
 * pristine_hamming_index_search_radius (INVALID_ARGUMENT when variants_size != 8 * code_bytes). */
PRISTINE_C_API pristine_status pristine_hamming_index_search_radius_dihedral(
    const pristine_hamming_index* index, const uint8_t* variants, size_t variants_size, int32_t radius,
    uint64_t* ids, int32_t* distances, size_t capacity, size_t* found);

/* The result of pristine_hamming_index_pairs_within: pairs of ids with their distances. Immutable. */
typedef struct pristine_hamming_pairs pristine_hamming_pairs;

/* Every unordered pair of codes within `radius` bits of each other, sorted by (a, b) with a < b, computed
 * on `threads` workers (0 = all cores; the result does not depend on it). On success *out receives the
 * pairs, to release with pristine_hamming_pairs_free(); on failure *out is set to NULL.
 * Errors: INVALID_ARGUMENT (NULL index or out, radius < 0, threads < 0), OUT_OF_MEMORY. */
PRISTINE_C_API pristine_status pristine_hamming_index_pairs_within(const pristine_hamming_index* index,
                                                                   int32_t radius, int32_t threads,
                                                                   pristine_hamming_pairs** out);

/* Release pairs. NULL is accepted and ignored. */
PRISTINE_C_API void pristine_hamming_pairs_free(pristine_hamming_pairs* pairs);

/* Number of pairs; 0 for NULL. */
PRISTINE_C_API size_t pristine_hamming_pairs_count(const pristine_hamming_pairs* pairs);

/* The ids, 2 * count of them: pair i is (ids[2i], ids[2i + 1]), the smaller id first. Owned by the pairs
 * (valid until they are freed); NULL for NULL pairs or no pairs. */
PRISTINE_C_API const uint64_t* pristine_hamming_pairs_ids(const pristine_hamming_pairs* pairs);

/* The distances, count of them (distances[i] of pair i). Owned by the pairs; NULL for NULL or no pairs. */
PRISTINE_C_API const int32_t* pristine_hamming_pairs_distances(const pristine_hamming_pairs* pairs);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRISTINE_INDEX_H */
