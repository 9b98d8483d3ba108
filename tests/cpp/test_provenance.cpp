// Evidence of a copy's history and the pair model (pristine/io/provenance.hpp).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "pristine/io/provenance.hpp"
#include "test_helpers.hpp"

using namespace pristine;

namespace {

// A textured picture (gradients and noise): JPEG coefficients spread over many values, like a photo's.
Image textured(int w, int h) {
    Image img = test::make_rgb(w, h);
    const Image n = test::noise_image(w, h, 3, 7, 0, 60);
    for (std::size_t i = 0; i < img.size_bytes(); ++i)
        img.data()[i] = static_cast<std::uint8_t>(std::clamp(int{img.data()[i]} + int{n.data()[i]} - 30, 0, 255));
    return img;
}

CopyEvidence evidence_of(const std::vector<std::uint8_t>& bytes) {
    return copy_evidence(bytes.data(), bytes.size(), decode_memory(bytes.data(), bytes.size()));
}

std::vector<std::uint8_t> jpeg(const ImageView& v, int q) {
    JpegEncodeOptions o;
    o.quality = q;
    return encode_jpeg(v, o);
}

std::string model_text(const std::string& body) { return body + "checksum " + pair_model_checksum(body) + "\n"; }

std::string weights_body(const std::string& magic = "pristine-pair-model", int version = 3) {
    std::string t = magic + "\nversion " + std::to_string(version) + "\nmade by hand\n";
    for (const char* n : pair_feature_names()) t += std::string("feature ") + n + " 0.5\n";
    return t;
}

}  // namespace

TEST_CASE("evidence: JPEG quality, palette colours, lossy or lossless WebP, size") {
    const Image img = textured(96, 64);
    const CopyEvidence j = evidence_of(jpeg(img.view(), 70));
    CHECK(j.format == Format::jpeg);
    CHECK(j.jpeg_quality == 70);
    CHECK(j.width == 96);
    CHECK(j.height == 64);
    CHECK(j.colours > 256);

    GifEncodeOptions g;
    g.max_colors = 32;
    const CopyEvidence gif = evidence_of(encode_gif(img.view(), g));
    CHECK(gif.format == Format::gif);
    CHECK(gif.colours <= 32);
    CHECK(gif.jpeg_quality == -1);

    WebpEncodeOptions lossy, lossless;
    lossless.lossless = true;
    CHECK(evidence_of(encode_webp(img.view(), lossy)).webp_lossy);
    CHECK_FALSE(evidence_of(encode_webp(img.view(), lossless)).webp_lossy);
    CHECK(evidence_of(encode_png(img.view())).colours == k_evidence_colour_cap);  // noise: more than the cap
}

TEST_CASE("evidence: a JPEG re-saved at a higher quality shows its earlier quantisation") {
    const Image img = textured(256, 192);
    const std::vector<std::uint8_t> first = jpeg(img.view(), 60);
    const Decoded once = decode_memory(first.data(), first.size());
    const CopyEvidence resaved = evidence_of(jpeg(once.image.view(), 95));
    const CopyEvidence fresh = evidence_of(jpeg(img.view(), 95));
    MESSAGE("requantisation: resaved " << resaved.jpeg_requantisation << ", fresh " << fresh.jpeg_requantisation);
    CHECK(resaved.jpeg_requantisation > 0.3f);
    CHECK(fresh.jpeg_requantisation < 0.1f);
    CHECK(evidence_of(encode_png(img.view())).jpeg_requantisation == 0.f);
}

TEST_CASE("pair features are antisymmetric and the model's probabilities sum to one") {
    CopyEvidence a, b;
    a.format = Format::png, a.width = 400, a.height = 300, a.file_size = 200000, a.colours = 4096;
    b.format = Format::jpeg, b.width = 200, b.height = 150, b.file_size = 9000, b.colours = 4096, b.jpeg_quality = 80;
    b.jpeg_requantisation = 0.5f;
    const auto ab = pair_features(a, -60.0, b, -50.0, true);
    const auto ba = pair_features(b, -50.0, a, -60.0, true);
    for (std::size_t i = 0; i < k_pair_features; ++i) CHECK(ab[i] == doctest::Approx(-ba[i]));
    CHECK(ab[0] == doctest::Approx(2.0));  // four times the pixels
    const PairModel& m = default_pair_model();
    CHECK(pair_probability(m, ab) + pair_probability(m, ba) == doctest::Approx(1.0));
    // The larger, lossless, better-scored copy comes first.
    CHECK(pair_probability(m, ab) > 0.9);
}

TEST_CASE("pair model files: the built-in model is models/rank-pairs.txt; bad files are refused by name") {
    std::ifstream in(std::string(PRISTINE_TEST_DATA_DIR) + "/../../models/rank-pairs.txt", std::ios::binary);
    REQUIRE(in);
    std::stringstream shipped;
    shipped << in.rdbuf();
    const PairModel file = parse_pair_model(shipped.str(), "rank-pairs.txt");
    CHECK(file.weights == default_pair_model().weights);
    CHECK_FALSE(default_pair_model().description.empty());

    const PairModel hand = parse_pair_model(model_text(weights_body()), "hand");
    CHECK(hand.weights[3] == 0.5);
    CHECK(hand.description == "by hand");
    auto status_of = [](const std::string& text) {
        try {
            parse_pair_model(text, "m.txt");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("m.txt") != std::string::npos);
            return e.status();
        }
        return Status::ok;
    };
    CHECK(status_of(model_text(weights_body("not-a-model"))) == Status::corrupt_data);
    CHECK(status_of(model_text(weights_body("pristine-pair-model", 1))) == Status::bad_file_version);  // before the pixel features
    CHECK(status_of(model_text(weights_body("pristine-pair-model", 2))) == Status::bad_file_version);  // before carried_quantisation
    std::string edited = model_text(weights_body());
    edited.replace(edited.find("0.5"), 3, "0.6");
    CHECK(status_of(edited) == Status::corrupt_data);
    CHECK(status_of(weights_body()) == Status::corrupt_data);  // no checksum line
    std::string renamed = weights_body();
    renamed.replace(renamed.find("log2_pixels"), 11, "pixels_log2");
    CHECK(status_of(model_text(renamed)) == Status::corrupt_data);
    CHECK_THROWS_AS(load_pair_model(std::string(PRISTINE_TEST_TMP_DIR) + "/no-such-model.txt"), Error);
}
