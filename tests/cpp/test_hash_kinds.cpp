// One record per hash kind (hash/kinds.hpp), the one planner and hash_pixels (hash/plan.hpp), batches
// over mixed sources (hash_sources) and the descriptor interface (descriptor.hpp, descriptor_hash.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "pristine/descriptor_hash.hpp"
#include "pristine/hash/hash.hpp"
#include "pristine/io/hash_file.hpp"
#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;

TEST_CASE("the kind table: numbers, names, sizes of the typed hashes, parse, range check") {
    REQUIRE(k_hash_kinds.size() == k_all_hash_kinds.size());
    for (std::size_t i = 0; i < k_hash_kinds.size(); ++i) {
        const HashKindInfo& info = k_hash_kinds[i];
        CHECK(static_cast<std::size_t>(info.kind) == i);
        CHECK(k_all_hash_kinds[i] == info.kind);
        CHECK(&hash_kind_info(info.kind) == &info);
        CHECK(parse_hash_kind(info.name) == info.kind);
        CHECK(hash_size_bytes(info.kind) == info.bytes);
        CHECK(hash_size_bits(info.kind) <= 8 * info.bytes);
        CHECK(hash_is_binary(info.kind) == (info.metric == HashMetric::hamming));
        CHECK(hash_min_side(info.kind) == info.min_decode_side);
    }
    CHECK(hash_size_bytes(HashKind::dct) == sizeof(DctHash));
    CHECK(hash_size_bytes(HashKind::radial) == sizeof(RadialHash));
    CHECK(hash_size_bytes(HashKind::block_mean) == sizeof(BlockMeanHash));
    CHECK(hash_size_bytes(HashKind::block_mean_overlap) == sizeof(BlockMeanOverlapHash));
    CHECK(hash_size_bytes(HashKind::marr_hildreth) == sizeof(MarrHildrethHash));
    CHECK(hash_size_bytes(HashKind::pdq) == sizeof(PdqHash::bits));
    CHECK(hash_kind_names() == "dct, radial, blockmean, blockmean-overlap, mh or pdq");

    CHECK(is_valid_hash_kind(0));
    CHECK(is_valid_hash_kind(5));
    CHECK(!is_valid_hash_kind(-1));
    CHECK(!is_valid_hash_kind(6));
    CHECK(hash_size_bytes(static_cast<HashKind>(6)) == 0);
    CHECK(std::string(hash_kind_name(static_cast<HashKind>(-1))) == "unknown");
    CHECK_THROWS_WITH_AS(hash_kind_info(static_cast<HashKind>(6), "who"), "who: unknown hash kind 6", Error);
    CHECK_THROWS_AS(hash_kind_of_number(-3), Error);
    CHECK_THROWS_AS(compute_hash(static_cast<HashKind>(9), test::make_rgb(20, 20).view()), Error);
}

TEST_CASE("hash_pixels equals each kind alone, its dihedral variants and pdq's quality") {
    const std::vector<HashKind> kinds = {HashKind::pdq, HashKind::dct,        HashKind::radial, HashKind::dct,
                                         HashKind::marr_hildreth, HashKind::block_mean_overlap, HashKind::block_mean};
    for (const Image& img : {test::make_rgb(300, 170), test::make_grey(170, 300), test::make_rgb(7, 5)}) {
        const PictureHashes plain = hash_pixels(img.view(), kinds);
        HashPixelsOptions o;
        o.dihedral = true;
        const PictureHashes turned = hash_pixels(img.view(), kinds, o);
        REQUIRE(plain.hashes.size() == kinds.size());
        CHECK(plain.dihedral.empty());
        REQUIRE(turned.dihedral.size() == kinds.size());
        const PlaneF luma = to_luma(img.view(), LumaFormula::bt601_full);
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            CHECK(plain.hashes[i] == compute_hash(kinds[i], luma));
            CHECK(plain.hashes[i].size() == hash_size_bytes(kinds[i]));
            CHECK(turned.hashes[i] == plain.hashes[i]);
            CHECK(turned.dihedral[i] == compute_hash_dihedral(kinds[i], luma));
        }
        CHECK(plain.pdq_quality == pdq_hash(luma).quality);
        CHECK(turned.pdq_quality == plain.pdq_quality);
    }
    CHECK(hash_pixels(test::make_rgb(20, 20).view(), {HashKind::dct}).pdq_quality == -1);
    CHECK_THROWS_AS(hash_pixels(test::make_rgb(20, 20).view(), {}), Error);
    CHECK_THROWS_AS(hash_pixels(ImageView{}, {HashKind::dct}), Error);
}

