// The seed hashes (dct, radial, block mean, Marr-Hildreth) through hash/hash.hpp: golden values of
// the reference images of docs/hashes.md, invariances, robustness, edge sizes, threads, dihedral sets.
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/color.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/filter.hpp"
#include "pristine/hash/hash.hpp"
#include "pristine/resize.hpp"

using pristine::HashKind;
using pristine::Image;
using pristine::PlaneF;

namespace {
constexpr HashKind k_seed[] = {HashKind::dct, HashKind::radial, HashKind::block_mean, HashKind::block_mean_overlap,
                               HashKind::marr_hildreth};

// Reference images of docs/hashes.md (integer formulas, so every implementation starts from the same pixels).
Image reference_a() {  // 64 x 48 grey, g = (4x + 2y) mod 256
    Image a(64, 48, 1);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) a.row(y)[x] = static_cast<std::uint8_t>((4 * x + 2 * y) % 256);
    return a;
}
Image reference_b() {  // 97 x 61 RGB, (3x, 5y, x y) mod 256
    Image b(97, 61, 3);
    for (int y = 0; y < 61; ++y)
        for (int x = 0; x < 97; ++x) {
            std::uint8_t* p = b.row(y) + 3 * x;
            p[0] = static_cast<std::uint8_t>((3 * x) % 256);
            p[1] = static_cast<std::uint8_t>((5 * y) % 256);
            p[2] = static_cast<std::uint8_t>((x * y) % 256);
        }
    return b;
}

// A smooth photo-like RGB scene: waves, a dark disc, a bright bar. `variant` picks unrelated content.
Image scene(int w, int h, int variant, int channels = 3) {
    Image img(w, h, channels);
    const double pi = 3.14159265358979323846;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double u = (x + 0.5) / w, v = (y + 0.5) / h;
            double r, g, b;
            if (variant == 0) {
                r = 128 + 90 * std::sin(2 * pi * (1.5 * u + 0.7 * v));
                g = 128 + 80 * std::cos(2 * pi * (2.2 * v - 0.4 * u));
                b = 100 + 100 * u * v;
                if (std::hypot(u - 0.3, v - 0.35) < 0.18) r = g = b = 25;
                if (u > 0.55 && u < 0.85 && v > 0.6 && v < 0.9) r = 240, g = 230, b = 60;
            } else {
                r = 128 + 100 * std::sin(2 * pi * (3.1 * u * u - 1.3 * v)) * std::cos(2 * pi * 0.9 * v);
                g = 90 + 120 * v;
                b = 200 - 150 * u;
                if (std::hypot(u - 0.7, v - 0.25) < 0.12) r = g = b = 245;
                if (u > 0.1 && u < 0.4 && v > 0.55 && v < 0.7) r = 10, g = 40, b = 20;
            }
            const double c[4] = {r, g, b, 255};
            std::uint8_t* p = img.row(y) + static_cast<std::ptrdiff_t>(x) * channels;
            if (channels < 3) {
                p[0] = static_cast<std::uint8_t>(std::clamp(0.299 * r + 0.587 * g + 0.114 * b, 0.0, 255.0) + 0.5);
                if (channels == 2) p[1] = 255;
            } else {
                for (int k = 0; k < channels; ++k) p[k] = static_cast<std::uint8_t>(std::clamp(c[k], 0.0, 255.0) + 0.5);
            }
        }
    return img;
}

Image add_noise(const Image& in, int amplitude, unsigned seed) {
    Image out = Image::copy_of(in.view());
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> d(-amplitude, amplitude);
    for (std::size_t i = 0; i < out.size_bytes(); ++i) out.data()[i] = static_cast<std::uint8_t>(std::clamp(out.data()[i] + d(rng), 0, 255));
    return out;
}

double ndist(HashKind k, const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    return pristine::hash_distance_normalized(k, a.data(), b.data());
}
}  // namespace

