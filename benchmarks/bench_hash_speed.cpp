// Decode + hash speed on JPEG photos (2-12 MP), single thread, side by side in one run:
//   floor  = libjpeg-turbo alone decoding each file to grey at the reduction the hash uses
//            (progressive files at 1/8: only the DC scans are given to it, and it stops once the
//            luma DC is complete), file read included;
//   ours   = pristine::hash_file(path, {kind});
//   OpenCV = cv::imread(path) + cv::img_hash::X::compute (when built with OpenCV).
// Then batch throughput of hash_files with 1 and 2 threads, and (--agreement) the bit agreement
// between hashes from the reduced-scale decode and from the full-size decode.
//
// Usage: bench_hash_speed [--agreement] [--repeat N (default 5)] [DIR_OR_FILE...]
// Without paths it scans /usr/share/backgrounds and /usr/share/wallpapers. Files are deduplicated
// by their real path (wallpaper packages link one picture under many names).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <jpeglib.h>

#include "pristine/io/collection.hpp"
#include "pristine/io/hash_file.hpp"
#include "pristine/io/image_io.hpp"

#ifdef PRISTINE_BENCH_WITH_OPENCV
#include <opencv2/imgcodecs.hpp>
#include <opencv2/img_hash.hpp>
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using pristine::HashKind;

namespace {

struct Photo {
    std::string path;
    int width = 0, height = 0;
    bool progressive = false;
};

std::vector<Photo> find_photos(const std::vector<std::string>& inputs, double min_mp, double max_mp) {
    std::set<std::string> seen;
    std::vector<std::string> files = pristine::collect_files(inputs).files;  // JPEGs are picked below
    std::sort(files.begin(), files.end());
    std::vector<Photo> out;
    for (const auto& f : files) {
        std::error_code ec;
        const std::string real = fs::canonical(f, ec).string();
        if (ec || !seen.insert(real).second) continue;
        try {
            const pristine::ImageInfo info = pristine::probe_file(real);
            if (info.format != pristine::Format::jpeg) continue;
            const double mp = static_cast<double>(info.width) * info.height / 1e6;
            if (mp < min_mp || mp > max_mp) continue;
            out.push_back({real, info.width, info.height, info.jpeg && info.jpeg->progressive});
        } catch (const pristine::Error&) {
        }
    }
    return out;
}

// ---------------------------------------------------------------- the floor: libjpeg-turbo alone

struct Sink {
    jpeg_error_mgr mgr;
};

// The DC scans of a progressive JPEG: the libjpeg input holding only what a 1/8 decode uses
// (the same cut as pristine's src/io/jpeg_dc_scans.cpp, written again so that the floor uses
// nothing of pristine's decoder). Assumes well-formed files; returns the input unchanged otherwise.
std::vector<std::uint8_t> dc_scans_only(std::vector<std::uint8_t> in) {
    std::vector<std::uint8_t> out(in.begin(), in.begin() + 2);
    std::size_t p = 2;
    while (p + 4 < in.size() && in[p] == 0xFF) {
        const std::uint8_t marker = in[p + 1];
        if (marker == 0xD9) break;
        const std::size_t end = p + 2 + ((static_cast<std::size_t>(in[p + 2]) << 8) | in[p + 3]);
        if (end > in.size()) return in;
        if (marker != 0xDA) {
            out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(p), in.begin() + static_cast<std::ptrdiff_t>(end));
            p = end;
            continue;
        }
        std::size_t q = end;  // entropy data runs to the next marker that is no stuffing or RSTn
        while (q + 1 < in.size() && !(in[q] == 0xFF && in[q + 1] != 0 && (in[q + 1] < 0xD0 || in[q + 1] > 0xD7))) ++q;
        if (in[p + 5 + 2 * in[p + 4]] == 0)  // Ss == 0: a DC scan
            out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(p), in.begin() + static_cast<std::ptrdiff_t>(q));
        p = q;
    }
    out.push_back(0xFF);
    out.push_back(0xD9);
    return out;
}

