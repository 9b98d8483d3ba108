// HammingIndex: fixed-size binary codes (8..128 bytes: the hashes of pristine/hash, or any other
// binary code) under caller ids, with exact k-nearest and radius queries, rotation/flip (dihedral)
// queries, and "every pair within radius r" as one operation. Header-only core (std only).
//
// How it finds neighbours. Codes are stored contiguously and scanned with 64-bit popcounts (k-NN, and
// radius queries too wide for the multi-index). Small radii — the ones duplicate search uses — go
// through multi-index hashing (Norouzi, Punjani & Fleet, CVPR 2012): a code is cut into m chunks of 16
// bits; two codes within distance r agree to within floor(r / m) bits on at least one chunk
// (pigeonhole), so only the buckets of each chunk near the query's chunk are read. The bound is shared
// out unevenly where that reads fewer buckets (the generalised pigeonhole: any thresholds t_i with
// sum(t_i + 1) > r will do; at r = 44 over 16 chunks, 13 chunks within 2 bits and 3 within 1 read 16 %
// fewer buckets than all within 2; at r < 15 some chunks are not read at all). pairs_within joins the
// buckets of each chunk with their neighbours, so it never compares every code with every other; its
// inner loop is compiled for the CPU's popcount instruction when there is one.
// The chunk tables are rebuilt when the codes added since the last build grow past an eighth of the
// index (those newer codes are scanned meanwhile); removed codes are skipped until the next rebuild.
//
// Thread safety: queries may run concurrently with each other and with add/remove (a shared lock; a
// writer waits for running queries). Results never depend on the thread count. The callbacks of
// pairs_within's BatchOptions run under the shared lock: they must not modify this index.
// Failure safety: an add that throws (a present id, out of memory) leaves the index as it was.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/executor.hpp"

namespace pristine {

/// One neighbour: the caller's id and its Hamming distance to the query.
struct HammingMatch {
    std::uint64_t id = 0;
    int distance = 0;
    friend bool operator==(const HammingMatch& a, const HammingMatch& b) noexcept {
        return a.id == b.id && a.distance == b.distance;
    }
};

/// One pair of pairs_within: the two ids (a < b) and their distance.
struct HammingPair {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    int distance = 0;
    friend bool operator==(const HammingPair& x, const HammingPair& y) noexcept {
        return x.a == y.a && x.b == y.b && x.distance == y.distance;
    }
};

class HammingIndex {
public:
    /// An empty index of codes of `code_bytes` bytes (8..128; e.g. 32 for PDQ, 8 for dct).
    /// Throws Error(invalid_argument) outside that range.
    explicit HammingIndex(std::size_t code_bytes) : bytes_(code_bytes), words_((code_bytes + 7) / 8) {
        if (code_bytes < 8 || code_bytes > 128)
            throw Error(Status::invalid_argument,
                        "HammingIndex: codes must have 8..128 bytes, got " + std::to_string(code_bytes));
        chunks_ = static_cast<int>((bytes_ + 1) / 2);
    }

    HammingIndex(const HammingIndex&) = delete;
    HammingIndex& operator=(const HammingIndex&) = delete;

    std::size_t code_bytes() const noexcept { return bytes_; }
    std::size_t code_bits() const noexcept { return 8 * bytes_; }

    /// Codes in the index (removed ones not counted).
    std::size_t size() const {
        std::shared_lock<std::shared_mutex> lock(mutex_);
        return slot_of_.size();
    }

    bool contains(std::uint64_t id) const {
        std::shared_lock<std::shared_mutex> lock(mutex_);
        return slot_of_.count(id) != 0;
    }

    /// Adds `code` (code_bytes() bytes) under `id`. Throws Error(invalid_argument) for a null code or
    /// an id already present (the index is unchanged then).
    void add(std::uint64_t id, const std::uint8_t* code) { add(&id, 1, code); }

