// HEIC: files written here with libheif's HEVC encoder (x265), decoded through pristine: pixels,
// header facts, the irot/imir orientations (reported as EXIF orientations, applied or undone on
// request), alpha, limits, broken files, detection by brand, and the file-level functions.
#include <cstring>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "format_test_helpers.hpp"
#include "heif_test_encoder.hpp"
#include "pristine/io/image_io.hpp"
#include "test_helpers.hpp"

using namespace pristine;
using fmt_test::Bytes;

namespace {

Decoded decode(const Bytes& b, const DecodeOptions& o = {}) { return decode_memory(b.data(), b.size(), o); }

// An ftyp box: size, "ftyp", major brand, minor version, compatible brands.
Bytes ftyp(const std::string& major, const std::vector<std::string>& compatible) {
    std::string box = std::string(3, '\0') + char(16 + 4 * compatible.size()) + "ftyp" + major + std::string(4, '\0');
    for (const std::string& c : compatible) box += c;
    return Bytes(box.begin(), box.end());
}

Format detect(const Bytes& b) { return detect_format(b.data(), b.size()); }

}  // namespace

TEST_CASE("HEIF brands: HEIC and AVIF told apart by the file type box") {
    for (const char* brand : {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1"}) {
        CAPTURE(brand);
        CHECK(detect(ftyp(brand, {})) == Format::heic);
    }
    CHECK(detect(ftyp("avif", {"mif1", "miaf"})) == Format::avif);
    CHECK(detect(ftyp("avis", {"msf1"})) == Format::avif);
    CHECK(detect(ftyp("mif1", {"mif1", "avif"})) == Format::avif);   // a general major brand
    CHECK(detect(ftyp("mif1", {"mif1", "heic"})) == Format::heic);
    CHECK(detect(ftyp("isom", {"mp42", "avc1"})) == Format::unknown);  // an MP4 video
    CHECK(detect(ftyp("mp42", {"isom", "heic"})) == Format::heic);
    CHECK(detect(ftyp("qt  ", {})) == Format::unknown);
    CHECK(std::string(format_name(Format::heic)) == "heic");
    CHECK(std::string(format_name(Format::avif)) == "avif");
}

TEST_CASE("HEIC lossless round trip is exact; lossy stays close; header facts without decoding") {
    const Image img = test::make_rgb(64, 48);
    heif_test::EncodeOptions lossless;
    lossless.lossless = true;
    const Bytes exact = heif_test::encode(img, lossless);
    REQUIRE(detect(exact) == Format::heic);
    const Decoded d = decode(exact);
    CHECK(fmt_test::same_pixels(d.image, img));

    const Bytes lossy = heif_test::encode(test::make_rgb(61, 37));  // odd sizes: libheif crops with clap
    const ImageInfo info = probe_memory(lossy.data(), lossy.size());
    fmt_test::check_plain_info(info, Format::heic, 61, 37, 3, lossy.size());
    CHECK(info.bit_depth == 8);
    const Decoded l = decode(lossy);
    CHECK(test::mean_abs_diff(l.image.view(), test::make_rgb(61, 37).view()) < 3.0);
    CHECK(l.info.width == 61);

    DecodeOptions grey;
    grey.channels = 1;
    CHECK(decode(lossy, grey).image.channels() == 1);
}

TEST_CASE("HEIC rotations and mirrors (irot/imir) are reported as EXIF orientations and applied like JPEG's") {
    const Image img = test::make_rgb(40, 24);
    heif_test::EncodeOptions o;
    o.lossless = true;
    for (int orientation = 1; orientation <= 8; ++orientation) {
        CAPTURE(orientation);
        o.orientation = orientation;
        const Bytes file = heif_test::encode(img, o);
        const ImageInfo info = probe_memory(file.data(), file.size());
        CHECK(info.orientation == orientation);
        CHECK(info.width == 40);
        CHECK(info.height == 24);
        CHECK(info.display_width == (orientation >= 5 ? 24 : 40));
        const Decoded shown = decode(file);
        CHECK(fmt_test::same_pixels(shown.image, fmt_test::oriented(img, orientation)));
        // libheif's own rendering agrees: the orientation is the one libheif applies.
        CHECK(fmt_test::same_pixels(shown.image, heif_test::libheif_decode(file, false)));
        DecodeOptions stored;
        stored.apply_orientation = false;
        CHECK(fmt_test::same_pixels(decode(file, stored).image, img));
    }
}

TEST_CASE("HEIC alpha is kept or composited over the background") {
    Image rgba = test::noise_image(32, 32, 4, 9, 0, 255);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) {
            std::uint8_t* p = rgba.row(y) + 4 * x;
            p[0] = static_cast<std::uint8_t>(x * 8);
            p[1] = static_cast<std::uint8_t>(y * 8);
            p[2] = 90;
            p[3] = x < 16 ? 255 : 0;  // opaque left half, transparent right half
        }
    heif_test::EncodeOptions o;
    o.lossless = true;
    const Bytes file = heif_test::encode(rgba, o);
    const ImageInfo info = probe_memory(file.data(), file.size());
    CHECK(info.has_alpha);
    CHECK(info.channels == 4);
    DecodeOptions keep;
    keep.channels = 4;
    const Image kept = decode(file, keep).image;
    REQUIRE(kept.channels() == 4);
    CHECK(kept.row(5)[4 * 3 + 3] == 255);
    CHECK(kept.row(5)[4 * 20 + 3] == 0);
    const Image flat = decode(file).image;  // composited over white
    REQUIRE(flat.channels() == 3);
    CHECK(flat.row(5)[3 * 20] == 255);
    CHECK(flat.row(5)[3 * 20 + 2] == 255);
    CHECK(std::abs(flat.row(5)[3 * 3] - 24) <= 2);
}

TEST_CASE("HEIC pixel limit: too_large before decoding") {
    fmt_test::check_pixel_limit(heif_test::encode(test::make_rgb(64, 48)), 64, 48);
}

TEST_CASE("HEIC truncated or corrupt files fail with corrupt_data and print nothing") {
    fmt_test::check_truncations(heif_test::encode(test::make_rgb(64, 48)));
    Bytes damaged = heif_test::encode(test::make_rgb(64, 48));
    for (std::size_t i = damaged.size() - 200; i < damaged.size(); ++i) damaged[i] ^= 0x5a;  // inside the HEVC data
    const std::string printed = fmt_test::stderr_of([&] {
        const Status st = fmt_test::decode_status(damaged);
        CHECK((st == Status::corrupt_data || st == Status::ok));  // HEVC may conceal damage in the last slice
    });
    CHECK(printed.empty());
    fmt_test::check_file_error("broken.heic", ftyp("heic", {"mif1", "heic"}), Status::corrupt_data);
}

TEST_CASE("HEIC files are listed by the collection walk and hashed like the same pixels in PNG") {
    const Image img = test::make_rgb(96, 80);
    heif_test::EncodeOptions o;
    o.lossless = true;
    fmt_test::check_walk_and_hash("heic_walk", {{"IMG_0001", heif_test::encode(img, o)}}, img, Format::heic);
}
