/* pristine_dedupe through the C ABI (strict C99) on the bundled samples: groups, members, errors, ranking
 * on and off (by the pair model or the scores), a cache, progress and cancelling from it, bad options,
 * an older caller's smaller options, and the accessors' checks; pristine_rank_copies (one group's
 * ranking and derivation tree) and an older caller's smaller member struct.
 * Usage: test_capi_dedupe SAMPLES_DIR [--unavailable]   (--unavailable: a build without the plug-in,
 * where pristine_dedupe must say so). Ranking uses the default model (PRISTINE_MODEL). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define FILES 6

static char g_paths[FILES][1024];
static const char* g_list[FILES];

static void make_paths(const char* samples) {
    static const char* const names[FILES] = {"astronaut.png", "astronaut_copy1.jpg", "coffee.png",
                                             "coffee_copy4.webp", "chelsea.png", "no_such_file.png"};
    int i;
    for (i = 0; i < FILES; ++i) {
        snprintf(g_paths[i], sizeof g_paths[i], "%s/%s", samples, names[i]);
        g_list[i] = g_paths[i];
    }
}

static int is_input(const char* path) {
    int i;
    for (i = 0; i < FILES; ++i)
        if (path != NULL && strcmp(path, g_list[i]) == 0) return 1;
    return 0;
}

typedef struct progress_log {
    int calls;
    int stages_seen[3];
    int out_of_order;
    int last_stage;
    int cancel_at; /* cancel on this call (1-based); 0 = never */
} progress_log;

static int on_progress(void* user_data, pristine_dedupe_stage stage, size_t done, size_t total) {
    progress_log* log = (progress_log*)user_data;
    ++log->calls;
    if ((int)stage < log->last_stage || (int)stage > 2 || done > total) log->out_of_order = 1;
    log->last_stage = (int)stage;
    if ((int)stage >= 0 && (int)stage <= 2) log->stages_seen[stage] = 1;
    return log->cancel_at != 0 && log->calls >= log->cancel_at;
}

/* Checks every group and member of a report of the sample files; returns the number of groups. */
static size_t check_report(const pristine_dedupe_report* report, int ranked) {
    size_t g, m, groups = pristine_dedupe_report_group_count(report);
    pristine_dedupe_error error;
    memset(&error, 0, sizeof error);
    error.struct_size = sizeof error;
    CHECK(pristine_dedupe_report_files(report) == FILES);
    CHECK(pristine_dedupe_report_error_count(report) == 1);
    CHECK_STATUS(pristine_dedupe_report_error(report, 0, &error), PRISTINE_OK);
    CHECK(error.path != NULL && strcmp(error.path, g_list[FILES - 1]) == 0 && error.status == PRISTINE_IO_ERROR);
    CHECK(error.message != NULL && strstr(error.message, "no_such_file.png") != NULL);
    CHECK(pristine_dedupe_report_candidate_pairs(report) >= pristine_dedupe_report_verified_pairs(report));
    CHECK(pristine_dedupe_report_verified_pairs(report) >= 2);
    for (g = 0; g < groups; ++g) {
        pristine_dedupe_group group;
        size_t keeps = 0;
        uint64_t not_kept = 0;
        memset(&group, 0, sizeof group);
        group.struct_size = sizeof group;
        CHECK_STATUS(pristine_dedupe_report_group(report, g, &group), PRISTINE_OK);
        CHECK(group.member_count == 2 && group.reason != NULL && group.reason[0] != '\0');
        for (m = 0; m < group.member_count; ++m) {
            pristine_dedupe_member member;
            memset(&member, 0, sizeof member);
            member.struct_size = sizeof member;
            CHECK_STATUS(pristine_dedupe_report_member(report, g, m, &member), PRISTINE_OK);
            CHECK(is_input(member.path) && member.format != NULL && member.width > 0 && member.height > 0);
            CHECK(member.file_size > 0 && member.reference == 0 && member.rank >= 1);
            CHECK(member.keep == (m == 0) && (member.keep ? member.distance == 0 : member.distance >= 0));
            CHECK(member.scored == ranked && (ranked ? !isnan(member.score) : isnan(member.score)));
            CHECK(member.identical_to == NULL || is_input(member.identical_to));
            keeps += (size_t)member.keep;
            if (!member.keep) not_kept += member.file_size;
        }
        CHECK(keeps == 1 && group.duplicate_bytes == not_kept);
    }
    return groups;
}

