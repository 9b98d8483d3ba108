// What a fingerprint cache saves a dedupe run, stage by stage: a run without a cache, a first run that
// fills a new cache, and a re-run over the unchanged tree, each with and without ranking. Every figure
// is the minimum over --runs repetitions (the machine may be shared); the files are in the page cache
// after the warm-up run, so the first runs are decode-bound, not disk-bound. Prints a markdown table.
//   bench_dedupe_cache DIR [--runs 3] [--threads 0] [--modes no-rank,ranked] [--cache FILE] [--no-plain]
// --no-plain: skip the runs without a cache (the speed-up is first run / re-run).
// DIR: e.g. scripts/make-dedupe-speed-set.sh DIR 5000 (640x480 JPEGs). FILE: where the cache goes
// (default: DIR/../bench_dedupe_cache.db; it is deleted before every first run and at the end).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "peak_memory.hpp"
#include "pristine/models/dedupe.hpp"

using namespace pristine;

namespace {

using Clock = std::chrono::steady_clock;

// Seconds of the stages of one run.
struct Times {
    double read = 0;   // walk + fingerprint (through the cache when there is one) + prune
    double match = 0;  // candidates, verification, groups
    double rank = 0;   // ranking and the report
    double total() const { return read + match + rank; }
    std::size_t hits = 0, files = 0;
};

Times run(const std::string& dir, bool rank, const std::string& cache, int threads) {
    DedupeOptions o;
    o.rank = rank;
    o.cache = cache;
    const auto t0 = Clock::now();
    Clock::time_point match_start = t0, match_end = t0;
    o.progress = [&](DedupeStage stage, const BatchProgress& p) {
        if (stage == DedupeStage::match && p.done == 0) match_start = Clock::now();
        if (stage == DedupeStage::match && p.done == p.total) match_end = Clock::now();
    };
    BatchOptions batch;
    batch.threads = threads;
    const DedupeReport report = dedupe({dir}, o, batch);
    const auto t1 = Clock::now();
    auto secs = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
    Times t;
    t.read = secs(t0, match_start);
    t.match = secs(match_start, match_end);
    t.rank = secs(match_end, t1);
    t.hits = report.cache_hits;
    t.files = report.files;
    return t;
}

// Field-wise minimum.
void keep_min(Times& best, const Times& t, bool first) {
    if (first) {
        best = t;
        return;
    }
    best.read = std::min(best.read, t.read);
    best.match = std::min(best.match, t.match);
    best.rank = std::min(best.rank, t.rank);
    best.hits = t.hits;
}

// The minimum of totals is not the total of minima: keep it apart.
struct Row {
    Times stages;
    double total = 1e300;
};

void add(Row& row, const Times& t, bool first) {
    keep_min(row.stages, t, first);
    row.total = std::min(row.total, t.total());
}

void print(const char* mode, const char* what, const Row& r) {
    std::printf("| %s | %s | %.2f | %.2f | %.2f | %.2f | %zu |\n", mode, what, r.stages.read, r.stages.match, r.stages.rank, r.total,
                r.stages.hits);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_dedupe_cache DIR [--runs 3] [--threads 0] [--modes no-rank,ranked] [--cache FILE] [--no-plain]\n");
        return 2;
    }
    const std::string dir = argv[1];
    int runs = 3, threads = 0;
    bool no_rank = true, ranked = true, plain_rows = true;
    std::string cache = (std::filesystem::path(dir).lexically_normal().parent_path() / "bench_dedupe_cache.db").string();
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--modes" && i + 1 < argc) {
            const std::string m = argv[++i];
            no_rank = m.find("no-rank") != std::string::npos;
            ranked = m == "ranked" || m.find("ranked,") != std::string::npos || m.find(",ranked") != std::string::npos;
        } else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::stoi(argv[++i]));
        else if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
        else if (a == "--cache" && i + 1 < argc) cache = argv[++i];
        else if (a == "--no-plain") plain_rows = false;
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    auto remove_cache = [&] {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cache + suffix);
    };
    try {
        run(dir, false, "", threads);  // warm-up: the page cache holds the files from here on
        std::printf("dedupe of %s: minimum of %d runs, threads %d (0 = all cores)\n\n", dir.c_str(), runs, threads);
        std::printf("| mode | run | walk + fingerprint (s) | match (s) | rank + report (s) | total (s) | cache hits |\n");
        std::printf("|---|---|---:|---:|---:|---:|---:|\n");
        for (const bool rank : {false, true}) {
            if (rank ? !ranked : !no_rank) continue;
            Row plain, first, again;
            std::size_t files = 0;
            for (int r = 0; r < runs; ++r) {
                if (plain_rows) add(plain, run(dir, rank, "", threads), r == 0);
                remove_cache();
                add(first, run(dir, rank, cache, threads), r == 0);
                const Times t = run(dir, rank, cache, threads);
                add(again, t, r == 0);
                files = t.files;
            }
            const char* mode = rank ? "ranked" : "--no-rank";
            if (plain_rows) print(mode, "no cache", plain);
            print(mode, "first run, new cache", first);
            print(mode, "re-run, unchanged", again);
            std::printf("| %s | speed-up (first / re-run, totals) | | | | %.1fx | of %zu files |\n", mode, first.total / again.total, files);
        }
        remove_cache();
        std::printf("\npeak resident memory of the process (its largest run): %ld MB\n", peak_rss_mb());
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_dedupe_cache: %s\n", e.what());
        remove_cache();
        return 1;
    }
    return 0;
}
