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
#include "pristine/models/scorer.hpp"

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

std::string format_score(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

// True when the thumbnails of a and b, aligned by `t` (a turned by t ~ b), are nearly equal (the box
// reduction of an odd-sized picture drops a different edge row once it is turned).
bool same_thumbnails(const FingerprintView& a, const FingerprintView& b, Dihedral t) {
    constexpr int L = k_view_luma_side;
    int sum = 0;
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
            int sx = 0, sy = 0;
            dihedral_source(t, L, L, x, y, sx, sy);
            sum += std::abs(int{a.luma[static_cast<std::size_t>(sy * L + sx)]} - int{b.luma[static_cast<std::size_t>(y * L + x)]});
        }
    return sum <= 2 * L * L;
}

// True when the decoded pixels of file a, turned by t, equal those of file b.
bool same_pixels(const std::string& a, const std::string& b, Dihedral t) {
    try {
        const Decoded da = decode_file(a), db = decode_file(b);
        const Image turned = transform_dihedral(da.image.view(), t);
        const ImageView va = turned.view(), vb = db.image.view();
        if (va.width != vb.width || va.height != vb.height || va.channels != vb.channels) return false;
        for (int y = 0; y < va.height; ++y)
            if (!std::equal(va.row(y), va.row(y) + va.width * va.channels, vb.row(y))) return false;
        return true;
    } catch (const Error&) {  // a file that changed or vanished since: not identical
        return false;
    }
}

// Classes of members with identical pixels, up to a lossless rotation or flip. Only members whose
// aligned thumbnails agree are decoded again in full and compared (or their verdict is kept).
std::vector<std::size_t> identical_pixel_classes(const std::vector<std::size_t>& group, const std::vector<std::string>& files,
                                                 const std::vector<const Fingerprint*>& prints, const MatchOptions& o,
                                                 SamePixelVerdicts* verdicts) {
    std::vector<std::size_t> cls(group.size());
    std::iota(cls.begin(), cls.end(), std::size_t{0});
    for (std::size_t x = 0; x < group.size(); ++x)
        for (std::size_t y = 0; y < x; ++y) {
            if (cls[y] != y) continue;  // compare with the first member of each class only
            const Fingerprint& a = *prints[group[y]];
            const Fingerprint& b = *prints[group[x]];
            const std::uint64_t pa = std::uint64_t(a.info.display_width) * a.info.display_height;
            const std::uint64_t pb = std::uint64_t(b.info.display_width) * b.info.display_height;
            if (pa != pb) continue;
            const Dihedral t = best_alignment(a, b, o.dihedral, true).transform;
            if (!same_thumbnails(a.views[0], b.views[0], t)) continue;
            auto compare = [&] { return same_pixels(files[group[y]], files[group[x]], t); };
            if (verdicts != nullptr ? verdicts->same(group[y], group[x], t, compare) : compare()) {
                cls[x] = cls[y];
                break;
            }
        }
    return cls;
}

// How many other members line up with member m without a turn: copies keep the orientation of what
// they were made from, so of pixel-identical turned copies the one most others agree with came first.
std::vector<std::size_t> upright_votes(const std::vector<std::size_t>& group, const std::vector<const Fingerprint*>& prints,
                                       const std::vector<std::size_t>& cls, const MatchOptions& o) {
    std::vector<std::size_t> votes(group.size(), 0);
    for (std::size_t m = 0; m < group.size(); ++m) {
        bool has_twin = false;
        for (std::size_t y = 0; y < group.size(); ++y) has_twin = has_twin || (y != m && cls[y] == cls[m]);
        if (!has_twin) continue;
        for (std::size_t y = 0; y < group.size(); ++y)
            if (cls[y] != cls[m] && best_alignment(*prints[group[m]], *prints[group[y]], o.dihedral, true).transform == Dihedral::identity)
                ++votes[m];
    }
    return votes;
}

