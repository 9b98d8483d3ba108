// The pristine_hamming_index handle: the core's HammingIndex through the C ABI. Every function writes its
// outputs only after all checks have passed.
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "guard.hpp"
#include "pristine/index/hamming_index.hpp"
#include "pristine_index.h"

// The handles are the C++ objects themselves; the C side only ever sees pointers to them.
struct pristine_hamming_index {
    explicit pristine_hamming_index(std::size_t bytes) : index(bytes) {}
    pristine::HammingIndex index;
};

struct pristine_hamming_pairs {
    std::vector<std::uint64_t> ids;  // a0, b0, a1, b1, ...
    std::vector<int32_t> distances;
};

static_assert(PRISTINE_HAMMING_MIN_CODE_BYTES == 8 && PRISTINE_HAMMING_MAX_CODE_BYTES == 128,
              "the limits of HammingIndex's constructor");

using pristine::Error;
using pristine::HammingMatch;
using pristine::Status;
using pristine::capi::guarded;
using pristine::capi::require;

namespace {

const pristine::HammingIndex& index_of(const pristine_hamming_index* index, const char* function) {
    require(index, function, "index");
    return index->index;
}

// `what` has `given` bytes where `codes` codes of the index are expected.
void check_size(std::size_t given, std::size_t codes, std::size_t code_bytes, const char* function, const char* what) {
    if (given != codes * code_bytes)
        throw Error(Status::invalid_argument, std::string(function) + ": " + what + " has " + std::to_string(given) +
                                                  " bytes, expected " + (codes > 1 ? std::to_string(codes) + " x " : "") +
                                                  std::to_string(code_bytes) + " (the index's code size)");
}

void check_radius(int32_t radius, const char* function) {
    if (radius < 0)
        throw Error(Status::invalid_argument, std::string(function) + ": radius must be >= 0, got " + std::to_string(radius));
}

// Writes the first `capacity` matches and their total count (the search_radius protocol).
void write_matches(const std::vector<HammingMatch>& m, uint64_t* ids, int32_t* distances, std::size_t capacity,
                   std::size_t* found) {
    const std::size_t n = std::min(capacity, m.size());
    for (std::size_t i = 0; i < n; ++i) {
        ids[i] = m[i].id;
        if (distances != nullptr) distances[i] = m[i].distance;
    }
    *found = m.size();
}

void check_radius_outputs(const uint8_t* query, std::size_t found_capacity, const uint64_t* ids, const std::size_t* found,
                          const char* function, const char* query_name) {
    require(query, function, query_name);
    require(found, function, "found");
    if (found_capacity > 0) require(ids, function, "ids");
}

}  // namespace

extern "C" {

PRISTINE_C_API pristine_status pristine_hamming_index_create(size_t code_bytes, pristine_hamming_index** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        require(out, "pristine_hamming_index_create", "out");
        if (code_bytes < PRISTINE_HAMMING_MIN_CODE_BYTES || code_bytes > PRISTINE_HAMMING_MAX_CODE_BYTES)
            throw Error(Status::invalid_argument, "pristine_hamming_index_create: codes must have 8..128 bytes, got " +
                                                      std::to_string(code_bytes));
        *out = new pristine_hamming_index(code_bytes);
    });
}

PRISTINE_C_API void pristine_hamming_index_free(pristine_hamming_index* index) { delete index; }

PRISTINE_C_API size_t pristine_hamming_index_code_bytes(const pristine_hamming_index* index) {
    return index != nullptr ? index->index.code_bytes() : 0;
}

// size() and contains() take a shared lock, which cannot fail in practice; a failure reads as empty.
PRISTINE_C_API size_t pristine_hamming_index_size(const pristine_hamming_index* index) {
    std::size_t n = 0;
    if (index != nullptr) guarded([&] { n = index->index.size(); });
    return n;
}

PRISTINE_C_API int pristine_hamming_index_contains(const pristine_hamming_index* index, uint64_t id) {
    bool found = false;
    if (index != nullptr) guarded([&] { found = index->index.contains(id); });
    return found ? 1 : 0;
}

PRISTINE_C_API pristine_status pristine_hamming_index_add(pristine_hamming_index* index, const uint64_t* ids,
                                                          size_t count, const uint8_t* codes) {
    return guarded([&] {
        const char* f = "pristine_hamming_index_add";
        require(index, f, "index");
        if (count == 0) return;
        require(ids, f, "ids");
        require(codes, f, "codes");
        index->index.add(ids, count, codes);
    });
}

