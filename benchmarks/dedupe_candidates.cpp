// The evidence of every candidate pair of a collection, for calibrating the dedupe thresholds
// (docs/dedupe.md, "Calibration"; scripts/calibrate-dedupe.py reads it with the collection's truth).
// Every candidate is verified with the zoom search run to the end, so each row has the best
// correlation and, at that alignment, the detail correlation, local and chroma differences.
// usage: dedupe_candidates FOLDER OUT.csv
#include <cstdio>

#include "pristine/io/collection.hpp"
#include "pristine/io/duplicates.hpp"

using namespace pristine;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: dedupe_candidates FOLDER OUT.csv\n");
        return 2;
    }
    const Collection c = collect_files({argv[1]});
    const std::vector<FingerprintResult> prints = fingerprint_files(c.files, FingerprintOptions{}, BatchOptions{});
    std::vector<const Fingerprint*> ptrs;
    for (const FingerprintResult& r : prints) ptrs.push_back(r.ok() ? &r.fingerprint : nullptr);
    MatchOptions o;
    o.min_correlation = 1.0;  // never satisfied early: every zoom is tried
    const std::vector<PairEvidence> evidence = candidate_pairs(ptrs, o, BatchOptions{});
    std::FILE* f = std::fopen(argv[2], "w");
    if (f == nullptr) {
        std::perror(argv[2]);
        return 1;
    }
    std::fprintf(f, "a,b,distance,view_a,view_b,transform,corr,detail,local,chroma\n");
    for (const PairEvidence& e : evidence)
        std::fprintf(f, "\"%s\",\"%s\",%d,%d,%d,%d,%.4f,%.4f,%.2f,%.2f\n", c.files[e.a].c_str(), c.files[e.b].c_str(),
                     e.alignment.distance, e.alignment.view_a, e.alignment.view_b, static_cast<int>(e.alignment.transform),
                     e.correlation, e.detail_correlation, e.local_difference, e.chroma_difference);
    std::fclose(f);
    std::printf("%zu files, %zu candidate pairs\n", c.files.size(), evidence.size());
    return 0;
}
