// Fingerprints, verification and group assembly of the duplicate search (pristine/io/duplicates.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "pristine/io/duplicates.hpp"
#include "pristine/lab/degrade/distort.hpp"
#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/synth.hpp"

using namespace pristine;
using namespace pristine::degrade;

namespace {

Image drawing(SynthKind kind, int w, int h, std::uint64_t seed) {
    Rng rng(seed);
    return synth_image(kind, w, h, rng);
}

Fingerprint print_of(const Image& img) { return fingerprint_image(img.view(), ImageInfo{}); }

Fingerprint print_of_jpeg(const Image& img, int quality) {
    JpegEncodeOptions o;
    o.quality = quality;
    const std::vector<std::uint8_t> bytes = encode_jpeg(img.view(), o);
    return fingerprint_memory(bytes.data(), bytes.size());
}

// A w x h picture of horizontal stripes in the given colours.
Image stripes(int w, int h, const std::vector<std::array<std::uint8_t, 3>>& colours) {
    Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto& c = colours[static_cast<std::size_t>(y * static_cast<int>(colours.size()) / h)];
            std::copy(c.begin(), c.end(), img.data() + (static_cast<std::size_t>(y) * w + x) * 3);
        }
    return img;
}

}  // namespace

TEST_CASE("a picture has the whole view and the centre crops its aspect ratio calls for") {
    auto regions = [](const Fingerprint& f) {
        std::vector<ViewRegion> r;
        for (const FingerprintView& v : f.views) r.push_back(v.region);
        return r;
    };
    using R = ViewRegion;
    CHECK(regions(print_of(drawing(SynthKind::shapes, 320, 180, 1))) ==
          std::vector<R>{R::whole, R::centre_square, R::centre_portrait, R::centre_inner});  // 16:9
    CHECK(regions(print_of(drawing(SynthKind::shapes, 200, 200, 1))) == std::vector<R>{R::whole, R::centre_portrait, R::centre_inner});
    CHECK(regions(print_of(drawing(SynthKind::shapes, 200, 250, 1))) == std::vector<R>{R::whole, R::centre_square, R::centre_inner});
    FingerprintOptions whole_only;
    whole_only.crop_views = false;
    CHECK(fingerprint_image(drawing(SynthKind::shapes, 320, 180, 1).view(), ImageInfo{}, whole_only).views.size() == 1);
    CHECK_THROWS_AS(fingerprint_image(ImageView{}, ImageInfo{}), Error);
}

TEST_CASE("copies verify: re-encoded, resized, turned, mirrored, centre-cropped, shaved") {
    const Image original = drawing(SynthKind::clipart, 480, 270, 7);
    const Fingerprint a = print_of(original);

    SUBCASE("JPEG of a smaller copy") {
        const PairEvidence e = compare_fingerprints(a, print_of_jpeg(resize(original.view(), 320, 180), 70));
        CHECK(e.verified);
        CHECK(e.alignment.transform == Dihedral::identity);
    }
    SUBCASE("every lossless turn and mirror is found with its transform") {
        const Image turned[] = {rotate90(original.view(), 1), rotate90(original.view(), 2), flip_horizontal(original.view())};
        for (const Image& t : turned) {
            const PairEvidence e = compare_fingerprints(a, print_of(t));
            CHECK(e.verified);
            CHECK(e.alignment.distance <= 8);
            CHECK(e.alignment.transform != Dihedral::identity);
        }
    }
    SUBCASE("a feed's centre 1:1 crop matches the original's square view") {
        const Image square = resize(crop(original.view(), 105, 0, 270, 270).view(), 200, 200);
        const PairEvidence e = compare_fingerprints(a, print_of_jpeg(square, 80));
        CHECK(e.verified);
        CHECK(a.views[static_cast<std::size_t>(e.alignment.view_a)].region == ViewRegion::centre_square);
    }
    SUBCASE("a few percent shaved off each side") {
        const PairEvidence e = compare_fingerprints(a, print_of_jpeg(shave(original.view(), 12), 85));
        CHECK(e.verified);
    }
}

