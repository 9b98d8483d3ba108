// PDQ as Meta's reference program prints it (pdq_tool_*, the pdq_reference_tool option): its 512 x 512
// nearest-neighbour squeeze, its sign-rule dihedral variants, the reference vector of docs/hashes.md,
// and the file and batch paths (full-size RGB decode, EXIF orientation ignored).
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "pristine/hash/pdq.hpp"
#include "pristine/hash/plan.hpp"
#include "pristine/io/hash_file.hpp"
#include "pristine/io/image_io.hpp"

using namespace pristine;

namespace {

// The picture of the PDQ reference vector (docs/hash_pdq.md) at any size: integer arithmetic only.
Image vector_picture(int w, int h) {
    Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int r = x * 255 / (w - 1), g = y * 255 / (h - 1), b = x * y / 256 % 256;
            const bool in_rectangle = x >= 40 * w / 257 && x < 120 * w / 257 && y >= 100 * h / 193 && y < 160 * h / 193;
            if (in_rectangle) { r = 250; g = 240; b = 30; }
            const int dx = x - 180 * w / 257, dy = y - 60 * h / 193, rad = 40 * h / 193;
            if (dx * dx + dy * dy < rad * rad) r = g = b = 20;
            std::uint8_t* p = img.row(y) + 3 * x;
            p[0] = static_cast<std::uint8_t>(r);
            p[1] = static_cast<std::uint8_t>(g);
            p[2] = static_cast<std::uint8_t>(b);
        }
    return img;
}

std::string hex(const std::vector<std::uint8_t>& bytes) { return to_hex(bytes); }

}  // namespace

TEST_CASE("pdq tool: the 512 x 512 nearest-neighbour squeeze follows CImg's index rule") {
    // Every pixel names its own position, so each output pixel shows which input it came from.
    const int w = 1600, h = 250;  // one side shrinks, the other grows
    Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = img.row(y) + 3 * x;
            p[0] = static_cast<std::uint8_t>(x & 0xFF);
            p[1] = static_cast<std::uint8_t>(x >> 8);
            p[2] = static_cast<std::uint8_t>(y);
        }
    CHECK(pdq_tool_resizes(w, h));
    CHECK(pdq_tool_resizes(400, 513));
    CHECK_FALSE(pdq_tool_resizes(512, 512));
    const Image out = pdq_tool_resize(img.view());
    REQUIRE(out.width() == 512);
    REQUIRE(out.height() == 512);
    REQUIRE(out.channels() == 3);
    for (int y = 0; y < 512; y += 7)
        for (int x = 0; x < 512; x += 5) {
            const std::uint8_t* p = out.row(y) + 3 * x;
            CHECK(p[0] + 256 * p[1] == x * w / 512);
            CHECK(p[2] == y * h / 512);
        }
    CHECK(out.row(511)[3 * 511] + 256 * out.row(511)[3 * 511 + 1] == 1596);  // not the last column
}

TEST_CASE("pdq tool: small pictures are hashed as they are, large ones after the squeeze") {
    const Image small = vector_picture(257, 193);
    CHECK(pdq_tool_hash(small.view()) == pdq_hash(small.view()));
    const Image large = vector_picture(1000, 700);
    CHECK(pdq_tool_hash(large.view()) == pdq_hash(pdq_tool_resize(large.view()).view()));
    CHECK(pdq_tool_hash(large.view()) != pdq_hash(large.view()));
}

TEST_CASE("pdq tool: reference vector (docs/hashes.md)") {
    const Image img = vector_picture(1000, 700);
    const PdqHash tool = pdq_tool_hash(img.view());
    CHECK(pdq_to_hex(tool) == "924e5ba135c9664bdace93b12d316c5e1a6395a585a1ccce5a5e13b4d0b6ec4b");
    CHECK(tool.quality == 100);
    const auto variants = pdq_tool_hash_dihedral(img.view());
    CHECK(variants[0] == tool);
    CHECK(pdq_to_hex(variants[1]) == "8c73a6e4330133314b99cc8edc8c999b6c76466646e6f8f1b91976a1999b895e");
    CHECK(pdq_to_hex(pdq_hash(img.view())) == "924e5ba135c9664bdace93b125316c5e5a6395a585a1ccce5a5e13b4d0b6ec4b");
}

TEST_CASE("pdq tool: dihedral variants are the sign rule, which equals the exact variants on symmetric grids") {
    // 383 x 257: odd windows and mirror-symmetric sampling on both axes, where the sign rule is exact.
    const Image sym = vector_picture(383, 257);
    const auto tool = pdq_tool_hash_dihedral(sym.view());
    const auto exact = pdq_hash_dihedral(sym.view());
    for (int k = 0; k < 8; ++k) CHECK(tool[k] == exact[k]);
    // After the squeeze (window 4, samples 4, 12, ...) a mirror moves every sample by a pixel: the
    // reference's variants are no longer the hashes of the mirrored pixels.
    const Image large = vector_picture(1000, 700);
    const auto tool_large = pdq_tool_hash_dihedral(large.view());
    const auto exact_large = pdq_hash_dihedral(pdq_tool_luma(large.view()));
    CHECK(tool_large[0] == exact_large[0]);
    int differing = 0;
    for (int k = 1; k < 8; ++k) differing += tool_large[k] != exact_large[k];
    CHECK(differing > 0);
    for (int k = 0; k < 8; ++k) CHECK(tool_large[k].quality == tool_large[0].quality);
}

