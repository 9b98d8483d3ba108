/* The C ABI exercised from a real C99 program: version, statuses, last error, image handles, hashes, the
 * scorer, and the error paths. It writes its own images (binary PPMs and a 24-bit BMP) because the C API
 * has no encoder.
 * Usage: test_capi <scratch directory> [<model file>]  (the scorer checks need the model file) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pristine.h"

/* 3x2 RGB test picture; two pixels are equal, so it has 5 distinct colours. */
static const unsigned char k_rgb[2][3][3] = {
    {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}},
    {{10, 20, 30}, {255, 0, 0}, {200, 100, 50}},
};

static int write_bytes(const char* path, const void* data, size_t size) {
    FILE* f = fopen(path, "wb");
    int ok;
    if (f == NULL) return 0;
    ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

static size_t make_ppm(unsigned char* out) {
    const char* header = "P6\n3 2\n255\n";
    size_t n = strlen(header);
    memcpy(out, header, n);
    memcpy(out + n, k_rgb, sizeof k_rgb);
    return n + sizeof k_rgb;
}

static void put_le(unsigned char* p, unsigned long v, int bytes) {
    int i;
    for (i = 0; i < bytes; ++i) p[i] = (unsigned char)((v >> (8 * i)) & 0xFF);
}

/* 24-bit BI_RGB BMP: bottom-up rows of BGR, each padded to 4 bytes. */
static size_t make_bmp(unsigned char* out) {
    const int w = 3, h = 2, row = 12; /* 3 * 3 = 9 bytes, padded to 12 */
    const size_t size = 54 + (size_t)row * h;
    int x, y;
    memset(out, 0, size);
    out[0] = 'B';
    out[1] = 'M';
    put_le(out + 2, (unsigned long)size, 4);
    put_le(out + 10, 54, 4);  /* pixel data offset */
    put_le(out + 14, 40, 4);  /* BITMAPINFOHEADER */
    put_le(out + 18, (unsigned long)w, 4);
    put_le(out + 22, (unsigned long)h, 4);
    put_le(out + 26, 1, 2);   /* planes */
    put_le(out + 28, 24, 2);  /* bits per pixel */
    put_le(out + 34, (unsigned long)(row * h), 4);
    put_le(out + 38, 2835, 4);
    put_le(out + 42, 2835, 4);
    for (y = 0; y < h; ++y)
        for (x = 0; x < w; ++x) {
            unsigned char* p = out + 54 + (size_t)(h - 1 - y) * row + (size_t)x * 3;
            p[0] = k_rgb[y][x][2];
            p[1] = k_rgb[y][x][1];
            p[2] = k_rgb[y][x][0];
        }
    return size;
}

static int pixels_match(const pristine_image* img) {
    const uint8_t* px = pristine_image_pixels(img);
    size_t stride = pristine_image_stride(img);
    int y;
    if (px == NULL || pristine_image_width(img) != 3 || pristine_image_height(img) != 2 ||
        pristine_image_channels(img) != 3)
        return 0;
    for (y = 0; y < 2; ++y)
        if (memcmp(px + stride * (size_t)y, k_rgb[y], 9) != 0) return 0;
    return 1;
}

static void test_version_and_names(void) {
    char expected[32];
    CHECK(pristine_version() == PRISTINE_C_VERSION_NUMBER);
    CHECK(pristine_version() / 10000 == PRISTINE_C_VERSION_MAJOR);
    snprintf(expected, sizeof expected, "%d.%d.%d", PRISTINE_C_VERSION_MAJOR, PRISTINE_C_VERSION_MINOR, PRISTINE_C_VERSION_PATCH);
    CHECK(strcmp(pristine_version_string(), expected) == 0);

    CHECK(strcmp(pristine_status_name(PRISTINE_OK), "ok") == 0);
    CHECK(strcmp(pristine_status_name(PRISTINE_CORRUPT_DATA), "corrupt_data") == 0);
    CHECK(strcmp(pristine_status_name(PRISTINE_INTERNAL), "internal") == 0);
    CHECK(strcmp(pristine_status_name(PRISTINE_UNAVAILABLE), "unavailable") == 0);
    CHECK(strcmp(pristine_status_name((pristine_status)11), "unknown") == 0);
    CHECK(strcmp(pristine_status_name((pristine_status)42), "unknown") == 0);
    CHECK(strcmp(pristine_status_name((pristine_status)-1), "unknown") == 0);

    CHECK(strcmp(pristine_format_name(PRISTINE_FORMAT_JPEG), "jpeg") == 0);
    CHECK(strcmp(pristine_format_name(PRISTINE_FORMAT_PNM), "pnm") == 0);
    CHECK(strcmp(pristine_format_name(PRISTINE_FORMAT_TIFF), "tiff") == 0);
    CHECK(strcmp(pristine_format_name(PRISTINE_FORMAT_JXL), "jxl") == 0);
    CHECK(strcmp(pristine_format_name((pristine_format)99), "unknown") == 0);

    CHECK(pristine_last_error() != NULL);
}

static void test_options_init(void) {
    pristine_decode_options o;
    memset(&o, 0x5A, sizeof o);
    pristine_decode_options_init(&o);
    CHECK(o.struct_size == sizeof o);
    CHECK(o.channels == 3);
    CHECK(o.apply_orientation == 1);
    CHECK(o.scale_denom == 1);
    CHECK(o.background[0] == 255 && o.background[1] == 255 && o.background[2] == 255);
    CHECK(o.max_pixels > 0);
    pristine_decode_options_init(NULL); /* ignored, must not crash */
}

static void test_decode(const char* ppm_path, const unsigned char* ppm, size_t ppm_size,
                        const unsigned char* bmp, size_t bmp_size) {
    pristine_image* img = NULL;
    pristine_image_info info;
    pristine_decode_options o;
    uint64_t colors = 0;
    unsigned char packed[18];

    CHECK_STATUS(pristine_image_load_file(ppm_path, NULL, &img), PRISTINE_OK);
    CHECK(img != NULL);
    CHECK(pixels_match(img));
    CHECK(pristine_image_stride(img) >= 9);

    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    CHECK_STATUS(pristine_image_get_info(img, &info), PRISTINE_OK);
    CHECK(info.struct_size == sizeof info);
    CHECK(info.format == PRISTINE_FORMAT_PNM);
    CHECK(info.width == 3 && info.height == 2);
    CHECK(info.display_width == 3 && info.display_height == 2);
    CHECK(info.file_size == ppm_size);
    CHECK(info.frames == 1);
    CHECK(info.bit_depth == 8);
    CHECK(info.orientation == 1);
    CHECK(info.has_alpha == 0);
    CHECK(info.jpeg_quality == -1);
    CHECK(info.jpeg_subsampling == PRISTINE_SUBSAMPLING_NONE);

    CHECK_STATUS(pristine_image_count_colors(img, &colors), PRISTINE_OK);
    CHECK(colors == 5);

    CHECK_STATUS(pristine_image_copy_pixels(img, packed, sizeof packed), PRISTINE_OK);
    CHECK(memcmp(packed, k_rgb, sizeof packed) == 0);
    CHECK_STATUS(pristine_image_copy_pixels(img, packed, sizeof packed - 1), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "buffer") != NULL);
    pristine_image_free(img);
    img = NULL;

    /* Grey output through options. */
    pristine_decode_options_init(&o);
    o.channels = 1;
    CHECK_STATUS(pristine_image_load_memory(ppm, ppm_size, &o, &img), PRISTINE_OK);
    CHECK(pristine_image_channels(img) == 1);
    CHECK(pristine_image_width(img) == 3);
    pristine_image_free(img);
    img = NULL;

    /* The BMP decodes to the same pixels (BGR and bottom-up rows undone). */
    CHECK_STATUS(pristine_image_load_memory(bmp, bmp_size, NULL, &img), PRISTINE_OK);
    CHECK(pixels_match(img));
    info.struct_size = sizeof info;
    CHECK_STATUS(pristine_image_get_info(img, &info), PRISTINE_OK);
    CHECK(info.format == PRISTINE_FORMAT_BMP);
    pristine_image_free(img);
    img = NULL;

    /* Probing gives the metadata without a handle. */
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    CHECK_STATUS(pristine_probe_file(ppm_path, &info), PRISTINE_OK);
    CHECK(info.format == PRISTINE_FORMAT_PNM && info.width == 3 && info.height == 2);
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    CHECK_STATUS(pristine_probe_memory(bmp, bmp_size, &info), PRISTINE_OK);
    CHECK(info.format == PRISTINE_FORMAT_BMP && info.width == 3 && info.height == 2);
    CHECK(info.file_size == bmp_size);
}