// Grey decode at 1/denom; progressive at 1/8 reads only the DC scans and stops once the luma DC
// is complete (as pristine does). Returns a checksum so the work cannot be optimised away.
unsigned floor_decode(const std::string& path, int denom, bool progressive) {
    std::vector<std::uint8_t> bytes = pristine::read_file(path);
    if (denom == 8 && progressive) bytes = dc_scans_only(std::move(bytes));
    jpeg_decompress_struct cinfo;
    jpeg_error_mgr err;
    cinfo.err = jpeg_std_error(&err);
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_GRAYSCALE;
    cinfo.scale_num = 1;
    cinfo.scale_denom = static_cast<unsigned>(denom);
    const bool dc_only = denom == 8 && cinfo.progressive_mode;
    if (dc_only) {
        cinfo.buffered_image = TRUE;
        cinfo.do_block_smoothing = FALSE;
    }
    jpeg_start_decompress(&cinfo);
    std::vector<std::uint8_t> row(cinfo.output_width);
    JSAMPROW rows[1] = {row.data()};
    unsigned sum = 0;
    if (dc_only) {
        for (;;) {
            const int r = jpeg_consume_input(&cinfo);
            if (r == JPEG_REACHED_EOI || r == JPEG_SUSPENDED) break;
            if (r == JPEG_SCAN_COMPLETED && cinfo.coef_bits[0][0] == 0) break;
        }
        jpeg_start_output(&cinfo, cinfo.input_scan_number);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        jpeg_read_scanlines(&cinfo, rows, 1);
        sum += row[0];
    }
    if (dc_only) {
        jpeg_finish_output(&cinfo);
        jpeg_abort_decompress(&cinfo);
    } else {
        jpeg_finish_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return sum;
}

// ---------------------------------------------------------------- timing

template <class Fn>
double best_ms(int repeat, Fn&& fn) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        fn();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return best;
}

const HashKind k_kinds[] = {HashKind::dct, HashKind::radial, HashKind::block_mean, HashKind::block_mean_overlap,
                            HashKind::marr_hildreth, HashKind::pdq};

#ifdef PRISTINE_BENCH_WITH_OPENCV
cv::Ptr<cv::img_hash::ImgHashBase> opencv_peer(HashKind k) {
    switch (k) {
        case HashKind::dct: return cv::img_hash::PHash::create();
        case HashKind::radial: return cv::img_hash::RadialVarianceHash::create();
        case HashKind::block_mean: return cv::img_hash::BlockMeanHash::create(cv::img_hash::BLOCK_MEAN_HASH_MODE_0);
        case HashKind::block_mean_overlap:
            return cv::img_hash::BlockMeanHash::create(cv::img_hash::BLOCK_MEAN_HASH_MODE_1);
        case HashKind::marr_hildreth: return cv::img_hash::MarrHildrethHash::create();
        default: return {};
    }
}
#endif

void speed(const std::vector<Photo>& photos, int repeat) {
    volatile unsigned sink = 0;
    std::printf("Photos: %zu JPEG files (%d progressive), 2-12 MP, single thread, best of %d per file.\n\n",
                photos.size(),
                static_cast<int>(std::count_if(photos.begin(), photos.end(), [](const Photo& p) { return p.progressive; })),
                repeat);
    std::printf("| hash | scale used | ours ms/image | floor ms/image | ours / floor | OpenCV ms/image | speed-up vs OpenCV |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (HashKind k : k_kinds) {
        double ours = 0, floor = 0, peer = 0;
        int turn = 0;
        std::map<int, int> scales;
#ifdef PRISTINE_BENCH_WITH_OPENCV
        const auto hasher = opencv_peer(k);
#endif
        for (const Photo& p : photos) {
            const int denom = pristine::hash_scale_denom(k, p.width, p.height);
            ++scales[denom];
            // Interleaved per file, so that all three see the same cache and clock state, and in
            // alternating order, so that neither side always runs on a warmed-up file.
            auto run_floor = [&] { floor += best_ms(repeat, [&] { sink = sink + floor_decode(p.path, denom, p.progressive); }); };
            auto run_ours = [&] { ours += best_ms(repeat, [&] { sink = sink + pristine::hash_file(p.path, {k}).hashes[0][0]; }); };
            if (++turn % 2) { run_floor(); run_ours(); } else { run_ours(); run_floor(); }
#ifdef PRISTINE_BENCH_WITH_OPENCV
            if (hasher) {
                peer += best_ms(repeat, [&] {
                    const cv::Mat img = cv::imread(p.path);
                    cv::Mat out;
                    hasher->compute(img, out);
                    sink = sink + out.data[0];
                });
            }
#endif
        }
        const double n = static_cast<double>(photos.size());
        std::string scale_text;
        for (const auto& [d, c] : scales) scale_text += (scale_text.empty() ? "" : ", ") + ("1/" + std::to_string(d)) + " ×" + std::to_string(c);
        std::printf("| %s | %s | %.2f | %.2f | %.2f |", pristine::hash_kind_name(k), scale_text.c_str(), ours / n,
                    floor / n, ours / floor);
        if (peer > 0) std::printf(" %.2f | %.1f× |\n", peer / n, peer / ours);
        else std::printf(" — | — |\n");
    }
}