    /// Adds n codes at once (row-major, n x code_bytes() bytes) under ids[0..n). All or nothing: a
    /// repeated or present id throws Error(invalid_argument) before anything is added.
    void add(const std::uint64_t* ids, std::size_t n, const std::uint8_t* codes) {
        if (n == 0) return;
        if (ids == nullptr || codes == nullptr) throw Error(Status::invalid_argument, "HammingIndex::add: null ids or codes");
        std::unique_lock<std::shared_mutex> lock(mutex_);
        std::unordered_map<std::uint64_t, std::size_t> fresh;
        fresh.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            if (slot_of_.count(ids[i]) != 0 || !fresh.emplace(ids[i], i).second)
                throw Error(Status::invalid_argument, "HammingIndex::add: id " + std::to_string(ids[i]) + " is already present");
        const std::size_t first = ids_.size();
        if (first + n > k_max_slots)
            throw Error(Status::too_large, "HammingIndex::add: an index holds at most " + std::to_string(k_max_slots) +
                                               " codes (removed ones included until the next rebuild)");
        try {
            codes_.reserve((first + n) * words_);  // so that the pushes below cannot fail
            ids_.reserve(first + n);
            alive_.reserve(first + n);
            codes_.resize((first + n) * words_, 0);
            for (std::size_t i = 0; i < n; ++i) {
                store(first + i, codes + i * bytes_);
                ids_.push_back(ids[i]);
                alive_.push_back(1);
                slot_of_.emplace(ids[i], static_cast<std::uint32_t>(first + i));  // may throw: rolled back
            }
        } catch (...) {
            for (std::size_t i = first; i < ids_.size(); ++i) slot_of_.erase(ids_[i]);
            codes_.resize(first * words_);
            ids_.resize(first);
            alive_.resize(first);
            throw;
        }
        maybe_rebuild();
    }

    /// Removes `id`; false when it was not present.
    bool remove(std::uint64_t id) {
        std::unique_lock<std::shared_mutex> lock(mutex_);
        const auto it = slot_of_.find(id);
        if (it == slot_of_.end()) return false;
        alive_[it->second] = 0;
        slot_of_.erase(it);
        ++dead_;
        maybe_rebuild();
        return true;
    }

    /// The k nearest codes to `query` (code_bytes() bytes), nearest first, ties by smaller id; fewer
    /// when the index holds fewer. Exact (a scan).
    std::vector<HammingMatch> search_knn(const std::uint8_t* query, std::size_t k) const {
        check_query(query);
        std::shared_lock<std::shared_mutex> lock(mutex_);
        const std::vector<std::uint64_t> q = words_of(query);
        std::vector<HammingMatch> best;  // a max-heap on (distance, id) of at most k
        if (k == 0) return best;
        const auto worse = [](const HammingMatch& a, const HammingMatch& b) {
            return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
        };
        for (std::size_t s = 0; s < ids_.size(); ++s) {
            if (!alive_[s]) continue;
            const HammingMatch m{ids_[s], distance(q.data(), s)};
            if (best.size() < k) {
                best.push_back(m);
                std::push_heap(best.begin(), best.end(), worse);
            } else if (worse(m, best.front())) {
                std::pop_heap(best.begin(), best.end(), worse);
                best.back() = m;
                std::push_heap(best.begin(), best.end(), worse);
            }
        }
        std::sort_heap(best.begin(), best.end(), worse);
        return best;
    }

    /// Every code within `radius` (distance <= radius) of `query`, nearest first, ties by id.
    /// Throws Error(invalid_argument) for a negative radius or a null query.
    std::vector<HammingMatch> search_radius(const std::uint8_t* query, int radius) const {
        check_query(query);
        check_radius(radius);
        std::shared_lock<std::shared_mutex> lock(mutex_);
        std::vector<HammingMatch> out;
        collect_radius(words_of(query), radius, out);
        sort_matches(out);
        return out;
    }