TEST_CASE("distinct pictures do not verify, also with one layout in other colours") {
    const Fingerprint a = print_of(drawing(SynthKind::comic, 400, 300, 1));
    CHECK_FALSE(compare_fingerprints(a, print_of(drawing(SynthKind::comic, 400, 300, 2))).verified);
    CHECK_FALSE(compare_fingerprints(a, print_of(drawing(SynthKind::screenshot, 400, 300, 1))).verified);

    // Tricolours: same stripes, other colours. Their luma may correlate; their chroma does not.
    const Fingerprint flag1 = print_of(stripes(300, 200, {{0, 0, 0}, {221, 0, 0}, {255, 206, 0}}));
    const Fingerprint flag2 = print_of(stripes(300, 200, {{0, 0, 150}, {0, 150, 0}, {230, 230, 230}}));
    const PairEvidence e = compare_fingerprints(flag1, flag2);
    CHECK_FALSE(e.verified);
    CHECK(e.chroma_difference > MatchOptions{}.max_chroma_difference);
    CHECK(compare_fingerprints(flag1, print_of_jpeg(stripes(300, 200, {{0, 0, 0}, {221, 0, 0}, {255, 206, 0}}), 75)).verified);
}

TEST_CASE("flat pictures match only flat pictures of the same tone") {
    Image dark(200, 150, 3), darker(200, 150, 3);
    std::fill(dark.data(), dark.data() + 200 * 150 * 3, std::uint8_t{20});
    std::fill(darker.data(), darker.data() + 200 * 150 * 3, std::uint8_t{5});
    CHECK(compare_fingerprints(print_of(dark), print_of_jpeg(dark, 60)).verified);
    CHECK_FALSE(compare_fingerprints(print_of(dark), print_of(darker)).verified);
}

TEST_CASE("groups: every copy found, distinct pictures apart, nothing from failed entries") {
    std::vector<Fingerprint> prints;
    std::vector<int> truth;
    for (int p = 0; p < 4; ++p) {
        const Image original = drawing(all_synth_kinds()[static_cast<std::size_t>(p)], 360, 240, 100 + p);
        prints.push_back(print_of(original)), truth.push_back(p);
        prints.push_back(print_of_jpeg(resize(original.view(), 240, 160), 75)), truth.push_back(p);
        prints.push_back(print_of(rotate90(original.view(), 3))), truth.push_back(p);
    }
    for (int d = 0; d < 6; ++d) prints.push_back(print_of(drawing(SynthKind::shapes, 300, 300, 500 + d))), truth.push_back(10 + d);
    std::vector<const Fingerprint*> ptrs;
    for (const Fingerprint& f : prints) ptrs.push_back(&f);
    ptrs.push_back(nullptr);  // a file that failed

    const DuplicateGroups g = find_duplicate_groups(ptrs);
    REQUIRE(g.groups.size() == 4);
    for (const auto& group : g.groups) {
        CHECK(group.size() == 3);
        for (std::size_t i : group) CHECK(truth[i] == truth[group.front()]);
    }
    CHECK(g.verified >= 12);
    for (const PairEvidence& e : g.pairs) CHECK(e.a < e.b);
}

