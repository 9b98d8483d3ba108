// The CNN embedder: loading pristine embedder files and bare TorchScript, preprocessing, methods,
// batches, turned copies, and every way a model file can be bad. The tiny network of tests/data/embedder
// (made by scripts/embedder/make_test_model.py) comes with its outputs computed by PyTorch itself.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <xxhash.h>

#include "pristine/descriptor.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/models/embedder.hpp"

using namespace pristine;

namespace {

const std::string k_dir = std::string(PRISTINE_TEST_DATA_DIR) + "/embedder/";
const std::string k_pemb = k_dir + "tiny.pemb";
const std::string k_pt = k_dir + "tiny.pt";
const std::string k_tmp = PRISTINE_TEST_TMP_DIR;

// The expected outputs of tiny-expected.json's "pixels" case, read with a minimal scan (no JSON library in
// the tests): the numbers of the list after `"key": [` in the case named `name`.
std::vector<double> expected(const std::string& name, const std::string& key) {
    std::ifstream in(k_dir + "tiny-expected.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = text.find("\"name\": \"" + name + "\"");
    REQUIRE(at != std::string::npos);
    at = text.find("\"" + key + "\": [", at);
    REQUIRE(at != std::string::npos);
    at = text.find('[', at) + 1;
    const std::size_t end = text.find(']', at);
    std::vector<double> v;
    const char* p = text.c_str() + at;
    while (p < text.c_str() + end) {
        char* next = nullptr;
        const double d = std::strtod(p, &next);
        if (next == p) {
            ++p;
            continue;
        }
        v.push_back(d);
        p = next;
    }
    return v;
}

// The "pixels" case: 32 x 32 RGB, pixel (x, y) = (8 x, 8 y, 255 - 4 (x + y)).
Image pixels_case() {
    Image img(32, 32, 3);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) {
            std::uint8_t* p = img.data() + y * img.stride() + 3 * x;
            p[0] = static_cast<std::uint8_t>(8 * x);
            p[1] = static_cast<std::uint8_t>(8 * y);
            p[2] = static_cast<std::uint8_t>(255 - 4 * (x + y));
        }
    return img;
}

// The tiny model's own preprocessing, for loading its bare TorchScript.
EmbedderOptions tiny_input_options() {
    EmbedderOptions o;
    o.input.width = o.input.height = 32;
    o.input.filter = EmbedderInput::Filter::bilinear;
    o.input.mean = {0.485f, 0.456f, 0.406f};
    o.input.std = {0.229f, 0.224f, 0.225f};
    return o;
}

void check_close(const std::vector<float>& got, const std::vector<double>& want, double tolerance = 1e-5) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(std::abs(got[i] - want[i]) <= tolerance);
}

std::vector<std::uint8_t> bytes_of(const std::string& path) { return read_file(path); }

std::string write_tmp(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    const std::string path = k_tmp + "/" + name;
    write_file(path, bytes);
    return path;
}

// Rewrites the trailing checksum so that a deliberate change reaches the checks behind it.
void reseal(std::vector<std::uint8_t>& b) {
    const std::uint64_t h = XXH64(b.data(), b.size() - 8, 0);
    for (int i = 0; i < 8; ++i) b[b.size() - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
}

Status load_status(const std::string& path, const EmbedderOptions& o = {}) {
    try {
        Embedder::load(path, o);
    } catch (const Error& e) {
        return e.status();
    }
    return Status::ok;
}

}  // namespace

TEST_CASE("a pristine embedder file runs its network on its own preprocessing") {
    const Embedder e = Embedder::load(k_pemb);
    CHECK(e.dim() == 16);
    CHECK(e.name() == "pristine-tiny-test");
    CHECK(e.input().width == 32);
    CHECK(e.input().filter == EmbedderInput::Filter::bilinear);
    CHECK(e.model_info().find("\"dim\"") != std::string::npos);
    const Image img = pixels_case();
    check_close(e.embed_pixels(img.view()), expected("pixels", "forward"));
}

TEST_CASE("a bare TorchScript file takes its preprocessing from the options") {
    const Embedder e = Embedder::load(k_pt, tiny_input_options());
    CHECK(e.dim() == 16);
    CHECK(e.model_info() == "{}");
    check_close(e.embed_pixels(pixels_case().view()), expected("pixels", "forward"));
    // The same file with the default preprocessing (224 x 224, no mean/std) gives another vector.
    const Embedder plain = Embedder::load(k_pt);
    const std::vector<float> v = plain.embed_pixels(pixels_case().view());
    double diff = 0;
    for (std::size_t i = 0; i < v.size(); ++i) diff += std::abs(v[i] - expected("pixels", "forward")[i]);
    CHECK(diff > 1e-3);
}