    /// Like search_radius for a picture given by its 8 rotations/flips (compute_hash_dihedral order):
    /// each id once, at its smallest distance to any variant. Finds rotated and mirrored copies.
    std::vector<HammingMatch> search_radius_dihedral(const std::array<std::vector<std::uint8_t>, 8>& variants,
                                                     int radius) const {
        check_radius(radius);
        for (const auto& v : variants)
            if (v.size() != bytes_)
                throw Error(Status::invalid_argument, "HammingIndex: a dihedral variant has " + std::to_string(v.size()) +
                                                          " bytes, the index holds codes of " + std::to_string(bytes_));
        std::shared_lock<std::shared_mutex> lock(mutex_);
        std::vector<HammingMatch> all;
        for (const auto& v : variants) collect_radius(words_of(v.data()), radius, all);
        std::sort(all.begin(), all.end(), [](const HammingMatch& a, const HammingMatch& b) {
            return a.id != b.id ? a.id < b.id : a.distance < b.distance;
        });
        all.erase(std::unique(all.begin(), all.end(), [](const HammingMatch& a, const HammingMatch& b) { return a.id == b.id; }),
                  all.end());
        sort_matches(all);
        return all;
    }

    /// Every unordered pair of codes within `radius` of each other, sorted by (a, b) with a < b.
    /// Multi-index join for radii below the chunk count x 3, else a blocked scan of all pairs.
    /// Runs on options.threads workers (the result does not depend on their number); cancellable.
    std::vector<HammingPair> pairs_within(int radius, const BatchOptions& options = {}) const {
        check_radius(radius);
        std::shared_lock<std::shared_mutex> lock(mutex_);
        std::vector<std::vector<HammingPair>> parts;
        if (use_multi_index(radius)) {
            // One task per chunk table (each pair is reported by the first chunk that matches), plus
            // the codes added since the tables were built.
            const std::size_t tables = static_cast<std::size_t>(chunks_), tail_block = 256;
            const std::size_t tail_blocks = (ids_.size() - built_ + tail_block - 1) / tail_block;
            const std::vector<int> bound = chunk_thresholds(radius);
            parts.resize(tables + tail_blocks);
            run_for_each(parts.size(), options, [&](std::size_t t) {
                if (t < tables) {
                    join_chunk(static_cast<int>(t), radius, bound, parts[t]);
                } else {
                    const std::size_t from = built_ + (t - tables) * tail_block;
                    join_tail(from, std::min(ids_.size(), from + tail_block), radius, parts[t]);
                }
            });
        } else {
            const std::size_t n = ids_.size(), block = 256;
            parts.resize((n + block - 1) / block);
            run_for_each(parts.size(), options, [&](std::size_t b) {
                for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i)
                    for (std::size_t j = i + 1; j < n; ++j) consider_pair(i, j, radius, parts[b]);
            });
        }
        std::vector<HammingPair> out;
        for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
        std::sort(out.begin(), out.end(), [](const HammingPair& x, const HammingPair& y) {
            return x.a != y.a ? x.a < y.a : x.b < y.b;
        });
        return out;
    }

    /// search_radius for many queries at once: every (query, code) within `radius`, as HammingPair{a =
    /// query_ids[q], b = the code's id, distance}, sorted by (a, b). The same matches as one
    /// search_radius per query, found by joining the queries' chunks with the index's buckets, so the
    /// codes are read in bucket order rather than where each bucket points (a query reads each code at
    /// the cost of cache misses; this, like pairs_within, reads them in sequence). On options.threads
    /// workers. Throws Error(invalid_argument) for null queries or ids, or a negative radius.
    std::vector<HammingPair> search_radius_many(const std::uint64_t* query_ids, std::size_t n, const std::uint8_t* queries,
                                                int radius, const BatchOptions& options = {}) const {
        check_radius(radius);
        if (n == 0) return {};
        if (query_ids == nullptr || queries == nullptr) throw Error(Status::invalid_argument, "HammingIndex: null queries or ids");
        std::shared_lock<std::shared_mutex> lock(mutex_);
        std::vector<std::uint64_t> q(n * words_);
        for (std::size_t i = 0; i < n; ++i) std::copy_n(words_of(queries + i * bytes_).data(), words_, &q[i * words_]);
        const bool multi = use_multi_index(radius);
        const std::vector<int> bound = chunk_thresholds(radius);
        const std::size_t tables = multi ? static_cast<std::size_t>(chunks_) : 0, block = 256;
        const std::size_t scanned = multi ? built_ : 0;  // codes before this are in the tables
        const std::size_t blocks = (n + block - 1) / block;
        std::vector<std::vector<HammingPair>> parts(tables + blocks);
        run_for_each(parts.size(), options, [&](std::size_t task) {
            if (task < tables) {
                match_chunk(static_cast<int>(task), q, query_ids, n, radius, bound, parts[task]);
                return;
            }
            const std::size_t from = (task - tables) * block;
            for (std::size_t i = from; i < std::min(n, from + block); ++i)
                for (std::size_t s = scanned; s < ids_.size(); ++s)
                    if (alive_[s]) {
                        const int d = distance(&q[i * words_], s);
                        if (d <= radius) parts[task].push_back({query_ids[i], ids_[s], d});
                    }
        });
        std::vector<HammingPair> out;
        for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
        std::sort(out.begin(), out.end(), [](const HammingPair& x, const HammingPair& y) {
            return x.a != y.a ? x.a < y.a : x.b < y.b;
        });
        return out;
    }