PRISTINE_C_API pristine_status pristine_hamming_index_remove(pristine_hamming_index* index, uint64_t id,
                                                             int32_t* removed) {
    return guarded([&] {
        require(index, "pristine_hamming_index_remove", "index");
        const bool was = index->index.remove(id);
        if (removed != nullptr) *removed = was ? 1 : 0;
    });
}

PRISTINE_C_API pristine_status pristine_hamming_index_search_knn(const pristine_hamming_index* index,
                                                                 const uint8_t* query, size_t query_size, size_t k,
                                                                 uint64_t* ids, int32_t* distances, size_t* count) {
    return guarded([&] {
        const char* f = "pristine_hamming_index_search_knn";
        const pristine::HammingIndex& ix = index_of(index, f);
        require(query, f, "query");
        require(count, f, "count");
        if (k > 0) require(ids, f, "ids");
        check_size(query_size, 1, ix.code_bytes(), f, "query");
        const std::vector<HammingMatch> m = ix.search_knn(query, k);
        std::size_t found = 0;
        write_matches(m, ids, distances, k, &found);
        *count = found;
    });
}

PRISTINE_C_API pristine_status pristine_hamming_index_search_radius(const pristine_hamming_index* index,
                                                                    const uint8_t* query, size_t query_size,
                                                                    int32_t radius, uint64_t* ids, int32_t* distances,
                                                                    size_t capacity, size_t* found) {
    return guarded([&] {
        const char* f = "pristine_hamming_index_search_radius";
        const pristine::HammingIndex& ix = index_of(index, f);
        check_radius_outputs(query, capacity, ids, found, f, "query");
        check_size(query_size, 1, ix.code_bytes(), f, "query");
        check_radius(radius, f);
        write_matches(ix.search_radius(query, radius), ids, distances, capacity, found);
    });
}

PRISTINE_C_API pristine_status pristine_hamming_index_search_radius_dihedral(
    const pristine_hamming_index* index, const uint8_t* variants, size_t variants_size, int32_t radius, uint64_t* ids,
    int32_t* distances, size_t capacity, size_t* found) {
    return guarded([&] {
        const char* f = "pristine_hamming_index_search_radius_dihedral";
        const pristine::HammingIndex& ix = index_of(index, f);
        check_radius_outputs(variants, capacity, ids, found, f, "variants");
        const std::size_t n = ix.code_bytes();
        check_size(variants_size, 8, n, f, "variants");
        check_radius(radius, f);
        std::array<std::vector<std::uint8_t>, 8> v;
        for (std::size_t t = 0; t < 8; ++t) v[t].assign(variants + t * n, variants + (t + 1) * n);
        write_matches(ix.search_radius_dihedral(v, radius), ids, distances, capacity, found);
    });
}

PRISTINE_C_API pristine_status pristine_hamming_index_pairs_within(const pristine_hamming_index* index, int32_t radius,
                                                                   int32_t threads, pristine_hamming_pairs** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        const char* f = "pristine_hamming_index_pairs_within";
        const pristine::HammingIndex& ix = index_of(index, f);
        require(out, f, "out");
        check_radius(radius, f);
        if (threads < 0)
            throw Error(Status::invalid_argument, std::string(f) + ": threads must be >= 0, got " + std::to_string(threads));
        pristine::BatchOptions batch;
        batch.threads = threads;
        const std::vector<pristine::HammingPair> pairs = ix.pairs_within(radius, batch);
        auto result = std::make_unique<pristine_hamming_pairs>();
        result->ids.reserve(2 * pairs.size());
        result->distances.reserve(pairs.size());
        for (const pristine::HammingPair& p : pairs) {
            result->ids.push_back(p.a);
            result->ids.push_back(p.b);
            result->distances.push_back(p.distance);
        }
        *out = result.release();
    });
}

PRISTINE_C_API void pristine_hamming_pairs_free(pristine_hamming_pairs* pairs) { delete pairs; }

PRISTINE_C_API size_t pristine_hamming_pairs_count(const pristine_hamming_pairs* pairs) {
    return pairs != nullptr ? pairs->distances.size() : 0;
}

PRISTINE_C_API const uint64_t* pristine_hamming_pairs_ids(const pristine_hamming_pairs* pairs) {
    return pairs != nullptr && !pairs->ids.empty() ? pairs->ids.data() : nullptr;
}

PRISTINE_C_API const int32_t* pristine_hamming_pairs_distances(const pristine_hamming_pairs* pairs) {
    return pairs != nullptr && !pairs->distances.empty() ? pairs->distances.data() : nullptr;
}

}  // extern "C"
