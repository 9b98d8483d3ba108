// DCT-block entropy sampling: grid, entropy definition, selection order, tensors, presence flags.
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/blocks.hpp"
#include "pristine/color.hpp"
#include "test_helpers.hpp"

using pristine::BlockChannels;
using pristine::BlockSample;
using pristine::BlockSampleOptions;
using pristine::Image;

namespace {

Image flat_image(int w, int h, int channels, std::uint8_t value) {
    Image img(w, h, channels);
    std::fill(img.data(), img.data() + img.size_bytes(), value);
    return img;
}

using test::noise_image;

// A checkerboard of amplitude `amp` in the 8 x 8 block at (x0, y0), all channels.
void paint_checker(Image& img, int x0, int y0, int amp) {
    for (int y = y0; y < y0 + 8; ++y)
        for (int x = x0; x < x0 + 8; ++x)
            for (int c = 0; c < img.channels(); ++c)
                img.row(y)[x * img.channels() + c] = static_cast<std::uint8_t>(128 + (((x + y) & 1) ? amp : -amp));
}

// The definition, written the slow obvious way: 112 pairs inside the block, on the libjpeg Y.
int naive_entropy(const Image& img, int x0, int y0) {
    auto luma = [&](int x, int y) {
        const std::uint8_t* p = img.row(y) + x * img.channels();
        if (img.channels() < 3) return static_cast<int>(p[0]);
        return (19595 * p[0] + 38470 * p[1] + 7471 * p[2] + 32768) >> 16;
    };
    int e = 0;
    for (int y = y0; y < y0 + 8; ++y)
        for (int x = x0; x < x0 + 8; ++x) {
            if (x + 1 < x0 + 8) e += std::abs(luma(x + 1, y) - luma(x, y));
            if (y + 1 < y0 + 8) e += std::abs(luma(x, y + 1) - luma(x, y));
        }
    return e;
}

void check_absent_from(const BlockSample& s, int first) {
    // Count offenders instead of one CHECK per float: 512 slots x 3 x 64 x 2 values would flood doctest.
    const int c = s.channels;
    int bad = 0;
    for (int i = first; i < s.capacity; ++i) {
        bad += s.present[i] != 0 || s.xs[i] != -1 || s.ys[i] != -1 || s.entropy[i] != 0;
        for (int k = 0; k < c * 64; ++k) {
            bad += s.pixels[static_cast<std::size_t>(i) * c * 64 + k] != 0.f;
            bad += s.dct[static_cast<std::size_t>(i) * c * 64 + k] != 0.f;
        }
        for (int k = 0; k < pristine::k_block_meta_size; ++k)
            bad += s.meta[static_cast<std::size_t>(i) * pristine::k_block_meta_size + k] != 0.f;
    }
    CHECK(bad == 0);
}

void check_shapes(const BlockSample& s, int capacity, int channels) {
    const auto cap = static_cast<std::size_t>(capacity);
    CHECK(s.capacity == capacity);
    CHECK(s.channels == channels);
    CHECK(s.pixels.size() == cap * channels * 64);
    CHECK(s.dct.size() == cap * channels * 64);
    CHECK(s.meta.size() == cap * pristine::k_block_meta_size);
    CHECK(s.present.size() == cap);
    CHECK(s.xs.size() == cap);
    CHECK(s.ys.size() == cap);
    CHECK(s.entropy.size() == cap);
}

}  // namespace

TEST_CASE("an image smaller than one block gives no blocks and all slots absent") {
    for (auto [w, h] : {std::pair{7, 7}, std::pair{7, 100}, std::pair{100, 7}, std::pair{1, 1}}) {
        const Image img = noise_image(w, h, 3, 1);
        const BlockSample s = pristine::sample_blocks(img.view());
        CHECK(s.count == 0);
        CHECK(s.total_blocks == 0);
        check_shapes(s, 512, 3);
        check_absent_from(s, 0);
    }
    // An offset can push the only block out of an 8 x 8 image.
    BlockSampleOptions o;
    o.offset_x = 1;
    CHECK(pristine::sample_blocks(flat_image(8, 8, 1, 9).view(), o).count == 0);
    CHECK(pristine::sample_blocks(flat_image(8, 8, 1, 9).view()).count == 1);
}

