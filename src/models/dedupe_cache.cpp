// Scores and identical-pixel verdicts through the dedupe cache. A kept record is used only for the same
// unchanged files (their stamps), the same model (a digest of its file) and the same decoders (the
// fingerprint version, which changes with them); anything else is computed again.
#include "models/dedupe_cache.hpp"

#include <string>

#include "pristine/io/duplicates.hpp"

namespace pristine {

namespace {

constexpr const char* k_same_pixels_kind = "same_pixels";

std::string same_pixels_context() { return "decode_version=" + std::to_string(k_fingerprint_version); }

// The identity of a model: its bytes, the options scores depend on, and the decoders' version (the
// fingerprint version changes with them). "" when the file cannot be read (then nothing is kept;
// loading it reports the error).
std::string model_identity(const std::string& model) {
    const std::string path = model.empty() ? Scorer::default_model_path() : model;
    if (path.empty()) return {};
    try {
        return file_digest(path) + " blocks=default decode_version=" + std::to_string(k_fingerprint_version);
    } catch (const Error&) {
        return {};
    }
}

}  // namespace

std::vector<ScoreResult> score_members(const std::vector<std::size_t>& members, const std::vector<std::string>& files,
                                       const std::vector<std::optional<CachedFile>>& stamped, const std::string& model,
                                       FingerprintCache* cache, const BatchOptions& batch) {
    std::vector<ScoreResult> scores(members.size());
    const std::string identity = cache != nullptr ? model_identity(model) : std::string();
    std::vector<std::size_t> misses;  // positions in members
    if (!identity.empty()) {
        std::vector<CachedFile> keyed;
        std::vector<std::size_t> at;
        for (std::size_t k = 0; k < members.size(); ++k)
            if (stamped[members[k]]) keyed.push_back(*stamped[members[k]]), at.push_back(k);
        const std::vector<std::optional<CachedScore>> found = cache->lookup_scores(keyed, identity);
        std::vector<char> hit(members.size(), 0);
        for (std::size_t j = 0; j < found.size(); ++j)
            if (found[j]) {
                ScoreResult& r = scores[at[j]];
                r.status = found[j]->status, r.error = found[j]->error, r.score = found[j]->score;
                hit[at[j]] = 1;
            }
        for (std::size_t k = 0; k < members.size(); ++k)
            if (!hit[k]) misses.push_back(k);
    } else {
        for (std::size_t k = 0; k < members.size(); ++k) misses.push_back(k);
    }
    if (misses.empty()) return scores;  // every score kept: the model is not even loaded

    std::vector<std::string> paths;
    for (std::size_t k : misses) paths.push_back(files[members[k]]);
    BatchOptions b = batch;
    const std::size_t kept = members.size() - misses.size();
    if (batch.progress)  // progress over every member, the kept ones done at once
        b.progress = [&batch, kept, total = members.size()](const BatchProgress& p) {
            batch.progress(BatchProgress{kept + p.done, p.failed, total});
        };
    const Scorer scorer = model.empty() ? Scorer::load_default() : Scorer::load(model);
    std::vector<ScoreResult> made = scorer.score_files(paths, b);
    std::vector<CachedFile> keyed;
    std::vector<CachedScore> to_store;
    for (std::size_t j = 0; j < misses.size(); ++j) {
        const std::size_t k = misses[j];
        if (!identity.empty() && stamped[members[k]]) {
            CachedScore c;
            c.status = made[j].status, c.error = made[j].error, c.score = made[j].score;
            keyed.push_back(*stamped[members[k]]);
            to_store.push_back(std::move(c));
        }
        scores[k] = std::move(made[j]);
    }
    if (!keyed.empty()) cache->store_scores(keyed, to_store, identity);
    return scores;
}

SamePixelVerdicts::SamePixelVerdicts(FingerprintCache& cache, const std::vector<std::optional<CachedFile>>& files,
                                     const std::vector<std::vector<std::size_t>>& groups)
    : cache_(cache), files_(files) {
    std::vector<CachedFile> keyed;
    std::vector<std::size_t> index_of;
    for (const auto& g : groups)
        for (std::size_t i : g)
            if (files[i]) keyed.push_back(*files[i]), index_of.push_back(i);
    for (const PairRecord& r : cache.pairs_among(keyed, k_same_pixels_kind, same_pixels_context()))
        if (r.data.size() == 2 && r.data[0] < 8 && r.data[1] <= 1)  // anything else is never trusted
            known_[{index_of[r.a], index_of[r.b]}] = {static_cast<Dihedral>(r.data[0]), r.data[1] == 1};
}

void SamePixelVerdicts::store() {
    std::vector<CachedFile> keyed;
    std::map<std::size_t, std::size_t> slot;
    std::vector<PairRecord> records;
    auto slot_of = [&](std::size_t i) {
        const auto it = slot.find(i);
        if (it != slot.end()) return it->second;
        keyed.push_back(*files_[i]);
        return slot[i] = keyed.size() - 1;
    };
    for (const auto& [a, b, t, verdict] : made_)
        if (files_[a] && files_[b])
            records.push_back(PairRecord{slot_of(a), slot_of(b), {static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(verdict ? 1 : 0)}});
    made_.clear();
    if (!records.empty()) cache_.store_pairs(keyed, records, k_same_pixels_kind, same_pixels_context());
}

}  // namespace pristine
