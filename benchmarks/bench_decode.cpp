// Decode throughput per format (images/s, megapixels/s), and JPEG decoding at 1/1 vs 1/2, 1/4, 1/8 scale.
//
//   bench_decode [DIR] [--seconds S] [--synthetic WxH N]
//
// With DIR, every readable image under it is used (grouped by detected format). Without, a synthetic set
// is made with the library's own encoders. Single thread; each row runs for at least S seconds (default 1).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pristine/io/collection.hpp"
#include "pristine/io/image_io.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
    std::vector<std::uint8_t> bytes;
    double megapixels = 0;  // at full scale, so that every row of a format counts the same work
};

struct Args {
    std::string dir;
    double seconds = 1.0;
    int width = 1920;
    int height = 1080;
    int count = 4;
};

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: bench_decode [DIR] [--seconds S] [--synthetic WxH N]\n");
    std::exit(2);
}

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc) {
            a.seconds = std::atof(argv[++i]);
        } else if (arg == "--synthetic" && i + 2 < argc) {
            if (std::sscanf(argv[++i], "%dx%d", &a.width, &a.height) != 2) usage();
            a.count = std::atoi(argv[++i]);
        } else if (arg.rfind("-", 0) == 0 || !a.dir.empty()) {
            usage();
        } else {
            a.dir = arg;
        }
    }
    if (a.seconds <= 0 || a.width <= 0 || a.height <= 0 || a.count <= 0) usage();
    return a;
}

// A photo-like test card: smooth gradients, hard-edged shapes and mild noise (deterministic).
pristine::Image synthetic(int width, int height, std::uint32_t seed) {
    pristine::Image img(width, height, 3);
    std::uint32_t state = seed * 2654435761u + 1;
    for (int y = 0; y < height; ++y) {
        std::uint8_t* row = img.row(y);
        for (int x = 0; x < width; ++x) {
            state = state * 1664525u + 1013904223u;
            const int noise = static_cast<int>(state >> 29) - 4;
            const bool disc = (x - width / 3) * (x - width / 3) + (y - height / 2) * (y - height / 2) <
                              (height / 4) * (height / 4);
            const bool box = x > width * 3 / 5 && x < width * 4 / 5 && y > height / 5 && y < height * 3 / 5;
            int r = x * 255 / width, g = y * 255 / height, b = (x + y + static_cast<int>(seed) * 37) % 256;
            if (disc) r = 230, g = 40, b = 60;
            if (box) r = 20, g = 90 + (x % 32), b = 200;
            row[3 * x + 0] = static_cast<std::uint8_t>(std::clamp(r + noise, 0, 255));
            row[3 * x + 1] = static_cast<std::uint8_t>(std::clamp(g + noise, 0, 255));
            row[3 * x + 2] = static_cast<std::uint8_t>(std::clamp(b + noise, 0, 255));
        }
    }
    return img;
}

std::map<std::string, std::vector<Sample>> synthetic_set(const Args& a) {
    std::map<std::string, std::vector<Sample>> set;
    const double mp = a.width * static_cast<double>(a.height) / 1e6;
    for (int i = 0; i < a.count; ++i) {
        const pristine::Image img = synthetic(a.width, a.height, static_cast<std::uint32_t>(i));
        set["jpeg"].push_back({pristine::encode_jpeg(img.view()), mp});
        set["png"].push_back({pristine::encode_png(img.view()), mp});
        set["gif"].push_back({pristine::encode_gif(img.view()), mp});
        set["webp"].push_back({pristine::encode_webp(img.view()), mp});
        pristine::WebpEncodeOptions lossless;
        lossless.lossless = true;
        set["webp (lossless)"].push_back({pristine::encode_webp(img.view(), lossless), mp});
    }
    return set;
}

std::map<std::string, std::vector<Sample>> directory_set(const std::string& dir) {
    std::map<std::string, std::vector<Sample>> set;
    pristine::CollectOptions c;
    c.images_only = false;  // files that do not decode are counted as skipped below
    const std::vector<std::string> paths = pristine::collect_files({dir}, c).files;
    int skipped = 0;
    for (const auto& path : paths) {
        try {
            Sample s;
            s.bytes = pristine::read_file(path);
            const pristine::ImageInfo info = pristine::probe_memory(s.bytes.data(), s.bytes.size());
            s.megapixels = info.width * static_cast<double>(info.height) / 1e6;
            pristine::decode_memory(s.bytes.data(), s.bytes.size());  // only files that decode are timed
            set[pristine::format_name(info.format)].push_back(std::move(s));
        } catch (const pristine::Error&) {
            ++skipped;
        }
    }
    if (skipped) std::fprintf(stderr, "skipped %d file(s) that do not decode\n", skipped);
    return set;
}

struct Result {
    double images_per_s = 0;
    double mp_per_s = 0;
};

Result measure(const std::vector<Sample>& samples, int scale, double seconds) {
    pristine::DecodeOptions options;
    options.scale_denom = scale;
    std::uint64_t sink = 0;  // keeps the decodes observable so none is optimised away
    for (const Sample& s : samples) sink += pristine::decode_memory(s.bytes.data(), s.bytes.size(), options).image.size_bytes();
    std::size_t images = 0;
    double megapixels = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
        for (const Sample& s : samples) {
            sink += pristine::decode_memory(s.bytes.data(), s.bytes.size(), options).image.data()[0];
            ++images;
            megapixels += s.megapixels;
        }
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds);
    if (sink == 0) std::fprintf(stderr, " ");
    return {images / elapsed, megapixels / elapsed};
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    std::map<std::string, std::vector<Sample>> set;
    try {
        set = args.dir.empty() ? synthetic_set(args) : directory_set(args.dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_decode: %s\n", e.what());
        return 1;
    }
    if (set.empty()) {
        std::fprintf(stderr, "bench_decode: no decodable images found\n");
        return 1;
    }

    if (args.dir.empty())
        std::printf("Synthetic set: %d image(s) of %dx%d per format, encoded by pristine (JPEG q90 4:2:0, PNG level 6, "
                    "GIF 256 colours, WebP q75 and lossless).\n",
                    args.count, args.width, args.height);
    else
        std::printf("Images under the given directory, grouped by detected format.\n");
    std::printf("Single thread, RGB output, at least %.1f s per row. MP/s counts full-scale pixels.\n\n", args.seconds);
    std::printf("| format | scale | files | MB/file | MP/file | images/s | MP/s |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (const auto& [format, samples] : set) {
        double bytes = 0, mp = 0;
        for (const Sample& s : samples) bytes += static_cast<double>(s.bytes.size()), mp += s.megapixels;
        const bool jpeg = format == "jpeg";
        for (int scale : {1, 2, 4, 8}) {
            if (scale > 1 && !jpeg) break;
            const Result r = measure(samples, scale, args.seconds);
            std::printf("| %s | 1/%d | %zu | %.2f | %.2f | %.1f | %.1f |\n", format.c_str(), scale, samples.size(),
                        bytes / samples.size() / 1e6, mp / samples.size(), r.images_per_s, r.mp_per_s);
            std::fflush(stdout);
        }
    }
    return 0;
}