TEST_CASE("partial edge blocks are not candidates") {
    // 20 x 17: full blocks at x = 0, 8 and y = 0, 8; columns 16..19 and row 16 are a partial edge.
    Image img = flat_image(20, 17, 1, 100);
    for (int y = 0; y < 17; ++y)
        for (int x = 16; x < 20; ++x) img.row(y)[x] = static_cast<std::uint8_t>((x + y) % 2 ? 255 : 0);
    for (int x = 0; x < 20; ++x) img.row(16)[x] = static_cast<std::uint8_t>(x % 2 ? 255 : 0);
    const BlockSample s = pristine::sample_blocks(img.view());
    CHECK(s.total_blocks == 4);
    CHECK(s.count == 4);
    for (int i = 0; i < 4; ++i) {
        CHECK(s.entropy[i] == 0);  // the texture lies outside every full block, and boundary pairs don't count
        CHECK(s.xs[i] + 8 <= 16);
        CHECK(s.ys[i] + 8 <= 16);
    }
    // With offset (3, 1) the grid is x = 3, 11 and y = 1, 9: still 2 x 2 full blocks.
    BlockSampleOptions o;
    o.offset_x = 3;
    o.offset_y = 1;
    const pristine::BlockGrid g = pristine::block_entropy_grid(img.view(), 3, 1);
    CHECK(g.blocks_x == 2);
    CHECK(g.blocks_y == 2);
    const BlockSample so = pristine::sample_blocks(img.view(), o);
    CHECK(so.total_blocks == 4);
    CHECK(so.xs[0] == 11);  // the block [11, 19) reaches the texture at x = 16..18
}

TEST_CASE("a flat image has zero entropies and gives blocks in raster order") {
    const Image img = flat_image(40, 24, 3, 77);  // 5 x 3 blocks
    BlockSampleOptions o;
    o.max_blocks = 15;
    const BlockSample s = pristine::sample_blocks(img.view(), o);
    REQUIRE(s.count == 15);
    for (int i = 0; i < 15; ++i) {
        CHECK(s.entropy[i] == 0);
        CHECK(s.xs[i] == (i % 5) * 8);
        CHECK(s.ys[i] == (i / 5) * 8);
        CHECK(s.present[i] == 1);
    }
    // Fewer slots than blocks: the first ones in raster order.
    o.max_blocks = 4;
    const BlockSample t = pristine::sample_blocks(img.view(), o);
    CHECK(t.count == 4);
    CHECK(t.xs == std::vector<int>{0, 8, 16, 24});
    CHECK(t.ys == std::vector<int>{0, 0, 0, 0});
}

TEST_CASE("the most textured blocks come first, equal ones in (y, x) order") {
    Image img = flat_image(64, 48, 3, 128);
    paint_checker(img, 24, 16, 50);  // strongest
    paint_checker(img, 40, 32, 20);  // weaker, lower
    paint_checker(img, 8, 32, 20);   // equally weak, same row, further left
    paint_checker(img, 56, 0, 20);   // equally weak, top row
    BlockSampleOptions o;
    o.max_blocks = 5;
    const BlockSample s = pristine::sample_blocks(img.view(), o);
    CHECK(s.xs[0] == 24);
    CHECK(s.ys[0] == 16);
    CHECK(s.entropy[0] == 112 * 100);  // every adjacent pair differs by 2 * 50
    CHECK(s.xs[1] == 56);
    CHECK(s.ys[1] == 0);
    CHECK(s.xs[2] == 8);
    CHECK(s.ys[2] == 32);
    CHECK(s.xs[3] == 40);
    CHECK(s.ys[3] == 32);
    CHECK(s.entropy[1] == 112 * 40);
    CHECK(s.entropy[4] == 0);
    CHECK(s.xs[4] == 0);  // then the flat blocks, first in raster order
    CHECK(s.ys[4] == 0);
    CHECK(s.meta[pristine::k_meta_entropy] == doctest::Approx(100.0 / 255.0));
}

TEST_CASE("block entropy matches its definition on noise, for every grid offset and channel count") {
    for (int channels : {1, 2, 3, 4}) {
        const Image img = noise_image(53, 37, channels, 100 + channels);
        for (int ox : {0, 3, 7})
            for (int oy : {0, 5}) {
                const pristine::BlockGrid g = pristine::block_entropy_grid(img.view(), ox, oy);
                CHECK(g.blocks_x == (53 - ox) / 8);
                CHECK(g.blocks_y == (37 - oy) / 8);
                for (int by = 0; by < g.blocks_y; ++by)
                    for (int bx = 0; bx < g.blocks_x; ++bx)
                        CHECK(g.entropy[by * g.blocks_x + bx] == naive_entropy(img, ox + bx * 8, oy + by * 8));
            }
    }
}