static void test_runs(void) {
    pristine_dedupe_options options;
    pristine_dedupe_report* report = NULL;
    progress_log log;
    pristine_dedupe_member member;
    pristine_dedupe_group group;

    pristine_dedupe_options_init(&options);
    memset(&log, 0, sizeof log);
    options.rank = 0;
    options.threads = 2;
    options.progress = on_progress;
    options.user_data = &log;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_OK);
    CHECK(report != NULL);
    CHECK(check_report(report, 0) == 2); /* astronaut and coffee, each with its copy; chelsea alone */
    CHECK(log.calls >= 3 && !log.out_of_order && log.stages_seen[0] && log.stages_seen[1] && !log.stages_seen[2]);
    /* The accessors' checks. */
    memset(&member, 0, sizeof member);
    member.struct_size = sizeof member;
    CHECK_STATUS(pristine_dedupe_report_member(report, 2, 0, &member), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "out of range") != NULL);
    CHECK_STATUS(pristine_dedupe_report_member(report, 0, 2, &member), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_dedupe_report_member(report, 0, 0, NULL), PRISTINE_INVALID_ARGUMENT);
    member.struct_size = 4;
    CHECK_STATUS(pristine_dedupe_report_member(report, 0, 0, &member), PRISTINE_INVALID_ARGUMENT);
    group.struct_size = sizeof group;
    CHECK_STATUS(pristine_dedupe_report_group(report, 9, &group), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_dedupe_report_group(NULL, 0, &group), PRISTINE_INVALID_ARGUMENT);
    pristine_dedupe_report_free(report);

    /* Ranked with the default model: every member scored, the kept one best. */
    report = NULL;
    pristine_dedupe_options_init(&options);
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_OK);
    CHECK(check_report(report, 1) == 2);
    pristine_dedupe_report_free(report);

    /* NULL options: the defaults (ranked). */
    CHECK_STATUS(pristine_dedupe(g_list, FILES, NULL, &report), PRISTINE_OK);
    CHECK(check_report(report, 1) == 2);
    pristine_dedupe_report_free(report);

    /* Ranked by the scores alone, through a cache: the second run reads it and finds the same groups. */
    {
        const char* cache = "test_capi_dedupe_cache.db"; /* in the test's working folder */
        remove(cache);
        pristine_dedupe_options_init(&options);
        options.rank_by = PRISTINE_DEDUPE_RANK_BY_SCORES;
        options.cache = cache;
        for (int run = 0; run < 2; ++run) {
            report = NULL;
            CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_OK);
            CHECK(check_report(report, 1) == 2);
            pristine_dedupe_report_free(report);
        }
        CHECK(remove(cache) == 0); /* the cache was written */
    }

    /* A caller built against the first release's header (a smaller struct): the newer fields keep
     * their defaults. */
    pristine_dedupe_options_init(&options);
    options.struct_size = offsetof(pristine_dedupe_options, dihedral_radius);
    options.rank = 0;
    options.min_coverage = 2; /* past its struct_size: not read */
    report = NULL;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_OK);
    CHECK(check_report(report, 0) == 2);
    pristine_dedupe_report_free(report);

    /* Cancelled from the progress callback: no report. */
    report = (pristine_dedupe_report*)&log;
    memset(&log, 0, sizeof log);
    log.cancel_at = 1;
    pristine_dedupe_options_init(&options);
    options.rank = 0;
    options.progress = on_progress;
    options.user_data = &log;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_CANCELLED);
    CHECK(report == NULL && log.calls == 1);
}