static void test_errors(const char* dir, const unsigned char* ppm, size_t ppm_size) {
    char path[1024];
    pristine_image* img = (pristine_image*)&img; /* non-NULL garbage: a failed load must reset it */
    pristine_image_info info;
    pristine_decode_options o;
    const char* text = "hello, this is not an image\n";

    /* Missing file: IO_ERROR, and the message names the path. */
    snprintf(path, sizeof path, "%s/does-not-exist.png", dir);
    CHECK_STATUS(pristine_image_load_file(path, NULL, &img), PRISTINE_IO_ERROR);
    CHECK(img == NULL);
    CHECK(strstr(pristine_last_error(), "does-not-exist.png") != NULL);
    info.struct_size = sizeof info;
    CHECK_STATUS(pristine_probe_file(path, &info), PRISTINE_IO_ERROR);

    /* Zero bytes, and text: UNSUPPORTED_FORMAT. */
    snprintf(path, sizeof path, "%s/empty.bin", dir);
    CHECK(write_bytes(path, "", 0));
    CHECK_STATUS(pristine_image_load_file(path, NULL, &img), PRISTINE_UNSUPPORTED_FORMAT);
    CHECK(img == NULL);
    snprintf(path, sizeof path, "%s/text.txt", dir);
    CHECK(write_bytes(path, text, strlen(text)));
    CHECK_STATUS(pristine_image_load_file(path, NULL, &img), PRISTINE_UNSUPPORTED_FORMAT);
    CHECK(strstr(pristine_last_error(), "text.txt") != NULL);
    CHECK_STATUS(pristine_image_load_memory(text, strlen(text), NULL, &img), PRISTINE_UNSUPPORTED_FORMAT);
    CHECK_STATUS(pristine_image_load_memory(NULL, 0, NULL, &img), PRISTINE_UNSUPPORTED_FORMAT);

    /* A truncated PPM is recognised but broken. */
    CHECK_STATUS(pristine_image_load_memory(ppm, ppm_size - 4, NULL, &img), PRISTINE_CORRUPT_DATA);
    CHECK(img == NULL);

    /* NULL arguments: INVALID_ARGUMENT with a message naming the argument. */
    CHECK_STATUS(pristine_image_load_file(NULL, NULL, &img), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "path") != NULL);
    CHECK_STATUS(pristine_image_load_file("x.png", NULL, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_image_load_memory(NULL, 10, NULL, &img), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_probe_file(NULL, &info), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_probe_memory(ppm, ppm_size, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_image_get_info(NULL, &info), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_image_count_colors(NULL, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_image_copy_pixels(NULL, NULL, 0), PRISTINE_INVALID_ARGUMENT);

    /* A struct_size that is too small is refused rather than overrun. */
    info.struct_size = 0;
    CHECK_STATUS(pristine_probe_memory(ppm, ppm_size, &info), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "struct_size") != NULL);

    /* Bad options, and the pixel limit. */
    pristine_decode_options_init(&o);
    o.channels = 2;
    CHECK_STATUS(pristine_image_load_memory(ppm, ppm_size, &o, &img), PRISTINE_INVALID_ARGUMENT);
    pristine_decode_options_init(&o);
    o.max_pixels = 5;
    CHECK_STATUS(pristine_image_load_memory(ppm, ppm_size, &o, &img), PRISTINE_TOO_LARGE);
    CHECK(img == NULL);

    /* Accessors and free accept NULL. */
    pristine_image_free(NULL);
    CHECK(pristine_image_width(NULL) == 0);
    CHECK(pristine_image_height(NULL) == 0);
    CHECK(pristine_image_channels(NULL) == 0);
    CHECK(pristine_image_stride(NULL) == 0);
    CHECK(pristine_image_pixels(NULL) == NULL);

    /* Success leaves the last message in place (errno-like), and it is never NULL. */
    CHECK(pristine_last_error() != NULL && pristine_last_error()[0] != '\0');
}

/* Perceptual hashes: a 64x48 RGB picture hashed from pixels, from a PPM in memory and on disk must agree
 * (non-JPEG files are decoded at full size); dihedral variants, distances and the error paths. */
#define HW 64
#define HH 48
static void test_hash(const char* dir) {
    static unsigned char rgb[HH][HW][3];
    static unsigned char ppm[32 + sizeof rgb];
    static unsigned char padded[HH][HW * 3 + 5];
    unsigned char a[PRISTINE_HASH_SIZE_MAX], b[PRISTINE_HASH_SIZE_MAX], c[PRISTINE_HASH_SIZE_MAX];
    unsigned char variants[PRISTINE_HASH_DIHEDRAL_COUNT * PRISTINE_HASH_SIZE_MAX];
    char path[1024];
    const char* header = "P6\n64 48\n255\n";
    size_t ppm_size, n;
    int x, y, k;
    int32_t quality = -7;
    double d = -1;
    pristine_hash_kind kind = PRISTINE_HASH_DCT;

    for (y = 0; y < HH; ++y)
        for (x = 0; x < HW; ++x) {
            int inside = x > 20 && x < 44 && y > 10 && y < 30;
            rgb[y][x][0] = (unsigned char)(inside ? 240 : x * 4);
            rgb[y][x][1] = (unsigned char)(inside ? 30 : y * 5);
            rgb[y][x][2] = (unsigned char)((x * y) % 256);
        }
    ppm_size = strlen(header);
    memcpy(ppm, header, ppm_size);
    memcpy(ppm + ppm_size, rgb, sizeof rgb);
    ppm_size += sizeof rgb;
    snprintf(path, sizeof path, "%s/capi_hash.ppm", dir);
    CHECK(write_bytes(path, ppm, ppm_size));
    for (y = 0; y < HH; ++y) memcpy(padded[y], rgb[y], HW * 3);

    /* Sizes and names agree with the constants. */
    CHECK(pristine_hash_size(PRISTINE_HASH_DCT) == PRISTINE_HASH_SIZE_DCT);
    CHECK(pristine_hash_size(PRISTINE_HASH_RADIAL) == PRISTINE_HASH_SIZE_RADIAL);
    CHECK(pristine_hash_size(PRISTINE_HASH_BLOCKMEAN) == PRISTINE_HASH_SIZE_BLOCKMEAN);
    CHECK(pristine_hash_size(PRISTINE_HASH_BLOCKMEAN_OVERLAP) == PRISTINE_HASH_SIZE_BLOCKMEAN_OVERLAP);
    CHECK(pristine_hash_size(PRISTINE_HASH_MH) == PRISTINE_HASH_SIZE_MH);
    CHECK(pristine_hash_size(PRISTINE_HASH_PDQ) == PRISTINE_HASH_SIZE_PDQ);
    CHECK(pristine_hash_size((pristine_hash_kind)6) == 0);
    CHECK(strcmp(pristine_hash_kind_name(PRISTINE_HASH_BLOCKMEAN_OVERLAP), "blockmean-overlap") == 0);
    CHECK(strcmp(pristine_hash_kind_name((pristine_hash_kind)-1), "unknown") == 0);
    CHECK_STATUS(pristine_hash_kind_from_name("mh", &kind), PRISTINE_OK);
    CHECK(kind == PRISTINE_HASH_MH);
    CHECK_STATUS(pristine_hash_kind_from_name("phash", &kind), PRISTINE_INVALID_ARGUMENT);

    for (k = PRISTINE_HASH_DCT; k <= PRISTINE_HASH_PDQ; ++k) {
        n = pristine_hash_size((pristine_hash_kind)k);
        memset(a, 0, sizeof a);
        memset(b, 1, sizeof b);
        CHECK_STATUS(pristine_hash_pixels(&rgb[0][0][0], HW, HH, 3, 0, (pristine_hash_kind)k, a, sizeof a), PRISTINE_OK);
        CHECK_STATUS(pristine_hash_memory(ppm, ppm_size, (pristine_hash_kind)k, b, n), PRISTINE_OK);
        CHECK(memcmp(a, b, n) == 0);
        CHECK_STATUS(pristine_hash_file(path, (pristine_hash_kind)k, b, n), PRISTINE_OK);
        CHECK(memcmp(a, b, n) == 0);
        /* Rows apart in memory (stride) give the same hash. */
        CHECK_STATUS(pristine_hash_pixels(&padded[0][0], HW, HH, 3, sizeof padded[0], (pristine_hash_kind)k, b, n),
                     PRISTINE_OK);
        CHECK(memcmp(a, b, n) == 0);

        CHECK_STATUS(pristine_hash_distance((pristine_hash_kind)k, a, b, n, &d), PRISTINE_OK);
        CHECK(d == 0.0);
        CHECK_STATUS(pristine_hash_dihedral_pixels(&rgb[0][0][0], HW, HH, 3, 0, (pristine_hash_kind)k, variants,
                                                   sizeof variants), PRISTINE_OK);
        CHECK(memcmp(variants, a, n) == 0);
        CHECK_STATUS(pristine_hash_dihedral_file(path, (pristine_hash_kind)k, variants, 8 * n), PRISTINE_OK);
        CHECK(memcmp(variants, a, n) == 0);
        CHECK_STATUS(pristine_hash_dihedral_memory(ppm, ppm_size, (pristine_hash_kind)k, variants, 8 * n), PRISTINE_OK);
        CHECK(memcmp(variants, a, n) == 0);
        /* The mirror image (variant 4) matches its own hash through the dihedral distance. */
        memcpy(c, variants + 4 * n, n);
        CHECK_STATUS(pristine_hash_distance_dihedral((pristine_hash_kind)k, variants, 8 * n, c, n, &d), PRISTINE_OK);
        CHECK(d == 0.0);
        CHECK_STATUS(pristine_hash_distance_dihedral((pristine_hash_kind)k, variants, n, c, n, &d),
                     PRISTINE_INVALID_ARGUMENT);
        CHECK_STATUS(pristine_hash_dihedral_file(path, (pristine_hash_kind)k, variants, 8 * n - 1),
                     PRISTINE_INVALID_ARGUMENT);
        /* Too small an output buffer is refused and left alone. */
        memset(c, 0xAB, sizeof c);
        CHECK_STATUS(pristine_hash_file(path, (pristine_hash_kind)k, c, n - 1), PRISTINE_INVALID_ARGUMENT);
        CHECK(c[0] == 0xAB);
        CHECK(strstr(pristine_last_error(), "needed") != NULL);
    }

    /* Distances: different pictures differ; normalised is in 0..1; sizes are checked. */
    CHECK_STATUS(pristine_hash_pixels(&rgb[0][0][0], HW, HH, 3, 0, PRISTINE_HASH_BLOCKMEAN, a, sizeof a), PRISTINE_OK);
    CHECK_STATUS(pristine_hash_pixels(&rgb[0][0][0], HW / 2, HH, 3, HW * 3, PRISTINE_HASH_BLOCKMEAN, b, sizeof b),
                 PRISTINE_OK);
    CHECK_STATUS(pristine_hash_distance(PRISTINE_HASH_BLOCKMEAN, a, b, PRISTINE_HASH_SIZE_BLOCKMEAN, &d), PRISTINE_OK);
    CHECK(d > 0 && d <= 256);
    CHECK_STATUS(pristine_hash_distance_normalized(PRISTINE_HASH_BLOCKMEAN, a, b, PRISTINE_HASH_SIZE_BLOCKMEAN, &d),
                 PRISTINE_OK);
    CHECK(d > 0 && d <= 1);
    CHECK_STATUS(pristine_hash_distance(PRISTINE_HASH_BLOCKMEAN, a, b, 8, &d), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_distance(PRISTINE_HASH_BLOCKMEAN, NULL, b, 32, &d), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_distance((pristine_hash_kind)9, a, b, 32, &d), PRISTINE_INVALID_ARGUMENT);

    /* PDQ with its quality. */
    CHECK_STATUS(pristine_hash_pdq_file(path, a, PRISTINE_HASH_SIZE_PDQ, &quality), PRISTINE_OK);
    CHECK(quality >= 0 && quality <= 100);
    CHECK_STATUS(pristine_hash_pdq_memory(ppm, ppm_size, b, PRISTINE_HASH_SIZE_PDQ, NULL), PRISTINE_OK);
    CHECK(memcmp(a, b, PRISTINE_HASH_SIZE_PDQ) == 0);
    quality = -7;
    CHECK_STATUS(pristine_hash_pdq_pixels(&rgb[0][0][0], HW, HH, 3, 0, b, PRISTINE_HASH_SIZE_PDQ, &quality), PRISTINE_OK);
    CHECK(memcmp(a, b, PRISTINE_HASH_SIZE_PDQ) == 0);
    CHECK(quality >= 0);

    /* Errors. */
    CHECK_STATUS(pristine_hash_file(NULL, PRISTINE_HASH_DCT, a, sizeof a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_file(path, (pristine_hash_kind)17, a, sizeof a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_memory("nope", 4, PRISTINE_HASH_DCT, a, sizeof a), PRISTINE_UNSUPPORTED_FORMAT);
    CHECK_STATUS(pristine_hash_pixels(&rgb[0][0][0], 0, HH, 3, 0, PRISTINE_HASH_DCT, a, sizeof a),
                 PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_pixels(&rgb[0][0][0], HW, HH, 5, 0, PRISTINE_HASH_DCT, a, sizeof a),
                 PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_hash_pixels(&rgb[0][0][0], HW, HH, 3, 10, PRISTINE_HASH_DCT, a, sizeof a),
                 PRISTINE_INVALID_ARGUMENT);
    snprintf(path, sizeof path, "%s/capi_hash_missing.jpg", dir);
    CHECK_STATUS(pristine_hash_file(path, PRISTINE_HASH_PDQ, a, sizeof a), PRISTINE_IO_ERROR);
    CHECK(strstr(pristine_last_error(), "capi_hash_missing.jpg") != NULL);
}
#undef HW
#undef HH


/* The scorer: the default and an explicit model, scoring a file, bytes and pixels (deterministic and
 * consistent), batches with per-item failures, ranking, and the error paths. */
#define SW 96
#define SH 80
static void test_scorer(const char* dir, const char* model) {
    static unsigned char rgb[SH][SW][3];
    static unsigned char ppm[32 + sizeof rgb];
    static unsigned char padded[SH][SW * 3 + 7];
    static char info[1 << 16];
    const char* header = "P6\n96 80\n255\n";
    const char* garbage = "this is not a model file, just some text that is long enough to be read";
    char ppm_path[1024], missing[1024], text_path[1024], bad_model[1024], truncated_model[1024], path[4096];
    const char* batch[5];
    double scores[5], a = -1, b = -2, c = -3;
    int32_t statuses[5];
    size_t order[5], length = 0, ppm_size;
    unsigned char head[256];
    FILE* f;
    int x, y, i;
    pristine_scorer* s = NULL;
    pristine_scorer* d = (pristine_scorer*)&d; /* non-NULL garbage: a failed load must reset it */
    pristine_scorer_options o;

    for (y = 0; y < SH; ++y)
        for (x = 0; x < SW; ++x) {
            int inside = x > 30 && x < 70 && y > 20 && y < 50;
            rgb[y][x][0] = (unsigned char)(inside ? 230 : (x * 5 + y) % 256);
            rgb[y][x][1] = (unsigned char)(inside ? 40 : (y * 7) % 256);
            rgb[y][x][2] = (unsigned char)((x * y * 3) % 256);
        }
    ppm_size = strlen(header);
    memcpy(ppm, header, ppm_size);
    memcpy(ppm + ppm_size, rgb, sizeof rgb);
    ppm_size += sizeof rgb;
    for (y = 0; y < SH; ++y) memcpy(padded[y], rgb[y], SW * 3);
    snprintf(ppm_path, sizeof ppm_path, "%s/capi_score.ppm", dir);
    snprintf(missing, sizeof missing, "%s/capi_score_missing.png", dir);
    snprintf(text_path, sizeof text_path, "%s/capi_score_text.jpg", dir);
    snprintf(bad_model, sizeof bad_model, "%s/capi_garbage.pmdl", dir);
    snprintf(truncated_model, sizeof truncated_model, "%s/capi_truncated.pmdl", dir);
    CHECK(write_bytes(ppm_path, ppm, ppm_size));
    CHECK(write_bytes(text_path, garbage, strlen(garbage)));
    CHECK(write_bytes(bad_model, garbage, strlen(garbage)));
    /* The first 256 bytes of the real model: right magic and version, cut short. */
    f = fopen(model, "rb");
    CHECK(f != NULL);
    if (f != NULL) {
        CHECK(fread(head, 1, sizeof head, f) == sizeof head);
        fclose(f);
    }
    CHECK(write_bytes(truncated_model, head, sizeof head));

    /* Options. */
    memset(&o, 0x5A, sizeof o);
    pristine_scorer_options_init(&o);
    CHECK(o.struct_size == sizeof o);
    CHECK(o.threads == 0 && o.blocks == 0);
    pristine_scorer_options_init(NULL);

    /* The default model (PRISTINE_MODEL or the source tree's) and an explicit one score alike. */
    CHECK_STATUS(pristine_scorer_default_model_path(NULL, 0, &length), PRISTINE_OK);
    CHECK(length > 0 && length < sizeof path);
    CHECK_STATUS(pristine_scorer_default_model_path(path, length, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_default_model_path(path, sizeof path, &length), PRISTINE_OK);
    CHECK(strlen(path) == length);
    CHECK_STATUS(pristine_scorer_load(NULL, NULL, &d), PRISTINE_OK);
    CHECK(d != NULL);
    o.threads = 2;
    CHECK_STATUS(pristine_scorer_load(model, &o, &s), PRISTINE_OK);
    CHECK(s != NULL);
    if (s == NULL || d == NULL) {
        pristine_scorer_free(s);
        pristine_scorer_free(d);
        return;
    }
    CHECK(pristine_scorer_blocks(s) > 0);
    CHECK(pristine_scorer_blocks(NULL) == 0);
    CHECK_STATUS(pristine_scorer_model_info(s, NULL, 0, &length), PRISTINE_OK);
    CHECK(length > 2 && length < sizeof info);
    CHECK_STATUS(pristine_scorer_model_info(s, info, sizeof info, NULL), PRISTINE_OK);
    CHECK(info[0] == '{' && strstr(info, "blocks") != NULL);

    /* A file, its bytes: the same finite score, every time; pixels (scored as a PNG copy) with and without
     * row padding agree with each other. */
    CHECK_STATUS(pristine_scorer_score_file(s, ppm_path, &a), PRISTINE_OK);
    CHECK(isfinite(a));
    CHECK_STATUS(pristine_scorer_score_file(s, ppm_path, &b), PRISTINE_OK);
    CHECK(a == b);
    CHECK_STATUS(pristine_scorer_score_memory(s, ppm, ppm_size, &b), PRISTINE_OK);
    CHECK(a == b);
    CHECK_STATUS(pristine_scorer_score_file(d, ppm_path, &b), PRISTINE_OK);
    CHECK(isfinite(b));
    pristine_scorer_free(d);
    d = NULL;
    CHECK_STATUS(pristine_scorer_score_pixels(s, &rgb[0][0][0], SW, SH, 3, 0, &b), PRISTINE_OK);
    CHECK(isfinite(b));
    CHECK_STATUS(pristine_scorer_score_pixels(s, &padded[0][0], SW, SH, 3, sizeof padded[0], &c), PRISTINE_OK);
    CHECK(b == c);

    /* A batch: bad inputs get their own status and NaN while the others score; the call returns OK and
     * the last error counts the failures. */
    batch[0] = ppm_path;
    batch[1] = missing;
    batch[2] = text_path;
    batch[3] = ppm_path;
    for (i = 0; i < 4; ++i) statuses[i] = -1;
    CHECK_STATUS(pristine_scorer_score_files(s, batch, 4, 2, scores, statuses), PRISTINE_OK);
    CHECK(statuses[0] == PRISTINE_OK && statuses[3] == PRISTINE_OK);
    CHECK(scores[0] == a && scores[3] == a);
    CHECK(statuses[1] == PRISTINE_IO_ERROR);
    CHECK(statuses[2] == PRISTINE_UNSUPPORTED_FORMAT);
    CHECK(isnan(scores[1]) && isnan(scores[2]));
    CHECK(strstr(pristine_last_error(), "2 of 4") != NULL);
    CHECK(strstr(pristine_last_error(), "capi_score_missing.png") != NULL);
    CHECK_STATUS(pristine_scorer_score_files(s, batch, 4, 0, scores, NULL), PRISTINE_OK); /* statuses optional */
    CHECK(scores[0] == a && isnan(scores[2]));
    CHECK_STATUS(pristine_scorer_score_files(s, NULL, 0, 0, NULL, NULL), PRISTINE_OK); /* empty batch */

    /* Ranking: lowest first, NaN last, ties in input order. */
    scores[0] = 0.5;
    scores[1] = NAN;
    scores[2] = -1.0;
    scores[3] = 0.5;
    scores[4] = 0.25;
    CHECK_STATUS(pristine_scorer_rank(scores, 5, order), PRISTINE_OK);
    CHECK(order[0] == 2 && order[1] == 4 && order[2] == 0 && order[3] == 3 && order[4] == 1);
    CHECK_STATUS(pristine_scorer_rank(NULL, 5, order), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_rank(NULL, 0, NULL), PRISTINE_OK);

    /* Model errors: a missing file, garbage, a truncated model. */
    CHECK_STATUS(pristine_scorer_load(missing, NULL, &d), PRISTINE_IO_ERROR);
    CHECK(d == NULL);
    CHECK(strstr(pristine_last_error(), "capi_score_missing.png") != NULL);
    CHECK_STATUS(pristine_scorer_load(bad_model, NULL, &d), PRISTINE_BAD_FILE_VERSION);
    CHECK(d == NULL);
    CHECK(pristine_last_error()[0] != '\0');
    {
        pristine_status st = pristine_scorer_load(truncated_model, NULL, &d);
        CHECK(st == PRISTINE_BAD_FILE_VERSION || st == PRISTINE_CORRUPT_DATA);
        CHECK(d == NULL);
        CHECK(pristine_last_error()[0] != '\0');
    }

    /* Bad arguments: INVALID_ARGUMENT, outputs untouched. */
    a = 42;
    CHECK_STATUS(pristine_scorer_load(model, NULL, NULL), PRISTINE_INVALID_ARGUMENT);
    o.struct_size = 0;
    CHECK_STATUS(pristine_scorer_load(model, &o, &d), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "struct_size") != NULL);
    pristine_scorer_options_init(&o);
    o.threads = -1;
    CHECK_STATUS(pristine_scorer_load(model, &o, &d), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_file(NULL, ppm_path, &a), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "scorer") != NULL);
    CHECK_STATUS(pristine_scorer_score_file(s, NULL, &a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_file(s, ppm_path, NULL), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_memory(s, NULL, 10, &a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_pixels(s, NULL, SW, SH, 3, 0, &a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_pixels(s, &rgb[0][0][0], SW, SH, 5, 0, &a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_pixels(s, &rgb[0][0][0], SW, SH, 3, 10, &a), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_scorer_score_files(s, batch, 4, -1, scores, statuses), PRISTINE_INVALID_ARGUMENT);
    batch[1] = NULL;
    CHECK_STATUS(pristine_scorer_score_files(s, batch, 4, 0, scores, statuses), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "paths[1]") != NULL);
    CHECK(a == 42);

    /* Bad images through the single calls. */
    CHECK_STATUS(pristine_scorer_score_file(s, missing, &a), PRISTINE_IO_ERROR);
    CHECK_STATUS(pristine_scorer_score_memory(s, garbage, strlen(garbage), &a), PRISTINE_UNSUPPORTED_FORMAT);
    CHECK_STATUS(pristine_scorer_score_memory(s, ppm, ppm_size - 4, &a), PRISTINE_CORRUPT_DATA);
    CHECK(a == 42);

    pristine_scorer_free(s);
    pristine_scorer_free(d);
    pristine_scorer_free(NULL);
}
#undef SW
#undef SH

int main(int argc, char** argv) {
    unsigned char ppm[64], bmp[128];
    char ppm_path[1024];
    size_t ppm_size, bmp_size;
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s <scratch directory> [<model file>]\n", argv[0]);
        return 2;
    }
    ppm_size = make_ppm(ppm);
    bmp_size = make_bmp(bmp);
    snprintf(ppm_path, sizeof ppm_path, "%s/capi_rgb.ppm", argv[1]);
    if (!write_bytes(ppm_path, ppm, ppm_size)) {
        fprintf(stderr, "cannot write %s\n", ppm_path);
        return 2;
    }

    test_version_and_names();
    test_options_init();
    test_decode(ppm_path, ppm, ppm_size, bmp, bmp_size);
    test_errors(argv[1], ppm, ppm_size);
    test_hash(argv[1]);
    if (argc == 3)
        test_scorer(argv[1], argv[2]);
    else
        printf("test_capi: no model file given, scorer checks skipped\n");

    if (g_failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", g_failures);
        return 1;
    }
    printf("test_capi: all checks passed\n");
    return 0;
}
