// Candidates through the Hamming index (each view's hash under every transform against every view's
// upright hash), verification of each candidate, then groups: connected sets of verified pairs, split
// by average linkage on the verification of every pair inside the set, so that one false pair between
// two groups (a fraction 1 / (m n) of the pairs between them) never joins them.
#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>
#include <utility>

#include "duplicates/verify.hpp"
#include "pristine/index/hamming_index.hpp"
#include "pristine/io/duplicates.hpp"

namespace pristine {

namespace {

constexpr std::uint64_t k_views_per_id = 4;  // ids are file * 4 + view
// Connected sets larger than this are kept as found (comparing all their pairs would be quadratic).
constexpr std::size_t k_max_linkage_set = 1000;
constexpr std::size_t k_alignments_verified = 3;
// The PDQ join compares at most about this many pairs per view: its work, which grows as the square of
// the archive at a fixed radius (its buckets fill up), stays linear. At radius 44 that holds up to about
// 140 000 views; larger archives are joined at the largest radius within it, never below PDQ's usual
// match radius (docs/dedupe.md, "Speed").
constexpr std::uint64_t k_join_pairs_per_view = 2000;
constexpr int k_min_join_radius = 31;

struct Candidate {
    std::size_t b = 0;
    Alignment alignment;
};

// An index of one code per (file, view): PDQ of every view, or the DCT hash of whole views.
template <std::size_t Bytes>
void fill_index(HammingIndex& index, const std::vector<const Fingerprint*>& prints, bool whole_only,
                const std::array<std::uint8_t, Bytes>& (*code)(const FingerprintView&)) {
    std::vector<std::uint64_t> ids;
    std::vector<std::uint8_t> codes;
    for (std::size_t i = 0; i < prints.size(); ++i)
        if (prints[i] != nullptr)
            for (std::size_t v = 0; v < (whole_only ? 1 : std::min(prints[i]->views.size(), std::size_t{k_views_per_id})); ++v) {
                ids.push_back(i * k_views_per_id + v);
                const auto& c = code(prints[i]->views[v]);
                codes.insert(codes.end(), c.begin(), c.end());
            }
    index.add(ids.data(), ids.size(), codes.data());
}

// The radius of the PDQ join: `wanted`, or on a large archive the largest radius (not below `floor`)
// whose join fits k_join_pairs_per_view, shared by `share` joins of that cost (the cost grows with the
// radius, so a bisection finds it).
int join_radius(const HammingIndex& index, int wanted, int floor = k_min_join_radius, std::uint64_t share = 1) {
    const std::uint64_t budget = k_join_pairs_per_view * index.size() / share;
    int lo = std::min(wanted, floor), hi = wanted;
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (index.join_cost(mid, budget) <= budget) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

const std::array<std::uint8_t, 32>& upright_pdq(const FingerprintView& v) { return v.pdq[0]; }
const std::array<std::uint8_t, 8>& upright_dct(const FingerprintView& v) { return v.dct[0]; }
const std::array<std::uint8_t, 8>& upright_mean(const FingerprintView& v) { return v.mean[0]; }

// Candidates, from four sources: (1) the multi-index join of every view's upright PDQ hash (crops
// against crops and wholes); (2) each whole view's seven turned PDQ hashes queried against that index
// (turned and mirrored copies), within dihedral_radius; (3) and (4) the joins of the whole views' DCT
// and block-mean codes (shaved edges; pictures of a few flat shapes, where PDQ is unstable). The
// joins read the index tables in order and cost a fraction of one query per code.
std::vector<std::vector<Candidate>> candidates_of_each(const std::vector<const Fingerprint*>& prints, const MatchOptions& o,
                                                       const BatchOptions& batch) {
    HammingIndex pdq(32), dct(8), mean(8);
    fill_index<32>(pdq, prints, false, upright_pdq);
    if (o.dct_radius >= 0) fill_index<8>(dct, prints, true, upright_dct);
    if (o.mean_radius >= 0) fill_index<8>(mean, prints, true, upright_mean);

    std::vector<std::map<std::size_t, std::vector<Alignment>>> by_file(prints.size());
    auto file_of = [](std::uint64_t id) { return static_cast<std::size_t>(id / k_views_per_id); };
    auto view_of = [](std::uint64_t id) { return static_cast<int>(id % k_views_per_id); };
    auto propose = [&](std::uint64_t ida, std::uint64_t idb, Dihedral t, int distance) {
        std::size_t i = file_of(ida), j = file_of(idb);
        int vi = view_of(ida), vj = view_of(idb);
        if (i == j) return;
        if (i > j) {  // the pair is stored under its smaller file; a turn is undone by its inverse
            std::swap(i, j), std::swap(vi, vj);
            t = dihedral_inverse(t);
        }
        by_file[i][j].push_back(Alignment{vi, vj, t, distance});
    };
    for (const HammingPair& p : pdq.pairs_within(join_radius(pdq, o.candidate_radius), batch))
        propose(p.a, p.b, Dihedral::identity, p.distance);
    auto whole_pairs = [&](const HammingIndex& index, int radius) {
        if (radius < 0) return;
        for (const HammingPair& p : index.pairs_within(radius, batch)) {
            const std::size_t i = file_of(p.a), j = file_of(p.b);
            propose(p.a, p.b, Dihedral::identity, detail::view_distance(prints[i]->views[0], prints[j]->views[0], Dihedral::identity));
        }
    };
    whole_pairs(dct, o.dct_radius);
    whole_pairs(mean, o.mean_radius);

    if (o.dihedral) {
        // Each whole view's seven turned hashes against the index, all at once (query id: file * 8 + turn).
        std::vector<std::uint64_t> query_ids;
        std::vector<std::uint8_t> queries;
        for (std::size_t i = 0; i < prints.size(); ++i)
            if (prints[i] != nullptr)
                for (std::size_t t = 1; t < 8; ++t) {
                    query_ids.push_back(i * 8 + t);
                    queries.insert(queries.end(), prints[i]->views[0].pdq[t].begin(), prints[i]->views[0].pdq[t].end());
                }
        // Seven queries per picture cost about 14 times the upright join at the same radius (which
        // compares each pair once): on a large archive their radius is lowered to fit the same budget.
        // Turned copies sit close (a lossless turn within a few bits); the floor keeps re-encoded ones.
        constexpr int k_min_turned_radius = 15;
        constexpr std::uint64_t k_turned_share = 14;
        const int turned_radius = join_radius(pdq, o.dihedral_radius, k_min_turned_radius, k_turned_share);
        for (const HammingPair& m : pdq.search_radius_many(query_ids.data(), query_ids.size(), queries.data(), turned_radius, batch)) {
            const std::size_t i = static_cast<std::size_t>(m.a / 8);
            if (file_of(m.b) > i) propose(i * k_views_per_id, m.b, static_cast<Dihedral>(m.a % 8), m.distance);
        }
    }

    std::vector<std::vector<Candidate>> found(prints.size());
    for (std::size_t i = 0; i < prints.size(); ++i)
        for (auto& [j, alignments] : by_file[i]) {
            std::stable_sort(alignments.begin(), alignments.end(), [](const Alignment& x, const Alignment& y) {
                return std::tie(x.distance, x.view_a, x.view_b, x.transform) < std::tie(y.distance, y.view_a, y.view_b, y.transform);
            });
            alignments.erase(std::unique(alignments.begin(), alignments.end(),
                                         [](const Alignment& x, const Alignment& y) {
                                             return x.view_a == y.view_a && x.view_b == y.view_b && x.transform == y.transform;
                                         }),
                             alignments.end());
            for (std::size_t k = 0; k < alignments.size() && k < k_alignments_verified; ++k)
                found[i].push_back(Candidate{j, alignments[k]});
        }
    return found;
}

// The first passing (or else the best) verification of a pair's candidate alignments.
std::vector<PairEvidence> verify_candidates(const std::vector<const Fingerprint*>& prints,
                                            const std::vector<std::vector<Candidate>>& found, const MatchOptions& o,
                                            const BatchOptions& batch, std::size_t& candidates,
                                            const PairVerdicts* known = nullptr) {
    std::vector<std::vector<PairEvidence>> per_file(prints.size());
    run_for_each(prints.size(), batch, [&](std::size_t i) {
        for (std::size_t k = 0; k < found[i].size(); ++k) {
            const Candidate& c = found[i][k];
            if (known != nullptr) {  // a pair verified before: its verdict stands for all its alignments
                const auto it = known->candidate.find({i, c.b});
                if (it != known->candidate.end()) {
                    if (per_file[i].empty() || per_file[i].back().b != c.b) per_file[i].push_back(it->second);
                    per_file[i].back().a = i, per_file[i].back().b = c.b;
                    continue;
                }
            }
            if (!per_file[i].empty() && per_file[i].back().b == c.b) {
                if (per_file[i].back().verified) continue;
                PairEvidence e;
                e.a = i, e.b = c.b;
                detail::verify_alignment(*prints[i], *prints[c.b], c.alignment, o, e);
                if (e.verified || e.correlation > per_file[i].back().correlation) per_file[i].back() = e;
                continue;
            }
            PairEvidence e;
            e.a = i, e.b = c.b;
            detail::verify_alignment(*prints[i], *prints[c.b], c.alignment, o, e);
            per_file[i].push_back(e);
        }
    });
    std::vector<PairEvidence> all;
    candidates = 0;
    for (auto& v : per_file) {
        candidates += v.size();
        all.insert(all.end(), v.begin(), v.end());
    }
    return all;  // by a, and by b within a (per_file is filled in that order)
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

// Average linkage over the verified/unverified matrix of one connected set: repeatedly join the two
// parts with the largest fraction of verified pairs between them while it is >= min_link_fraction.
std::vector<std::vector<std::size_t>> split_by_linkage(const std::vector<std::size_t>& members,
                                                       const std::vector<std::vector<char>>& verified, double min_fraction) {
    const std::size_t k = members.size();
    std::vector<std::vector<std::size_t>> parts(k);
    for (std::size_t i = 0; i < k; ++i) parts[i] = {i};
    std::vector<std::vector<double>> links(k, std::vector<double>(k, 0));
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) links[i][j] = verified[i][j] ? 1 : 0;
    std::vector<char> alive(k, 1);
    while (true) {
        double best = -1;
        std::size_t bi = 0, bj = 0;
        for (std::size_t i = 0; i < k; ++i) {
            if (!alive[i]) continue;
            for (std::size_t j = i + 1; j < k; ++j) {
                if (!alive[j] || links[i][j] == 0) continue;
                const double f = links[i][j] / (static_cast<double>(parts[i].size()) * parts[j].size());
                if (f > best) best = f, bi = i, bj = j;
            }
        }
        if (best < min_fraction) break;
        parts[bi].insert(parts[bi].end(), parts[bj].begin(), parts[bj].end());
        parts[bj].clear();
        alive[bj] = 0;
        for (std::size_t t = 0; t < k; ++t) links[bi][t] = links[t][bi] = links[bi][t] + links[bj][t];
    }
    std::vector<std::vector<std::size_t>> out;
    for (std::size_t i = 0; i < k; ++i)
        if (alive[i] && parts[i].size() >= 2) {
            std::vector<std::size_t> g;
            for (std::size_t m : parts[i]) g.push_back(members[m]);
            std::sort(g.begin(), g.end());
            out.push_back(std::move(g));
        }
    return out;
}

}  // namespace

std::vector<PairEvidence> candidate_pairs(const std::vector<const Fingerprint*>& prints, const MatchOptions& o,
                                          const BatchOptions& batch) {
    detail::check_match_options(o);
    std::size_t count = 0;
    return verify_candidates(prints, candidates_of_each(prints, o, batch), o, batch, count);
}

DuplicateGroups find_duplicate_groups(const std::vector<const Fingerprint*>& prints, const MatchOptions& o,
                                      const BatchOptions& batch, PairVerdicts* verdicts) {
    DuplicateGroups result;
    detail::check_match_options(o);
    std::size_t count = 0;
    const std::vector<PairEvidence> evidence = verify_candidates(prints, candidates_of_each(prints, o, batch), o, batch, count, verdicts);
    result.candidates = evidence.size();
    if (verdicts != nullptr)
        for (const PairEvidence& e : evidence)
            if (verdicts->candidate.count({e.a, e.b}) == 0) verdicts->made_candidate.push_back(e);

    UnionFind sets(prints.size());
    std::map<std::pair<std::size_t, std::size_t>, const PairEvidence*> known;
    for (const PairEvidence& e : evidence)
        if (e.verified) {
            ++result.verified;
            sets.join(e.a, e.b);
            known[{e.a, e.b}] = &e;
        }
    // The connected sets of two or more, each sorted, in the order of their roots (files in no verified
    // pair, most of a large archive, cost one entry of `paired` and nothing else).
    std::vector<std::pair<std::size_t, std::size_t>> paired;  // (root, file)
    for (const PairEvidence& e : evidence)
        if (e.verified) paired.push_back({sets.find(e.a), e.a}), paired.push_back({sets.find(e.b), e.b});
    std::sort(paired.begin(), paired.end());
    paired.erase(std::unique(paired.begin(), paired.end()), paired.end());
    std::vector<std::vector<std::size_t>> sets_to_split;
    for (std::size_t k = 0; k < paired.size(); ++k) {
        if (k == 0 || paired[k].first != paired[k - 1].first) sets_to_split.emplace_back();
        sets_to_split.back().push_back(paired[k].second);
    }

    // Every pair inside a connected set is verified (the candidates' verdicts are reused), then split.
    std::vector<std::vector<std::vector<std::size_t>>> split(sets_to_split.size());
    std::vector<std::vector<PairEvidence>> inner(sets_to_split.size()), made(sets_to_split.size());
    run_for_each(sets_to_split.size(), batch, [&](std::size_t s) {
        const auto& members = sets_to_split[s];
        const std::size_t k = members.size();
        if (k > k_max_linkage_set) {
            split[s] = {members};
            for (const auto& [key, e] : known)
                if (std::binary_search(members.begin(), members.end(), key.first)) inner[s].push_back(*e);
            return;
        }
        std::vector<std::vector<char>> verified(k, std::vector<char>(k, 0));
        std::vector<std::vector<PairEvidence>> pair(k, std::vector<PairEvidence>(k));
        for (std::size_t x = 0; x < k; ++x)
            for (std::size_t y = x + 1; y < k; ++y) {
                auto it = known.find({members[x], members[y]});
                const PairEvidence* kept = it != known.end() ? it->second : nullptr;
                if (kept == nullptr && verdicts != nullptr) {  // compared before
                    const auto k2 = verdicts->compared.find({members[x], members[y]});
                    if (k2 != verdicts->compared.end()) kept = &k2->second;
                }
                PairEvidence e = kept != nullptr ? *kept : compare_fingerprints(*prints[members[x]], *prints[members[y]], o);
                e.a = members[x], e.b = members[y];
                if (kept == nullptr && verdicts != nullptr) made[s].push_back(e);
                verified[x][y] = verified[y][x] = e.verified ? 1 : 0;
                pair[x][y] = e;
            }
        split[s] = split_by_linkage(members, verified, o.min_link_fraction);
        for (const auto& g : split[s])
            for (std::size_t x = 0; x < k; ++x)
                for (std::size_t y = x + 1; y < k; ++y)
                    if (verified[x][y] && std::binary_search(g.begin(), g.end(), members[x]) &&
                        std::binary_search(g.begin(), g.end(), members[y]))
                        inner[s].push_back(pair[x][y]);
    });
    for (std::size_t s = 0; s < split.size(); ++s) {
        for (auto& g : split[s]) result.groups.push_back(std::move(g));
        result.pairs.insert(result.pairs.end(), inner[s].begin(), inner[s].end());
        if (verdicts != nullptr) verdicts->made_compared.insert(verdicts->made_compared.end(), made[s].begin(), made[s].end());
    }
    std::sort(result.groups.begin(), result.groups.end());
    std::sort(result.pairs.begin(), result.pairs.end(),
              [](const PairEvidence& x, const PairEvidence& y) { return std::pair(x.a, x.b) < std::pair(y.a, y.b); });
    return result;
}

}  // namespace pristine
