/* Several hash kinds from one decode through the C ABI (pristine_hash_multi_*), from a strict C99
 * program: each hash equals the one-kind call, for a file, a buffer and a decoded image; bad arguments
 * write nothing.
 * Usage: test_capi_multi <image file>... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pristine.h"

/* Every kind, one repeated, in an order that is not the numbers' order. */
static const pristine_hash_kind k_kinds[] = {PRISTINE_HASH_PDQ, PRISTINE_HASH_DCT, PRISTINE_HASH_RADIAL,
                                             PRISTINE_HASH_MH,  PRISTINE_HASH_BLOCKMEAN,
                                             PRISTINE_HASH_BLOCKMEAN_OVERLAP, PRISTINE_HASH_DCT};
#define KIND_COUNT (sizeof k_kinds / sizeof k_kinds[0])

static size_t total_size(void) {
    size_t i, n = 0;
    for (i = 0; i < KIND_COUNT; ++i) n += pristine_hash_size(k_kinds[i]);
    return n;
}

static unsigned char* read_all(const char* path, size_t* size) {
    FILE* f = fopen(path, "rb");
    unsigned char* data;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    data = (unsigned char*)malloc((size_t)n + 1);
    if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return data;
}

/* `multi` holds the hashes of k_kinds one after the other; each must equal the one-kind hash of the
 * same source (0 = file, 1 = memory, 2 = pixels of `image`). */
static void check_each(const unsigned char* multi, int source, const char* path, const unsigned char* data,
                       size_t size, const pristine_image* image) {
    uint8_t one[PRISTINE_HASH_SIZE_MAX];
    size_t i, offset = 0;
    for (i = 0; i < KIND_COUNT; ++i) {
        const size_t n = pristine_hash_size(k_kinds[i]);
        pristine_status s;
        if (source == 0)
            s = pristine_hash_file(path, k_kinds[i], one, sizeof one);
        else if (source == 1)
            s = pristine_hash_memory(data, size, k_kinds[i], one, sizeof one);
        else
            s = pristine_hash_pixels(pristine_image_pixels(image), pristine_image_width(image),
                                     pristine_image_height(image), pristine_image_channels(image),
                                     pristine_image_stride(image), k_kinds[i], one, sizeof one);
        CHECK_STATUS(s, PRISTINE_OK);
        if (memcmp(multi + offset, one, n) != 0) {
            fprintf(stderr, "%s: kind %s differs from its one-kind hash (source %d)\n", path,
                    pristine_hash_kind_name(k_kinds[i]), source);
            ++g_failures;
        }
        offset += n;
    }
}

static void test_file(const char* path) {
    unsigned char out[8 * PRISTINE_HASH_SIZE_MAX];
    uint8_t pdq[PRISTINE_HASH_SIZE_PDQ];
    int32_t quality = -2, pdq_quality = -3;
    size_t size = 0;
    unsigned char* data = read_all(path, &size);
    pristine_image* image = NULL;
    const size_t need = total_size();
    CHECK(data != NULL);
    if (data == NULL) return;
    CHECK(need <= sizeof out);

    CHECK_STATUS(pristine_hash_multi_file(path, k_kinds, KIND_COUNT, out, need, &quality), PRISTINE_OK);
    check_each(out, 0, path, data, size, NULL);
    CHECK_STATUS(pristine_hash_pdq_file(path, pdq, sizeof pdq, &pdq_quality), PRISTINE_OK);
    CHECK(quality == pdq_quality);

    memset(out, 0, sizeof out);
    quality = -2;
    CHECK_STATUS(pristine_hash_multi_memory(data, size, k_kinds, KIND_COUNT, out, sizeof out, &quality), PRISTINE_OK);
    check_each(out, 1, path, data, size, NULL);
    CHECK(quality == pdq_quality);

    CHECK_STATUS(pristine_image_load_memory(data, size, NULL, &image), PRISTINE_OK);
    if (image != NULL) {
        memset(out, 0, sizeof out);
        CHECK_STATUS(pristine_hash_multi_image(image, k_kinds, KIND_COUNT, out, need, NULL), PRISTINE_OK);
        check_each(out, 2, path, data, size, image);
        /* Without pdq among the kinds, the quality is -1. */
        quality = -2;
        CHECK_STATUS(pristine_hash_multi_image(image, k_kinds + 1, 2, out, need, &quality), PRISTINE_OK);
        CHECK(quality == -1);
        pristine_image_free(image);
    }
    free(data);
}

static void test_errors(const char* path) {
    unsigned char out[8 * PRISTINE_HASH_SIZE_MAX];
    pristine_hash_kind bad[2];
    int32_t quality = 7;
    size_t i;
    bad[0] = PRISTINE_HASH_DCT;
    bad[1] = (pristine_hash_kind)99;
    memset(out, 0xAB, sizeof out);
    CHECK_STATUS(pristine_hash_multi_file(path, k_kinds, 0, out, sizeof out, &quality), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_file(path, NULL, 1, out, sizeof out, &quality), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_file(NULL, k_kinds, 1, out, sizeof out, &quality), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_file(path, bad, 2, out, sizeof out, &quality), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "99") != NULL);
    CHECK_STATUS(pristine_hash_multi_file(path, k_kinds, KIND_COUNT, out, total_size() - 1, &quality),
                 PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_file(path, k_kinds, KIND_COUNT, NULL, sizeof out, &quality),
                 PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_memory(NULL, 10, k_kinds, 1, out, sizeof out, &quality),
                 PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_memory("junk", 4, k_kinds, 1, out, sizeof out, &quality),
                 PRISTINE_UNSUPPORTED_FORMAT);
    CHECK_STATUS(pristine_hash_multi_image(NULL, k_kinds, 1, out, sizeof out, &quality), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_multi_file("/nonexistent/pristine.jpg", k_kinds, 1, out, sizeof out, &quality),
                 PRISTINE_IO_ERROR);
    /* Nothing written on failure. */
    CHECK(quality == 7);
    for (i = 0; i < sizeof out; ++i)
        if (out[i] != 0xAB) {
            CHECK(out[i] == 0xAB);
            break;
        }
}

int main(int argc, char** argv) {
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s <image file>...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; ++i) test_file(argv[i]);
    test_errors(argv[1]);
    if (g_failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", g_failures);
        return 1;
    }
    printf("test_capi_multi: all checks passed\n");
    return 0;
}
