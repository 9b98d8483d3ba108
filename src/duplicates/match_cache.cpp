// find_duplicate_groups through the fingerprint cache: the verdicts of pairs whose files are unchanged
// are loaded before matching (one index probe per file), the ones matching computed are stored after.
#include "pristine/io/match_cache.hpp"

#include "duplicates/fingerprint_cache_impl.hpp"

#include <cstdio>
#include <algorithm>
#include <cstring>

namespace pristine {

namespace {

// Record kinds: the verification of a candidate pair's alignments, and compare_fingerprints of a pair
// inside a connected set (they can differ: the candidates' alignments come from the index).
constexpr const char* k_candidate_kind = "match_candidate";
constexpr const char* k_compared_kind = "match_compare";
constexpr std::uint8_t k_evidence_layout = 2;  // of encode_pair_evidence's bytes

void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int k = 0; k < 32; k += 8) b.push_back(static_cast<std::uint8_t>(v >> k));
}
void put_f64(std::vector<std::uint8_t>& b, double d) {
    std::uint64_t v = 0;
    std::memcpy(&v, &d, sizeof v);
    for (int k = 0; k < 64; k += 8) b.push_back(static_cast<std::uint8_t>(v >> k));
}
std::uint32_t get_u32(const std::uint8_t* p) {
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= std::uint32_t{p[k]} << (8 * k);
    return v;
}
double get_f64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v |= std::uint64_t{p[k]} << (8 * k);
    double d = 0;
    std::memcpy(&d, &v, sizeof d);
    return d;
}

// The measured fields of PairEvidence, in their order in the bytes.
constexpr double PairEvidence::*k_measures[] = {
    &PairEvidence::coverage,           &PairEvidence::correlation,        &PairEvidence::chroma_difference,
    &PairEvidence::detail_correlation, &PairEvidence::local_difference,   &PairEvidence::strip_difference,
    &PairEvidence::strip_correlation,  &PairEvidence::typical_difference, &PairEvidence::alignment_margin};
constexpr std::size_t k_measure_count = sizeof k_measures / sizeof k_measures[0];
constexpr std::size_t k_evidence_bytes = 1 + 4 * 4 + (4 + k_measure_count) * 8 + 1;

// A field added to these structs must reach the cache, or a cached run would differ from a fresh one:
// the build stops here (on 64-bit machines, whose sizes these are) until the code below knows it.
static_assert(sizeof(void*) != 8 || sizeof(PairEvidence) == 144,
              "PairEvidence changed: extend encode/decode_pair_evidence, bump k_evidence_layout");
static_assert(sizeof(void*) != 8 || sizeof(MatchOptions) == 128, "MatchOptions changed: add the field to match_context");

void load(FingerprintCache& cache, const std::vector<CachedFile>& files, const std::vector<std::size_t>& index_of,
          const char* kind, const std::string& context, std::map<std::pair<std::size_t, std::size_t>, PairEvidence>& into,
          std::size_t& kept) {
    for (const PairRecord& r : cache.pairs_among(files, kind, context)) {
        PairEvidence e;
        const std::size_t a = index_of[r.a], b = index_of[r.b];
        if (a >= b || !decode_pair_evidence(r.data.data(), r.data.size(), e)) continue;  // never trusted
        e.a = a, e.b = b;
        into.emplace(std::pair(a, b), e);
        ++kept;
    }
}

void store(FingerprintCache& cache, const std::vector<CachedFile>& files, const std::vector<std::size_t>& slot_of,
           const std::vector<PairEvidence>& made, const char* kind, const std::string& context, std::size_t& count) {
    std::vector<PairRecord> records;
    for (const PairEvidence& e : made) {
        const std::size_t sa = slot_of[e.a], sb = slot_of[e.b];
        if (sa == SIZE_MAX || sb == SIZE_MAX) continue;  // a file without a stamp: nothing to key it by
        records.push_back(PairRecord{sa, sb, encode_pair_evidence(e)});
    }
    count += cache.store_pairs(files, records, kind, context);
}

// The whole result of matching one set of unchanged files: kept for the most recent few sets (several
// archives may share a cache), so that a re-run over an unchanged tree does not even look for
// candidates. Layout: candidates, verified (u64); groups (u32 count; each u32 size, u32 indices);
// pairs (u32 count; each u32 a, u32 b, evidence bytes).
constexpr const char* k_groups_kind = "match_groups";
constexpr std::size_t k_groups_kept = 8;

