// HammingIndex against brute force: radius, k-NN, dihedral and all-pairs queries, through the
// multi-index and the scan, after adds and removes; concurrent queries; bad arguments.
#include <doctest/doctest.h>

#include <random>
#include <set>
#include <thread>

#include "pristine/hash/bits.hpp"
#include "pristine/index/hamming_index.hpp"

using namespace pristine;

namespace {

// n random codes, and for every fourth a near copy (a few bits flipped) right after it, so that
// radius queries and pairs have something to find.
std::vector<std::uint8_t> make_codes(std::size_t n, std::size_t bytes, std::uint32_t seed, int max_flips) {
    std::mt19937 rng(seed);
    std::vector<std::uint8_t> codes(n * bytes);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint8_t* c = &codes[i * bytes];
        if (i % 4 == 1) {
            std::copy_n(c - bytes, bytes, c);
            const int flips = static_cast<int>(rng() % static_cast<std::uint32_t>(max_flips + 1));
            for (int f = 0; f < flips; ++f) {
                const std::size_t bit = rng() % (8 * bytes);
                c[bit / 8] = static_cast<std::uint8_t>(c[bit / 8] ^ (1u << (bit % 8)));
            }
        } else {
            for (std::size_t b = 0; b < bytes; ++b) c[b] = static_cast<std::uint8_t>(rng());
        }
    }
    return codes;
}

std::vector<HammingMatch> brute_radius(const std::vector<std::uint8_t>& codes, const std::vector<std::uint64_t>& ids,
                                       const std::set<std::uint64_t>& removed, std::size_t bytes,
                                       const std::uint8_t* q, int r) {
    std::vector<HammingMatch> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (removed.count(ids[i])) continue;
        const int d = hamming_distance(q, &codes[i * bytes], bytes);
        if (d <= r) out.push_back({ids[i], d});
    }
    std::sort(out.begin(), out.end(), [](const HammingMatch& a, const HammingMatch& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
    });
    return out;
}

}  // namespace

TEST_CASE("radius queries and pairs equal brute force, through the multi-index and the scan") {
    for (std::size_t bytes : {8u, 32u, 121u}) {
        CAPTURE(bytes);
        const std::size_t n = 3000;
        const auto codes = make_codes(n, bytes, 7, static_cast<int>(bytes));
        std::vector<std::uint64_t> ids(n);
        for (std::size_t i = 0; i < n; ++i) ids[i] = 1000 + 7 * i;  // ids are the caller's, not slots
        HammingIndex index(bytes);
        index.add(ids.data(), n, codes.data());
        CHECK(index.size() == n);
        std::set<std::uint64_t> removed;
        for (std::size_t i = 0; i < n; i += 10) {
            CHECK(index.remove(ids[i]));
            removed.insert(ids[i]);
        }
        CHECK_FALSE(index.remove(ids[0]));
        CHECK(index.size() == n - removed.size());
        const int chunks = static_cast<int>((bytes + 1) / 2);
        for (int r : {0, chunks - 1, 2 * chunks + 1, 3 * chunks + 3}) {  // multi-index up to 2 bits a chunk, then scan
            CAPTURE(r);
            for (std::size_t qi = 0; qi < 40; ++qi) {
                const std::uint8_t* q = &codes[(qi * 37 % n) * bytes];
                CHECK(index.search_radius(q, r) == brute_radius(codes, ids, removed, bytes, q, r));
            }
            std::vector<HammingPair> expected;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = i + 1; j < n; ++j) {
                    if (removed.count(ids[i]) || removed.count(ids[j])) continue;
                    const int d = hamming_distance(&codes[i * bytes], &codes[j * bytes], bytes);
                    if (d <= r) expected.push_back({ids[i], ids[j], d});
                }
            BatchOptions one, two;
            one.threads = 1;
            two.threads = 2;
            const auto pairs = index.pairs_within(r, one);
            CHECK(pairs == expected);
            CHECK(index.pairs_within(r, two) == pairs);
        }
    }
}

// Every radius the multi-index serves, including those whose bound is shared out unevenly over the
// chunks (r + 1 not a multiple of their count) and those that leave chunks unread (r + 1 < chunks):
// near copies at every distance up to the radius, so that a missed chunk or a wrong threshold loses
// pairs. 33 bytes: the last chunk has 8 bits.
TEST_CASE("pairs and radius queries equal brute force at every radius the multi-index serves") {
    for (std::size_t bytes : {32u, 33u}) {
        CAPTURE(bytes);
        const std::size_t n = 1200;
        const int chunks = static_cast<int>((bytes + 1) / 2);
        const auto codes = make_codes(n, bytes, 11, 3 * chunks);
        std::vector<std::uint64_t> ids(n);
        for (std::size_t i = 0; i < n; ++i) ids[i] = n - i;  // ids descending: pairs must still be (a < b)
        HammingIndex index(bytes);
        index.add(ids.data(), n, codes.data());
        const std::set<std::uint64_t> none;
        std::size_t found_somewhere = 0;
        for (int r = 0; r < 3 * chunks; r += (r < 20 ? 1 : 3)) {
            CAPTURE(r);
            std::vector<HammingPair> expected;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = i + 1; j < n; ++j) {
                    const int d = hamming_distance(&codes[i * bytes], &codes[j * bytes], bytes);
                    if (d <= r) expected.push_back(HammingPair{std::min(ids[i], ids[j]), std::max(ids[i], ids[j]), d});
                }
            std::sort(expected.begin(), expected.end(), [](const HammingPair& x, const HammingPair& y) {
                return x.a != y.a ? x.a < y.a : x.b < y.b;
            });
            found_somewhere += expected.size();
            CHECK(index.pairs_within(r) == expected);
            for (std::size_t qi = 1; qi < n; qi += 97) {
                const std::uint8_t* q = &codes[qi * bytes];
                CHECK(index.search_radius(q, r) == brute_radius(codes, ids, none, bytes, q, r));
            }
        }
        CHECK(found_somewhere > 1000);  // the near copies do fall within the radii tried
    }
}