    /// How many pairs of codes pairs_within(radius) compares: its work (the pairs it finds are some of
    /// them), counted from the chunk tables without comparing any code, so that a caller can choose a
    /// radius whose join fits its time. Grows with the radius; counting stops once past `limit`.
    std::uint64_t join_cost(int radius, std::uint64_t limit = ~std::uint64_t{0}) const {
        check_radius(radius);
        std::shared_lock<std::shared_mutex> lock(mutex_);
        const std::uint64_t n = ids_.size(), built = use_multi_index(radius) ? built_ : 0;
        std::uint64_t cost = n * (n - (n > 0)) / 2 - built * (built - (built > 0)) / 2;  // the unindexed tail
        if (built == 0) return cost;
        const std::vector<int> bound = chunk_thresholds(radius);
        for (int t = 0; t < chunks_ && cost <= limit; ++t) {
            if (bound[static_cast<std::size_t>(t)] < 0) continue;
            std::vector<std::uint32_t> masks;
            for_each_near(0, chunk_width(t), bound[static_cast<std::size_t>(t)], 0, [&](std::uint32_t m) { masks.push_back(m); });
            const std::vector<std::uint32_t>& off = offsets_[static_cast<std::size_t>(t)];
            const std::uint32_t values = std::uint32_t{1} << chunk_width(t);
            for (std::uint32_t v = 0; v < values && cost <= limit; ++v) {
                const std::uint64_t cv = off[v + 1] - off[v];
                if (cv == 0) continue;
                for (const std::uint32_t m : masks) {
                    const std::uint32_t u = v ^ m;
                    if (u > v) cost += cv * (off[u + 1] - off[u]);
                    else if (u == v) cost += cv * (cv - 1) / 2;
                }
            }
        }
        return cost;
    }

private:
    static constexpr int k_chunk_bits = 16;
    static constexpr std::size_t k_max_slots = 0xFFFFFFFFu;  // slots are 32-bit in the tables
    static constexpr std::size_t k_buckets = std::size_t{1} << k_chunk_bits;

    void check_query(const std::uint8_t* query) const {
        if (query == nullptr) throw Error(Status::invalid_argument, "HammingIndex: null query");
    }
    static void check_radius(int radius) {
        if (radius < 0) throw Error(Status::invalid_argument, "HammingIndex: radius must be >= 0, got " + std::to_string(radius));
    }

    std::vector<std::uint64_t> words_of(const std::uint8_t* code) const {
        std::vector<std::uint64_t> w(words_, 0);
        for (std::size_t i = 0; i < bytes_; ++i) w[i / 8] |= std::uint64_t{code[i]} << (8 * (i % 8));
        return w;
    }
    void store(std::size_t slot, const std::uint8_t* code) {
        std::uint64_t* w = &codes_[slot * words_];
        for (std::size_t i = 0; i < words_; ++i) w[i] = 0;
        for (std::size_t i = 0; i < bytes_; ++i) w[i / 8] |= std::uint64_t{code[i]} << (8 * (i % 8));
    }
    const std::uint64_t* code_of(std::size_t slot) const { return &codes_[slot * words_]; }

    // Distance of two stored codes: through the CPU's popcount instruction when it has one (chosen
    // at run time: shipped builds target the baseline x86-64, which lacks it).
    int distance_words(const std::uint64_t* a, const std::uint64_t* b) const noexcept { return distance_fn_(a, b, words_); }