TEST_CASE("another method, normalisation and overriding a file's preprocessing") {
    EmbedderOptions o;
    o.method = "classify";
    const Embedder c = Embedder::load(k_pemb, o);
    CHECK(c.dim() == 3);
    check_close(c.embed_pixels(pixels_case().view()), expected("pixels", "classify"));

    EmbedderOptions n;
    n.normalize = 1;
    const Embedder u = Embedder::load(k_pemb, n);
    CHECK(u.normalizes());
    const std::vector<float> v = u.embed_pixels(pixels_case().view());
    double s = 0;
    for (const float f : v) s += static_cast<double>(f) * f;
    CHECK(std::sqrt(s) == doctest::Approx(1.0).epsilon(1e-6));

    EmbedderOptions bad;
    bad.method = "no_such_layer";
    CHECK(load_status(k_pemb, bad) == Status::invalid_argument);

    EmbedderOptions other = tiny_input_options();
    other.override_input = true;
    other.input.mean = {0, 0, 0};
    const Embedder m = Embedder::load(k_pemb, other);
    CHECK(m.input().mean[0] == 0.0f);
    CHECK(cosine_distance(m.embed_pixels(pixels_case().view()).data(), v.data(), 16) > 1e-6);
}

TEST_CASE("files, encoded bytes and pixels of one picture give one vector; batches keep going past bad inputs") {
    const Embedder e = Embedder::load(k_pemb);
    const Image img = pixels_case();
    const std::vector<std::uint8_t> png = encode_png(img.view());
    const std::string path = write_tmp("embedder-case.png", png);
    const std::vector<float> from_pixels = e.embed_pixels(img.view());
    CHECK(e.embed_file(path) == from_pixels);
    CHECK(e.embed_memory(png.data(), png.size()) == from_pixels);

    const std::vector<std::uint8_t> junk = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
    const std::vector<ImageSource> sources = {ImageSource::file(path), ImageSource::memory(junk.data(), junk.size()),
                                              ImageSource::file(k_tmp + "/no-such-file.png"), ImageSource::view(img.view())};
    for (const int threads : {1, 2}) {
        BatchOptions b;
        b.threads = threads;
        const std::vector<EmbedResult> r = e.embed_sources(sources, b);
        REQUIRE(r.size() == 4);
        CHECK(r[0].ok());
        CHECK(r[0].vector == from_pixels);
        CHECK(r[1].status == Status::unsupported_format);
        CHECK(r[2].status == Status::io_error);
        CHECK(r[2].error.find("no-such-file.png") != std::string::npos);
        CHECK(r[3].vector == from_pixels);
    }
}

TEST_CASE("a large JPEG is decoded at a reduced DCT scale and grey or RGBA pictures are accepted") {
    const Embedder e = Embedder::load(k_pemb);
    Image big(1000, 700, 3);
    for (int y = 0; y < big.height(); ++y)
        for (int x = 0; x < big.width(); ++x)
            for (int c = 0; c < 3; ++c)
                big.data()[y * big.stride() + 3 * x + c] = static_cast<std::uint8_t>((x * (c + 1) + y) & 255);
    const std::vector<std::uint8_t> jpeg = encode_jpeg(big.view());
    const std::vector<float> v = e.embed_memory(jpeg.data(), jpeg.size());
    CHECK(v.size() == 16);
    // The reduced decode changes the vector only a little next to a full decode.
    const Decoded full = decode_memory(jpeg.data(), jpeg.size());
    CHECK(cosine_distance(v.data(), e.embed_pixels(full.image.view()).data(), 16) < 0.01);

    Image grey(40, 30, 1), rgba(40, 30, 4);
    for (int i = 0; i < 40 * 30; ++i) {
        grey.data()[i] = static_cast<std::uint8_t>(i);
        for (int c = 0; c < 4; ++c) rgba.data()[4 * i + c] = c == 3 ? 255 : static_cast<std::uint8_t>(i);
    }
    // Opaque RGBA of grey values is the grey picture.
    CHECK(e.embed_pixels(grey.view()) == e.embed_pixels(rgba.view()));
}

TEST_CASE("the dihedral vectors are the vectors of the turned pictures") {
    const Embedder e = Embedder::load(k_pemb);
    Image img(24, 17, 3);
    for (int i = 0; i < 24 * 17 * 3; ++i) img.data()[i] = static_cast<std::uint8_t>((i * 37) & 255);
    const std::vector<std::vector<float>> d = e.embed_dihedral(img.view());
    REQUIRE(d.size() == 8);
    CHECK(d[0] == e.embed_pixels(img.view()));
    for (std::size_t k = 1; k < 8; ++k) {
        const Image turned = transform_dihedral(img.view(), k_all_dihedral[k]);
        CHECK(d[k] == e.embed_pixels(turned.view()));
    }
}

