/* pristine_dedupe_move_duplicates and pristine_undo_moves through the C ABI (strict C99): the copies a
 * dedupe report does not keep are moved aside (dry run first), journalled, and put back; bad arguments.
 * Usage: test_capi_moves SCRATCH   (SCRATCH/photos holds copies of sample pictures: two pairs of copies
 * and one picture alone; prepare_moves.cmake makes it). Matching needs the plug-in (PRISTINE_MODEL). */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int exists(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f == NULL) return 0;
    fclose(f);
    return 1;
}

static void join(char* out, size_t size, const char* a, const char* b) { snprintf(out, size, "%s/%s", a, b); }

/* The outcomes all OK, their count n; each moved file (from) gone or present as `from_present` says and
 * its `to` present or gone the other way round. */
static void check_outcomes(const pristine_move_report* r, size_t n, int from_present) {
    size_t i;
    pristine_move_outcome o;
    CHECK(pristine_move_report_count(r) == n);
    for (i = 0; i < pristine_move_report_count(r); ++i) {
        memset(&o, 0, sizeof o);
        o.struct_size = sizeof o;
        CHECK_STATUS(pristine_move_report_outcome(r, i, &o), PRISTINE_OK);
        CHECK(o.status == PRISTINE_OK && o.message != NULL && o.message[0] == '\0');
        CHECK(o.from != NULL && o.to != NULL && strcmp(o.from, o.to) != 0);
        CHECK(exists(o.from) == from_present && exists(o.to) == !from_present);
    }
}

int main(int argc, char** argv) {
    char photos[1024], aside[1024], journal[1024], notes[1024];
    const char* inputs[1];
    pristine_dedupe_options options;
    pristine_dedupe_report* report = NULL;
    pristine_move_report* moved = NULL;
    pristine_move_outcome o;
    FILE* f;
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCRATCH\n", argv[0]);
        return 2;
    }
    join(photos, sizeof photos, argv[1], "photos");
    join(aside, sizeof aside, argv[1], "aside");
    join(journal, sizeof journal, argv[1], "moves.journal");
    join(notes, sizeof notes, argv[1], "notes.txt");
    inputs[0] = photos;
    pristine_dedupe_options_init(&options);
    options.rank = 0;
    CHECK_STATUS(pristine_dedupe(inputs, 1, &options, &report), PRISTINE_OK);
    if (report == NULL) return 1;
    CHECK(pristine_dedupe_report_group_count(report) == 2);

    /* Dry run: the plan, nothing written. */
    CHECK_STATUS(pristine_dedupe_move_duplicates(report, inputs, 1, aside, NULL, 1, &moved), PRISTINE_OK);
    check_outcomes(moved, 2, 1);
    CHECK(strcmp(pristine_move_report_journal(moved), "") == 0 && !exists(journal));
    pristine_move_report_free(moved);

    /* The moves: each copy not kept goes to aside/photos/<name>, journalled. */
    CHECK_STATUS(pristine_dedupe_move_duplicates(report, inputs, 1, aside, journal, 0, &moved), PRISTINE_OK);
    check_outcomes(moved, 2, 0);
    CHECK(exists(journal) && strstr(pristine_move_report_journal(moved), "moves.journal") != NULL);
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    CHECK_STATUS(pristine_move_report_outcome(moved, 0, &o), PRISTINE_OK);
    CHECK(strstr(o.to, "aside/photos/") != NULL);
    CHECK_STATUS(pristine_move_report_outcome(moved, 2, &o), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "out of range") != NULL);
    o.struct_size = 4;
    CHECK_STATUS(pristine_move_report_outcome(moved, 0, &o), PRISTINE_INVALID_ARGUMENT);
    pristine_move_report_free(moved);

    /* Undo puts both back; a second undo restores nothing. */
    moved = NULL;
    CHECK_STATUS(pristine_undo_moves(journal, 0, &moved), PRISTINE_OK);
    check_outcomes(moved, 2, 0); /* undo: from = the place moved to (now gone), to = the original (back) */
    CHECK(pristine_move_report_already_in_place(moved) == 0);
    pristine_move_report_free(moved);
    CHECK_STATUS(pristine_undo_moves(journal, 0, &moved), PRISTINE_OK);
    CHECK(pristine_move_report_count(moved) == 0 && pristine_move_report_already_in_place(moved) == 2);
    pristine_move_report_free(moved);

    /* Bad arguments: nothing moves, *out is NULL. */
    moved = (pristine_move_report*)&o;
    CHECK_STATUS(pristine_dedupe_move_duplicates(NULL, inputs, 1, aside, journal, 0, &moved), PRISTINE_INVALID_ARGUMENT);
    CHECK(moved == NULL);
    CHECK_STATUS(pristine_dedupe_move_duplicates(report, inputs, 1, aside, NULL, 0, &moved), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "journal") != NULL);
    CHECK_STATUS(pristine_dedupe_move_duplicates(report, inputs, 1, aside, journal, 2, &moved), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_dedupe_move_duplicates(report, NULL, 1, aside, journal, 0, &moved), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_undo_moves(NULL, 0, &moved), PRISTINE_INVALID_ARGUMENT);
    f = fopen(notes, "w");
    if (f != NULL) {
        fputs("shopping list\n", f);
        fclose(f);
    }
    CHECK_STATUS(pristine_undo_moves(notes, 0, &moved), PRISTINE_BAD_FILE_VERSION);
    CHECK_STATUS(pristine_dedupe_move_duplicates(report, inputs, 1, aside, notes, 0, &moved), PRISTINE_BAD_FILE_VERSION);
    CHECK(moved == NULL);
    pristine_move_report_free(NULL);
    CHECK(pristine_move_report_count(NULL) == 0 && strcmp(pristine_move_report_journal(NULL), "") == 0);
    pristine_dedupe_report_free(report);
    if (g_failures == 0) printf("test_capi_moves: all checks passed\n");
    return g_failures == 0 ? 0 : 1;
}