void throughput(const std::vector<Photo>& photos) {
    std::vector<std::string> paths;
    for (int r = 0; r < 3; ++r)
        for (const Photo& p : photos) paths.push_back(p.path);
    std::printf("\nBatch throughput, hash_files over %zu files (each photo 3 times):\n\n", paths.size());
    std::printf("| kinds | 1 thread (images/s) | 2 threads (images/s) | scaling |\n|---|---:|---:|---:|\n");
    const std::vector<std::pair<const char*, std::vector<HashKind>>> sets = {
        {"dct", {HashKind::dct}},
        {"pdq", {HashKind::pdq}},
        {"all six", std::vector<HashKind>(std::begin(k_kinds), std::end(k_kinds))}};
    for (const auto& [name, kinds] : sets) {
        double rate[2];
        for (int t = 1; t <= 2; ++t) {
            const double ms = best_ms(2, [&] { (void)pristine::hash_files(paths, kinds, {}, t); });
            rate[t - 1] = static_cast<double>(paths.size()) / (ms / 1000.0);
        }
        std::printf("| %s | %.1f | %.1f | %.2f× |\n", name, rate[0], rate[1], rate[1] / rate[0]);
    }
}

// Bits that differ between the hash of the full-size decode and of each reduction, by the
// reduced picture's smaller side.
void agreement(const std::vector<Photo>& photos) {
    struct Acc {
        double bits = 0;
        int n = 0, max = 0;
    };
    const int buckets[] = {64, 128, 192, 256, 384, 512, 768, 1 << 30};
    auto bucket_of = [&](int side) {
        int b = 0;
        while (side >= buckets[b + 1]) ++b;
        return b;
    };
    std::map<std::pair<int, int>, Acc> acc;  // (kind, bucket)
    for (const Photo& p : photos) {
        pristine::HashFileOptions full;
        full.max_scale_denom = 1;
        const std::vector<HashKind> kinds(std::begin(k_kinds), std::end(k_kinds));
        const auto ref = pristine::hash_file(p.path, kinds, full);
        for (int d = 2; d <= 8; d *= 2) {
            pristine::DecodeOptions o;
            o.channels = 1;
            o.scale_denom = d;
            o.progressive_dc_only = true;
            const auto dec = pristine::decode_file(p.path, o);
            const pristine::PlaneF luma = pristine::to_luma(dec.image.view());
            const int side = std::min(dec.image.width(), dec.image.height());
            for (std::size_t i = 0; i < kinds.size(); ++i) {
                const auto h = pristine::compute_hash(kinds[i], luma);
                const double dist = pristine::hash_distance(kinds[i], h.data(), ref.hashes[i].data());
                const int bits = kinds[i] == HashKind::radial ? static_cast<int>(dist * 1000) : static_cast<int>(dist);
                Acc& a = acc[{static_cast<int>(kinds[i]), bucket_of(side)}];
                a.bits += bits;
                a.max = std::max(a.max, bits);
                ++a.n;
            }
        }
    }
    std::printf("\nReduced-scale vs full-size decode: mean (max) differing bits by the reduced picture's smaller side\n"
                "(radial: 1000 × (1 − peak correlation)); %zu photos × reductions 1/2, 1/4, 1/8.\n\n", photos.size());
    std::printf("| smaller side |");
    for (HashKind k : k_kinds) std::printf(" %s |", pristine::hash_kind_name(k));
    std::printf(" cases |\n|---|");
    for (std::size_t i = 0; i < std::size(k_kinds); ++i) std::printf("---:|");
    std::printf("---:|\n");
    for (int b = 0; b + 1 < static_cast<int>(std::size(buckets)); ++b) {
        int cases = 0;
        std::string row;
        for (HashKind k : k_kinds) {
            auto it = acc.find({static_cast<int>(k), b});
            char cell[64];
            if (it == acc.end()) std::snprintf(cell, sizeof cell, " — |");
            else {
                std::snprintf(cell, sizeof cell, " %.2f (%d) |", it->second.bits / it->second.n, it->second.max);
                cases = it->second.n;
            }
            row += cell;
        }
        if (cases == 0) continue;
        if (b + 2 < static_cast<int>(std::size(buckets))) std::printf("| %d–%d |%s %d |\n", buckets[b], buckets[b + 1] - 1, row.c_str(), cases);
        else std::printf("| ≥ %d |%s %d |\n", buckets[b], row.c_str(), cases);
    }

    // The rule as shipped: hash_file's default against max_scale_denom = 1.
    std::printf("\nWith the shipped rule (hash_min_side), photos decoded at a reduction only:\n\n");
    std::printf("| hash | min side | photos reduced | identical | mean bits differing | max | mean %% of bits |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (HashKind k : k_kinds) {
        int reduced = 0, same = 0, max = 0;
        double sum = 0;
        for (const Photo& p : photos) {
            if (pristine::hash_scale_denom(k, p.width, p.height) == 1) continue;
            pristine::HashFileOptions full;
            full.max_scale_denom = 1;
            const auto a = pristine::hash_file(p.path, {k});
            const auto b = pristine::hash_file(p.path, {k}, full);
            const double dist = pristine::hash_distance(k, a.hashes[0].data(), b.hashes[0].data());
            const int bits = k == HashKind::radial ? static_cast<int>(dist * 1000) : static_cast<int>(dist);
            ++reduced;
            same += bits == 0;
            sum += bits;
            max = std::max(max, bits);
        }
        const double mean = reduced ? sum / reduced : 0;
        char share[32] = "— (see above)";
        if (k != HashKind::radial)
            std::snprintf(share, sizeof share, "%.2f%%", 100.0 * mean / static_cast<double>(pristine::hash_size_bits(k)));
        std::printf("| %s | %d | %d | %d | %.2f | %d | %s |\n", pristine::hash_kind_name(k), pristine::hash_min_side(k),
                    reduced, same, mean, max, share);
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool agree = false;
    int repeat = 5;
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--agreement") agree = true;
        else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
        else inputs.push_back(a);
    }
    if (inputs.empty()) inputs = {"/usr/share/backgrounds", "/usr/share/wallpapers"};
    try {
        if (agree) {
            const auto photos = find_photos(inputs, 0.5, 100.0);
            if (photos.empty()) { std::fprintf(stderr, "bench_hash_speed: no JPEG photos found\n"); return 1; }
            agreement(photos);
            return 0;
        }
        const auto photos = find_photos(inputs, 2.0, 12.0);
        if (photos.empty()) {
            std::fprintf(stderr, "bench_hash_speed: no 2-12 MP JPEG photos found (give a directory)\n");
            return 1;
        }
#ifndef PRISTINE_BENCH_WITH_OPENCV
        std::printf("(built without OpenCV img_hash: the peer columns are empty)\n\n");
#endif
        speed(photos, repeat);
        throughput(photos);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_hash_speed: %s\n", e.what());
        return 1;
    }
    return 0;
}
