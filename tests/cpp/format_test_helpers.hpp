// Shared by the tests of the formats decoded through codec libraries (TIFF, HEIC, AVIF, JPEG XL):
// files, what a call printed on stderr, reference orientations, and the truncation sweep.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/io/collection.hpp"
#include "pristine/io/hash_file.hpp"
#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

namespace fmt_test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string write_tmp(const std::string& name, const Bytes& bytes) {
    const std::string path = test::tmp_path(name);
    pristine::write_file(path, bytes);
    return path;
}

/// Everything written to file descriptor 2 while fn() runs (the library must never print).
template <class Fn>
std::string stderr_of(Fn&& fn) {
    const std::string path = test::tmp_path("stderr_" + std::to_string(::getpid()) + ".txt");
    std::fflush(stderr);
    const int saved = ::dup(2);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(saved >= 0);
    REQUIRE(fd >= 0);
    ::dup2(fd, 2);
    ::close(fd);
    const auto restore = [&] {
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
    };
    try {
        fn();
    } catch (...) {
        restore();
        throw;
    }
    restore();
    const Bytes text = read_all(path);
    std::remove(path.c_str());
    return std::string(text.begin(), text.end());
}

/// The status decode_memory ends with (ok when it succeeds).
inline pristine::Status decode_status(const Bytes& b, const pristine::DecodeOptions& o = {}) {
    try {
        pristine::decode_memory(b.data(), b.size(), o);
    } catch (const pristine::Error& e) {
        return e.status();
    }
    return pristine::Status::ok;
}

/// `src` as displayed under EXIF orientation `o`, from the tag's definition: which stored row is at
/// the top (or left) and which stored column at the left (or top) of the screen.
inline pristine::Image oriented(const pristine::Image& src, int o) {
    const int w = src.width(), h = src.height(), c = src.channels();
    const bool swap = o >= 5;
    pristine::Image out(swap ? h : w, swap ? w : h, c);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int dx = x, dy = y;
            switch (o) {
                case 2: dx = w - 1 - x; break;                  // row 0 top, column 0 right
                case 3: dx = w - 1 - x; dy = h - 1 - y; break;  // row 0 bottom, column 0 right
                case 4: dy = h - 1 - y; break;                  // row 0 bottom, column 0 left
                case 5: dx = y; dy = x; break;                  // row 0 left, column 0 top
                case 6: dx = h - 1 - y; dy = x; break;          // row 0 right, column 0 top
                case 7: dx = h - 1 - y; dy = w - 1 - x; break;  // row 0 right, column 0 bottom
                case 8: dx = y; dy = w - 1 - x; break;          // row 0 left, column 0 bottom
                default: break;
            }
            for (int k = 0; k < c; ++k) out.row(dy)[dx * c + k] = src.row(y)[x * c + k];
        }
    return out;
}

/// Largest absolute difference of two images of one shape (1000 when the shapes differ).
inline int max_abs_diff(const pristine::Image& a, const pristine::Image& b) {
    if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) return 1000;
    int m = 0;
    for (std::size_t i = 0; i < a.size_bytes(); ++i) m = std::max(m, std::abs(int(a.data()[i]) - int(b.data()[i])));
    return m;
}

inline bool same_pixels(const pristine::Image& a, const pristine::Image& b) { return max_abs_diff(a, b) == 0; }

/// Cuts `file` at 48 lengths (every byte of the first 48, then evenly spread) and decodes and probes
/// each cut: every decode either fails with corrupt_data (unsupported_format when the cut is too short
/// to be recognised) or gives exactly the full file's pixels; the cut at half the file fails; and
/// nothing is printed.
inline void check_truncations(const Bytes& file) {
    const pristine::Decoded full = pristine::decode_memory(file.data(), file.size());
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n < 48 && n < file.size(); ++n) lengths.push_back(n);
    for (int i = 1; i < 48; ++i) lengths.push_back(file.size() * i / 48);
    lengths.push_back(file.size() - 1);
    const std::string printed = stderr_of([&] {
        for (const std::size_t n : lengths) {
            CAPTURE(n);
            const Bytes cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
            try {
                const pristine::Decoded d = pristine::decode_memory(cut.data(), cut.size());
                CHECK(same_pixels(d.image, full.image));
            } catch (const pristine::Error& e) {
                const bool known = pristine::detect_format(cut.data(), cut.size()) != pristine::Format::unknown;
                CHECK(e.status() == (known ? pristine::Status::corrupt_data : pristine::Status::unsupported_format));
            }
            try {
                (void)pristine::probe_memory(cut.data(), cut.size());
            } catch (const pristine::Error& e) {
                CHECK(e.status() != pristine::Status::internal);
            }
        }
    });
    INFO(printed);
    CHECK(printed.empty());
    const Bytes half(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(file.size() / 2));
    CHECK(decode_status(half) == pristine::Status::corrupt_data);
}

