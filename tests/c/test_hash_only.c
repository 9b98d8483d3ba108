/* A C program that only decodes and hashes must not load libtorch: libpristine_c loads the scorer's
 * plug-in (and with it libtorch) only when a scorer call needs it. Strict C99.
 *
 * Usage: test_hash_only <image> [--no-torch] [--scorer <model> | --scorer-unavailable]
 *   Always: decodes <image> and hashes its pixels, hashes the file (pdq) and prints that hash in hex.
 *   --no-torch:           fails if libtorch is mapped in the process after hashing.
 *   --scorer <model>:     then loads the scorer and scores <image>; libtorch must now be mapped (so the
 *                         check above can fail).
 *   --scorer-unavailable: then pristine_scorer_load must answer "unavailable" (a build without models).
 * The mapping checks read /proc/self/maps; where there is none they are skipped (and say so).
 * Without options it is the program bench_startup.sh times. */
#include <stdio.h>
#include <string.h>

#include <pristine.h>

#include "check.h"

/* 1 when a mapped file's path contains "libtorch", 0 when none does, -1 without /proc. */
static int torch_mapped(void) {
    char line[4096];
    int found = 0;
    FILE* maps = fopen("/proc/self/maps", "r");
    if (maps == NULL) return -1;
    while (fgets(line, sizeof line, maps) != NULL)
        if (strstr(line, "libtorch") != NULL) found = 1;
    fclose(maps);
    return found;
}

static int hash_image(const char* path) {
    pristine_image* image = NULL;
    uint8_t from_file[PRISTINE_HASH_SIZE_PDQ], from_pixels[PRISTINE_HASH_SIZE_PDQ];
    pristine_status status = pristine_image_load_file(path, NULL, &image);
    size_t i;
    if (status != PRISTINE_OK) {
        fprintf(stderr, "%s: %s\n", pristine_status_name(status), pristine_last_error());
        return 0;
    }
    CHECK(pristine_hash_pixels(pristine_image_pixels(image), pristine_image_width(image),
                               pristine_image_height(image), pristine_image_channels(image),
                               pristine_image_stride(image), PRISTINE_HASH_PDQ, from_pixels,
                               sizeof from_pixels) == PRISTINE_OK);
    pristine_image_free(image);
    status = pristine_hash_file(path, PRISTINE_HASH_PDQ, from_file, sizeof from_file);
    if (status != PRISTINE_OK) {
        fprintf(stderr, "%s: %s\n", pristine_status_name(status), pristine_last_error());
        return 0;
    }
    for (i = 0; i < sizeof from_file; ++i) printf("%02x", from_file[i]);
    printf("  %s\n", path);
    return 1;
}

int main(int argc, char** argv) {
    int i, check_no_torch = 0, want_unavailable = 0;
    const char* model = NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: %s <image> [--no-torch] [--scorer <model> | --scorer-unavailable]\n", argv[0]);
        return 2;
    }
    for (i = 2; i < argc; ++i) {
        if (strcmp(argv[i], "--no-torch") == 0) check_no_torch = 1;
        else if (strcmp(argv[i], "--scorer-unavailable") == 0) want_unavailable = 1;
        else if (strcmp(argv[i], "--scorer") == 0 && i + 1 < argc) model = argv[++i];
        else {
            fprintf(stderr, "unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    if (!hash_image(argv[1])) return 1;

    if (check_no_torch) {
        const int mapped = torch_mapped();
        if (mapped < 0) printf("no /proc/self/maps: the libtorch check is skipped\n");
        else if (mapped) {
            fprintf(stderr, "libtorch is mapped in a program that only hashed\n");
            ++g_failures;
        } else {
            printf("libtorch is not mapped after hashing\n");
        }
    }

    if (model != NULL) {
        pristine_scorer* scorer = NULL;
        double score = 0;
        pristine_status status = pristine_scorer_load(model, NULL, &scorer);
        if (status != PRISTINE_OK) {
            fprintf(stderr, "pristine_scorer_load: %s: %s\n", pristine_status_name(status), pristine_last_error());
            return 1;
        }
        CHECK(pristine_scorer_score_file(scorer, argv[1], &score) == PRISTINE_OK);
        pristine_scorer_free(scorer);
        if (check_no_torch) {
            /* The same check must see libtorch now, or it proves nothing. */
            const int mapped = torch_mapped();
            CHECK(mapped != 0);
            if (mapped > 0) printf("libtorch is mapped after loading the scorer\n");
        }
    }

    if (want_unavailable) {
        pristine_scorer* scorer = (pristine_scorer*)&scorer; /* non-NULL garbage: a failed load resets it */
        size_t length = 0;
        const pristine_status status = pristine_scorer_load(NULL, NULL, &scorer);
        /* By name, so that this program also compiles against headers older than the status. */
        CHECK(strcmp(pristine_status_name(status), "unavailable") == 0);
        CHECK(scorer == NULL);
        CHECK(strstr(pristine_last_error(), "plug-in") != NULL);
        printf("pristine_scorer_load: %s\n", pristine_last_error());
        CHECK(strcmp(pristine_status_name(pristine_scorer_default_model_path(NULL, 0, &length)), "unavailable") == 0);
        CHECK(pristine_scorer_blocks(NULL) == 0);
        pristine_scorer_free(NULL);
        if (check_no_torch) CHECK(torch_mapped() <= 0);
    }
    return g_failures == 0 ? 0 : 1;
}
