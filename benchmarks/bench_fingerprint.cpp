// Fingerprinting against decoding alone: for the JPEGs under the given folders, the time of
// fingerprint_memory (decode at the DCT reduction it uses + working planes + every view's hashes and
// thumbnails) and of decoding at that same reduction, one thread, files held in memory. Prints a
// markdown row per folder: files, megapixels per file, images/s of each, and their ratio.
// usage: bench_fingerprint [--seconds S] DIR...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "pristine/io/collection.hpp"
#include "pristine/io/duplicates.hpp"

using namespace pristine;

namespace {

struct Sample {
    std::vector<std::uint8_t> bytes;
    int scale = 1;  // the DCT reduction fingerprint_memory decodes at
    double megapixels = 0;
};

// The reduction fingerprint_memory picks: the largest that keeps the smaller side >= k_fingerprint_min_side.
int fingerprint_scale(const ImageInfo& header) {
    const int side = std::min(header.width, header.height);
    for (int denom = 8; denom > 1; denom /= 2)
        if ((side + denom - 1) / denom >= k_fingerprint_min_side) return denom;
    return 1;
}

// Images per second of `work` over the samples, in CPU seconds of this thread (steadier than wall
// time on a shared machine), repeated for at least `seconds`.
template <class Work>
double rate(const std::vector<Sample>& samples, double seconds, Work&& work) {
    for (const Sample& s : samples) work(s);  // warm-up
    std::size_t images = 0;
    const std::clock_t start = std::clock();
    double elapsed = 0;
    do {
        for (const Sample& s : samples) work(s), ++images;
        elapsed = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    } while (elapsed < seconds);
    return images / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 3;
    std::vector<std::string> dirs;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atof(argv[++i]);
        else dirs.push_back(argv[i]);
    }
    if (dirs.empty()) {
        std::fprintf(stderr, "usage: bench_fingerprint [--seconds S] DIR...\n");
        return 2;
    }
    std::printf("One thread, CPU seconds. Decode: RGB at the DCT reduction the fingerprint uses.\n\n");
    std::printf("| folder | JPEGs | MP/file | decode images/s | fingerprint images/s | fingerprint / decode time |\n");
    std::printf("|---|---:|---:|---:|---:|---:|\n");
    for (const std::string& dir : dirs) {
        std::vector<Sample> samples;
        for (const std::string& path : collect_files({dir}).files) {
            try {
                Sample s;
                s.bytes = read_file(path);
                if (detect_format(s.bytes.data(), s.bytes.size()) != Format::jpeg) continue;
                const ImageInfo header = probe_memory(s.bytes.data(), s.bytes.size());
                s.scale = fingerprint_scale(header);
                s.megapixels = static_cast<double>(header.width) * header.height / 1e6;
                samples.push_back(std::move(s));
            } catch (const Error&) {
            }
        }
        if (samples.empty()) continue;
        double mp = 0;
        for (const Sample& s : samples) mp += s.megapixels;
        std::size_t sink = 0;  // keeps the work observable
        const double decode = rate(samples, seconds, [&](const Sample& s) {
            DecodeOptions d;
            d.channels = 3;
            d.scale_denom = s.scale;
            d.apply_orientation = true;  // as fingerprint_memory
            sink += decode_memory(s.bytes.data(), s.bytes.size(), d).image.size_bytes();
        });
        const double fingerprint = rate(samples, seconds, [&](const Sample& s) {
            sink += fingerprint_memory(s.bytes.data(), s.bytes.size()).views.size();
        });
        std::printf("| %s | %zu | %.2f | %.1f | %.1f | %.2f |\n", dir.c_str(), samples.size(), mp / samples.size(), decode,
                    fingerprint, decode / fingerprint);
        if (sink == 0) std::fprintf(stderr, " ");
    }
}