TEST_CASE("hash_sources: paths, bytes and pixels in one batch, failures kept in place") {
    const Image img = test::make_rgb(260, 200);
    const std::vector<std::uint8_t> png = encode_png(img.view());
    const std::vector<std::uint8_t> jpeg = encode_jpeg(img.view());
    const std::string path = test::tmp_path("kinds_sources.jpg");
    write_file(path, jpeg);
    const std::vector<HashKind> kinds = {HashKind::pdq, HashKind::radial, HashKind::dct};
    const std::vector<ImageSource> sources = {ImageSource::file(path), ImageSource::memory(png.data(), png.size()),
                                              ImageSource::view(img.view()),
                                              ImageSource::file(test::tmp_path("kinds_missing.png")),
                                              ImageSource::memory(jpeg.data(), 10)};
    for (int threads : {1, 3}) {
        BatchOptions b;
        b.threads = threads;
        const auto r = hash_sources(sources, kinds, {}, b);
        REQUIRE(r.size() == sources.size());
        const HashFileResult from_file = hash_file(path, kinds), from_png = hash_memory(png.data(), png.size(), kinds);
        CHECK(r[0].ok());
        CHECK(r[0].path == path);
        CHECK(r[0].hashes == from_file.hashes);
        CHECK(r[0].scale_denoms == from_file.scale_denoms);
        CHECK(r[1].hashes == from_png.hashes);
        CHECK(r[2].hashes == hash_pixels(img.view(), kinds).hashes);
        CHECK(r[2].hashes == from_png.hashes);  // lossless bytes hash like their pixels
        CHECK(r[2].pdq_quality == from_png.pdq_quality);
        CHECK(r[3].status == Status::io_error);
        CHECK(r[3].path == test::tmp_path("kinds_missing.png"));
        CHECK(r[3].hashes.size() == kinds.size());
        CHECK(r[3].hashes[0].empty());
        CHECK(!r[4].ok());
    }
    CHECK_THROWS_AS(hash_sources(sources, {}), Error);
    CHECK(hash_sources({}, kinds).empty());
}

TEST_CASE("every hash kind is a Descriptor") {
    const Image img = test::make_rgb(120, 90), other = test::make_grey(90, 120);
    const auto all = hash_descriptors();
    REQUIRE(all.size() == k_hash_kinds.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Descriptor& d = *all[i];
        const HashKind k = k_hash_kinds[i].kind;
        CHECK(d.name() == hash_kind_name(k));
        CHECK(d.size() == hash_size_bytes(k));
        CHECK(d.element() == (hash_is_binary(k) ? DescriptorElement::bits : DescriptorElement::bytes));
        CHECK(d.metric() == (hash_is_binary(k) ? DescriptorMetric::hamming : DescriptorMetric::radial_correlation));
        const DescriptorValue a = d.compute(img.view()), b = d.compute(other.view());
        CHECK(a.floats.empty());
        CHECK(a.bytes == compute_hash(k, img.view()));
        CHECK(d.distance(a, a) == doctest::Approx(0.0));
        CHECK(d.distance(a, b) == doctest::Approx(hash_distance(k, a.bytes.data(), b.bytes.data())));
        DescriptorValue short_value = a;
        short_value.bytes.pop_back();
        CHECK_THROWS_AS(d.distance(a, short_value), Error);
    }
    CHECK_THROWS_AS(HashDescriptor(static_cast<HashKind>(42)), Error);
}

namespace {

// A toy float descriptor (the mean of each channel of an RGB view), standing for an embedder.
class MeanColour final : public Descriptor {
public:
    explicit MeanColour(DescriptorMetric m) : metric_(m) {}
    std::string name() const override { return "mean-colour"; }
    std::size_t size() const override { return 3; }
    DescriptorElement element() const override { return DescriptorElement::f32; }
    DescriptorMetric metric() const override { return metric_; }
    DescriptorValue compute(const ImageView& v) const override {
        check_view(v);
        DescriptorValue out;
        out.floats.assign(3, 0.0f);
        for (int y = 0; y < v.height; ++y)
            for (int x = 0; x < v.width; ++x)
                for (int c = 0; c < 3; ++c) out.floats[static_cast<std::size_t>(c)] += v.row(y)[x * v.channels + c];
        for (float& f : out.floats) f /= static_cast<float>(v.width * v.height);
        return out;
    }

private:
    DescriptorMetric metric_;
};

}  // namespace

TEST_CASE("float descriptors get L2 and cosine distances from the interface") {
    DescriptorValue a, b, zero;
    a.floats = {3, 0, 0};
    b.floats = {0, 4, 0};
    zero.floats = {0, 0, 0};
    const MeanColour l2(DescriptorMetric::l2), cosine(DescriptorMetric::cosine);
    CHECK(l2.distance(a, b) == doctest::Approx(5.0));
    CHECK(cosine.distance(a, b) == doctest::Approx(1.0));
    CHECK(cosine.distance(a, a) == doctest::Approx(0.0));
    CHECK(cosine.distance(a, zero) == doctest::Approx(1.0));
    DescriptorValue scaled;
    scaled.floats = {6, 0, 0};
    CHECK(cosine.distance(a, scaled) == doctest::Approx(0.0));
    DescriptorValue wrong;
    wrong.bytes = {1, 2, 3};
    CHECK_THROWS_AS(l2.distance(a, wrong), Error);
    const Image img = test::make_rgb(16, 8);
    CHECK(l2.distance(l2.compute(img.view()), l2.compute(img.view())) == doctest::Approx(0.0));
}
