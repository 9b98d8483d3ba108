// The pixel comparison of two copies (directional_evidence in pristine/io/provenance.hpp): the copy
// made from the other is the one predicted closely.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "pristine/io/provenance.hpp"
#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/synth.hpp"
#include "test_helpers.hpp"

using namespace pristine;

namespace {

// A drawing with fine detail and some noise, like a photo's texture.
Image photo(int w, int h) {
    degrade::Rng rng(5);
    Image img = degrade::synth_image(degrade::SynthKind::comic, w, h, rng);
    const Image n = test::noise_image(w, h, 3, 7, 0, 24);
    for (std::size_t i = 0; i < img.size_bytes(); ++i)
        img.data()[i] = static_cast<std::uint8_t>(std::clamp(int{img.data()[i]} + int{n.data()[i]} - 12, 0, 255));
    return img;
}

CopyPixels pixels_of(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    const std::string path = test::tmp_path("provenance_pixels_" + name);
    test::write_file(path, std::string(bytes.begin(), bytes.end()));
    return read_copy(path).pixels;
}

std::vector<std::uint8_t> jpeg(const ImageView& v, int q) {
    JpegEncodeOptions o;
    o.quality = q;
    return encode_jpeg(v, o);
}

Image crop(const Image& img, int x0, int y0, int w, int h) {
    Image out(w, h, img.channels());
    for (int y = 0; y < h; ++y)
        std::copy(img.row(y0 + y) + x0 * img.channels(), img.row(y0 + y) + (x0 + w) * img.channels(), out.row(y));
    return out;
}

}  // namespace

TEST_CASE("directional evidence: a shrunk or enlarged copy is predicted from its original better than the other way") {
    const Image orig = photo(400, 300);
    const CopyPixels a = pixels_of(encode_png(orig.view()), "orig.png");
    const CopyPixels half = pixels_of(encode_png(degrade::resize(orig.view(), 240, 180).view()), "small.png");
    const CopyPixels big = pixels_of(encode_png(degrade::resize(orig.view(), 560, 420).view()), "big.png");
    for (const CopyPixels* b : {&half, &big}) {
        // The matcher's frame is a little off: the pixels refine it.
        const DirectionalEvidence d = directional_evidence(a, *b, Dihedral::identity, PictureFrame{0.004, -0.003, 1.005, 0.996});
        MESSAGE("forward " << d.forward << ", backward " << d.backward);
        REQUIRE(d.measured);
        CHECK(d.forward < 0.8 * d.backward);
        CHECK(d.covered_forward > 0.97);
        CHECK(d.covered_backward > 0.97);
        const DirectionalEvidence r = reversed(d);
        CHECK(r.forward == d.backward);
        CHECK(r.backward == d.forward);
    }
}

TEST_CASE("directional evidence: a turned crop lies inside its original, not the other way") {
    const Image orig = photo(320, 240);
    const Image part = transform_dihedral(crop(orig, 40, 30, 200, 160).view(), Dihedral::rot90);
    const CopyPixels a = pixels_of(encode_png(orig.view()), "whole.png"), b = pixels_of(encode_png(part.view()), "part.png");
    // In the original turned (240 x 320), the crop's rows 30..189 and columns 40..239 are at x 30..189,
    // y 80..279; the matcher's frame is a pixel or two off.
    const DirectionalEvidence d = directional_evidence(a, b, Dihedral::rot90, PictureFrame{31.0 / 240, 78.5 / 320, 160.0 / 240, 200.0 / 320});
    REQUIRE(d.measured);
    CHECK(d.forward < 0.5);  // the same pixels
    CHECK(d.covered_forward > 0.97);
    CHECK(d.covered_backward == doctest::Approx(200.0 * 160 / (320 * 240)).epsilon(0.05));
}

