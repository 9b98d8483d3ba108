// Builds against pristine::core alone (no libpristine): the umbrella header is self-contained and
// hashing works from raw pixels.
#include <vector>

#include <doctest/doctest.h>

#include "pristine/pristine.hpp"

TEST_CASE("the header-first core hashes raw pixels without the compiled library") {
    std::vector<std::uint8_t> rgb(64 * 48 * 3);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            std::uint8_t* p = &rgb[(y * 64 + x) * 3];
            p[0] = static_cast<std::uint8_t>(x * 4);
            p[1] = static_cast<std::uint8_t>(y * 5);
            p[2] = static_cast<std::uint8_t>((x ^ y) * 3);
        }
    const pristine::ImageView view{rgb.data(), 64, 48, 3, 64 * 3};
    for (pristine::HashKind kind : pristine::k_all_hash_kinds) {
        const auto a = pristine::compute_hash(kind, view);
        CHECK(a.size() == pristine::hash_size_bytes(kind));
        CHECK(pristine::hash_distance(kind, a.data(), a.data()) == doctest::Approx(0.0));
    }
    CHECK(pristine::k_version == PRISTINE_VERSION_MAJOR * 10000 + PRISTINE_VERSION_MINOR * 100 + PRISTINE_VERSION_PATCH);
}