/* The astronaut and its five copies, each made from it, and a missing file, ranked as one group. */
static void test_rank_copies(const char* samples) {
    static const char* const names[7] = {"astronaut_copy3.gif", "astronaut_copy1.jpg", "astronaut.png",
                                         "astronaut_copy2.jpg", "astronaut_copy4.webp", "astronaut_copy5.jpg",
                                         "no_such_file.png"};
    char paths[7][1024];
    const char* list[7];
    pristine_dedupe_report* report = NULL;
    pristine_dedupe_group group;
    pristine_dedupe_member member, members[6];
    pristine_dedupe_options options;
    size_t m, p, steps;
    for (m = 0; m < 7; ++m) {
        snprintf(paths[m], sizeof paths[m], "%s/%s", samples, names[m]);
        list[m] = paths[m];
    }
    CHECK_STATUS(pristine_rank_copies(list, 7, NULL, &report), PRISTINE_OK);
    CHECK(pristine_dedupe_report_group_count(report) == 1 && pristine_dedupe_report_error_count(report) == 1);
    memset(&group, 0, sizeof group);
    group.struct_size = sizeof group;
    CHECK_STATUS(pristine_dedupe_report_group(report, 0, &group), PRISTINE_OK);
    CHECK(group.member_count == 6);
    for (m = 0; m < 6 && m < group.member_count; ++m) {
        memset(&members[m], 0, sizeof members[m]);
        members[m].struct_size = sizeof members[m];
        CHECK_STATUS(pristine_dedupe_report_member(report, 0, m, &members[m]), PRISTINE_OK);
        CHECK(members[m].scored == 1 && members[m].parent_confidence >= 0 && members[m].parent_confidence <= 1);
    }
    /* The original is kept and has no parent; every copy's parent is another member, and following
     * parents from any copy reaches the original (a tree, no cycle). */
    CHECK(strstr(members[0].path, "astronaut.png") != NULL && members[0].parent == NULL && members[0].keep == 1);
    for (m = 1; m < 6; ++m) {
        size_t at = m;
        CHECK(members[m].parent != NULL && strcmp(members[m].parent, members[m].path) != 0);
        for (steps = 0; steps < 6 && members[at].parent != NULL; ++steps) {
            size_t next = 6;
            for (p = 0; p < 6; ++p)
                if (strcmp(members[p].path, members[at].parent) == 0) next = p;
            CHECK(next < 6);
            if (next >= 6) break;
            at = next;
        }
        CHECK(at == 0);
    }
    /* A caller built before parents were reported: its smaller struct gets the fields it knows, and
     * nothing past them is written. */
    memset(&member, 0x5a, sizeof member);
    member.struct_size = offsetof(pristine_dedupe_member, parent);
    CHECK_STATUS(pristine_dedupe_report_member(report, 0, 1, &member), PRISTINE_OK);
    CHECK(member.path == members[1].path && member.rank == members[1].rank);
    {
        unsigned char untouched[sizeof member.parent];
        memset(untouched, 0x5a, sizeof untouched);
        CHECK(memcmp(&member.parent, untouched, sizeof untouched) == 0);
    }
    pristine_dedupe_report_free(report);

    /* By the scores alone: the same files, parents from the hash distances. */
    pristine_dedupe_options_init(&options);
    options.rank_by = PRISTINE_DEDUPE_RANK_BY_SCORES;
    options.threads = 1;
    report = NULL;
    CHECK_STATUS(pristine_rank_copies(list, 6, &options, &report), PRISTINE_OK);
    CHECK(pristine_dedupe_report_group_count(report) == 1 && pristine_dedupe_report_error_count(report) == 0);
    pristine_dedupe_report_free(report);

    /* Nothing readable: no group, one error per file. */
    report = NULL;
    CHECK_STATUS(pristine_rank_copies(&list[6], 1, NULL, &report), PRISTINE_OK);
    CHECK(pristine_dedupe_report_group_count(report) == 0 && pristine_dedupe_report_error_count(report) == 1);
    pristine_dedupe_report_free(report);

    /* Bad arguments. */
    CHECK_STATUS(pristine_rank_copies(list, 0, NULL, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(report == NULL);
    CHECK_STATUS(pristine_rank_copies(NULL, 2, NULL, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_rank_copies(list, 2, NULL, NULL), PRISTINE_INVALID_ARGUMENT);
    pristine_dedupe_options_init(&options);
    options.rank_by = 9;
    CHECK_STATUS(pristine_rank_copies(list, 2, &options, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(report == NULL && strstr(pristine_last_error(), "pristine_rank_copies") != NULL);
}

static void test_bad_arguments(void) {
    pristine_dedupe_options options;
    pristine_dedupe_report* report = NULL;
    const char* with_null[2];
    with_null[0] = g_list[0];
    with_null[1] = NULL;
    pristine_dedupe_options_init(&options);
    options.candidate_radius = 99;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(report == NULL && strstr(pristine_last_error(), "candidate_radius") != NULL);
    pristine_dedupe_options_init(&options);
    options.rank = 2;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_INVALID_ARGUMENT);
    options.rank = 1;
    options.threads = -1;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_INVALID_ARGUMENT);
    options.threads = 0;
    options.struct_size = sizeof(size_t);
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "struct_size") != NULL);
    CHECK_STATUS(pristine_dedupe(g_list, 0, NULL, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_dedupe(NULL, 2, NULL, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK_STATUS(pristine_dedupe(with_null, 2, NULL, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(strstr(pristine_last_error(), "paths[1]") != NULL);
    CHECK_STATUS(pristine_dedupe(g_list, FILES, NULL, NULL), PRISTINE_INVALID_ARGUMENT);
    pristine_dedupe_options_init(&options);
    options.model = "no_such_model.pmdl";
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_IO_ERROR);
    CHECK(report == NULL);
    pristine_dedupe_options_init(&options);
    options.rank_by = 5;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(report == NULL && strstr(pristine_last_error(), "rank_by") != NULL);
    pristine_dedupe_options_init(&options);
    options.min_coverage = 2;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_INVALID_ARGUMENT);
    CHECK(report == NULL && strstr(pristine_last_error(), "min_coverage") != NULL);
    pristine_dedupe_options_init(&options);
    options.pair_model = "no_such_pair_model.txt";
    CHECK_STATUS(pristine_dedupe(g_list, FILES, &options, &report), PRISTINE_IO_ERROR);
    CHECK(report == NULL && strstr(pristine_last_error(), "no_such_pair_model.txt") != NULL);
}

static void test_without_plugin(void) {
    pristine_dedupe_report* report = (pristine_dedupe_report*)&g_list;
    CHECK_STATUS(pristine_dedupe(g_list, FILES, NULL, &report), PRISTINE_UNAVAILABLE);
    CHECK(report == NULL && strstr(pristine_last_error(), "plug-in") != NULL);
    report = (pristine_dedupe_report*)&g_list;
    CHECK_STATUS(pristine_rank_copies(g_list, FILES, NULL, &report), PRISTINE_UNAVAILABLE);
    CHECK(report == NULL);
}

int main(int argc, char** argv) {
    pristine_dedupe_options options;
    if (argc < 2) {
        fprintf(stderr, "usage: %s SAMPLES_DIR [--unavailable]\n", argv[0]);
        return 2;
    }
    make_paths(argv[1]);
    /* What works without the plug-in. */
    pristine_dedupe_options_init(&options);
    CHECK(options.struct_size == sizeof options && options.rank == 1 && options.threads == 0);
    CHECK(options.candidate_radius > 0 && options.min_correlation > 0 && options.dihedral == 1);
    CHECK(options.progress == NULL && options.model == NULL && options.reference_count == 0);
    CHECK(options.rank_by == PRISTINE_DEDUPE_RANK_BY_PAIRS && options.pair_model == NULL && options.cache == NULL);
    CHECK(options.dihedral_radius > 0 && options.min_coverage > 0 && options.max_ambiguous_distance > 0);
    pristine_dedupe_options_init(NULL);
    CHECK(strcmp(pristine_dedupe_stage_name(PRISTINE_DEDUPE_RANK), "rank") == 0);
    CHECK(strcmp(pristine_dedupe_stage_name((pristine_dedupe_stage)7), "unknown") == 0);
    CHECK(pristine_dedupe_report_files(NULL) == 0 && pristine_dedupe_report_group_count(NULL) == 0 &&
          pristine_dedupe_report_error_count(NULL) == 0);
    pristine_dedupe_report_free(NULL);

    if (argc > 2 && strcmp(argv[2], "--unavailable") == 0) {
        test_without_plugin();
    } else {
        test_runs();
        test_rank_copies(argv[1]);
        test_bad_arguments();
    }
    if (g_failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", g_failures);
        return 1;
    }
    printf("c.capi_dedupe: all checks passed\n");
    return 0;
}