TEST_CASE("directional evidence: a JPEG's coefficients are reproduced from the pixels it was made from") {
    const Image orig = photo(256, 192);
    const std::vector<std::uint8_t> first = jpeg(orig.view(), 85);
    const std::vector<std::uint8_t> again = jpeg(decode_memory(first.data(), first.size()).image.view(), 85);
    const CopyPixels png = pixels_of(encode_png(orig.view()), "source.png");
    const CopyPixels a = pixels_of(first, "first.jpg"), b = pixels_of(again, "again.jpg");
    REQUIRE_FALSE(a.jpeg.coefficients.empty());
    const DirectionalEvidence from_png = directional_evidence(png, a, Dihedral::identity, PictureFrame{});
    CHECK(from_png.jpeg_forward > 0.95);
    CHECK(from_png.jpeg_backward == -1);  // a PNG has no coefficients
    // Re-saved at the same quality: b's coefficients all come from a's pixels, a's not all from b's.
    const DirectionalEvidence resaved = directional_evidence(a, b, Dihedral::identity, PictureFrame{});
    MESSAGE("re-save: forward " << resaved.jpeg_forward << ", backward " << resaved.jpeg_backward);
    CHECK(resaved.jpeg_forward > 0.95);
    CHECK(resaved.jpeg_forward > resaved.jpeg_backward + 0.02);
}

TEST_CASE("directional evidence: a JPEG saved again at a higher quality still carries its parent's quantisation") {
    const Image orig = photo(256, 192);
    const std::vector<std::uint8_t> coarse = jpeg(orig.view(), 70);
    const std::vector<std::uint8_t> finer = jpeg(decode_memory(coarse.data(), coarse.size()).image.view(), 95);
    const std::vector<std::uint8_t> fine = jpeg(orig.view(), 95);  // from the original: no earlier quantisation
    const CopyPixels a = pixels_of(coarse, "q70.jpg"), b = pixels_of(finer, "q95-of-q70.jpg"), c = pixels_of(fine, "q95.jpg");
    const DirectionalEvidence resaved = directional_evidence(a, b, Dihedral::identity, PictureFrame{});
    MESSAGE("q70 -> q95: forward " << resaved.quantisation_forward << ", backward " << resaved.quantisation_backward);
    CHECK(resaved.quantisation_forward > 0.5);
    CHECK(resaved.quantisation_backward == -1);  // q70's steps are not finer than q95's: nothing to tell
    const DirectionalEvidence sibling = directional_evidence(a, c, Dihedral::identity, PictureFrame{});
    MESSAGE("q70 and q95 of one original: " << sibling.quantisation_forward);
    CHECK(sibling.quantisation_forward < 0.3);
    CHECK(reversed(resaved).quantisation_backward == resaved.quantisation_forward);
}

TEST_CASE("directional evidence: libjpeg's own quantisation reproduces a quality-100 JPEG from its source pixels") {
    const Image orig = photo(256, 192);
    const CopyPixels png = pixels_of(encode_png(orig.view()), "source.png"), q100 = pixels_of(jpeg(orig.view(), 100), "q100.jpg");
    const DirectionalEvidence d = directional_evidence(png, q100, Dihedral::identity, PictureFrame{});
    MESSAGE("q100 from its PNG: " << d.jpeg_forward);
    CHECK(d.jpeg_forward > 0.99);  // a float DCT got about 0.89 here: steps of 1 show every rounding difference
}

namespace {
std::size_t feature(const char* name) {
    const auto& names = pair_feature_names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (std::string(names[i]) == name) return i;
    FAIL("no pair feature " << name);
    return 0;
}
}  // namespace

TEST_CASE("pair features: the pixel comparison enters antisymmetrically") {
    CopyEvidence a, b;
    a.format = b.format = Format::png, a.width = b.width = 100, a.height = b.height = 80;
    DirectionalEvidence d;
    d.measured = true, d.forward = 0.5, d.backward = 2.0, d.jpeg_forward = 0.99, d.jpeg_backward = 0.9;
    d.covered_forward = 1.0, d.covered_backward = 0.7, d.quantisation_forward = 0.9, d.quantisation_backward = -1;
    const auto ab = pair_features(a, 0, b, 0, false, d), ba = pair_features(b, 0, a, 0, false, reversed(d));
    for (std::size_t i = 0; i < k_pair_features; ++i) CHECK(ab[i] == doctest::Approx(-ba[i]));
    CHECK(ab[feature("explains_other")] > 0);  // a explains b
    CHECK(ab[feature("jpeg_explains_other")] == doctest::Approx(std::log(0.12 / 0.03)));
    CHECK(ab[feature("shows_more")] == doctest::Approx(0.3));
    CHECK(ab[feature("carried_quantisation")] == doctest::Approx(0.9));  // b carries a's quantisation
    CHECK(pair_features(a, 0, b, 0, false)[feature("explains_other")] == 0);  // not measured: no say
    CHECK(pair_features(a, 0, b, 0, false)[feature("carried_quantisation")] == 0);
}
