// Model files (*.pmdl): a round trip loads, and every kind of damage gives a clear Error, never a crash.
#include <cstring>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xxhash.h>

#include "pristine/io/image_io.hpp"
#include "pristine/models/scorer.hpp"
#include "scorer_test_model.hpp"

using pristine::Error;
using pristine::Scorer;
using pristine::Status;

namespace {

std::vector<std::uint8_t> model_bytes() { return pristine::read_file(test::tiny_model("model_file")); }

// Writes `bytes` and returns the status and message of loading it (ok when it loads).
std::pair<Status, std::string> load_status(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    const std::string path = test::tmp_path(name);
    pristine::write_file(path, bytes);
    try {
        (void)Scorer::load(path);
        return {Status::ok, ""};
    } catch (const Error& e) {
        return {e.status(), e.what()};
    }
}

void rechecksum(std::vector<std::uint8_t>& b) {
    const std::uint64_t h = XXH64(b.data(), b.size() - 8, 0);
    for (int i = 0; i < 8; ++i) b[b.size() - 8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(h >> (8 * i));
}

}  // namespace

TEST_CASE("a trained model file starts with the magic and loads") {
    const std::vector<std::uint8_t> b = model_bytes();
    REQUIRE(b.size() > 64);
    CHECK(std::memcmp(b.data(), "PRISTINE-MODEL\0\0", 16) == 0);
    CHECK(b[16] == 1);  // format version 1, little-endian
    CHECK(load_status(b, "mf_ok.pmdl").first == Status::ok);
    const Scorer s = Scorer::load(test::tiny_model("model_file"));
    CHECK(s.blocks() == 16);
    CHECK(s.model_info().find("\"feature_version\"") != std::string::npos);
}

TEST_CASE("wrong magic is bad_file_version") {
    std::vector<std::uint8_t> b = model_bytes();
    b[0] = 'X';
    const auto [status, message] = load_status(b, "mf_magic.pmdl");
    CHECK(status == Status::bad_file_version);
    CHECK(message.find("not a pristine model") != std::string::npos);
    const auto png = load_status(pristine::encode_png(test::make_rgb(8, 8).view()), "mf_png.pmdl");
    CHECK(png.first == Status::bad_file_version);
}

TEST_CASE("another format version is bad_file_version naming both versions") {
    std::vector<std::uint8_t> b = model_bytes();
    b[16] = 99;
    rechecksum(b);
    const auto [status, message] = load_status(b, "mf_version.pmdl");
    CHECK(status == Status::bad_file_version);
    CHECK(message.find("version 99") != std::string::npos);
}

TEST_CASE("a flipped byte fails the checksum") {
    std::vector<std::uint8_t> b = model_bytes();
    b[b.size() / 2] ^= 0x40;
    const auto [status, message] = load_status(b, "mf_flip.pmdl");
    CHECK(status == Status::bad_file_version);
    CHECK(message.find("checksum") != std::string::npos);
}

TEST_CASE("truncated files are errors at every length") {
    const std::vector<std::uint8_t> full = model_bytes();
    for (const std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{16}, std::size_t{20}, std::size_t{27},
                                std::size_t{100}, full.size() / 2, full.size() - 1}) {
        const std::vector<std::uint8_t> b(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
        const auto [status, message] = load_status(b, "mf_trunc.pmdl");
        CAPTURE(n);
        CHECK((status == Status::bad_file_version || status == Status::corrupt_data));
        CHECK(!message.empty());
    }
}

TEST_CASE("a consistent checksum over inconsistent contents is corrupt_data") {
    std::vector<std::uint8_t> b = model_bytes();
    // Config length (offset 20) far beyond the file: the bounds checks must catch it.
    b[23] = 0x7f;
    rechecksum(b);
    auto r = load_status(b, "mf_len.pmdl");
    CHECK(r.first == Status::corrupt_data);
    CHECK(r.second.find("truncated or corrupt") != std::string::npos);

    // Drop the last tensor's final float but keep a valid checksum: the tensor no longer fits.
    std::vector<std::uint8_t> c(model_bytes());
    c.erase(c.end() - 12, c.end() - 8);
    rechecksum(c);
    r = load_status(c, "mf_short.pmdl");
    CHECK(r.first == Status::corrupt_data);

    // A config that is not JSON.
    std::vector<std::uint8_t> d(model_bytes());
    d[24] = '#';
    rechecksum(d);
    r = load_status(d, "mf_json.pmdl");
    CHECK(r.first == Status::corrupt_data);
    CHECK(r.second.find("config") != std::string::npos);
}

TEST_CASE("a missing file is io_error") {
    CHECK_THROWS_AS(Scorer::load(test::tmp_path("no_such_model.pmdl")), Error);
    try {
        Scorer::load(test::tmp_path("no_such_model.pmdl"));
    } catch (const Error& e) {
        CHECK(e.status() == Status::io_error);
    }
}