TEST_CASE("pdq tool: a 64 x 64 picture's variants start from the window-1 filter, as the reference's") {
    // The reference's dihedral entry point filters even a 64 x 64 plane; with fractional luma its
    // add-then-subtract running sums move some values by an ulp, so the grid is not the plane.
    const Image img = vector_picture(64, 64);
    const PlaneF luma = to_luma(img.view());
    std::vector<float> buf(luma.data(), luma.data() + luma.size());
    const auto unfiltered = pdq_detail::downsample_64(buf, 64, 64);
    const auto filtered = pdq_detail::downsample_64(buf, 64, 64, /*filter_64=*/true);
    int moved = 0;
    for (std::size_t i = 0; i < filtered.size(); ++i) {
        CHECK(filtered[i] == doctest::Approx(unfiltered[i]).epsilon(1e-5));
        moved += filtered[i] != unfiltered[i];
    }
    CHECK(moved > 0);
    PdqHash expected;
    expected.bits = pdq_detail::threshold_bits(pdq_detail::dct_64_to_16(filtered));
    CHECK(pdq_tool_hash_dihedral(img.view())[0].bits == expected.bits);
    CHECK(pdq_tool_hash(img.view()) == pdq_hash(img.view()));  // the single hash is not filtered
}

TEST_CASE("pdq tool: file hashing decodes full-size RGB, ignores EXIF orientation, leaves other kinds alone") {
    const Image img = vector_picture(900, 600);
    const std::vector<std::uint8_t> jpeg = encode_jpeg(img.view());
    // The same file with an EXIF orientation of 6 (turn 90 degrees to display).
    static const std::uint8_t exif[] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,  'M', 'M', 0, 42, 0, 0,
                                        0,    8,    0,    1,    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
    std::vector<std::uint8_t> turned(jpeg.begin(), jpeg.begin() + 2);
    turned.insert(turned.end(), std::begin(exif), std::end(exif));
    turned.insert(turned.end(), jpeg.begin() + 2, jpeg.end());

    DecodeOptions stored;
    stored.channels = 0;
    stored.apply_orientation = false;
    const Decoded decoded = decode_memory(jpeg.data(), jpeg.size(), stored);
    REQUIRE(decoded.image.channels() == 3);

    HashFileOptions tool;
    tool.pdq_reference_tool = true;
    const std::vector<HashKind> kinds{HashKind::dct, HashKind::pdq};
    const HashFileResult plain = hash_memory(jpeg.data(), jpeg.size(), kinds);
    const HashFileResult a = hash_memory(jpeg.data(), jpeg.size(), kinds, tool);
    const HashFileResult b = hash_memory(turned.data(), turned.size(), kinds, tool);
    REQUIRE(decode_memory(turned.data(), turned.size()).info.orientation == 6);

    const PdqHash want = pdq_tool_hash(decoded.image.view());
    CHECK(hex(a.hashes[1]) == pdq_to_hex(want));
    CHECK(a.pdq_quality == want.quality);
    CHECK(a.scale_denoms[1] == 1);
    CHECK(a.hashes[0] == plain.hashes[0]);  // dct as without the option
    CHECK(a.scale_denoms[0] == plain.scale_denoms[0]);
    CHECK(b.hashes[1] == a.hashes[1]);      // orientation not applied
    CHECK(b.hashes[0] != a.hashes[0]);      // ... but still for the other kinds
    CHECK(a.info.width == 900);

    tool.dihedral = true;
    const HashFileResult d = hash_memory(jpeg.data(), jpeg.size(), {HashKind::pdq}, tool);
    const auto variants = pdq_tool_hash_dihedral(decoded.image.view());
    for (int k = 0; k < 8; ++k) CHECK(hex(d.dihedral[0][k]) == pdq_to_hex(variants[k]));
    CHECK(d.info.width == 900);
}

TEST_CASE("pdq tool: pixel sources and hash_pixels honour the option") {
    const Image img = vector_picture(700, 520);
    HashPixelsOptions p;
    p.pdq_reference_tool = true;
    const PictureHashes h = hash_pixels(img.view(), {HashKind::pdq, HashKind::dct, HashKind::pdq}, p);
    CHECK(hex(h.hashes[0]) == pdq_to_hex(pdq_tool_hash(img.view())));
    CHECK(h.hashes[2] == h.hashes[0]);
    CHECK(h.hashes[1] == hash_pixels(img.view(), {HashKind::dct}).hashes[0]);
    CHECK(h.pdq_quality == pdq_tool_hash(img.view()).quality);

    HashFileOptions o;
    o.pdq_reference_tool = true;
    const auto batch = hash_sources({ImageSource::view(img.view())}, {HashKind::pdq}, o);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].hashes[0] == h.hashes[0]);
}