    static int distance_generic(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) noexcept {
        int d = 0;
        for (std::size_t i = 0; i < words; ++i) d += __builtin_popcountll(a[i] ^ b[i]);
        return d;
    }
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __attribute__((target("popcnt"))) static int distance_popcnt(const std::uint64_t* a, const std::uint64_t* b,
                                                                 std::size_t words) noexcept {
        int d = 0;
        for (std::size_t i = 0; i < words; ++i) d += __builtin_popcountll(a[i] ^ b[i]);
        return d;
    }
    using DistanceFn = int (*)(const std::uint64_t*, const std::uint64_t*, std::size_t) noexcept;
    static DistanceFn pick_distance() noexcept {
        return __builtin_cpu_supports("popcnt") ? &distance_popcnt : &distance_generic;
    }
#else
    using DistanceFn = int (*)(const std::uint64_t*, const std::uint64_t*, std::size_t) noexcept;
    static DistanceFn pick_distance() noexcept { return &distance_generic; }
#endif
    int distance(const std::uint64_t* q, std::size_t slot) const noexcept { return distance_words(q, code_of(slot)); }

    // Chunk t of a code: bits 16t .. 16t + 15 (the last chunk of an odd byte count has 8).
    static std::uint32_t chunk_of(const std::uint64_t* w, int t) noexcept {
        const int bit = t * k_chunk_bits;
        return static_cast<std::uint32_t>((w[bit / 64] >> (bit % 64)) & 0xFFFFu);
    }
    int chunk_width(int t) const noexcept {
        return std::min(k_chunk_bits, static_cast<int>(8 * bytes_) - t * k_chunk_bits);
    }

    // The multi-index reads, per chunk, every bucket within its threshold (at most ceil((r + 1) / m) - 1
    // bits): worth it up to 2 bits (1 + 16 + 120 buckets per chunk) and while the index is large enough
    // for the tables to pay.
    bool use_multi_index(int radius) const { return radius / chunks_ <= 2 && built_ >= 64; }