// join_cost counts the pairs each chunk's join compares: those whose chunk values are within the
// chunk's threshold (r + 1 shared out over the chunks, the larger shares first), once per such chunk.
TEST_CASE("join_cost equals the pairs the join compares, counted by brute force") {
    for (std::size_t bytes : {32u, 33u}) {
        CAPTURE(bytes);
        const std::size_t n = 1500;  // enough for the chunk tables to be built
        const int chunks = static_cast<int>((bytes + 1) / 2);
        // Codes with few distinct chunk values, so that buckets are shared and the counts are large.
        std::vector<std::uint8_t> codes = make_codes(n, bytes, 5, 3 * chunks);
        for (std::size_t i = 0; i < n * bytes; ++i) codes[i] &= (i % 2 == 0) ? 0x13 : 0x81;
        std::vector<std::uint64_t> ids(n);
        for (std::size_t i = 0; i < n; ++i) ids[i] = i;
        HammingIndex index(bytes);
        index.add(ids.data(), n, codes.data());
        auto chunk = [&](std::size_t i, int t) {
            const std::uint8_t* c = &codes[i * bytes + 2 * static_cast<std::size_t>(t)];
            return static_cast<unsigned>(c[0]) | (2 * t + 1 < static_cast<int>(bytes) ? static_cast<unsigned>(c[1]) << 8 : 0u);
        };
        std::uint64_t previous = 0;
        for (int r : {0, 5, chunks - 1, chunks + 3, 2 * chunks, 3 * chunks - 4, 3 * chunks - 1}) {
            CAPTURE(r);
            const int base = (r + 1) / chunks, extra = (r + 1) % chunks;
            std::uint64_t expected = 0;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = i + 1; j < n; ++j)
                    for (int t = 0; t < chunks; ++t)
                        expected += __builtin_popcount(chunk(i, t) ^ chunk(j, t)) <= base + (t < extra ? 1 : 0) - 1;
            CHECK(index.join_cost(r) == expected);
            CHECK(index.join_cost(r) >= previous);
            CHECK(index.join_cost(r, 10) <= expected);  // stops counting early, past the limit
            CHECK(index.join_cost(r, 10) > std::min<std::uint64_t>(10, expected - 1));
            previous = index.join_cost(r);
        }
        CHECK(index.join_cost(3 * chunks) == n * (n - 1) / 2);  // the scan compares every pair
    }
}

// Many queries at once give what one search_radius per query gives: through the tables, the codes
// added since they were built, removed codes, and the scan.
TEST_CASE("search_radius_many equals search_radius for each query") {
    const std::size_t bytes = 32, n = 3000, nq = 400;
    const auto codes = make_codes(n + nq, bytes, 13, 40);  // queries: near copies of codes and others
    std::vector<std::uint64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = 5 * i + 1;
    HammingIndex index(bytes);
    index.add(ids.data(), n - 100, codes.data());
    index.add(ids.data() + n - 100, 100, codes.data() + (n - 100) * bytes);  // a tail outside the tables
    for (std::size_t i = 0; i < n; i += 17) index.remove(ids[i]);
    std::vector<std::uint8_t> queries(nq * bytes);
    std::vector<std::uint64_t> qids(nq);
    for (std::size_t k = 0; k < nq; ++k) {
        const std::size_t from = k % 2 == 0 ? (k * 7) % n : n + k;  // a stored code, or a fresh one
        std::copy_n(&codes[from * bytes], bytes, &queries[k * bytes]);
        qids[k] = 1000000 - k;
    }
    std::size_t matched = 0;
    for (int r : {0, 10, 31, 44, 60}) {
        CAPTURE(r);
        std::vector<HammingPair> expected;
        for (std::size_t k = 0; k < nq; ++k)
            for (const HammingMatch& m : index.search_radius(&queries[k * bytes], r)) expected.push_back({qids[k], m.id, m.distance});
        std::sort(expected.begin(), expected.end(), [](const HammingPair& x, const HammingPair& y) {
            return x.a != y.a ? x.a < y.a : x.b < y.b;
        });
        BatchOptions two;
        two.threads = 2;
        CHECK(index.search_radius_many(qids.data(), nq, queries.data(), r, two) == expected);
        matched += expected.size();
    }
    CHECK(matched > 400);
    CHECK(index.search_radius_many(qids.data(), 0, queries.data(), 31).empty());
    CHECK_THROWS_AS(index.search_radius_many(nullptr, 1, queries.data(), 31), Error);
    CHECK_THROWS_AS(index.search_radius_many(qids.data(), 1, queries.data(), -1), Error);
}

