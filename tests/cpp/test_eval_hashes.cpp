// The hash-robustness evaluation job: statistics, the protocol on tiny generated images, reports.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pristine/lab/degrade/rng.hpp"
#include "pristine/lab/degrade/distortion_set.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/lab/eval_hashes.hpp"

using namespace pristine;

namespace {

// Five different small pictures: blobs and waves whose positions and frequencies depend on the index.
std::vector<Image> tiny_images() {
    std::vector<Image> out;
    for (int s = 1; s <= 5; ++s) {
        const int w = 64 + 8 * s, h = 48;
        degrade::Rng rng(static_cast<std::uint64_t>(s));
        const double cx = rng.uniform(0.2, 0.8), cy = rng.uniform(0.2, 0.8), f = rng.uniform(3, 12);
        const double g = rng.uniform(0, 6.28);
        Image img(w, h, 3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const double fx = static_cast<double>(x) / w, fy = static_cast<double>(y) / h;
                const bool disc = (fx - cx) * (fx - cx) + (fy - cy) * (fy - cy) < 0.03;
                const double v = disc ? 240 : 128 + 90 * std::sin(f * (fx * std::cos(g) + fy * std::sin(g)) * 3.14);
                std::uint8_t* p = img.row(y) + 3 * x;
                p[0] = static_cast<std::uint8_t>(std::clamp(v + rng.uniform(-8, 8), 0.0, 255.0));
                p[1] = static_cast<std::uint8_t>(std::clamp(255 - v, 0.0, 255.0));
                p[2] = static_cast<std::uint8_t>(60 + 100 * fx);
            }
        out.push_back(std::move(img));
    }
    return out;
}

int count(const std::string& s, const std::string& what) {
    int n = 0;
    for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

// A hasher outside the library: the mean grey level, to show that the protocol is pluggable.
class MeanHasher final : public Hasher {
public:
    std::string name() const override { return "mean"; }
    std::vector<std::uint8_t> compute(const ImageView& v) const override {
        double sum = 0;
        for (int y = 0; y < v.height; ++y)
            for (int x = 0; x < v.width; ++x) sum += v.pixel(x, y)[0];
        return {static_cast<std::uint8_t>(sum / (static_cast<double>(v.width) * v.height))};
    }
    double distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) const override {
        return std::abs(static_cast<int>(a[0]) - static_cast<int>(b[0])) / 255.0;
    }
};

}  // namespace

TEST_CASE("thresholds, fractions and AUC on hand-made distances") {
    const DistanceThresholds t = distance_thresholds({1, 2, 3, 4, 5});
    CHECK(t.mean == doctest::Approx(3.0));
    CHECK(t.stddev == doctest::Approx(std::sqrt(2.5)));
    CHECK(t.t1 == doctest::Approx(3.0 - 2 * std::sqrt(2.5)));
    CHECK(t.t2 == doctest::Approx(3.0 - std::sqrt(2.5)));
    CHECK(distance_thresholds({}).mean == 0);
    CHECK(distance_thresholds({0.25}).stddev == 0);

    CHECK(fraction_above({0.1, 0.2, 0.3, 0.4}, 0.2) == doctest::Approx(0.5));  // strictly above
    CHECK(fraction_above({}, 0.2) == 0);

    // Identical copies (distance 0) against random different images: perfect separation.
    CHECK(roc_auc({0, 0, 0}, {0.41, 0.52, 0.38, 0.6}) == doctest::Approx(1.0));
    CHECK(roc_auc({0.9, 0.8}, {0.1, 0.2}) == doctest::Approx(0.0));
    // Ties count half: similar {0.2, 0.5}, dissimilar {0.5, 0.7}: pairs (0.2<0.5) 1, (0.2<0.7) 1,
    // (0.5=0.5) 0.5, (0.5<0.7) 1 -> 3.5 / 4.
    CHECK(roc_auc({0.2, 0.5}, {0.5, 0.7}) == doctest::Approx(0.875));
    CHECK(roc_auc({0.3, 0.3}, {0.3}) == doctest::Approx(0.5));
    CHECK(roc_auc({}, {0.3}) == doctest::Approx(0.5));
}

