// Peak resident memory of the benchmark process so far, for the memory columns of the tables.
#pragma once

#include <sys/resource.h>

inline long peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;  // ru_maxrss is in KiB on Linux
}
