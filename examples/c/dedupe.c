/* Find the copies of each picture under some folders through pristine's C ABI and print which copy to
 * keep in each group (the one the generation-loss scorer finds closest to the original).
 * Usage: pristine_example_dedupe FOLDER_OR_FILE... */
#include <stdio.h>

#include <pristine.h>

/* Prints the stage on stderr; returning non-zero would cancel the run. */
static int show_progress(void* user_data, pristine_dedupe_stage stage, size_t done, size_t total) {
    (void)user_data;
    fprintf(stderr, "\r%-12s %lu/%lu", pristine_dedupe_stage_name(stage), (unsigned long)done, (unsigned long)total);
    if (done == total) fputc('\n', stderr);
    return 0;
}

int main(int argc, char** argv) {
    pristine_dedupe_options options;
    pristine_dedupe_report* report = NULL;
    pristine_status status;
    size_t g, m, i;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FOLDER_OR_FILE...\n", argv[0]);
        return 2;
    }
    pristine_dedupe_options_init(&options);
    options.progress = show_progress;
    status = pristine_dedupe((const char* const*)(argv + 1), (size_t)(argc - 1), &options, &report);
    if (status != PRISTINE_OK) { /* e.g. PRISTINE_UNAVAILABLE: pristine was installed without its scorer */
        fprintf(stderr, "error: %s: %s\n", pristine_status_name(status), pristine_last_error());
        return 1;
    }
    for (i = 0; i < pristine_dedupe_report_error_count(report); ++i) {
        pristine_dedupe_error error;
        error.struct_size = sizeof error;
        if (pristine_dedupe_report_error(report, i, &error) == PRISTINE_OK) fprintf(stderr, "skipped: %s\n", error.message);
    }
    printf("%lu files, %lu pictures with copies\n", (unsigned long)pristine_dedupe_report_files(report),
           (unsigned long)pristine_dedupe_report_group_count(report));
    for (g = 0; g < pristine_dedupe_report_group_count(report); ++g) {
        pristine_dedupe_group group;
        group.struct_size = sizeof group;
        if (pristine_dedupe_report_group(report, g, &group) != PRISTINE_OK) break;
        printf("group %lu (%llu bytes in copies): %s\n", (unsigned long)g + 1,
               (unsigned long long)group.duplicate_bytes, group.reason);
        for (m = 0; m < group.member_count; ++m) {
            pristine_dedupe_member member;
            member.struct_size = sizeof member;
            if (pristine_dedupe_report_member(report, g, m, &member) != PRISTINE_OK) break;
            printf("  %s %s (%s %dx%d, %llu bytes, score %.3f)\n", member.keep ? "KEEP" : "    ", member.path,
                   member.format, member.width, member.height, (unsigned long long)member.file_size, member.score);
        }
    }
    pristine_dedupe_report_free(report);
    return 0;
}