TEST_CASE("bad model files are clear errors") {
    const std::vector<std::uint8_t> good = bytes_of(k_pemb);

    std::vector<std::uint8_t> flipped = good;
    flipped[good.size() / 2] ^= 0x40;
    CHECK(load_status(write_tmp("emb-flipped.pemb", flipped)) == Status::bad_file_version);

    const std::vector<std::uint8_t> truncated(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 3));
    CHECK(load_status(write_tmp("emb-truncated.pemb", truncated)) == Status::bad_file_version);
    const std::vector<std::uint8_t> tiny(good.begin(), good.begin() + 20);
    CHECK(load_status(write_tmp("emb-20-bytes.pemb", tiny)) == Status::corrupt_data);

    std::vector<std::uint8_t> newer = good;
    newer[16] = 2;
    reseal(newer);
    try {
        Embedder::load(write_tmp("emb-v2.pemb", newer));
        FAIL("a newer format version loaded");
    } catch (const Error& e) {
        CHECK(e.status() == Status::bad_file_version);
        CHECK(std::string(e.what()).find("format version 2") != std::string::npos);
    }

    // A network length past the end of the file.
    std::vector<std::uint8_t> long_net = good;
    const std::uint32_t n = long_net[20] | (long_net[21] << 8) | (long_net[22] << 16) | (static_cast<std::uint32_t>(long_net[23]) << 24);
    long_net[24 + n + 6] = 0x7f;
    reseal(long_net);
    CHECK(load_status(write_tmp("emb-long-net.pemb", long_net)) == Status::corrupt_data);

    // Bytes that are neither a pristine embedder nor TorchScript.
    CHECK(load_status(write_tmp("emb-text.pt", {'h', 'e', 'l', 'l', 'o'})) == Status::corrupt_data);
    CHECK(load_status(k_tmp + "/no-such-model.pemb") == Status::io_error);

    EmbedderOptions threads;
    threads.threads = -1;
    CHECK(load_status(k_pemb, threads) == Status::invalid_argument);
}

TEST_CASE("a config that says something else than its network is refused") {
    const std::vector<std::uint8_t> good = bytes_of(k_pemb);
    const std::uint32_t n = good[20] | (good[21] << 8) | (good[22] << 16) | (static_cast<std::uint32_t>(good[23]) << 24);
    std::string config(good.begin() + 24, good.begin() + 24 + n);
    const auto rewrite = [&](const std::string& from, const std::string& to) {
        std::string c = config;
        const std::size_t at = c.find(from);
        REQUIRE(at != std::string::npos);
        c.replace(at, from.size(), to);
        std::vector<std::uint8_t> b(good.begin(), good.begin() + 20);
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(c.size() >> (8 * i)));
        b.insert(b.end(), c.begin(), c.end());
        b.insert(b.end(), good.begin() + 24 + n, good.end());
        reseal(b);
        return b;
    };
    CHECK(load_status(write_tmp("emb-dim.pemb", rewrite("\"dim\": 16", "\"dim\": 17"))) == Status::corrupt_data);
    EmbedderOptions classify;
    classify.method = "classify";
    CHECK(load_status(write_tmp("emb-method-dim.pemb", rewrite("\"dim\": 3", "\"dim\": 4")), classify) == Status::corrupt_data);
    CHECK(load_status(write_tmp("emb-fit.pemb", rewrite("\"stretch\"", "\"squash\""))) == Status::corrupt_data);
    CHECK(load_status(write_tmp("emb-width.pemb", rewrite("\"width\": 32", "\"width\": 0"))) == Status::corrupt_data);
    // A head (a network over another network's vectors) is not an image embedder.
    try {
        Embedder::load(write_tmp("emb-head.pemb", rewrite("\"name\":", "\"kind\": \"head\", \"name\":")));
        FAIL("a head loaded as an embedder");
    } catch (const Error& e) {
        CHECK(e.status() == Status::corrupt_data);
        CHECK(std::string(e.what()).find("compose_embedder") != std::string::npos);
    }
}

TEST_CASE("load_default honours PRISTINE_EMBEDDER") {
    ::setenv("PRISTINE_EMBEDDER", k_pemb.c_str(), 1);
    CHECK(Embedder::default_model_path() == k_pemb);
    CHECK(Embedder::load_default().dim() == 16);
    ::setenv("PRISTINE_EMBEDDER", (k_tmp + "/absent.pemb").c_str(), 1);
    // The variable names the first place tried; a missing file there falls through to the others.
    CHECK(Embedder::default_model_path() != k_tmp + "/absent.pemb");
    ::unsetenv("PRISTINE_EMBEDDER");
}