    // Per-chunk thresholds t_i with sum(t_i + 1) = r + 1: two codes within r bits differ by at most t_i
    // bits on some chunk i. The larger shares go to the wider chunks (a narrow chunk's buckets are
    // fuller); -1 marks a chunk that is not read.
    std::vector<int> chunk_thresholds(int radius) const {
        std::vector<int> order(static_cast<std::size_t>(chunks_));
        for (int t = 0; t < chunks_; ++t) order[static_cast<std::size_t>(t)] = t;
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return chunk_width(a) > chunk_width(b); });
        const int units = radius + 1, base = units / chunks_, extra = units % chunks_;
        std::vector<int> bound(static_cast<std::size_t>(chunks_));
        for (int k = 0; k < chunks_; ++k) bound[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = base + (k < extra ? 1 : 0) - 1;
        return bound;
    }

    static void sort_matches(std::vector<HammingMatch>& m) {
        std::sort(m.begin(), m.end(), [](const HammingMatch& a, const HammingMatch& b) {
            return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
        });
    }

    // True when chunk t is the first chunk u on which a and b differ by at most bound[u] bits: the one
    // table that reports the pair, so each pair and each match is found exactly once.
    static bool first_matching_chunk(const std::uint64_t* a, const std::uint64_t* b, int t, const std::vector<int>& bound) noexcept {
        for (int u = 0; u < t; ++u)
            if (__builtin_popcount(chunk_of(a, u) ^ chunk_of(b, u)) <= bound[static_cast<std::size_t>(u)]) return false;
        return true;
    }

    // Every value within `sub` bits of `v` over the low `width` bits, passed to fn.
    template <class Fn>
    static void for_each_near(std::uint32_t v, int width, int sub, int from, Fn&& fn) {
        fn(v);
        if (sub == 0) return;
        for (int b = from; b < width; ++b) for_each_near(v ^ (1u << b), width, sub - 1, b + 1, fn);
    }

    void collect_radius(const std::vector<std::uint64_t>& q, int radius, std::vector<HammingMatch>& out) const {
        if (!use_multi_index(radius)) {
            for (std::size_t s = 0; s < ids_.size(); ++s)
                if (alive_[s]) {
                    const int d = distance(q.data(), s);
                    if (d <= radius) out.push_back({ids_[s], d});
                }
            return;
        }
        const std::vector<int> bound = chunk_thresholds(radius);
        for (int t = 0; t < chunks_; ++t) {
            const int sub = bound[static_cast<std::size_t>(t)];
            if (sub < 0) continue;
            const std::vector<std::uint32_t>& offsets = offsets_[static_cast<std::size_t>(t)];
            const std::vector<std::uint32_t>& slots = slots_[static_cast<std::size_t>(t)];
            for_each_near(chunk_of(q.data(), t), chunk_width(t), sub, 0, [&](std::uint32_t v) {
                for (std::uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
                    const std::uint32_t s = slots[i];
                    if (!alive_[s] || !first_matching_chunk(q.data(), code_of(s), t, bound)) continue;
                    const int d = distance(q.data(), s);
                    if (d <= radius) out.push_back({ids_[s], d});
                }
            });
        }
        for (std::size_t s = built_; s < ids_.size(); ++s)  // added since the tables were built
            if (alive_[s]) {
                const int d = distance(q.data(), s);
                if (d <= radius) out.push_back({ids_[s], d});
            }
    }

    void consider_pair(std::size_t i, std::size_t j, int radius, std::vector<HammingPair>& out) const {
        if (!alive_[i] || !alive_[j]) return;
        const int d = distance_words(code_of(i), code_of(j));
        if (d > radius) return;
        const std::uint64_t a = ids_[i], b = ids_[j];
        out.push_back(a < b ? HammingPair{a, b, d} : HammingPair{b, a, d});
    }

    // What the join of one chunk reads: the chunk's buckets, the codes copied in bucket order (so both
    // sides of a bucket pair are read sequentially), and the values within the chunk's threshold of 0.
    struct ChunkJoin {
        const HammingIndex* index;
        int t, radius;
        const std::vector<int>* bound;
        const std::uint32_t* offsets;
        const std::uint32_t* slots;
        const std::uint64_t* ordered;
        std::vector<std::uint32_t> masks;  // every value of at most `bound[t]` bits, 0 first
        std::uint32_t values;
    };

    // Pairs whose first matching chunk is t: each bucket against itself and its neighbours with a
    // larger value.
    void join_chunk(int t, int radius, const std::vector<int>& bound, std::vector<HammingPair>& out) const {
        const int sub = bound[static_cast<std::size_t>(t)];
        if (sub < 0) return;
        const std::vector<std::uint32_t>& slots = slots_[static_cast<std::size_t>(t)];
        std::vector<std::uint64_t> ordered(slots.size() * words_);
        for (std::size_t i = 0; i < slots.size(); ++i)
            std::copy_n(code_of(slots[i]), words_, &ordered[i * words_]);
        ChunkJoin j{this, t, radius, &bound, offsets_[static_cast<std::size_t>(t)].data(), slots.data(), ordered.data(), {},
                    std::uint32_t{1} << chunk_width(t)};
        for_each_near(0, chunk_width(t), sub, 0, [&](std::uint32_t m) { j.masks.push_back(m); });
        join_fn_(j, out);
    }

    // The join's inner loop, inlined into a plain and a popcount-instruction build of it (the distance
    // is most of the join's time; a call per pair through distance_fn_ would double it). Half the
    // words are counted first: codes of unrelated pictures are rejected there.
    __attribute__((always_inline)) static inline void join_body(const ChunkJoin& j, std::vector<HammingPair>& out) {
        const HammingIndex& x = *j.index;
        const std::size_t words = x.words_, half = (words + 1) / 2;
        for (std::uint32_t v = 0; v < j.values; ++v) {
            const std::uint32_t v0 = j.offsets[v], v1 = j.offsets[v + 1];
            if (v0 == v1) continue;
            for (const std::uint32_t m : j.masks) {
                const std::uint32_t u = v ^ m;
                if (u < v || u >= j.values) continue;
                const std::uint32_t u1 = j.offsets[u + 1];
                for (std::uint32_t i = v0; i < v1; ++i) {
                    const std::uint32_t si = j.slots[i];
                    if (!x.alive_[si]) continue;
                    const std::uint64_t* a = j.ordered + std::size_t{i} * words;
                    for (std::uint32_t k = u == v ? i + 1 : j.offsets[u]; k < u1; ++k) {
                        const std::uint64_t* b = j.ordered + std::size_t{k} * words;
                        int d = 0;
                        for (std::size_t w = 0; w < half; ++w) d += __builtin_popcountll(a[w] ^ b[w]);
                        if (d > j.radius) continue;
                        for (std::size_t w = half; w < words; ++w) d += __builtin_popcountll(a[w] ^ b[w]);
                        const std::uint32_t sk = j.slots[k];
                        if (d > j.radius || !x.alive_[sk] || !first_matching_chunk(a, b, j.t, *j.bound)) continue;
                        const std::uint64_t ia = x.ids_[si], ib = x.ids_[sk];
                        out.push_back(ia < ib ? HammingPair{ia, ib, d} : HammingPair{ib, ia, d});
                    }
                }
            }
        }
    }
    using JoinFn = void (*)(const ChunkJoin&, std::vector<HammingPair>&);
    static void join_generic(const ChunkJoin& j, std::vector<HammingPair>& out) { join_body(j, out); }
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __attribute__((target("popcnt"))) static void join_popcnt(const ChunkJoin& j, std::vector<HammingPair>& out) {
        join_body(j, out);
    }
    static JoinFn pick_join() noexcept { return __builtin_cpu_supports("popcnt") ? &join_popcnt : &join_generic; }
