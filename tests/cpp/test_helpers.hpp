// Small helpers shared by the C++ tests: synthetic images and temporary paths. Keep it small and stable.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "pristine/image.hpp"

namespace test {

/// A smooth RGB test picture: horizontal/vertical gradients, a dark disc and a bright square, so that
/// orientation, scaling and colour mistakes all show. Deterministic.
inline pristine::Image make_rgb(int width, int height) {
    pristine::Image img(width, height, 3);
    const double cx = width * 0.35, cy = height * 0.4, radius = std::min(width, height) * 0.2;
    for (int y = 0; y < height; ++y) {
        std::uint8_t* p = img.row(y);
        for (int x = 0; x < width; ++x, p += 3) {
            int r = 255 * x / std::max(1, width - 1);
            int g = 255 * y / std::max(1, height - 1);
            int b = 128;
            if (std::hypot(x - cx, y - cy) < radius) r = g = b = 20;
            if (x > width * 0.6 && x < width * 0.85 && y > height * 0.6 && y < height * 0.85) { r = 250; g = 240; b = 30; }
            p[0] = static_cast<std::uint8_t>(r);
            p[1] = static_cast<std::uint8_t>(g);
            p[2] = static_cast<std::uint8_t>(b);
        }
    }
    return img;
}

/// The luma of make_rgb as a one-channel picture.
inline pristine::Image make_grey(int width, int height) {
    const pristine::Image rgb = make_rgb(width, height);
    pristine::Image img(width, height, 1);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const std::uint8_t* p = rgb.row(y) + 3 * x;
            img.row(y)[x] = static_cast<std::uint8_t>((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
        }
    return img;
}

/// Uniform noise in lo..hi on every sample (any channel count). Deterministic for a seed.
inline pristine::Image noise_image(int width, int height, int channels, unsigned seed, int lo = 0, int hi = 255) {
    pristine::Image img(width, height, channels);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> d(lo, hi);
    for (std::size_t i = 0; i < img.size_bytes(); ++i) img.data()[i] = static_cast<std::uint8_t>(d(rng));
    return img;
}

/// Mean absolute difference over all samples of two views of the same shape (infinity if shapes differ).
inline double mean_abs_diff(const pristine::ImageView& a, const pristine::ImageView& b) {
    if (a.width != b.width || a.height != b.height || a.channels != b.channels) return INFINITY;
    double sum = 0;
    for (int y = 0; y < a.height; ++y)
        for (int i = 0; i < a.width * a.channels; ++i) sum += std::abs(int(a.row(y)[i]) - int(b.row(y)[i]));
    return sum / (double(a.width) * a.height * a.channels);
}

/// A path for a temporary file of this test run (PRISTINE_TEST_TMP_DIR is set by tests/CMakeLists.txt).
inline std::string tmp_path(const std::string& name) {
#ifdef PRISTINE_TEST_TMP_DIR
    return std::string(PRISTINE_TEST_TMP_DIR) + "/" + name;
#else
    return name;
#endif
}

/// A fresh, empty folder tmp_path(name) (a previous run's, even one it left unreadable, removed first).
inline std::filesystem::path fresh_dir(const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path dir = tmp_path(name);
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    return dir;
}

/// Writes `bytes` to the file `p`, making its folders.
inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

}  // namespace test
