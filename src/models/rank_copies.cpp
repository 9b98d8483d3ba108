// rank_copies(): the ranking step of dedupe() for files the caller says are copies of one picture
// (`pristine rank`, `pristine provenance`).
#include <map>
#include <optional>

#include "models/dedupe_cache.hpp"
#include "models/dedupe_rank.hpp"
#include "pristine/io/fingerprint_cache.hpp"
#include "pristine/models/dedupe.hpp"

namespace pristine {

RankedCopies rank_copies(const std::vector<std::string>& files, const DedupeOptions& o, const BatchOptions& batch) {
    if (files.empty()) throw Error(Status::invalid_argument, "rank: no files given");
    std::optional<PairModel> pair_model;
    if (o.rank && o.rank_by == RankBy::pairs) pair_model = o.pair_model.empty() ? default_pair_model() : load_pair_model(o.pair_model);
    std::optional<PairModel> order_model;
    if (pair_model) order_model = o.order_model.empty() ? default_order_model() : load_pair_model(o.order_model);

    RankedCopies out;
    CachedFingerprints read = fingerprint_files_cached(files, o.fingerprint, nullptr, batch);
    std::vector<const Fingerprint*> views(files.size(), nullptr);
    std::vector<std::size_t> group;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (read.results[i].ok())
            views[i] = &read.results[i].fingerprint, group.push_back(i);
        else
            out.errors.push_back(DedupeError{files[i], read.results[i].status, read.results[i].error});
    }
    if (group.empty()) return out;

    std::vector<ScoreResult> scores;
    std::map<std::size_t, std::size_t> slot;
    if (o.rank) {
        for (std::size_t k = 0; k < group.size(); ++k) slot[group[k]] = k;
        const std::vector<std::optional<CachedFile>> unstamped(files.size());
        scores = score_members(group, files, unstamped, o.model, nullptr, batch);
    }
    const std::vector<char> no_references(files.size(), 0);
    const dedupe_detail::RankContext rc{files, no_references, views, o.rank ? &scores : nullptr, slot,
                                        pair_model ? &*pair_model : nullptr, order_model ? &*order_model : nullptr, batch.threads, nullptr};
    DedupeOptions ranking = o;
    ranking.reference.clear();
    out.group = dedupe_detail::rank_group(group, rc, ranking);
    return out;
}

}  // namespace pristine