void put_u64(std::vector<std::uint8_t>& b, std::uint64_t v) {
    for (int k = 0; k < 64; k += 8) b.push_back(static_cast<std::uint8_t>(v >> k));
}

std::vector<std::uint8_t> encode_groups(const DuplicateGroups& g) {
    std::vector<std::uint8_t> b;
    put_u64(b, g.candidates);
    put_u64(b, g.verified);
    put_u32(b, static_cast<std::uint32_t>(g.groups.size()));
    for (const auto& group : g.groups) {
        put_u32(b, static_cast<std::uint32_t>(group.size()));
        for (std::size_t i : group) put_u32(b, static_cast<std::uint32_t>(i));
    }
    put_u32(b, static_cast<std::uint32_t>(g.pairs.size()));
    for (const PairEvidence& e : g.pairs) {
        put_u32(b, static_cast<std::uint32_t>(e.a));
        put_u32(b, static_cast<std::uint32_t>(e.b));
        const std::vector<std::uint8_t> ev = encode_pair_evidence(e);
        b.insert(b.end(), ev.begin(), ev.end());
    }
    return b;
}

// False for bytes that are no valid result for `n` files (indices out of range, a short group, ...).
bool decode_groups(const std::vector<std::uint8_t>& bytes, std::size_t n, DuplicateGroups& out) {
    std::size_t at = 0;
    auto take = [&](std::size_t k) {
        if (bytes.size() - at < k) return false;
        at += k;
        return true;
    };
    auto u32 = [&](std::uint32_t& v) {
        if (!take(4)) return false;
        v = get_u32(bytes.data() + at - 4);
        return true;
    };
    DuplicateGroups g;
    std::uint32_t lo = 0, hi = 0;
    if (!u32(lo) || !u32(hi)) return false;
    g.candidates = lo | std::uint64_t{hi} << 32;
    if (!u32(lo) || !u32(hi)) return false;
    g.verified = lo | std::uint64_t{hi} << 32;
    std::uint32_t count = 0;
    if (!u32(count) || count > n) return false;
    g.groups.resize(count);
    for (auto& group : g.groups) {
        std::uint32_t size = 0;
        if (!u32(size) || size < 2 || size > n) return false;
        group.resize(size);
        for (std::size_t& i : group) {
            std::uint32_t v = 0;
            if (!u32(v) || v >= n) return false;
            i = v;
        }
    }
    if (!u32(count)) return false;
    g.pairs.resize(count);
    for (PairEvidence& e : g.pairs) {
        std::uint32_t a = 0, b = 0;
        if (!u32(a) || !u32(b) || a >= n || b >= n || !take(k_evidence_bytes) ||
            !decode_pair_evidence(bytes.data() + at - k_evidence_bytes, k_evidence_bytes, e))
            return false;
        e.a = a, e.b = b;
    }
    if (at != bytes.size()) return false;
    out = std::move(g);
    return true;
}

}  // namespace

std::string match_context(const MatchOptions& o, const FingerprintOptions& fingerprint_options) {
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "match_version=%d fingerprint_version=%d layout=%d candidate_radius=%d dihedral_radius=%d "
                  "dct_radius=%d mean_radius=%d min_correlation=%.17g max_chroma_difference=%.17g "
                  "min_detail_correlation=%.17g max_local_difference=%.17g max_strip_ratio=%.17g "
                  "min_strip_correlation=%.17g min_coverage=%.17g max_ambiguous_distance=%d min_alignment_margin=%.17g "
                  "max_far_shift=%.17g flat_std=%.17g max_flat_mean_difference=%.17g min_link_fraction=%.17g dihedral=%d",
                  k_match_version, k_fingerprint_version, int{k_evidence_layout}, o.candidate_radius,
                  o.dihedral_radius, o.dct_radius, o.mean_radius, o.min_correlation, o.max_chroma_difference,
                  o.min_detail_correlation, o.max_local_difference, o.max_strip_ratio, o.min_strip_correlation,
                  o.min_coverage, o.max_ambiguous_distance, o.min_alignment_margin, o.max_far_shift, o.flat_std,
                  o.max_flat_mean_difference, o.min_link_fraction, int{o.dihedral});
    return std::string(buf) + " " + options_key(fingerprint_options);
}

