// dedupe(): walk, fingerprint, group (pristine/io/duplicates.hpp), then rank each group with the
// scorer and explain the choice.
#include "pristine/models/dedupe.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <utility>

#include "models/dedupe_cache.hpp"
#include "pristine/io/fingerprint_cache.hpp"
#include "pristine/io/match_cache.hpp"
#include "pristine/io/provenance.hpp"
#include "pristine/models/scorer.hpp"
#include "models/dedupe_rank.hpp"

namespace pristine {

namespace {

// The run's files: the inputs' and the references' (a file named in both is a reference).
struct Listing {
    std::vector<std::string> files;
    std::vector<char> reference;
    std::vector<DedupeError> errors;
};

void add_skipped(const Collection& c, std::vector<DedupeError>& errors) {
    for (const SkippedEntry& s : c.skipped)
        if (s.reason != SkipReason::hidden)
            errors.push_back(DedupeError{s.path, s.status == Status::ok ? Status::io_error : s.status, s.message});
}

Listing list_files(const std::vector<std::string>& inputs, const DedupeOptions& o) {
    Listing l;
    const Collection refs = o.reference.empty() ? Collection{} : collect_files(o.reference, o.collect);
    const std::set<std::string> ref_set(refs.files.begin(), refs.files.end());
    const Collection main = collect_files(inputs, o.collect);
    for (const std::string& f : main.files)
        if (ref_set.count(f) == 0) l.files.push_back(f), l.reference.push_back(0);
    for (const std::string& f : refs.files) l.files.push_back(f), l.reference.push_back(1);
    add_skipped(main, l.errors);
    add_skipped(refs, l.errors);
    return l;
}

BatchOptions stage_batch(const BatchOptions& batch, const DedupeOptions& o, DedupeStage stage) {
    BatchOptions b = batch;
    if (o.progress) b.progress = [&o, stage](const BatchProgress& p) { o.progress(stage, p); };
    return b;
}

}  // namespace

const char* dedupe_stage_name(DedupeStage stage) noexcept {
    switch (stage) {
        case DedupeStage::fingerprint: return "fingerprint";
        case DedupeStage::match: return "match";
        case DedupeStage::rank: return "rank";
    }
    return "unknown";
}

DedupeReport dedupe(const std::vector<std::string>& inputs, const DedupeOptions& o, const BatchOptions& batch) {
    if (inputs.empty()) throw Error(Status::invalid_argument, "dedupe: no files or folders given");
    find_duplicate_groups({}, o.match);  // refuses bad thresholds before any file is read
    // Opened before the walk, so that a file that is no cache fails the run at once.
    std::optional<FingerprintCache> cache;
    if (!o.cache.empty()) cache = FingerprintCache::open(o.cache);
    // Loaded before the walk too, so that a bad pair model file fails the run at once.
    std::optional<PairModel> pair_model;
    if (o.rank && o.rank_by == RankBy::pairs) pair_model = o.pair_model.empty() ? default_pair_model() : load_pair_model(o.pair_model);
    std::optional<PairModel> order_model;
    if (pair_model) order_model = o.order_model.empty() ? default_order_model() : load_pair_model(o.order_model);
    DedupeReport report;
    const Listing l = list_files(inputs, o);
    report.files = l.files.size() + static_cast<std::size_t>(std::count_if(l.errors.begin(), l.errors.end(), [](const DedupeError& e) {
                       return e.status == Status::unsupported_format;
                   }));
    report.errors = l.errors;

    CachedFingerprints read = fingerprint_files_cached(l.files, o.fingerprint, cache ? &*cache : nullptr,
                                                       stage_batch(batch, o, DedupeStage::fingerprint));
    std::vector<FingerprintResult> prints = std::move(read.results);
    report.cache_hits = read.stats.hits;
    report.cache_misses = read.stats.misses;
    if (cache) {
        std::vector<std::string> roots = inputs;
        roots.insert(roots.end(), o.reference.begin(), o.reference.end());
        cache->prune(roots);
    }
    std::vector<const Fingerprint*> views(prints.size(), nullptr);
    for (std::size_t i = 0; i < prints.size(); ++i) {
        if (prints[i].ok())
            views[i] = &prints[i].fingerprint;
        else
            report.errors.push_back(DedupeError{l.files[i], prints[i].status, prints[i].error});
    }
    // What later records about each file are keyed by: the stamp its fingerprint was made from.
    std::vector<std::optional<CachedFile>> stamped(prints.size());
    for (std::size_t i = 0; i < prints.size(); ++i)
        if (read.stamps.size() == prints.size() && read.stamps[i]) stamped[i] = CachedFile{l.files[i], *read.stamps[i]};

    if (o.progress) o.progress(DedupeStage::match, BatchProgress{0, 0, 1});
    DuplicateGroups found = find_duplicate_groups_cached(views, stamped, o.fingerprint, o.match, cache ? &*cache : nullptr, batch);
    if (o.progress) o.progress(DedupeStage::match, BatchProgress{1, 0, 1});
    report.candidate_pairs = found.candidates;
    report.verified_pairs = found.verified;
    if (!o.reference.empty()) {
        auto no_reference = [&](const std::vector<std::size_t>& g) {
            return std::none_of(g.begin(), g.end(), [&](std::size_t i) { return l.reference[i] != 0; });
        };
        found.groups.erase(std::remove_if(found.groups.begin(), found.groups.end(), no_reference), found.groups.end());
    }

    std::vector<ScoreResult> scores;
    std::map<std::size_t, std::size_t> slot;
    if (o.rank && !found.groups.empty()) {
        std::vector<std::size_t> members;
        for (const auto& g : found.groups)
            for (std::size_t i : g) slot[i] = members.size(), members.push_back(i);
        scores = score_members(members, l.files, stamped, o.model, cache ? &*cache : nullptr,
                               stage_batch(batch, o, DedupeStage::rank));
    }
    std::optional<SamePixelVerdicts> kept;
    if (cache) kept.emplace(*cache, stamped, found.groups);
    const dedupe_detail::RankContext rc{l.files, l.reference, views, o.rank ? &scores : nullptr, slot,
                                        pair_model ? &*pair_model : nullptr, order_model ? &*order_model : nullptr, batch.threads, kept ? &*kept : nullptr};
    for (const auto& g : found.groups) report.groups.push_back(dedupe_detail::rank_group(g, rc, o));
    if (kept) kept->store();
    std::stable_sort(report.groups.begin(), report.groups.end(),
                     [](const DedupeGroup& a, const DedupeGroup& b) { return a.duplicate_bytes > b.duplicate_bytes; });
    return report;
}

}  // namespace pristine