TEST_CASE("one false pair cannot chain two groups together") {
    // Hand-made fingerprints: A0..A2 one picture, B0..B2 another, X halfway between (its thumbnail is
    // their sum, so it verifies with both at a lowered threshold). All hashes are candidates.
    constexpr int L = k_view_luma_side, P = k_picture_luma_side;
    auto print_with = [](auto pattern) {  // pattern(x, y) on the 32 x 32 grid; the 64 x 64 thumbnail samples it
        Fingerprint f;
        FingerprintView v;
        for (int i = 0; i < L * L; ++i) v.luma[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(pattern(i % L, i / L));
        v.chroma.fill(128);
        f.views = {v};
        for (int i = 0; i < P * P; ++i)
            f.luma[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(pattern((i % P) * L / P, (i / P) * L / P));
        f.info.display_width = f.info.display_height = 100;
        return f;
    };
    auto a_pattern = [](int x, int) { return 128 + 100 * std::sin(x * 0.6); };
    auto b_pattern = [](int, int y) { return 128 + 100 * std::sin(y * 0.6); };
    auto x_pattern = [&](int x, int y) { return 128 + 0.5 * (a_pattern(x, y) - 128) + 0.5 * (b_pattern(x, y) - 128); };
    std::vector<Fingerprint> prints(7);
    for (int i = 0; i < 3; ++i) prints[static_cast<std::size_t>(i)] = print_with(a_pattern);
    for (int i = 3; i < 6; ++i) prints[static_cast<std::size_t>(i)] = print_with(b_pattern);
    prints[6] = print_with(x_pattern);
    std::vector<const Fingerprint*> ptrs;
    for (const Fingerprint& f : prints) ptrs.push_back(&f);
    MatchOptions o;
    o.min_correlation = 0.6;  // X correlates ~0.7 with both A and B; A and B not at all
    o.min_detail_correlation = -1;  // this test is about linkage: the other checks stay out of the way
    o.max_local_difference = 255;
    o.max_strip_ratio = 255;
    o.min_strip_correlation = -1;
    o.min_alignment_margin = -2;
    o.dihedral = false;
    o.dct_radius = -1;
    const DuplicateGroups g = find_duplicate_groups(ptrs, o);
    REQUIRE(g.groups.size() == 2);
    CHECK(g.groups[0].size() + g.groups[1].size() == 7);
    CHECK(std::max(g.groups[0].size(), g.groups[1].size()) == 4);  // X joined one side only

    o.min_link_fraction = 0.2;  // a loose rule lets X's 3 pairs to the other side chain everything
    CHECK(find_duplicate_groups(ptrs, o).groups.size() == 1);
}

TEST_CASE("bad options are refused with the field named") {
    MatchOptions o;
    o.candidate_radius = 60;
    CHECK_THROWS_WITH_AS(find_duplicate_groups({}, o), doctest::Contains("candidate_radius"), Error);
    o = MatchOptions{};
    o.min_link_fraction = 0;
    CHECK_THROWS_WITH_AS(find_duplicate_groups({}, o), doctest::Contains("min_link_fraction"), Error);
}

namespace {

// `base` with a caption band along its bottom: white block letters on black, placed by `seed`.
Image with_caption(const Image& base, std::uint64_t seed) {
    Image out = crop(base.view(), 0, 0, base.width(), base.height());
    const int band = base.height() / 12, top = base.height() - band;
    Rng rng(seed);
    for (int y = top; y < base.height(); ++y)
        std::fill(out.data() + static_cast<std::size_t>(y) * base.width() * 3, out.data() + static_cast<std::size_t>(y + 1) * base.width() * 3, std::uint8_t{0});
    for (int x = 8; x + 10 < base.width() - 8; x += 12) {
        if (rng.uniform(0.0, 1.0) < 0.2) continue;  // a space between words
        const int h = static_cast<int>(band * rng.uniform(0.4, 0.8)), w = static_cast<int>(rng.uniform(4.0, 10.0));
        for (int y = top + (band - h) / 2; y < top + (band + h) / 2; ++y)
            std::fill(out.data() + (static_cast<std::size_t>(y) * base.width() + x) * 3, out.data() + (static_cast<std::size_t>(y) * base.width() + x + w) * 3, std::uint8_t{255});
    }
    return out;
}

}  // namespace

TEST_CASE("two memes of one template whose captions differ are told apart; a copy of either is not") {
    const Image base = drawing(SynthKind::comic, 480, 360, 21);
    const Image meme1 = with_caption(base, 1), meme2 = with_caption(base, 2);
    const Fingerprint a = print_of(meme1);
    const PairEvidence other = compare_fingerprints(a, print_of(meme2));
    CHECK_FALSE(other.verified);
    CHECK(other.correlation > MatchOptions{}.min_correlation);  // the pictures agree but for the caption
    CHECK(compare_fingerprints(a, print_of_jpeg(resize(meme1.view(), 360, 270), 70)).verified);
}

TEST_CASE("an unevenly shaved copy is found where it lies in the original") {
    const Image original = drawing(SynthKind::shapes, 480, 320, 9);
    const int left = 9, top = 4, right = 25, bottom = 14;
    const Image shaved = crop(original.view(), left, top, 480 - left - right, 320 - top - bottom);
    const PairEvidence e = compare_fingerprints(print_of(original), print_of_jpeg(shaved, 85));
    CHECK(e.verified);
    CHECK(e.alignment.transform == Dihedral::identity);
    CHECK(e.frame.x == doctest::Approx(left / 480.0).epsilon(0.01));
    CHECK(e.frame.y == doctest::Approx(top / 320.0).epsilon(0.01));
    CHECK(e.frame.width == doctest::Approx((480.0 - left - right) / 480).epsilon(0.01));
    CHECK(e.frame.height == doctest::Approx((320.0 - top - bottom) / 320).epsilon(0.01));
    CHECK(e.coverage > 0.99);
}

TEST_CASE("a text page's feed crop verifies against the page (the crop views compare equal resolutions)") {
    const Image page = drawing(SynthKind::text, 640, 360, 4);
    const Image square = crop(page.view(), 140, 0, 360, 360);
    const PairEvidence e = compare_fingerprints(print_of(page), print_of_jpeg(square, 85));
    CHECK(e.verified);
    CHECK(e.frame.width == doctest::Approx(360.0 / 640).epsilon(0.02));
}
