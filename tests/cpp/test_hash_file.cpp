// hash_file / hash_memory / hash_files and the progressive DC-only decode they rely on.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include <jpeglib.h>

#include "pristine/io/hash_file.hpp"
#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;

namespace {

// make_rgb plus deterministic noise, so that every 8 x 8 block has AC energy.
Image textured(int w, int h, unsigned seed = 1) {
    Image img = test::make_rgb(w, h);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> noise(-25, 25);
    for (int y = 0; y < h; ++y)
        for (int i = 0; i < 3 * w; ++i) {
            const int v = img.row(y)[i] + noise(rng);
            img.row(y)[i] = static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    return img;
}

// A progressive JPEG whose first scan holds the complete DC of all components (Al = 0), followed
// by one AC scan per component. Also returns where the second scan's SOS marker starts.
std::vector<std::uint8_t> progressive_full_dc_first(const Image& img, std::size_t* second_sos) {
    jpeg_compress_struct c;
    jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = static_cast<JDIMENSION>(img.width());
    c.image_height = static_cast<JDIMENSION>(img.height());
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 85, TRUE);
    static const jpeg_scan_info scans[4] = {
        {3, {0, 1, 2, 0}, 0, 0, 0, 0},
        {1, {0, 0, 0, 0}, 1, 63, 0, 0},
        {1, {1, 0, 0, 0}, 1, 63, 0, 0},
        {1, {2, 0, 0, 0}, 1, 63, 0, 0},
    };
    c.scan_info = scans;
    c.num_scans = 4;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(img.row(static_cast<int>(c.next_scanline)));
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    std::vector<std::uint8_t> bytes(out, out + size);
    jpeg_destroy_compress(&c);
    std::free(out);
    // SOS markers (FF DA): the second one starts the first AC scan.
    int seen = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xDA && ++seen == 2) {
            *second_sos = i;
            break;
        }
    return bytes;
}

Image decode_grey(const std::vector<std::uint8_t>& bytes, int denom, bool dc_only) {
    DecodeOptions o;
    o.channels = 1;
    o.scale_denom = denom;
    o.progressive_dc_only = dc_only;
    return decode_memory(bytes.data(), bytes.size(), o).image;
}

bool same_pixels(const Image& a, const Image& b) {
    if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) return false;
    for (int y = 0; y < a.height(); ++y)
        if (std::memcmp(a.row(y), b.row(y), static_cast<std::size_t>(a.width()) * a.channels()) != 0) return false;
    return true;
}

std::string write_tmp(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    const std::string path = test::tmp_path(name);
    write_file(path, bytes);
    return path;
}

}  // namespace

TEST_CASE("progressive DC-only decode at 1/8 gives the pixels of the full 1/8 decode") {
    const Image img = textured(203, 157);
    std::size_t second_sos = 0;
    const auto bytes = progressive_full_dc_first(img, &second_sos);
    REQUIRE(probe_memory(bytes.data(), bytes.size()).jpeg->progressive);
    REQUIRE(second_sos > 0);

    const Image full = decode_grey(bytes, 8, false);
    const Image fast = decode_grey(bytes, 8, true);
    CHECK(full.width() == 26);
    CHECK(full.height() == 20);
    CHECK(same_pixels(full, fast));

    // It really stops after the DC scan: cut the file inside the first AC scan (the next marker must
    // stay, it ends the DC scan's data) and only the DC-only decode still works.
    REQUIRE(second_sos + 64 < bytes.size());
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(second_sos + 64));
    CHECK_THROWS_AS(decode_grey(cut, 8, false), Error);
    CHECK(same_pixels(decode_grey(cut, 8, true), full));

    // libjpeg's own progression (DC split by successive approximation, its last bit sent after
    // four AC scans, which are skipped) also matches.
    JpegEncodeOptions prog;
    prog.progressive = true;
    const auto standard = encode_jpeg(img.view(), prog);
    CHECK(same_pixels(decode_grey(standard, 8, false), decode_grey(standard, 8, true)));
    // Cut short before the DC refinement scan: an error, as for the full decode - never the
    // half-precision DC.
    std::vector<std::size_t> sos;
    for (std::size_t i = 0; i + 1 < standard.size(); ++i)
        if (standard[i] == 0xFF && standard[i + 1] == 0xDA) sos.push_back(i);
    REQUIRE(sos.size() >= 7);
    const std::vector<std::uint8_t> early(standard.begin(), standard.begin() + static_cast<std::ptrdiff_t>(sos[3] + 40));
    CHECK_THROWS_AS(decode_grey(early, 8, true), Error);
    CHECK_THROWS_AS(decode_grey(early, 8, false), Error);
}

TEST_CASE("progressive_dc_only is ignored where it would change pixels") {
    const Image img = textured(120, 90);
    std::size_t sos = 0;
    const auto bytes = progressive_full_dc_first(img, &sos);
    for (int denom : {1, 2, 4}) CHECK(same_pixels(decode_grey(bytes, denom, false), decode_grey(bytes, denom, true)));
    DecodeOptions colour;
    colour.scale_denom = 8;
    const Image a = decode_memory(bytes.data(), bytes.size(), colour).image;
    colour.progressive_dc_only = true;
    CHECK(same_pixels(a, decode_memory(bytes.data(), bytes.size(), colour).image));
}