/// The header facts of a still, unrotated file of `channels` stored channels (alpha with 2 and 4).
inline void check_plain_info(const pristine::ImageInfo& info, pristine::Format format, int width, int height,
                             int channels, std::size_t file_size) {
    CHECK(info.format == format);
    CHECK(info.width == width);
    CHECK(info.height == height);
    CHECK(info.display_width == width);
    CHECK(info.display_height == height);
    CHECK(info.channels == channels);
    CHECK(info.has_alpha == (channels == 2 || channels == 4));
    CHECK(info.frames == 1);
    CHECK(info.orientation == 1);
    CHECK(info.file_size == file_size);
}

/// A lossless file of the RGBA pixels `rgba`: alpha reported, kept exactly with channels = 4, and
/// composited over the background exactly as for a PNG of the same pixels when it is dropped.
inline void check_lossless_alpha(const Bytes& file, const pristine::Image& rgba) {
    const pristine::ImageInfo info = pristine::probe_memory(file.data(), file.size());
    CHECK(info.has_alpha);
    CHECK(info.channels == 4);
    pristine::DecodeOptions keep;
    keep.channels = 4;
    CHECK(same_pixels(pristine::decode_memory(file.data(), file.size(), keep).image, rgba));
    const Bytes png = pristine::encode_png(rgba.view());
    CHECK(same_pixels(pristine::decode_memory(file.data(), file.size()).image,
                      pristine::decode_memory(png.data(), png.size()).image));
}

/// A file of `frames` frames (or pages): counted by probe and decode, and the decode is the first one.
inline void check_first_frame(const Bytes& file, int frames, const pristine::Image& first) {
    CHECK(pristine::probe_memory(file.data(), file.size()).frames == frames);
    const pristine::Decoded d = pristine::decode_memory(file.data(), file.size());
    CHECK(d.info.frames == frames);
    CHECK(same_pixels(d.image, first));
}

/// A width x height file is refused (too_large) with max_pixels one below its size, decoded at its size.
inline void check_pixel_limit(const Bytes& file, int width, int height) {
    pristine::DecodeOptions o;
    o.max_pixels = static_cast<std::uint64_t>(width) * height - 1;
    CHECK(decode_status(file, o) == pristine::Status::too_large);
    o.max_pixels += 1;
    CHECK(decode_status(file, o) == pristine::Status::ok);
}

/// decode_file of `bytes` saved as `name` fails with `status` and a message that names the file.
inline void check_file_error(const std::string& name, const Bytes& bytes, pristine::Status status) {
    const std::string path = write_tmp(name, bytes);
    try {
        pristine::decode_file(path);
        FAIL("a broken file decoded: " << name);
    } catch (const pristine::Error& e) {
        CHECK(e.status() == status);
        CHECK(std::string(e.what()).find(path) != std::string::npos);
    }
}

/// Saves `files` (name -> bytes, names without extensions) and a PNG of `pixels` in a fresh folder: the
/// collection walk lists them all, and each hashes (pdq, dct) like the PNG and reports `format`.
inline void check_walk_and_hash(const std::string& folder, const std::vector<std::pair<std::string, Bytes>>& files,
                                const pristine::Image& pixels, pristine::Format format) {
    const std::string dir = test::tmp_path(folder);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const auto& [name, bytes] : files) pristine::write_file(dir + "/" + name, bytes);
    pristine::write_file(dir + "/reference.png", pristine::encode_png(pixels.view()));
    pristine::write_file(dir + "/notes.txt", Bytes{'h', 'i'});
    const pristine::Collection c = pristine::collect_files({dir});
    CHECK(c.files.size() == files.size() + 1);
    REQUIRE(c.skipped.size() == 1);
    CHECK(c.skipped[0].reason == pristine::SkipReason::not_an_image);
    const std::vector<pristine::HashKind> kinds = {pristine::HashKind::pdq, pristine::HashKind::dct};
    const pristine::HashFileResult png = pristine::hash_file(dir + "/reference.png", kinds);
    for (const auto& [name, bytes] : files) {
        CAPTURE(name);
        const pristine::HashFileResult r = pristine::hash_file(dir + "/" + name, kinds);
        CHECK(r.info.format == format);
        CHECK(r.hashes == png.hashes);
        CHECK(pristine::probe_file(dir + "/" + name).format == format);
    }
}

}  // namespace fmt_test
