// The evidence of every candidate pair of a collection, for calibrating the dedupe thresholds
// (docs/dedupe.md, "Calibration"; scripts/calibrate-dedupe.py reads it with the collection's truth).
// No candidate passes early (min_correlation 1), so each row is the candidate alignment with the best
// correlation and, at it, the detail correlation, local and chroma differences, coverage and frame.
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
    o.min_correlation = 1.0;  // never satisfied early: every candidate alignment is tried
    const std::vector<PairEvidence> evidence = candidate_pairs(ptrs, o, BatchOptions{});
    std::FILE* f = std::fopen(argv[2], "w");
    if (f == nullptr) {
        std::perror(argv[2]);
        return 1;
    }
    std::fprintf(f, "a,b,distance,view_a,view_b,transform,corr,detail,local,chroma,coverage,frame_x,frame_y,frame_w,frame_h,strip,margin,mean,strip_corr\n");
    for (const PairEvidence& e : evidence)
        std::fprintf(f, "\"%s\",\"%s\",%d,%d,%d,%d,%.4f,%.4f,%.2f,%.2f,%.3f,%.4f,%.4f,%.4f,%.4f,%.2f,%.4f,%.2f,%.4f\n", c.files[e.a].c_str(), c.files[e.b].c_str(),
                     e.alignment.distance, e.alignment.view_a, e.alignment.view_b, static_cast<int>(e.alignment.transform),
                     e.correlation, e.detail_correlation, e.local_difference, e.chroma_difference, e.coverage, e.frame.x, e.frame.y, e.frame.width,
                     e.frame.height, e.strip_difference, e.alignment_margin, e.typical_difference, e.strip_correlation);
    std::fclose(f);
    std::printf("%zu files, %zu candidate pairs\n", c.files.size(), evidence.size());
    return 0;
}