DedupeGroup rank_group(const std::vector<std::size_t>& group, const Listing& l, const std::vector<const Fingerprint*>& prints,
                       const std::vector<ScoreResult>* scores, const std::map<std::size_t, std::size_t>& score_slot,
                       const DedupeOptions& o, SamePixelVerdicts* verdicts) {
    const std::vector<std::size_t> cls = identical_pixel_classes(group, l.files, prints, o.match, verdicts);
    const std::vector<std::size_t> votes = upright_votes(group, prints, cls, o.match);
    const std::size_t k = group.size();
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto score_of = [&](std::size_t m) -> const ScoreResult* {
        if (scores == nullptr) return nullptr;
        const ScoreResult& r = (*scores)[score_slot.at(group[m])];
        return r.ok() ? &r : nullptr;
    };
    auto bytes = [&](std::size_t m) { return prints[group[m]]->info.file_size; };
    auto pixels = [&](std::size_t m) {
        return static_cast<std::uint64_t>(prints[group[m]]->info.display_width) * prints[group[m]]->info.display_height;
    };
    // Best first: references first when asked; then the lower score (scored before unscored), or without
    // scores the larger picture and file; among identical pixels the smaller file.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const bool rx = l.reference[group[x]] != 0, ry = l.reference[group[y]] != 0;
        if (!o.reference.empty() && rx != ry) return rx;
        if (cls[x] == cls[y]) return votes[x] != votes[y] ? votes[x] > votes[y] : bytes(x) < bytes(y);
        const ScoreResult *sx = score_of(x), *sy = score_of(y);
        if (scores != nullptr) {
            if ((sx != nullptr) != (sy != nullptr)) return sx != nullptr;
            if (sx != nullptr && sx->score != sy->score) return sx->score < sy->score;
        }
        if (pixels(x) != pixels(y)) return pixels(x) > pixels(y);
        return bytes(x) > bytes(y);
    });
    // Identical pixels are equally good: a class takes the place of its best member, smallest file first.
    std::vector<std::size_t> ranked;
    std::vector<char> placed(k, 0);
    for (std::size_t x : order) {
        if (placed[x]) continue;
        std::vector<std::size_t> same;
        for (std::size_t y : order)
            if (!placed[y] && cls[y] == cls[x] && (o.reference.empty() || l.reference[group[y]] == l.reference[group[x]]))
                same.push_back(y);
        std::stable_sort(same.begin(), same.end(), [&](std::size_t a, std::size_t b) {
            return votes[a] != votes[b] ? votes[a] > votes[b] : bytes(a) < bytes(b);
        });
        for (std::size_t y : same) placed[y] = 1, ranked.push_back(y);
    }

    DedupeGroup g;
    const std::size_t kept = ranked.front();
    const Fingerprint& kept_print = *prints[group[kept]];
    int rank = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const std::size_t m = ranked[i];
        if (i == 0 || cls[m] != cls[ranked[i - 1]]) rank = static_cast<int>(i) + 1;
        const Fingerprint& fp = *prints[group[m]];
        DedupeMember mem;
        mem.path = l.files[group[m]];
        mem.keep = i == 0;
        mem.reference = l.reference[group[m]] != 0;
        if (const ScoreResult* s = score_of(m)) mem.scored = true, mem.score = s->score;
        mem.rank = rank;
        mem.width = fp.info.display_width;
        mem.height = fp.info.display_height;
        mem.format = format_name(fp.info.format);
        mem.file_size = fp.info.file_size;
        mem.distance = i == 0 ? 0 : best_alignment(kept_print, fp, o.match.dihedral).distance;
        for (std::size_t y : ranked)
            if (y != m && cls[y] == cls[m]) {
                mem.identical_to = l.files[group[y]];
                break;
            }
        if (!mem.keep) g.duplicate_bytes += mem.file_size;
        g.members.push_back(std::move(mem));
    }

    const DedupeMember& best = g.members.front();
    std::string reason;
    if (!o.reference.empty()) reason = "reference copy; ";
    if (scores == nullptr) {
        reason += "largest picture (ranking off)";
    } else if (!best.scored) {
        reason += "no copy could be scored; largest picture kept";
    } else {
        const DedupeMember* next = nullptr;
        for (const DedupeMember& m : g.members)
            if (m.rank > 1 && m.scored) {
                next = &m;
                break;
            }
        reason += "lowest generation-loss score (" + format_score(best.score) +
                  (next != nullptr ? "; next " + format_score(next->score) : std::string()) + ")";
    }
    const auto twins = std::count_if(g.members.begin(), g.members.end(), [](const DedupeMember& m) { return m.rank == 1; });
    if (twins > 1)
        reason += "; " + std::to_string(twins - 1) +
                  " other copy(ies) with identical pixels (up to a lossless turn or flip): kept the one in the "
                  "orientation most copies share, then the smallest file";
    g.reason = std::move(reason);
    return g;
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
    for (const auto& g : found.groups)
        report.groups.push_back(rank_group(g, l, views, o.rank ? &scores : nullptr, slot, o, kept ? &*kept : nullptr));
    if (kept) kept->store();
    std::stable_sort(report.groups.begin(), report.groups.end(),
                     [](const DedupeGroup& a, const DedupeGroup& b) { return a.duplicate_bytes > b.duplicate_bytes; });
    return report;
}

}  // namespace pristine