TEST_CASE("golden hashes of the reference images (docs/hashes.md)") {
    struct Golden {
        const char* kind;
        const char* a;
        const char* b;
    };
    const Golden golden[] = {
        {"dct", "93b5a9baeefbffff", "957f7fff7fff7f7f"},
        {"radial", "5ec0ff005c4c5c705e6359575d5d62605f5c5b5b5e605f5f5d5d5d5d5f5e5f5f5e5e5d5d5e5e605e",
         "76ff344d00430e6c51709d6aaa787b7e5e6e646d727b7d7d82717f6f70796a7976717c78767a7775"},
        {"blockmean", "00ff00ff01fe01fe03fc03fc03fc07f807f807f80ff00ff01fe01fe01fe03fc0",
         "000000000004001c007c01fc03fc0ffc7fffffffffffffffffff7fff00000000"},
        {"blockmean-overlap",
         "0000fffe0003fffc0007fff8000fffe0003fffc0007fff0001fffe0003fffc0007fff0001fffe0003fffc0007fff0001fffe0003fff8000ffff0001fffe0003fff8000ffff0001fffe0003fff8000ffff0001fffc0007fff8000ffff0001fffc0007fff8000ffff0001fffc0007fff8000fffe0003fffc0000",
         "000000000000000000000000000000000000000000000400000038000003f000001fe00000ffe00007ffc0003fff8000ffff001ffffe007ffffc07fffffc1ffffff8fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc7fffffe800000000000000000000000000000000"},
        {"mh",
         "2596c1e070392cb7f42596c3e370792cbfa424b6db7252592f6da424b6db4492596f692124b6db04b25b7b484b24b6c964b25ed3485b2596c1e4b2ded2925b2496c964b6b690965b",
         "e083c0e070792d6d242587c4e1f0f92f6d242585c1e1f249276d242d86c6ccb259276d240781c0e070792f6d260787c7e371b83c6e27fc7e3f1f8fc763e1f0e070381c0e0b2f0da4"},
    };
    const Image a = reference_a(), b = reference_b();
    for (const Golden& g : golden) {
        CAPTURE(g.kind);
        const HashKind k = pristine::parse_hash_kind(g.kind);
        CHECK(pristine::hash_to_hex(pristine::compute_hash(k, a.view())) == g.a);
        CHECK(pristine::hash_to_hex(pristine::compute_hash(k, b.view())) == g.b);
        // A flat picture: every coefficient/mean ties, so every bit (and radial byte) is 0.
        Image c(1, 1, 1);
        c.data()[0] = 77;
        CHECK(pristine::compute_hash(k, c.view()) == std::vector<std::uint8_t>(pristine::hash_size_bytes(k), 0));
    }
}

TEST_CASE("kinds: names, sizes, parse, hex") {
    for (HashKind k : pristine::k_all_hash_kinds) CHECK(pristine::parse_hash_kind(pristine::hash_kind_name(k)) == k);
    CHECK_THROWS_AS(pristine::parse_hash_kind("phash"), pristine::Error);
    static_assert(pristine::hash_size_bytes(HashKind::dct) == 8);
    static_assert(pristine::hash_size_bytes(HashKind::radial) == 40);
    static_assert(pristine::hash_size_bytes(HashKind::block_mean) == 32);
    static_assert(pristine::hash_size_bytes(HashKind::block_mean_overlap) == 121);
    static_assert(pristine::hash_size_bits(HashKind::block_mean_overlap) == 961);
    static_assert(pristine::hash_size_bytes(HashKind::marr_hildreth) == 72);
    static_assert(pristine::hash_size_bits(HashKind::marr_hildreth) == 576);
    static_assert(pristine::hash_size_bytes(HashKind::pdq) == 32);
    const Image s = scene(80, 60, 0);
    for (HashKind k : pristine::k_all_hash_kinds) {
        const auto h = pristine::compute_hash(k, s.view());
        CHECK(h.size() == pristine::hash_size_bytes(k));
        CHECK(pristine::hash_from_hex(k, pristine::hash_to_hex(h)) == h);
    }
    CHECK_THROWS_AS(pristine::hash_from_hex(HashKind::dct, "00"), pristine::Error);
    // The 961-bit hash leaves the last 7 bits of byte 120 zero.
    const auto bmo = pristine::compute_hash(HashKind::block_mean_overlap, scene(50, 70, 1).view());
    CHECK((bmo[120] & 0x7f) == 0);
}