TEST_CASE("pixels are centred YCbCr and the DCT equals dct8x8 of them") {
    const Image img = noise_image(48, 40, 3, 5);
    BlockSampleOptions o;
    o.max_blocks = 7;
    const BlockSample s = pristine::sample_blocks(img.view(), o);
    REQUIRE(s.count == 7);
    for (int i = 0; i < s.count; ++i) {
        for (int ch = 0; ch < 3; ++ch) {
            const std::size_t base = (static_cast<std::size_t>(i) * 3 + ch) * 64;
            pristine::Block8f b;
            for (int k = 0; k < 64; ++k) {
                b[k] = s.pixels[base + k];
                // Close to the float JFIF conversion (the integer one rounds).
                const std::uint8_t* p = img.row(s.ys[i] + k / 8) + (s.xs[i] + k % 8) * 3;
                const float r = p[0], g = p[1], bl = p[2];
                const float ref = ch == 0 ? 0.299f * r + 0.587f * g + 0.114f * bl
                                : ch == 1 ? 128.f - 0.168736f * r - 0.331264f * g + 0.5f * bl
                                          : 128.f + 0.5f * r - 0.418688f * g - 0.081312f * bl;
                CHECK(std::abs(b[k] * 128.f + 128.f - ref) <= 0.51f);
                CHECK(b[k] >= -1.f);
                CHECK(b[k] <= 127.f / 128.f);
            }
            const pristine::Block8f c = pristine::dct8x8(b);
            for (int k = 0; k < 64; ++k) CHECK(s.dct[base + k] == c[k]);
        }
    }
}

TEST_CASE("luma mode holds Y only, equal to the Y plane of ycbcr mode") {
    const Image img = noise_image(32, 32, 4, 9);
    BlockSampleOptions o;
    o.max_blocks = 16;
    const BlockSample ycc = pristine::sample_blocks(img.view(), o);
    o.channels = BlockChannels::luma;
    const BlockSample y = pristine::sample_blocks(img.view(), o);
    check_shapes(y, 16, 1);
    CHECK(y.xs == ycc.xs);
    CHECK(y.ys == ycc.ys);
    CHECK(y.meta == ycc.meta);
    for (int i = 0; i < 16; ++i)
        for (int k = 0; k < 64; ++k) {
            CHECK(y.pixels[i * 64 + k] == ycc.pixels[i * 3 * 64 + k]);
            CHECK(y.dct[i * 64 + k] == ycc.dct[i * 3 * 64 + k]);
        }
}

TEST_CASE("grey input is its own Y with neutral chroma") {
    const Image img = noise_image(16, 8, 1, 4);
    const BlockSample s = pristine::sample_blocks(img.view());
    REQUIRE(s.count == 2);
    for (int k = 0; k < 64; ++k) {
        const int x = s.xs[0] + k % 8, yy = s.ys[0] + k / 8;
        CHECK(s.pixels[k] == (img.row(yy)[x] - 128) / 128.f);
        CHECK(s.pixels[64 + k] == 0.f);
        CHECK(s.pixels[128 + k] == 0.f);
    }
    CHECK(s.meta[pristine::k_meta_chroma] == 0.f);
}

TEST_CASE("metadata of a known block") {
    Image img = flat_image(32, 16, 3, 0);
    // Block at (8, 8): left half black, right half white (grey RGB: Y = value, Cb = Cr = 128).
    for (int y = 8; y < 16; ++y)
        for (int x = 12; x < 16; ++x)
            for (int c = 0; c < 3; ++c) img.row(y)[x * 3 + c] = 255;
    BlockSampleOptions o;
    o.max_blocks = 2;
    const BlockSample s = pristine::sample_blocks(img.view(), o);
    REQUIRE(s.xs[0] == 8);
    REQUIRE(s.ys[0] == 8);
    const float* m = s.meta.data();
    CHECK(s.entropy[0] == 8 * 255);  // one edge crossed in each of the 8 rows
    CHECK(m[pristine::k_meta_x] == doctest::Approx(12.0 / 32.0));
    CHECK(m[pristine::k_meta_y] == doctest::Approx(12.0 / 16.0));
    CHECK(m[pristine::k_meta_entropy] == doctest::Approx(8.0 / 112.0));
    CHECK(m[pristine::k_meta_mean] == doctest::Approx(0.5));
    CHECK(m[pristine::k_meta_std] == doctest::Approx(127.5 / 128.0));
    CHECK(m[pristine::k_meta_clipped] == doctest::Approx(1.0));
    CHECK(m[pristine::k_meta_chroma] == doctest::Approx(0.0));
    CHECK(m[pristine::k_meta_image_size] == doctest::Approx(std::log2(32.0 * 16.0) / 32.0));
    // A saturated red block is colourful: |Cb - 128| + |Cr - 128| = 43 + 127.
    Image red = flat_image(8, 8, 3, 0);
    for (int i = 0; i < 64; ++i) red.data()[i * 3] = 255;
    const BlockSample r = pristine::sample_blocks(red.view());
    CHECK(r.pixels[64] == (85 - 128) / 128.f);   // Cb
    CHECK(r.pixels[128] == (255 - 128) / 128.f); // Cr
    CHECK(r.meta[pristine::k_meta_chroma] == doctest::Approx((43.0 + 127.0) / 256.0));
}

