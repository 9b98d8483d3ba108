/* The checks of the C test programs: a failed check prints where and what, counts in g_failures, and the
 * program goes on (main returns g_failures == 0 ? 0 : 1). Include after pristine.h. */
#ifndef PRISTINE_TEST_CHECK_H
#define PRISTINE_TEST_CHECK_H

#include <stdio.h>

static int g_failures = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            ++g_failures;                                                  \
        }                                                                  \
    } while (0)

/* A status check that also shows the message when it fails. */
#define CHECK_STATUS(expr, expected)                                                        \
    do {                                                                                    \
        pristine_status s_ = (expr);                                                        \
        if (s_ != (expected)) {                                                             \
            fprintf(stderr, "%s:%d: %s gave %s (%s), expected %s\n", __FILE__, __LINE__, #expr, \
                    pristine_status_name(s_), pristine_last_error(), pristine_status_name(expected)); \
            ++g_failures;                                                                   \
        }                                                                                   \
    } while (0)

#endif /* PRISTINE_TEST_CHECK_H */