TEST_CASE("evaluation on tiny generated images") {
    const std::vector<Image> images = tiny_images();
    std::vector<std::shared_ptr<const Hasher>> hashers = {make_pristine_hasher(HashKind::dct),
                                                          make_pristine_hasher(HashKind::pdq, true),
                                                          std::make_shared<MeanHasher>()};
    EvalHashesOptions o;
    o.seed = 7;
    o.threads = 1;
    o.min_side = 16;
    const EvalHashesResult r = evaluate_hashes_images(images, hashers, o);
    const auto classes = degrade::distortion_classes();
    CHECK(r.classes == classes);
    CHECK(r.images.size() == 5);
    CHECK(r.skipped.empty());
    CHECK(r.pairs == 10);
    REQUIRE(r.hashers.size() == 3);
    CHECK(r.hashers[0].name == "dct");
    CHECK(r.hashers[1].name == "pdq-dihedral");
    CHECK(r.hashers[2].name == "mean");
    for (const auto& h : r.hashers) {
        REQUIRE(h.classes.size() == classes.size());
        CHECK(h.dissimilar.size() == 10);
        for (std::size_t c = 0; c < classes.size(); ++c) {
            CHECK(h.classes[c].name == classes[c]);
            CHECK(h.classes[c].count == 5);
            CHECK(h.classes[c].above_t1 >= h.classes[c].above_t2);
            CHECK(h.classes[c].auc >= 0.0);
            CHECK(h.classes[c].auc <= 1.0);
        }
        const DistanceThresholds t = distance_thresholds(h.dissimilar);
        CHECK(h.thresholds.t1 == doctest::Approx(t.t1));
    }
    // Dihedral matching makes exact quarter turns and mirrors of PDQ nearly free.
    const auto pdq = r.hashers[1];
    for (const char* name : {"rotate90", "flip_h", "flip_v"}) {
        const auto it = std::find(classes.begin(), classes.end(), name);
        CHECK(pdq.classes[static_cast<std::size_t>(it - classes.begin())].mean < 0.05);
    }

    SUBCASE("deterministic whatever the thread count") {
        o.threads = 3;
        const EvalHashesResult r3 = evaluate_hashes_images(images, hashers, o);
        for (std::size_t h = 0; h < r.hashers.size(); ++h) {
            CHECK(r3.hashers[h].dissimilar == r.hashers[h].dissimilar);
            CHECK(r3.hashers[h].similar == r.hashers[h].similar);
        }
    }
    SUBCASE("markdown table has every class and every hasher") {
        const std::string md = hash_eval_markdown(r);
        for (const auto& c : classes) CHECK(count(md, "| " + c + " |") == 2);  // both tables
        CHECK(md.find("| class | dct | pdq-dihedral | mean |") != std::string::npos);
        CHECK(md.find("**AUC**") != std::string::npos);
    }
    SUBCASE("SVG looks well formed") {
        for (const std::string& svg : {hash_eval_svg(r.hashers[0]), hash_eval_svg_grid(r, "a <title> & more")}) {
            CHECK(svg.rfind("<?xml", 0) == 0);
            CHECK(count(svg, "<svg ") == 1);
            CHECK(svg.size() > 7);
            CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
            CHECK(count(svg, "<g>") == count(svg, "</g>"));
            CHECK(count(svg, "<text") == count(svg, "</text>"));
            CHECK(svg.find("<title>") == std::string::npos);  // escaped
            CHECK(count(svg, "stroke-dasharray") == 2 * count(svg, "<g>"));  // T1 and T2 per panel
        }
    }
    SUBCASE("subset and random pairs") {
        o.max_images = 3;
        o.pairs = 2;
        const EvalHashesResult s = evaluate_hashes_images(images, hashers, o);
        CHECK(s.images.size() == 3);
        CHECK(s.pairs == 2);
        CHECK(s.hashers[0].dissimilar.size() == 2);
    }
}

TEST_CASE("blank and tiny images are skipped with a reason") {
    std::vector<Image> images = tiny_images();
    Image flat(80, 60, 3);
    std::fill(flat.data(), flat.data() + flat.size_bytes(), std::uint8_t{200});
    images.push_back(flat);
    images.push_back(Image(8, 8, 3));
    EvalHashesOptions o;
    o.threads = 2;
    const EvalHashesResult r = evaluate_hashes_images(images, {make_pristine_hasher(HashKind::block_mean)}, o);
    CHECK(r.images.size() == 5);
    REQUIRE(r.skipped.size() == 2);
    CHECK(r.skipped[0].first == "#5");
    CHECK(r.skipped[0].second.find("blank") != std::string::npos);
    CHECK(r.skipped[1].first == "#6");
    CHECK(r.skipped[1].second.find("smaller than") != std::string::npos);
}

TEST_CASE("too few usable images and no hashers are errors") {
    std::vector<Image> images = tiny_images();
    EvalHashesOptions o;
    o.min_side = 1000;  // every image too small: skipped
    CHECK_THROWS_AS(evaluate_hashes_images(images, default_eval_hashers(), o), Error);
    CHECK_THROWS_AS(evaluate_hashes_images(images, {}, EvalHashesOptions{}), Error);
    CHECK(default_eval_hashers().size() == 7);
    CHECK(default_eval_hashers(true).size() == 12);
}

TEST_CASE("a float-vector descriptor as a hasher: cosine distance halved, dihedral matching of turned copies") {
    // A 4 x 4 grid of mean luma: turning the picture turns the grid.
    const auto grid = [](const ImageView& v) {
        std::vector<float> g(16, 0.0f);
        for (int y = 0; y < v.height; ++y)
            for (int x = 0; x < v.width; ++x) g[(4 * y / v.height) * 4 + 4 * x / v.width] += v.pixel(x, y)[0];
        return g;
    };
    Image img(32, 16, 3);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 32; ++x)
            for (int c = 0; c < 3; ++c) img.data()[y * img.stride() + 3 * x + c] = static_cast<std::uint8_t>(x * 7 + y * y);
    const Image turned = transform_dihedral(img.view(), Dihedral::rot90);
    const auto plain = make_vector_hasher("grid", grid);
    const auto turns = make_vector_hasher("grid-dihedral", grid, true);
    CHECK(plain->name() == "grid");
    CHECK(plain->compute(img.view()).size() == 16 * sizeof(float));
    CHECK(turns->compute(img.view()).size() == 8 * 16 * sizeof(float));
    CHECK(plain->distance(plain->compute(img.view()), plain->compute(img.view())) == doctest::Approx(0.0));
    CHECK(plain->distance(plain->compute(img.view()), plain->compute(turned.view())) > 0.01);
    CHECK(turns->distance(turns->compute(img.view()), turns->compute(turned.view())) == doctest::Approx(0.0).epsilon(1e-9));
    const double d = plain->distance(plain->compute(img.view()), plain->compute(turned.view()));
    CHECK(d <= 1.0);
    CHECK_THROWS_AS(plain->distance(plain->compute(img.view()), std::vector<std::uint8_t>(8)), Error);
}