TEST_CASE("hash_scale_denom keeps the smaller side at least hash_min_side") {
    CHECK(hash_min_side(HashKind::dct) == 128);
    CHECK(hash_min_side(HashKind::pdq) >= 128);
    CHECK(hash_scale_denom(HashKind::dct, 4000, 3000) == 8);   // 375 px left
    CHECK(hash_scale_denom(HashKind::dct, 1000, 800) == 4);    // 200 (1/8 would leave 100)
    CHECK(hash_scale_denom(HashKind::dct, 200, 100) == 1);
    CHECK(hash_scale_denom(HashKind::dct, 4000, 3000, 2) == 2);
    CHECK(hash_scale_denom(HashKind::dct, 4000, 3000, 1) == 1);
    for (HashKind k : k_all_hash_kinds)
        for (int side : {50, 300, 1000, 3000, 9000}) {
            const int d = hash_scale_denom(k, side * 2, side);
            CHECK((d == 1 || (side + d - 1) / d >= hash_min_side(k)));
        }
}

TEST_CASE("hash_memory equals the hashes of the decode at the chosen scale") {
    const Image img = textured(1100, 700);
    const auto bytes = encode_jpeg(img.view());
    const std::vector<HashKind> kinds(k_all_hash_kinds.begin(), k_all_hash_kinds.end());
    const HashFileResult r = hash_memory(bytes.data(), bytes.size(), kinds);
    REQUIRE(r.hashes.size() == kinds.size());
    CHECK(r.info.width == 1100);
    CHECK(r.pdq_quality >= 0);
    CHECK(r.dihedral.empty());
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        CHECK(r.hashes[i].size() == hash_size_bytes(kinds[i]));
        CHECK(r.scale_denoms[i] == hash_scale_denom(kinds[i], 1100, 700));
        const Image grey = decode_grey(bytes, r.scale_denoms[i], true);
        CHECK(r.hashes[i] == compute_hash(kinds[i], to_luma(grey.view())));
        // Each hash depends only on its kind, not on its companions.
        CHECK(hash_memory(bytes.data(), bytes.size(), {kinds[i]}).hashes[0] == r.hashes[i]);
    }
    // Full scale is close to the fast path.
    HashFileOptions full;
    full.max_scale_denom = 1;
    const HashFileResult f = hash_memory(bytes.data(), bytes.size(), kinds, full);
    for (std::size_t i = 0; i < kinds.size(); ++i) CHECK(f.scale_denoms[i] == 1);
    CHECK(hash_distance(HashKind::dct, f.hashes[0].data(), r.hashes[0].data()) <= 4);
    CHECK(hash_distance(HashKind::pdq, f.hashes[5].data(), r.hashes[5].data()) <= 24);
}

TEST_CASE("hash_memory with dihedral gives 8 variants, the first the plain hash") {
    const auto bytes = encode_png(textured(300, 200).view());
    HashFileOptions o;
    o.dihedral = true;
    const HashFileResult r = hash_memory(bytes.data(), bytes.size(), {HashKind::pdq, HashKind::dct}, o);
    REQUIRE(r.dihedral.size() == 2);
    CHECK(r.dihedral[0][0] == r.hashes[0]);
    CHECK(r.dihedral[1][0] == r.hashes[1]);
    CHECK(r.dihedral[0][1] != r.hashes[0]);
    CHECK(r.scale_denoms[0] == 1);
}

TEST_CASE("hash_file rejects bad arguments and reports file errors") {
    CHECK_THROWS_AS(hash_file(test::tmp_path("nope.jpg"), {HashKind::dct}), Error);
    CHECK_THROWS_AS(hash_file("x", {}), Error);
    HashFileOptions bad;
    bad.max_scale_denom = 3;
    CHECK_THROWS_AS(hash_file("x", {HashKind::dct}, bad), Error);
    const std::uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8};
    try {
        hash_memory(junk, sizeof junk, {HashKind::dct});
        CHECK(false);
    } catch (const Error& e) {
        CHECK(e.status() == Status::unsupported_format);
    }
}

TEST_CASE("hash_files keeps per-item errors, keeps order, and is the same with 1 or 3 threads") {
    std::vector<std::string> paths;
    for (int i = 0; i < 6; ++i)
        paths.push_back(write_tmp("hf_" + std::to_string(i) + ".jpg", encode_jpeg(textured(160 + 10 * i, 120, i + 1).view())));
    paths.insert(paths.begin() + 2, test::tmp_path("hf_missing.jpg"));
    const std::vector<HashKind> kinds = {HashKind::dct, HashKind::pdq};
    const auto one = hash_files(paths, kinds, {}, 1);
    const auto three = hash_files(paths, kinds, {}, 3);
    REQUIRE(one.size() == paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
        CHECK(one[i].path == paths[i]);
        CHECK(one[i].ok() == (i != 2));
        CHECK(one[i].hashes == three[i].hashes);
        CHECK(one[i].hashes.size() == kinds.size());
    }
    CHECK(one[2].status == Status::io_error);
    CHECK(one[2].error.find("hf_missing") != std::string::npos);
    CHECK(hash_files({}, kinds).empty());
    CHECK_THROWS_AS(hash_files(paths, {}), Error);
}

TEST_CASE("hash_files stops when cancelled and rethrows the canceller's exception") {
    std::vector<std::string> paths(50, write_tmp("hf_cancel.jpg", encode_jpeg(textured(200, 150).view())));
    std::atomic<int> calls{0};
    try {
        hash_files(paths, {HashKind::dct}, {}, 2, [&] { return ++calls >= 1; });
        CHECK(false);
    } catch (const Error& e) {
        CHECK(e.status() == Status::cancelled);
    }
    CHECK_THROWS_AS(hash_files(paths, {HashKind::dct}, {}, 2, [] () -> bool { throw std::runtime_error("stop"); }),
                    std::runtime_error);
    CHECK(hash_files(paths, {HashKind::dct}, {}, 2, [] { return false; }).size() == paths.size());
}
