/* The Hamming index through the C ABI (strict C99), against a brute force over random codes with
 * planted near copies: k-NN with ties, radius (and the capacity protocol), dihedral, pairs_within at
 * several thread counts, all-or-nothing add, remove, and the errors. Needs only libpristine_c. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define MAX_CODES 700
#define MAX_BYTES 128

static uint64_t g_state = 88172645463325252ull;

static uint32_t next_random(void) { /* xorshift64 */
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return (uint32_t)(g_state >> 32);
}

static uint8_t g_codes[MAX_CODES][MAX_BYTES];
static uint64_t g_ids[MAX_CODES];

static int distance(const uint8_t* a, const uint8_t* b, size_t bytes) {
    int d = 0;
    size_t i;
    for (i = 0; i < bytes; ++i) {
        unsigned x = (unsigned)(a[i] ^ b[i]);
        while (x != 0) {
            d += (int)(x & 1u);
            x >>= 1;
        }
    }
    return d;
}

/* n codes: copies of n / 4 random centres with 0..3 bits flipped each; ids 1000 + 7 * i (not in order
 * of slots, so that ties by id are tested). */
static void make_codes(size_t n, size_t bytes) {
    size_t centres = n / 4, i, k;
    for (i = 0; i < n; ++i) {
        size_t c = next_random() % centres;
        unsigned flips = next_random() % 4;
        if (i < centres)
            for (k = 0; k < bytes; ++k) g_codes[i][k] = (uint8_t)next_random();
        else
            memcpy(g_codes[i], g_codes[c], bytes);
        for (k = 0; k < flips; ++k) {
            unsigned bit = next_random() % (unsigned)(8 * bytes);
            g_codes[i][bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        g_ids[i] = 1000u + 7u * (uint64_t)((i * 389u) % n);
    }
}

static pristine_hamming_index* build(size_t n, size_t bytes) {
    pristine_hamming_index* index = NULL;
    uint8_t* flat = (uint8_t*)malloc(n * bytes);
    size_t i;
    make_codes(n, bytes);
    for (i = 0; i < n; ++i) memcpy(flat + i * bytes, g_codes[i], bytes);
    CHECK_STATUS(pristine_hamming_index_create(bytes, &index), PRISTINE_OK);
    CHECK_STATUS(pristine_hamming_index_add(index, g_ids, n, flat), PRISTINE_OK);
    free(flat);
    return index;
}

/* True when (d1, id1) comes before (d2, id2): nearer first, then smaller id. */
static int before(int d1, uint64_t id1, int d2, uint64_t id2) { return d1 != d2 ? d1 < d2 : id1 < id2; }

/* The brute-force answer of a radius query (or all codes with radius = bits), sorted; returns the count. */
static size_t brute_radius(size_t n, size_t bytes, const uint8_t* query, int radius, uint64_t* ids, int32_t* dist) {
    size_t found = 0, i, j;
    for (i = 0; i < n; ++i) {
        int d = distance(g_codes[i], query, bytes);
        if (d > radius) continue;
        for (j = found; j > 0 && before(d, g_ids[i], dist[j - 1], ids[j - 1]); --j) {
            ids[j] = ids[j - 1];
            dist[j] = dist[j - 1];
        }
        ids[j] = g_ids[i];
        dist[j] = d;
        ++found;
    }
    return found;
}

static void test_queries(size_t bytes) {
    const size_t n = 300;
    pristine_hamming_index* index = build(n, bytes);
    uint64_t want_ids[MAX_CODES], got_ids[MAX_CODES];
    int32_t want_d[MAX_CODES], got_d[MAX_CODES];
    uint8_t query[MAX_BYTES];
    size_t q, count = 0, found = 0, i;
    int radii[4];
    int r;
    radii[0] = 0;
    radii[1] = 2;
    radii[2] = 6;
    radii[3] = (int)(8 * bytes / 3);
    CHECK(pristine_hamming_index_size(index) == n);
    CHECK(pristine_hamming_index_code_bytes(index) == bytes);
    for (q = 0; q < 8; ++q) {
        memcpy(query, g_codes[next_random() % n], bytes);
        query[next_random() % bytes] ^= 4;
        /* k-NN: the whole order, then its first k. */
        brute_radius(n, bytes, query, (int)(8 * bytes), want_ids, want_d);
        CHECK_STATUS(pristine_hamming_index_search_knn(index, query, bytes, 9, got_ids, got_d, &count), PRISTINE_OK);
        CHECK(count == 9);
        CHECK(memcmp(got_ids, want_ids, 9 * sizeof *got_ids) == 0 && memcmp(got_d, want_d, 9 * sizeof *got_d) == 0);
        CHECK_STATUS(pristine_hamming_index_search_knn(index, query, bytes, n + 5, got_ids, NULL, &count), PRISTINE_OK);
        CHECK(count == n && memcmp(got_ids, want_ids, n * sizeof *got_ids) == 0);
        for (r = 0; r < 4; ++r) {
            size_t want = brute_radius(n, bytes, query, radii[r], want_ids, want_d);
            CHECK_STATUS(pristine_hamming_index_search_radius(index, query, bytes, radii[r], got_ids, got_d, MAX_CODES,
                                                              &found),
                         PRISTINE_OK);
            CHECK(found == want);
            for (i = 0; i < want && i < found; ++i) CHECK(got_ids[i] == want_ids[i] && got_d[i] == want_d[i]);
            /* Counting only, then a short buffer: the nearest ones and the full count. */
            found = 0;
            CHECK_STATUS(pristine_hamming_index_search_radius(index, query, bytes, radii[r], NULL, NULL, 0, &found),
                         PRISTINE_OK);
            CHECK(found == want);
            if (want >= 2) {
                got_ids[1] = 0;
                CHECK_STATUS(pristine_hamming_index_search_radius(index, query, bytes, radii[r], got_ids, got_d, 1,
                                                                  &found),
                             PRISTINE_OK);
                CHECK(found == want && got_ids[0] == want_ids[0] && got_ids[1] == 0);
            }
        }
    }
    pristine_hamming_index_free(index);
}

static void test_pairs(size_t bytes, int radius) {
    const size_t n = 600;
    pristine_hamming_index* index = build(n, bytes);
    pristine_hamming_pairs* pairs = NULL;
    size_t expected = 0, i, j, t;
    int32_t threads[3];
    threads[0] = 0;
    threads[1] = 1;
    threads[2] = 3;
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j) expected += distance(g_codes[i], g_codes[j], bytes) <= radius;
    CHECK(expected > 0); /* or the comparison below proves nothing */
    for (t = 0; t < 3; ++t) {
        const uint64_t* ids;
        const int32_t* dist;
        size_t count;
        CHECK_STATUS(pristine_hamming_index_pairs_within(index, radius, threads[t], &pairs), PRISTINE_OK);
        count = pristine_hamming_pairs_count(pairs);
        ids = pristine_hamming_pairs_ids(pairs);
        dist = pristine_hamming_pairs_distances(pairs);
        CHECK(count == expected && ids != NULL && dist != NULL);
        for (i = 0; ids != NULL && dist != NULL && i < count; ++i) {
            /* Each pair: a < b, in order, at its true distance. */
            size_t sa = n, sb = n, k;
            for (k = 0; k < n; ++k) {
                if (g_ids[k] == ids[2 * i]) sa = k;
                if (g_ids[k] == ids[2 * i + 1]) sb = k;
            }
            CHECK(sa < n && sb < n && ids[2 * i] < ids[2 * i + 1]);
            if (sa < n && sb < n) CHECK(dist[i] == distance(g_codes[sa], g_codes[sb], bytes) && dist[i] <= radius);
            if (i > 0)
                CHECK(ids[2 * i - 2] < ids[2 * i] || (ids[2 * i - 2] == ids[2 * i] && ids[2 * i - 1] < ids[2 * i + 1]));
        }
        pristine_hamming_pairs_free(pairs);
    }
    pristine_hamming_index_free(index);
}

static void test_dihedral(void) {
    pristine_hamming_index* index = NULL;
    uint8_t variants[8 * 32], stored[2 * 32];
    uint64_t ids[2] = {5, 6}, got[4];
    int32_t dist[4];
    size_t found = 0, k;
    for (k = 0; k < sizeof variants; ++k) variants[k] = (uint8_t)next_random();
    memcpy(stored, variants + 3 * 32, 32); /* id 5: variant 3 with 2 bits changed */
    stored[0] ^= 3;
    for (k = 0; k < 32; ++k) stored[32 + k] = (uint8_t)~variants[k]; /* id 6: far from everything */
    CHECK_STATUS(pristine_hamming_index_create(32, &index), PRISTINE_OK);
    CHECK_STATUS(pristine_hamming_index_add(index, ids, 2, stored), PRISTINE_OK);
    CHECK_STATUS(pristine_hamming_index_search_radius(index, variants, 32, 10, got, dist, 4, &found), PRISTINE_OK);
    CHECK(found == 0);
    CHECK_STATUS(pristine_hamming_index_search_radius_dihedral(index, variants, sizeof variants, 10, got, dist, 4, &found),
                 PRISTINE_OK);
    CHECK(found == 1 && got[0] == 5 && dist[0] == 2);
    CHECK_STATUS(pristine_hamming_index_search_radius_dihedral(index, variants, 32, 10, got, dist, 4, &found),
                 PRISTINE_INVALID_ARGUMENT);
    pristine_hamming_index_free(index);
}

static void test_add_remove_and_errors(void) {
    pristine_hamming_index* index = (pristine_hamming_index*)&g_state; /* set to NULL on failure */
    pristine_hamming_pairs* pairs = (pristine_hamming_pairs*)&g_state;
    uint8_t codes[3 * 8];
    uint64_t ids[3] = {1, 2, 3}, again[2] = {4, 2}, twice[2] = {7, 7}, got[3];
    int32_t removed = -1;
    size_t count = 99;
    memset(codes, 0, sizeof codes);
    codes[8] = 1;
    codes[16] = 3;
    CHECK_STATUS(pristine_hamming_index_create(7, &index), PRISTINE_INVALID_ARGUMENT);
    CHECK(index == NULL && strstr(pristine_last_error(), "8..128") != NULL);
    CHECK_STATUS(pristine_hamming_index_create(129, &index), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hamming_index_create(8, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hamming_index_create(8, &index), PRISTINE_OK);
    CHECK_STATUS(pristine_hamming_index_add(index, ids, 3, codes), PRISTINE_OK);
    /* All or nothing: id 2 is present, 7 is repeated; 4 must not have been added. */
    CHECK_STATUS(pristine_hamming_index_add(index, again, 2, codes), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "2") != NULL);
    CHECK_STATUS(pristine_hamming_index_add(index, twice, 2, codes), PRISTINE_INVALID_ARGUMENT);
    CHECK(pristine_hamming_index_size(index) == 3 && !pristine_hamming_index_contains(index, 4) &&
          !pristine_hamming_index_contains(index, 7) && pristine_hamming_index_contains(index, 2));
    CHECK_STATUS(pristine_hamming_index_add(index, NULL, 0, NULL), PRISTINE_OK);
    CHECK_STATUS(pristine_hamming_index_add(index, NULL, 1, codes), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hamming_index_add(NULL, ids, 1, codes), PRISTINE_INVALID_ARGUMENT);
    /* Remove, and the queries no longer see it. */
    CHECK_STATUS(pristine_hamming_index_remove(index, 2, &removed), PRISTINE_OK);
    CHECK(removed == 1 && !pristine_hamming_index_contains(index, 2) && pristine_hamming_index_size(index) == 2);
    CHECK_STATUS(pristine_hamming_index_remove(index, 2, &removed), PRISTINE_OK);
    CHECK(removed == 0);
    CHECK_STATUS(pristine_hamming_index_remove(index, 3, NULL), PRISTINE_OK);
    CHECK_STATUS(pristine_hamming_index_search_knn(index, codes, 8, 3, got, NULL, &count), PRISTINE_OK);
    CHECK(count == 1 && got[0] == 1);
    /* Bad arguments leave the outputs as they were. */
    count = 99;
    CHECK_STATUS(pristine_hamming_index_search_knn(index, codes, 7, 3, got, NULL, &count), PRISTINE_INVALID_ARGUMENT);
    CHECK(count == 99 && strstr(pristine_last_error(), "7 bytes") != NULL);
    CHECK_STATUS(pristine_hamming_index_search_knn(index, codes, 8, 3, NULL, NULL, &count), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hamming_index_search_knn(index, codes, 8, 0, NULL, NULL, &count), PRISTINE_OK);
    CHECK(count == 0);
    CHECK_STATUS(pristine_hamming_index_search_radius(index, codes, 8, -1, got, NULL, 3, &count), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hamming_index_search_radius(index, codes, 8, 1, got, NULL, 3, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hamming_index_pairs_within(index, 1, -1, &pairs), PRISTINE_INVALID_ARGUMENT);
    CHECK(pairs == NULL);
    CHECK_STATUS(pristine_hamming_index_pairs_within(NULL, 1, 0, &pairs), PRISTINE_INVALID_ARGUMENT);
    /* No pairs: an empty result, not an error. */
    CHECK_STATUS(pristine_hamming_index_pairs_within(index, 0, 0, &pairs), PRISTINE_OK);
    CHECK(pairs != NULL && pristine_hamming_pairs_count(pairs) == 0 && pristine_hamming_pairs_ids(pairs) == NULL);
    pristine_hamming_pairs_free(pairs);
    /* NULL handles. */
    CHECK(pristine_hamming_index_size(NULL) == 0 && pristine_hamming_index_code_bytes(NULL) == 0 &&
          pristine_hamming_index_contains(NULL, 1) == 0 && pristine_hamming_pairs_count(NULL) == 0 &&
          pristine_hamming_pairs_ids(NULL) == NULL && pristine_hamming_pairs_distances(NULL) == NULL);
    pristine_hamming_index_free(NULL);
    pristine_hamming_pairs_free(NULL);
    pristine_hamming_index_free(index);
}

int main(void) {
    test_queries(8);
    test_queries(32);
    test_queries(128);
    test_pairs(8, 3);
    test_pairs(32, 12);
    test_pairs(32, 40); /* beyond the multi-index: the scan */
    test_pairs(128, 30);
    test_dihedral();
    test_add_remove_and_errors();
    if (g_failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", g_failures);
        return 1;
    }
    printf("c.capi_index: all checks passed\n");
    return 0;
}