TEST_CASE("identical pixels, any layout, give identical hashes; grey equals RGB of the same luma") {
    const Image rgb = scene(120, 90, 0, 3);
    Image rgba(120, 90, 4), grey3(120, 90, 3), grey(120, 90, 1), grey_alpha(120, 90, 2);
    for (int y = 0; y < 90; ++y)
        for (int x = 0; x < 120; ++x) {
            const std::uint8_t* p = rgb.row(y) + 3 * x;
            std::uint8_t* q = rgba.row(y) + 4 * x;
            q[0] = p[0], q[1] = p[1], q[2] = p[2], q[3] = static_cast<std::uint8_t>(x);  // alpha is ignored
            const auto g = static_cast<std::uint8_t>((x * 3 + y * 7) % 256);
            grey.row(y)[x] = g;
            grey_alpha.row(y)[2 * x] = g, grey_alpha.row(y)[2 * x + 1] = 9;
            std::uint8_t* r = grey3.row(y) + 3 * x;
            r[0] = r[1] = r[2] = g;
        }
    // A padded-stride view of the same pixels.
    std::vector<std::uint8_t> padded(static_cast<std::size_t>(90) * (360 + 13));
    for (int y = 0; y < 90; ++y) std::copy(rgb.row(y), rgb.row(y) + 360, padded.data() + y * 373);
    const pristine::ImageView strided{padded.data(), 120, 90, 3, 373};
    for (HashKind k : k_seed) {
        CAPTURE(std::string(pristine::hash_kind_name(k)));
        const auto h = pristine::compute_hash(k, rgb.view());
        CHECK(pristine::compute_hash(k, Image::copy_of(rgb.view()).view()) == h);
        CHECK(pristine::compute_hash(k, rgba.view()) == h);
        CHECK(pristine::compute_hash(k, strided) == h);
        CHECK(pristine::compute_hash(k, pristine::to_luma(rgb.view())) == h);
        const auto hg = pristine::compute_hash(k, grey.view());
        CHECK(pristine::compute_hash(k, grey_alpha.view()) == hg);
        CHECK(pristine::compute_hash(k, grey3.view()) == hg);  // 0.299 g + 0.587 g + 0.114 g == g here
    }
}

TEST_CASE("mild changes give small distances, unrelated pictures large ones") {
    const Image orig = scene(320, 240, 0);
    const Image other = scene(320, 240, 1);
    const PlaneF luma = pristine::to_luma(orig.view());
    const Image noisy = add_noise(orig, 6, 1);
    const PlaneF blurred = pristine::gaussian_blur(luma, 1.0);
    const PlaneF smaller = pristine::resize_area(luma, 288, 216);  // 0.9 x
    const PlaneF squeezed = pristine::resize_area(luma, 300, 240);  // aspect change
    for (HashKind k : k_seed) {
        CAPTURE(std::string(pristine::hash_kind_name(k)));
        const auto h = pristine::compute_hash(k, orig.view());
        const double near_limit = k == HashKind::radial ? 0.03 : 0.08;  // radial: (1 - peak) / 2
        CHECK(ndist(k, h, pristine::compute_hash(k, noisy.view())) <= near_limit);
        CHECK(ndist(k, h, pristine::compute_hash(k, blurred)) <= near_limit);
        CHECK(ndist(k, h, pristine::compute_hash(k, smaller)) <= near_limit);
        CHECK(ndist(k, h, pristine::compute_hash(k, squeezed)) <= near_limit);
        const double far = ndist(k, h, pristine::compute_hash(k, other.view()));
        CHECK(far >= (k == HashKind::radial ? 0.1 : 0.3));
    }
}

TEST_CASE("compute_hashes shares the working image and equals compute_hash") {
    const Image img = add_noise(scene(700, 500, 1), 10, 3);
    std::vector<HashKind> kinds(pristine::k_all_hash_kinds.begin(), pristine::k_all_hash_kinds.end());
    kinds.push_back(HashKind::dct);
    const auto all = pristine::compute_hashes(kinds, img.view());
    REQUIRE(all.size() == kinds.size());
    for (std::size_t i = 0; i < kinds.size(); ++i) CHECK(all[i] == pristine::compute_hash(kinds[i], img.view()));
    // Every seed hash but radial is a function of the 128 x 128 area-resized luma; radial of the
    // area-resized luma at the picture's aspect ratio, long side 128 (700 x 500 -> 128 x 91).
    const PlaneF luma = pristine::to_luma(img.view());
    const PlaneF w = pristine::resize_area(luma, 128, 128);
    for (HashKind k : k_seed) {
        CAPTURE(std::string(pristine::hash_kind_name(k)));
        if (k == HashKind::radial)
            CHECK(pristine::compute_hash(k, pristine::resize_area(luma, 128, 91)) == pristine::compute_hash(k, img.view()));
        else
            CHECK(pristine::compute_hash(k, w) == pristine::compute_hash(k, img.view()));
    }
}