TEST_CASE("more slots than blocks: presence flags mark the empty slots") {
    const Image img = noise_image(24, 16, 3, 2);  // 3 x 2 blocks
    BlockSampleOptions o;
    o.max_blocks = 10;
    const BlockSample s = pristine::sample_blocks(img.view(), o);
    check_shapes(s, 10, 3);
    CHECK(s.count == 6);
    CHECK(s.total_blocks == 6);
    for (int i = 0; i < 6; ++i) CHECK(s.present[i] == 1);
    for (int i = 1; i < 6; ++i) CHECK(s.entropy[i - 1] >= s.entropy[i]);
    check_absent_from(s, 6);
}

TEST_CASE("sampling is deterministic and reuses storage consistently") {
    const Image img = noise_image(200, 150, 3, 8);
    BlockSampleOptions o;
    o.max_blocks = 64;
    const BlockSample a = pristine::sample_blocks(img.view(), o);
    BlockSample b = pristine::sample_blocks(noise_image(80, 80, 1, 3).view());  // reused, different shape
    pristine::sample_blocks_into(img.view(), o, b);
    CHECK(a.count == b.count);
    CHECK(a.xs == b.xs);
    CHECK(a.ys == b.ys);
    CHECK(a.entropy == b.entropy);
    CHECK(a.pixels == b.pixels);
    CHECK(a.dct == b.dct);
    CHECK(a.meta == b.meta);
    CHECK(a.present == b.present);
    // Concurrent calls on one image agree (no shared mutable state).
    std::vector<BlockSample> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results) threads.emplace_back([&img, &o, &r] { r = pristine::sample_blocks(img.view(), o); });
    for (auto& t : threads) t.join();
    for (const auto& r : results) CHECK(r.dct == a.dct);
    // A strided view with junk padding gives the same blocks.
    const int stride = 200 * 3 + 13;
    std::vector<std::uint8_t> padded(static_cast<std::size_t>(stride) * 150, 0xAB);
    for (int y = 0; y < 150; ++y) std::copy(img.row(y), img.row(y) + 600, padded.data() + y * stride);
    const pristine::ImageView v{padded.data(), 200, 150, 3, stride};
    const BlockSample c = pristine::sample_blocks(v, o);
    CHECK(c.xs == a.xs);
    CHECK(c.ys == a.ys);
    CHECK(c.dct == a.dct);
}

TEST_CASE("bad arguments throw invalid_argument") {
    const Image img = noise_image(16, 16, 3, 1);
    auto status_of = [&](const pristine::ImageView& v, const BlockSampleOptions& o) {
        try {
            pristine::sample_blocks(v, o);
        } catch (const pristine::Error& e) {
            return e.status();
        }
        return pristine::Status::ok;
    };
    BlockSampleOptions o;
    CHECK(status_of(pristine::ImageView{}, o) == pristine::Status::invalid_argument);
    o.max_blocks = 0;
    CHECK(status_of(img.view(), o) == pristine::Status::invalid_argument);
    o.max_blocks = pristine::k_block_max_capacity + 1;
    CHECK(status_of(img.view(), o) == pristine::Status::invalid_argument);
    o = {};
    o.offset_x = 8;
    CHECK(status_of(img.view(), o) == pristine::Status::invalid_argument);
    o = {};
    o.offset_y = -1;
    CHECK(status_of(img.view(), o) == pristine::Status::invalid_argument);
    o = {};
    o.channels = static_cast<BlockChannels>(2);
    CHECK(status_of(img.view(), o) == pristine::Status::invalid_argument);
    CHECK_THROWS_AS(pristine::block_entropy_grid(img.view(), 0, 9), pristine::Error);
}
