// Throughput of DCT-block entropy sampling (include/pristine/blocks.hpp), single thread.
// Prints, per synthetic image and mode: median wall and CPU milliseconds per image, and from the CPU
// median (insensitive to preemption on a busy machine) grid blocks scanned per second, megapixels per
// second and selected (extracted + DCT'd) blocks per second.
// Usage: bench_blocks [min_seconds_per_row]   (default 0.5)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "pristine/blocks.hpp"

namespace {

// Deterministic photo-like content: smooth gradients, hard edges and noisy texture patches, so the
// entropy distribution is skewed like a real picture's and selection does real work.
pristine::Image synthetic(int w, int h, int channels) {
    pristine::Image img(w, h, channels);
    std::uint32_t state = 12345u;
    auto next = [&state]() {
        state = state * 1664525u + 1013904223u;
        return state >> 24;
    };
    for (int y = 0; y < h; ++y) {
        std::uint8_t* row = img.row(y);
        for (int x = 0; x < w; ++x) {
            const bool textured = ((x / 96) + (y / 80)) % 3 == 0;
            const bool edge = (x / 40 + y / 40) % 2 == 0;
            for (int c = 0; c < channels; ++c) {
                int v = (x * 255 / w + y * 255 / h + c * 40) / 2 + (edge ? 30 : 0);
                if (textured) v += static_cast<int>(next() % 64) - 32;
                row[x * channels + c] = static_cast<std::uint8_t>(std::clamp(v, 0, 255));
            }
        }
    }
    return img;
}

struct Timing {
    double wall;  // median seconds per run
    double cpu;   // median CPU seconds per run (std::clock: process CPU time; the program has one thread)
};

double median(std::vector<double> t) {
    std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
    return t[t.size() / 2];
}

template <class F>
Timing time_it(F&& f, double min_seconds) {
    using clock = std::chrono::steady_clock;
    f();  // warm-up: page in buffers, build the DCT table
    std::vector<double> wall, cpu;
    const auto start = clock::now();
    do {
        const auto a = clock::now();
        const std::clock_t c = std::clock();
        f();
        cpu.push_back(static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC);
        wall.push_back(std::chrono::duration<double>(clock::now() - a).count());
    } while (std::chrono::duration<double>(clock::now() - start).count() < min_seconds || wall.size() < 5);
    return {median(wall), median(cpu)};
}

}  // namespace

int main(int argc, char** argv) {
    const double min_seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    struct Size {
        const char* name;
        int w, h;
    };
    const Size sizes[] = {{"2 MP", 1632, 1224}, {"12 MP", 4000, 3000}};

    std::printf("pristine block sampling, single thread, N = 512; rates from the median CPU time of >= 5 runs\n");
    std::printf("%-6s %-3s %-12s %8s %8s %14s %9s %15s\n", "image", "ch", "mode", "ms wall", "ms cpu",
                "grid blocks/s", "MP/s", "selected blk/s");
    volatile float sink = 0.f;  // keeps the optimiser from dropping the work
    for (const Size& sz : sizes) {
        for (int channels : {3, 1}) {
            const pristine::Image img = synthetic(sz.w, sz.h, channels);
            const double mp = static_cast<double>(sz.w) * sz.h / 1e6;
            const double grid_blocks = static_cast<double>(sz.w / 8) * (sz.h / 8);

            const Timing g = time_it(
                [&] {
                    const auto grid = pristine::block_entropy_grid(img.view());
                    sink = sink + static_cast<float>(grid.entropy[grid.entropy.size() / 2]);
                },
                min_seconds);
            std::printf("%-6s %-3d %-12s %8.2f %8.2f %14.3g %9.0f %15s\n", sz.name, channels, "entropy grid",
                        g.wall * 1e3, g.cpu * 1e3, grid_blocks / g.cpu, mp / g.cpu, "-");

            for (auto mode : {pristine::BlockChannels::luma, pristine::BlockChannels::ycbcr}) {
                pristine::BlockSampleOptions o;
                o.channels = mode;
                pristine::BlockSample s;
                const Timing t = time_it(
                    [&] {
                        pristine::sample_blocks_into(img.view(), o, s);
                        sink = sink + s.dct[0];
                    },
                    min_seconds);
                std::printf("%-6s %-3d %-12s %8.2f %8.2f %14.3g %9.0f %15.3g\n", sz.name, channels,
                            mode == pristine::BlockChannels::luma ? "sample luma" : "sample ycbcr",
                            t.wall * 1e3, t.cpu * 1e3, grid_blocks / t.cpu, mp / t.cpu, s.count / t.cpu);
            }
        }
    }
    return 0;
}