std::vector<std::uint8_t> encode_pair_evidence(const PairEvidence& e) {
    std::vector<std::uint8_t> b;
    b.reserve(k_evidence_bytes);
    b.push_back(k_evidence_layout);
    put_u32(b, static_cast<std::uint32_t>(e.alignment.view_a));
    put_u32(b, static_cast<std::uint32_t>(e.alignment.view_b));
    put_u32(b, static_cast<std::uint32_t>(e.alignment.transform));
    put_u32(b, static_cast<std::uint32_t>(e.alignment.distance));
    for (double v : {e.frame.x, e.frame.y, e.frame.width, e.frame.height}) put_f64(b, v);
    for (double PairEvidence::*m : k_measures) put_f64(b, e.*m);
    b.push_back(e.verified ? 1 : 0);
    return b;
}

bool decode_pair_evidence(const std::uint8_t* p, std::size_t size, PairEvidence& out) {
    if (size != k_evidence_bytes || p[0] != k_evidence_layout || p[size - 1] > 1) return false;
    PairEvidence e;
    e.alignment.view_a = static_cast<int>(get_u32(p + 1));
    e.alignment.view_b = static_cast<int>(get_u32(p + 5));
    const std::uint32_t t = get_u32(p + 9);
    if (t > 7 || e.alignment.view_a < 0 || e.alignment.view_b < 0) return false;
    e.alignment.transform = static_cast<Dihedral>(t);
    e.alignment.distance = static_cast<int>(get_u32(p + 13));
    const std::uint8_t* at = p + 17;
    for (double* v : {&e.frame.x, &e.frame.y, &e.frame.width, &e.frame.height}) *v = get_f64(at), at += 8;
    for (double PairEvidence::*m : k_measures) e.*m = get_f64(at), at += 8;
    e.verified = *at == 1;
    out = e;
    return true;
}

DuplicateGroups find_duplicate_groups_cached(const std::vector<const Fingerprint*>& prints,
                                             const std::vector<std::optional<CachedFile>>& files,
                                             const FingerprintOptions& fingerprint_options, const MatchOptions& o,
                                             FingerprintCache* cache, const BatchOptions& batch, MatchCacheStats* stats) {
    if (cache == nullptr) return find_duplicate_groups(prints, o, batch);
    if (files.size() != prints.size())
        throw Error(Status::invalid_argument, "find_duplicate_groups_cached: " + std::to_string(prints.size()) +
                                                  " fingerprints but " + std::to_string(files.size()) + " files");
    // The files that can be keyed, and the slot of each print among them.
    std::vector<CachedFile> keyed;
    std::vector<std::size_t> index_of, slot_of(prints.size(), SIZE_MAX);
    for (std::size_t i = 0; i < prints.size(); ++i)
        if (prints[i] != nullptr && files[i]) {
            slot_of[i] = keyed.size();
            index_of.push_back(i);
            keyed.push_back(*files[i]);
        }
    const std::string context = match_context(o, fingerprint_options);
    MatchCacheStats counts;
    // The whole result may be kept when every print is keyed; its key says where the failed files were.
    std::string whole_key;
    std::string failed = context + " failed:";
    bool all_keyed = true;
    for (std::size_t i = 0; i < prints.size(); ++i) {
        if (prints[i] == nullptr) failed += " " + std::to_string(i);
        all_keyed = all_keyed && (prints[i] == nullptr || files[i]);
    }
    if (all_keyed) whole_key = cache->files_digest(keyed, failed);
    if (!whole_key.empty()) {
        DuplicateGroups kept;
        const auto bytes = cache->lookup_result(k_groups_kind, whole_key);
        if (bytes && decode_groups(*bytes, prints.size(), kept)) {
            counts.whole = true;
            if (stats != nullptr) *stats = counts;
            return kept;
        }
    }
    PairVerdicts verdicts;
    load(*cache, keyed, index_of, k_candidate_kind, context, verdicts.candidate, counts.kept);
    load(*cache, keyed, index_of, k_compared_kind, context, verdicts.compared, counts.kept);

    DuplicateGroups found = find_duplicate_groups(prints, o, batch, &verdicts);

    store(*cache, keyed, slot_of, verdicts.made_candidate, k_candidate_kind, context, counts.made);
    store(*cache, keyed, slot_of, verdicts.made_compared, k_compared_kind, context, counts.made);
    if (!whole_key.empty()) cache->store_result(k_groups_kind, whole_key, encode_groups(found), k_groups_kept);
    if (stats != nullptr) *stats = counts;
    return found;
}

}  // namespace pristine
