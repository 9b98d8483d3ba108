/* The embedder through the C ABI (strict C99): the tiny test network of tests/data/embedder, a file, a
 * buffer, pixels and a batch with a bad file agree; options, short buffers and bad files are clear errors.
 * usage: test_capi_embedder DATA_DIR TMP_DIR [--unavailable] */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char g_path[4096];

static const char* join(const char* dir, const char* name) {
    snprintf(g_path, sizeof g_path, "%s/%s", dir, name);
    return g_path;
}

/* The "pixels" case of tiny-expected.json: 32 x 32 RGB, pixel (x, y) = (8 x, 8 y, 255 - 4 (x + y)). */
static void pixels_case(uint8_t* p) {
    int x, y;
    for (y = 0; y < 32; ++y)
        for (x = 0; x < 32; ++x) {
            p[3 * (32 * y + x) + 0] = (uint8_t)(8 * x);
            p[3 * (32 * y + x) + 1] = (uint8_t)(8 * y);
            p[3 * (32 * y + x) + 2] = (uint8_t)(255 - 4 * (x + y));
        }
}

int main(int argc, char** argv) {
    /* forward of the "pixels" case, from tiny-expected.json (PyTorch's own output). */
    static const double k_expected[16] = {
        0.014463705010712147, 0.11875403672456741, 0.07281118631362915, 0.10409915447235107,
        0.007218120153993368, 0.033678118139505386, 0.009872054681181908, 0.014429127797484398,
        0.0, 0.09206243604421616, 0.15144768357276917, 0.001378434244543314,
        0.010793451219797134, 0.0027451771311461926, 0.004235254134982824, 0.006810055114328861};
    pristine_embedder* e = NULL;
    pristine_embedder_options o;
    static uint8_t pixels[32 * 32 * 3];
    float v[16], w[16], batch[3 * 16];
    int32_t statuses[3];
    const char* paths[3];
    char pemb[4096], png[4096], info[4096];
    size_t length = 0, ppm_size = 0;
    int i;

    if (argc < 3) {
        fprintf(stderr, "usage: test_capi_embedder DATA_DIR TMP_DIR [--unavailable]\n");
        return 2;
    }
    snprintf(pemb, sizeof pemb, "%s", join(argv[1], "tiny.pemb"));
    pristine_embedder_options_init(&o);
    CHECK(o.threads == 0 && o.normalize == -1 && o.input_width == 224 && o.std[2] == 1.0f);
    CHECK(pristine_embedder_dim(NULL) == 0);
    pristine_embedder_free(NULL);
    if (argc > 3 && strcmp(argv[3], "--unavailable") == 0) {
        CHECK_STATUS(pristine_embedder_load(pemb, NULL, &e), PRISTINE_UNAVAILABLE);
        CHECK(e == NULL);
        return g_failures == 0 ? 0 : 1;
    }

    CHECK_STATUS(pristine_embedder_load(pemb, &o, &e), PRISTINE_OK);
    if (e == NULL) return 1;
    CHECK(pristine_embedder_dim(e) == 16);
    CHECK_STATUS(pristine_embedder_model_info(e, NULL, 0, &length), PRISTINE_OK);
    CHECK(length > 10 && length < sizeof info);
    CHECK_STATUS(pristine_embedder_model_info(e, info, sizeof info, NULL), PRISTINE_OK);
    CHECK(strstr(info, "pristine-tiny-test") != NULL);

    pixels_case(pixels);
    CHECK_STATUS(pristine_embedder_embed_pixels(e, pixels, 32, 32, 3, 0, v, 16), PRISTINE_OK);
    for (i = 0; i < 16; ++i) CHECK(fabs(v[i] - k_expected[i]) < 1e-5);
    CHECK_STATUS(pristine_embedder_embed_pixels(e, pixels, 32, 32, 3, 0, w, 15), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_embedder_embed_pixels(e, NULL, 32, 32, 3, 0, w, 16), PRISTINE_INVALID_ARGUMENT);

    /* The same picture as a binary PPM file and as its bytes (lossless, so the vector is the same). */
    {
        static uint8_t ppm[64 + sizeof pixels];
        const int header = snprintf((char*)ppm, 64, "P6\n32 32\n255\n");
        FILE* f;
        memcpy(ppm + header, pixels, sizeof pixels);
        ppm_size = (size_t)header + sizeof pixels;
        snprintf(png, sizeof png, "%s", join(argv[2], "embedder-case.ppm"));
        f = fopen(png, "wb");
        CHECK(f != NULL);
        if (f != NULL) {
            CHECK(fwrite(ppm, 1, ppm_size, f) == ppm_size);
            fclose(f);
        }
        CHECK_STATUS(pristine_embedder_embed_memory(e, ppm, ppm_size, w, 16), PRISTINE_OK);
        CHECK(memcmp(v, w, sizeof v) == 0);
    }
    CHECK_STATUS(pristine_embedder_embed_file(e, png, w, 16), PRISTINE_OK);
    CHECK(memcmp(v, w, sizeof v) == 0);

    paths[0] = png;
    paths[1] = join(argv[2], "no-such-file.png");
    paths[2] = png;
    CHECK_STATUS(pristine_embedder_embed_files(e, paths, 3, 2, batch, statuses), PRISTINE_OK);
    CHECK(statuses[0] == PRISTINE_OK && statuses[1] == PRISTINE_IO_ERROR && statuses[2] == PRISTINE_OK);
    CHECK(memcmp(batch, v, sizeof v) == 0 && memcmp(batch + 32, v, sizeof v) == 0);
    CHECK(isnan(batch[16]) && isnan(batch[31]));
    CHECK(strstr(pristine_last_error(), "no-such-file.png") != NULL);
    CHECK_STATUS(pristine_embedder_embed_files(e, paths, 3, -1, batch, statuses), PRISTINE_INVALID_ARGUMENT);
    pristine_embedder_free(e);
    e = NULL;

    /* Another method and normalisation. */
    o.method = "classify";
    o.normalize = 1;
    CHECK_STATUS(pristine_embedder_load(pemb, &o, &e), PRISTINE_OK);
    CHECK(pristine_embedder_dim(e) == 3);
    CHECK_STATUS(pristine_embedder_embed_pixels(e, pixels, 32, 32, 3, 0, v, 16), PRISTINE_OK);
    CHECK(fabs(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] - 1.0) < 1e-5);
    pristine_embedder_free(e);
    e = NULL;

    o.method = "no_such_method";
    CHECK_STATUS(pristine_embedder_load(pemb, &o, &e), PRISTINE_INVALID_ARGUMENT);
    CHECK(e == NULL);
    pristine_embedder_options_init(&o);
    o.struct_size = 4;
    CHECK_STATUS(pristine_embedder_load(pemb, &o, &e), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_embedder_load(join(argv[2], "missing.pemb"), NULL, &e), PRISTINE_IO_ERROR);
    CHECK_STATUS(pristine_embedder_load(png, NULL, &e), PRISTINE_CORRUPT_DATA); /* a picture, not a network */
    CHECK_STATUS(pristine_embedder_load(pemb, NULL, NULL), PRISTINE_INVALID_ARGUMENT);
    return g_failures == 0 ? 0 : 1;
}