TEST_CASE("codes added after the tables were built are found, and re-adding a removed id works") {
    const std::size_t bytes = 32, n = 2000;
    const auto codes = make_codes(n + 100, bytes, 11, 20);
    std::vector<std::uint64_t> ids(n + 100);
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
    HammingIndex index(bytes);
    index.add(ids.data(), n, codes.data());
    for (std::size_t i = n; i < n + 100; ++i) index.add(ids[i], &codes[i * bytes]);  // the unindexed tail
    CHECK(index.remove(5));
    index.add(5, &codes[5 * bytes]);
    const std::set<std::uint64_t> none;
    for (std::size_t i = n; i < n + 100; i += 9) {
        const std::uint8_t* q = &codes[i * bytes];
        CHECK(index.search_radius(q, 31) == brute_radius(codes, ids, none, bytes, q, 31));
    }
    const auto pairs = index.pairs_within(31);
    std::size_t expected = 0;
    for (std::size_t i = 0; i < ids.size(); ++i)
        for (std::size_t j = i + 1; j < ids.size(); ++j)
            expected += hamming_distance(&codes[i * bytes], &codes[j * bytes], bytes) <= 31;
    CHECK(pairs.size() == expected);
    CHECK_THROWS_AS(index.add(5, &codes[0]), Error);  // present
}

TEST_CASE("k nearest equal a sorted brute force, ties by id") {
    const std::size_t bytes = 8, n = 500;
    const auto codes = make_codes(n, bytes, 3, 6);
    std::vector<std::uint64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = n - i;
    HammingIndex index(bytes);
    index.add(ids.data(), n, codes.data());
    const std::set<std::uint64_t> none;
    for (std::size_t qi : {0u, 17u, 250u}) {
        const std::uint8_t* q = &codes[qi * bytes];
        auto all = brute_radius(codes, ids, none, bytes, q, 64);
        all.resize(10);
        CHECK(index.search_knn(q, 10) == all);
    }
    CHECK(index.search_knn(codes.data(), 0).empty());
    CHECK(index.search_knn(codes.data(), 10 * n).size() == n);
}

TEST_CASE("dihedral queries report each id once at its smallest distance") {
    const std::size_t bytes = 32;
    const auto codes = make_codes(8, bytes, 5, 0);
    HammingIndex index(bytes);
    index.add(42, &codes[2 * bytes]);  // equal to variant 2
    index.add(43, &codes[4 * bytes]);  // equal to variant 4
    std::array<std::vector<std::uint8_t>, 8> variants;
    for (int v = 0; v < 8; ++v) variants[v].assign(&codes[v * bytes], &codes[(v + 1) * bytes]);
    variants[6] = variants[2];  // a repeated variant must not repeat the id
    const auto found = index.search_radius_dihedral(variants, 10);
    REQUIRE(found.size() == 2);
    CHECK(found[0] == HammingMatch{42, 0});
    CHECK(found[1] == HammingMatch{43, 0});
    variants[3].resize(8);
    CHECK_THROWS_AS(index.search_radius_dihedral(variants, 10), Error);
}

TEST_CASE("concurrent queries while codes are added give consistent answers") {
    const std::size_t bytes = 32, n = 4000;
    const auto codes = make_codes(n, bytes, 9, 10);
    HammingIndex index(bytes);
    std::vector<std::uint64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = i;
    index.add(ids.data(), n / 2, codes.data());
    std::thread writer([&] {
        for (std::size_t i = n / 2; i < n; ++i) index.add(ids[i], &codes[i * bytes]);
    });
    std::size_t found_self = 0;
    for (std::size_t i = 0; i < n / 2; i += 13) {
        const auto m = index.search_radius(&codes[i * bytes], 0);
        found_self += !m.empty() && m.front().distance == 0;
    }
    writer.join();
    CHECK(found_self == (n / 2 + 12) / 13);
    CHECK(index.size() == n);
}

TEST_CASE("bad arguments are errors") {
    CHECK_THROWS_AS(HammingIndex(4), Error);
    CHECK_THROWS_AS(HammingIndex(129), Error);
    HammingIndex index(8);
    const std::uint8_t code[8] = {};
    CHECK_THROWS_AS(index.search_radius(code, -1), Error);
    CHECK_THROWS_AS(index.search_radius(nullptr, 1), Error);
    const std::uint64_t twice[2] = {1, 1};
    const std::uint8_t two_codes[16] = {};
    CHECK_THROWS_AS(index.add(twice, 2, two_codes), Error);
    CHECK(index.size() == 0);  // all or nothing
}