#else
    static JoinFn pick_join() noexcept { return &join_generic; }
#endif

    // The matches of search_radius_many whose first matching chunk is t: the queries sorted by their
    // chunk value, each value's queries against the buckets within the chunk's threshold of it.
    void match_chunk(int t, const std::vector<std::uint64_t>& q, const std::uint64_t* query_ids, std::size_t n, int radius,
                     const std::vector<int>& bound, std::vector<HammingPair>& out) const {
        const int sub = bound[static_cast<std::size_t>(t)];
        if (sub < 0) return;
        const std::uint32_t values = std::uint32_t{1} << chunk_width(t);
        std::vector<std::uint32_t> by_value(n), qoff(values + 1, 0);
        for (std::size_t i = 0; i < n; ++i) ++qoff[chunk_of(&q[i * words_], t) + 1];
        for (std::uint32_t v = 0; v < values; ++v) qoff[v + 1] += qoff[v];
        std::vector<std::uint32_t> next(qoff.begin(), qoff.end() - 1);
        for (std::size_t i = 0; i < n; ++i) by_value[next[chunk_of(&q[i * words_], t)]++] = static_cast<std::uint32_t>(i);
        const std::vector<std::uint32_t>& offsets = offsets_[static_cast<std::size_t>(t)];
        const std::vector<std::uint32_t>& slots = slots_[static_cast<std::size_t>(t)];
        std::vector<std::uint64_t> ordered(slots.size() * words_);
        for (std::size_t i = 0; i < slots.size(); ++i) std::copy_n(code_of(slots[i]), words_, &ordered[i * words_]);
        std::vector<std::uint32_t> masks;
        for_each_near(0, chunk_width(t), sub, 0, [&](std::uint32_t m) { masks.push_back(m); });
        for (std::uint32_t v = 0; v < values; ++v) {
            if (qoff[v] == qoff[v + 1]) continue;
            for (const std::uint32_t m : masks) {
                const std::uint32_t u = v ^ m;
                for (std::uint32_t k = offsets[u]; k < offsets[u + 1]; ++k) {
                    const std::uint64_t* b = &ordered[std::size_t{k} * words_];
                    for (std::uint32_t x = qoff[v]; x < qoff[v + 1]; ++x) {
                        const std::uint64_t* a = &q[std::size_t{by_value[x]} * words_];
                        const int d = distance_words(a, b);
                        if (d > radius || !alive_[slots[k]] || !first_matching_chunk(a, b, t, bound)) continue;
                        out.push_back({query_ids[by_value[x]], ids_[slots[k]], d});
                    }
                }
            }
        }
    }

    // Pairs whose later code is one of the slots [from, to) added since the tables were built.
    void join_tail(std::size_t from, std::size_t to, int radius, std::vector<HammingPair>& out) const {
        for (std::size_t j = from; j < to; ++j)
            for (std::size_t i = 0; i < j; ++i) consider_pair(i, j, radius, out);
    }

    // Rebuilds the chunk tables when the unindexed tail or the removed codes pass an eighth of the
    // index (amortised: each code is re-indexed O(1) times on average as the index grows). Everything
    // is built aside and swapped in, so running out of memory here changes nothing: the index stays
    // correct with stale tables (the tail is scanned) and tries again at the next change.
    void maybe_rebuild() noexcept {
        const std::size_t n = ids_.size();
        if (n - built_ <= std::max<std::size_t>(1024, n / 8) && dead_ <= std::max<std::size_t>(1024, n / 8)) return;
        try {
            if (dead_ > 0) compact();
            rebuild_tables();
        } catch (const std::bad_alloc&) {
        }
    }

    // Drops removed slots: the surviving codes move down, keeping their order.
    void compact() {
        std::vector<std::uint64_t> codes, ids;
        codes.reserve(slot_of_.size() * words_);
        ids.reserve(slot_of_.size());
        for (std::size_t s = 0; s < ids_.size(); ++s) {
            if (!alive_[s]) continue;
            codes.insert(codes.end(), code_of(s), code_of(s) + words_);
            ids.push_back(ids_[s]);
        }
        std::vector<char> alive(ids.size(), 1);
        std::unordered_map<std::uint64_t, std::uint32_t> slot_of;
        slot_of.reserve(ids.size());
        for (std::size_t s = 0; s < ids.size(); ++s) slot_of.emplace(ids[s], static_cast<std::uint32_t>(s));
        codes_.swap(codes);
        ids_.swap(ids);
        alive_.swap(alive);
        slot_of_.swap(slot_of);
        dead_ = 0;
        built_ = 0;  // the old tables point at old slots
        offsets_.clear();
        slots_.clear();
    }

    // Counting sort of the slots by each chunk's value: offsets (65 537) and slots (n) per chunk.
    void rebuild_tables() {
        const std::size_t n = ids_.size();
        std::vector<std::vector<std::uint32_t>> offsets(static_cast<std::size_t>(chunks_),
                                                        std::vector<std::uint32_t>(k_buckets + 1, 0));
        std::vector<std::vector<std::uint32_t>> slots(static_cast<std::size_t>(chunks_), std::vector<std::uint32_t>(n));
        std::vector<std::uint32_t> next(k_buckets);
        for (int t = 0; t < chunks_; ++t) {
            std::vector<std::uint32_t>& off = offsets[static_cast<std::size_t>(t)];
            for (std::size_t s = 0; s < n; ++s) ++off[chunk_of(code_of(s), t) + 1];
            for (std::size_t v = 0; v < k_buckets; ++v) off[v + 1] += off[v];
            std::copy(off.begin(), off.end() - 1, next.begin());
            for (std::size_t s = 0; s < n; ++s)
                slots[static_cast<std::size_t>(t)][next[chunk_of(code_of(s), t)]++] = static_cast<std::uint32_t>(s);
        }
        offsets_.swap(offsets);
        slots_.swap(slots);
        built_ = n;
    }

    const std::size_t bytes_, words_;
    const DistanceFn distance_fn_ = pick_distance();
    const JoinFn join_fn_ = pick_join();
    int chunks_ = 0;
    mutable std::shared_mutex mutex_;
    std::vector<std::uint64_t> codes_;  // slot-major, words_ per code (little-endian byte order)
    std::vector<std::uint64_t> ids_;
    std::vector<char> alive_;
    std::unordered_map<std::uint64_t, std::uint32_t> slot_of_;
    std::size_t dead_ = 0;   // removed slots not yet compacted away
    std::size_t built_ = 0;  // slots [0, built_) are in the chunk tables
    std::vector<std::vector<std::uint32_t>> offsets_, slots_;
};

}  // namespace pristine