TEST_CASE("tiny inputs work and bad inputs throw") {
    for (int channels = 1; channels <= 4; ++channels)
        for (auto [w, h] : {std::pair{1, 1}, {2, 3}, {3, 2}, {1, 7}}) {
            const Image img = scene(w, h, 0, channels);
            for (HashKind k : pristine::k_all_hash_kinds) {
                CAPTURE(std::string(pristine::hash_kind_name(k)));
                CHECK(pristine::compute_hash(k, img.view()).size() == pristine::hash_size_bytes(k));
                CHECK(pristine::compute_hash_dihedral(k, img.view())[5].size() == pristine::hash_size_bytes(k));
            }
        }
    const pristine::ImageView bad{nullptr, 4, 4, 3, 12};
    std::uint8_t px[12] = {};
    const pristine::ImageView zero{px, 0, 4, 3, 12}, five{px, 1, 1, 5, 12}, short_stride{px, 4, 1, 3, 11};
    for (HashKind k : pristine::k_all_hash_kinds) {
        CHECK_THROWS_AS(pristine::compute_hash(k, bad), pristine::Error);
        CHECK_THROWS_AS(pristine::compute_hash(k, zero), pristine::Error);
        CHECK_THROWS_AS(pristine::compute_hash(k, five), pristine::Error);
        CHECK_THROWS_AS(pristine::compute_hash(k, short_stride), pristine::Error);
        CHECK_THROWS_AS(pristine::compute_hash(k, PlaneF()), pristine::Error);
        PlaneF nan_plane = PlaneF::Constant(9, 9, 1.f);
        nan_plane(4, 4) = std::nanf("");
        if (k != HashKind::pdq) CHECK_THROWS_AS(pristine::compute_hash(k, nan_plane), pristine::Error);
        CHECK_THROWS_AS(pristine::compute_hash_dihedral(k, PlaneF(0, 3)), pristine::Error);
    }
}

TEST_CASE("hashing from several threads equals hashing serially") {
    std::vector<Image> images;
    for (int i = 0; i < 6; ++i) images.push_back(add_noise(scene(100 + 17 * i, 80 + 9 * i, i % 2), 20, i));
    std::vector<std::vector<std::uint8_t>> serial;
    for (const Image& img : images)
        for (HashKind k : k_seed) serial.push_back(pristine::compute_hash(k, img.view()));
    std::vector<std::vector<std::vector<std::uint8_t>>> results(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int rep = 0; rep < 2; ++rep) {
                results[t].clear();
                for (const Image& img : images)
                    for (HashKind k : k_seed) results[t].push_back(pristine::compute_hash(k, img.view()));
            }
        });
    for (auto& th : threads) th.join();
    for (const auto& r : results) CHECK(r == serial);
}

TEST_CASE("dihedral sets: variant k is the hash of the picture transformed by k") {
    for (const Image& img : {scene(150, 100, 0), scene(90, 131, 1), reference_b()}) {
        for (HashKind k : k_seed) {
            CAPTURE(std::string(pristine::hash_kind_name(k)));
            const auto set = pristine::compute_hash_dihedral(k, img.view());
            CHECK(set[0] == pristine::compute_hash(k, img.view()));
            for (int t = 0; t < 8; ++t) {
                CAPTURE(t);
                const Image moved = pristine::transform_dihedral(img.view(), pristine::k_all_dihedral[t]);
                const auto h = pristine::compute_hash(k, moved.view());
                // Equal up to the order of floating-point sums: at most a bit or two may differ.
                CHECK(ndist(k, h, set[t]) <= 0.02);
                CHECK(pristine::hash_distance_dihedral(k, set, h.data()) <= pristine::hash_distance(k, h.data(), set[t].data()));
            }
        }
    }
}

TEST_CASE("distances: radial similarity and Hamming conventions") {
    std::vector<std::uint8_t> a(40), b(40);
    for (int i = 0; i < 40; ++i) a[i] = static_cast<std::uint8_t>(i * 6), b[(i + 7) % 40] = a[i];
    CHECK(pristine::radial_hash_similarity(a.data(), a.data()) == doctest::Approx(1.0));
    CHECK(pristine::radial_hash_similarity(a.data(), b.data()) == doctest::Approx(1.0));  // circular shift
    CHECK(pristine::hash_distance(HashKind::radial, a.data(), b.data()) == doctest::Approx(0.0).epsilon(1e-9));
    std::vector<std::uint8_t> neg(40);
    for (int i = 0; i < 40; ++i) neg[i] = static_cast<std::uint8_t>(255 - a[i]);
    CHECK(pristine::radial_hash_similarity(a.data(), neg.data()) < 0.9);
    const std::vector<std::uint8_t> zero(40, 0), flat(40, 9);
    CHECK(pristine::radial_hash_similarity(zero.data(), zero.data()) == 1.0);
    CHECK(pristine::radial_hash_similarity(zero.data(), flat.data()) == 0.0);
    CHECK(pristine::radial_hash_similarity(zero.data(), a.data()) == 0.0);
    std::vector<std::uint8_t> x(72, 0), y(72, 0);
    y[0] = 0xff, y[71] = 0x01;
    CHECK(pristine::hash_distance(HashKind::marr_hildreth, x.data(), y.data()) == 9);
    CHECK(pristine::hash_distance_normalized(HashKind::marr_hildreth, x.data(), y.data()) == doctest::Approx(9.0 / 576));
}
