// Ranking one group of copies: identical-pixel classes, then the pair model (or the scores alone),
// and the reason the kept copy won. Each member's file is read at most once.
#include "models/dedupe_rank.hpp"

#include <iterator>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <memory>
#include <numeric>
#include <optional>
#include <utility>

namespace pristine::dedupe_detail {

namespace {

std::string format_number(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

// The members' files, each read (decoded, and its evidence taken when the pair model will use it) on
// first use only.
class GroupCopies {
public:
    GroupCopies(const std::vector<std::size_t>& group, const std::vector<std::string>& files, bool evidence)
        : group_(group), files_(files), evidence_(evidence) {
        copies_.resize(group.size());
        tried_.assign(group.size(), 0);
    }
    // Reads every member now, on all cores (the pair model needs them all).
    void read_all(int threads) {
        std::vector<std::size_t> todo;
        for (std::size_t m = 0; m < group_.size(); ++m)
            if (!tried_[m]) todo.push_back(m);
        BatchOptions b;
        b.threads = threads;
        run_for_each(todo.size(), b, [&](std::size_t i) { read(todo[i]); });
    }
    // Null when the file cannot be read now (changed or vanished since it was fingerprinted).
    const ReadCopy* get(std::size_t m) {
        if (!tried_[m]) read(m);
        return copies_[m] ? &*copies_[m] : nullptr;
    }

private:
    void read(std::size_t m) {
        tried_[m] = 1;
        try {
            if (evidence_)
                copies_[m] = read_copy(files_[group_[m]]);
            else
                copies_[m] = ReadCopy{decode_file(files_[group_[m]]), CopyEvidence{}, CopyPixels{}};
        } catch (const Error&) {
            copies_[m].reset();
        }
    }
    const std::vector<std::size_t>& group_;
    const std::vector<std::string>& files_;
    bool evidence_;
    std::vector<std::optional<ReadCopy>> copies_;
    std::vector<char> tried_;
};

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

// True when the pixels of a, turned by t, equal those of b.
bool same_pixels(const Image& a, const Image& b, Dihedral t) {
    std::optional<Image> turned;
    if (t != Dihedral::identity) turned = transform_dihedral(a.view(), t);
    const ImageView va = turned ? turned->view() : a.view(), vb = b.view();
    if (va.width != vb.width || va.height != vb.height || va.channels != vb.channels) return false;
    for (int y = 0; y < va.height; ++y)
        if (!std::equal(va.row(y), va.row(y) + va.width * va.channels, vb.row(y))) return false;
    return true;
}

// True when the two files hold the same bytes (read now, in chunks: a file that differs stops at its
// first differing chunk). Files that cannot be read are not the same.
bool same_file_bytes(const std::string& a, const std::string& b) {
    struct Closer {
        void operator()(std::FILE* f) const noexcept { std::fclose(f); }
    };
    const std::unique_ptr<std::FILE, Closer> fa(std::fopen(a.c_str(), "rb")), fb(std::fopen(b.c_str(), "rb"));
    if (!fa || !fb) return false;
    std::vector<char> ca(1 << 16), cb(1 << 16);
    for (;;) {
        const std::size_t na = std::fread(ca.data(), 1, ca.size(), fa.get()), nb = std::fread(cb.data(), 1, cb.size(), fb.get());
        if (na != nb || std::memcmp(ca.data(), cb.data(), na) != 0) return false;
        if (na < ca.size()) return !std::ferror(fa.get()) && !std::ferror(fb.get());
    }
}

// Classes of members with identical pixels, up to a lossless rotation or flip. Only members whose
// aligned thumbnails agree are compared in full.
std::vector<std::size_t> identical_pixel_classes(const std::vector<std::size_t>& group, const RankContext& c, GroupCopies& copies,
                                                 const MatchOptions& o) {
    std::vector<std::size_t> cls(group.size());
    std::iota(cls.begin(), cls.end(), std::size_t{0});
    for (std::size_t x = 0; x < group.size(); ++x)
        for (std::size_t y = 0; y < x; ++y) {
            if (cls[y] != y) continue;  // compare with the first member of each class only
            const Fingerprint& a = *c.prints[group[y]];
            const Fingerprint& b = *c.prints[group[x]];
            const std::uint64_t pa = std::uint64_t(a.info.display_width) * a.info.display_height;
            const std::uint64_t pb = std::uint64_t(b.info.display_width) * b.info.display_height;
            if (pa != pb) continue;
            const Dihedral t = best_alignment(a, b, o.dihedral, true).transform;
            if (!same_thumbnails(a.views[0], b.views[0], t)) continue;
            auto compare = [&] {
                // Files equal byte for byte decode to the same pixels, without decoding them.
                if (t == Dihedral::identity && a.info.file_size == b.info.file_size && same_file_bytes(c.files[group[y]], c.files[group[x]]))
                    return true;
                const ReadCopy* ca = copies.get(y);
                const ReadCopy* cb = copies.get(x);
                return ca != nullptr && cb != nullptr && same_pixels(ca->decoded.image, cb->decoded.image, t);
            };
            if (c.same_pixels != nullptr ? c.same_pixels->same(group[y], group[x], t, compare) : compare()) {
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

// In words, what a pair feature measures (for the reasons).
const char* feature_words(std::size_t i) {
    static const char* const words[] = {
        "resolution",  "resolution", "generation-loss score", "generation-loss score", "palette (256 colours or fewer)",
        "colour count", "JPEG or not", "JPEG quality", "JPEG chroma resolution", "lossy WebP",
        "GIF", "traces of an earlier JPEG compression", "bits per pixel", "sharpness at the finest scale", "repeated rows or columns (enlarged by repeating pixels)",
        "how well each copy's pixels explain the other's", "JPEG coefficients the other copy's pixels reproduce",
        "content shown (a crop shows less)", "a JPEG saved again from the other one (its earlier quantisation)"};
    static_assert(std::size(words) == k_pair_features, "one phrase per pair feature");
    return words[i];
}

// The pair model's verdict on every member: the mean probability of coming before each member of
// another class (the Borda count of the pair probabilities); a class takes its best member's value.
struct PairVerdict {
    std::vector<double> borda;                // of the pair model: picks the copy to keep
    std::vector<double> order_borda;          // of the order model: orders the others
    std::vector<double> before;               // P(x before y) at x * k + y by the order model (one class: 0.5)
    std::vector<DirectionalEvidence> pixels;  // of members x, y at x * k + y
    bool ok = false;  // false: some member could not be read; the scores decide instead
};

PairVerdict pair_verdict(const std::vector<std::size_t>& group, const RankContext& c, GroupCopies& copies,
                         const std::vector<std::size_t>& cls, const std::function<const ScoreResult*(std::size_t)>& score_of,
                         const MatchOptions& o) {
    PairVerdict v;
    const std::size_t k = group.size();
    v.borda.assign(k, 0.0);
    v.order_borda.assign(k, 0.0);
    copies.read_all(c.threads);
    for (std::size_t m = 0; m < k; ++m)
        if (copies.get(m) == nullptr) return v;
    std::vector<const Fingerprint*> prints(k);
    std::vector<const CopyPixels*> pixels(k);
    for (std::size_t m = 0; m < k; ++m) prints[m] = c.prints[group[m]], pixels[m] = &copies.get(m)->pixels;
    v.pixels = group_directional_evidence(prints, pixels, cls, o, c.threads);
    v.before.assign(k * k, 0.5);
    for (std::size_t x = 0; x < k; ++x) {
        std::size_t others = 0;
        for (std::size_t y = 0; y < k; ++y) {
            if (cls[y] == cls[x]) continue;
            const ScoreResult *sx = score_of(x), *sy = score_of(y);
            const bool scored = sx != nullptr && sy != nullptr;
            const auto f = pair_features(copies.get(x)->evidence, scored ? sx->score : 0.0, copies.get(y)->evidence,
                                         scored ? sy->score : 0.0, scored, v.pixels[x * k + y]);
            const double p = pair_probability(*c.pair_model, f);
            const double q = c.order_model != nullptr ? pair_probability(*c.order_model, f) : p;
            v.before[x * k + y] = q;
            v.borda[x] += p;
            v.order_borda[x] += q;
            ++others;
        }
        if (others > 0) v.borda[x] /= static_cast<double>(others), v.order_borda[x] /= static_cast<double>(others);
    }
    for (std::size_t x = 0; x < k; ++x)
        for (std::size_t y = 0; y < k; ++y)
            if (cls[y] == cls[x]) {
                v.borda[x] = std::max(v.borda[x], v.borda[y]);
                v.order_borda[x] = std::max(v.order_borda[x], v.order_borda[y]);
            }
    v.ok = true;
    return v;
}

// "pair model: ..." — the probability that the kept copy came before the runner-up and the two
// features that weighed most for it.
std::string pair_reason(std::size_t kept, std::size_t next, const RankContext& c, GroupCopies& copies,
                        const std::function<const ScoreResult*(std::size_t)>& score_of, const PairVerdict& v) {
    const ScoreResult *sk = score_of(kept), *sn = score_of(next);
    const bool scored = sk != nullptr && sn != nullptr;
    const auto f = pair_features(copies.get(kept)->evidence, scored ? sk->score : 0.0, copies.get(next)->evidence,
                                 scored ? sn->score : 0.0, scored, v.pixels[kept * v.borda.size() + next]);
    std::vector<std::pair<double, std::size_t>> parts;
    for (std::size_t i = 0; i < k_pair_features; ++i) {
        const double part = c.pair_model->weights[i] * f[i];
        if (part > 0) parts.emplace_back(part, i);
    }
    std::sort(parts.rbegin(), parts.rend());
    std::string words;
    for (const auto& [part, i] : parts) {
        if (words.find(feature_words(i)) != std::string::npos) continue;
        if (!words.empty()) words += ", ";
        words += feature_words(i);
        if (words.find(", ") != std::string::npos) break;  // the two that weighed most
    }
    std::string r = "pair model: most likely the closest to the original (mean probability " + format_number(v.borda[kept]) +
                    " of coming before each other copy; " + format_number(pair_probability(*c.pair_model, f)) +
                    " before the next)";
    if (!words.empty()) r += ", decided mostly by " + words;
    return r;
}

// The PDQ distance of every two members (x to y at x * k + y, under the best turn or flip): the
// derivation tree weighs them and the report gives each member's distance to the kept one.
std::vector<int> hash_distances(const std::vector<std::size_t>& group, const RankContext& c, const MatchOptions& match) {
    const std::size_t k = group.size();
    std::vector<int> d(k * k, 0);
    for (std::size_t x = 0; x < k; ++x)
        for (std::size_t y = 0; y < k; ++y)
            if (x != y) d[x * k + y] = best_alignment(*c.prints[group[x]], *c.prints[group[y]], match.dihedral).distance;
    return d;
}

// Which member each member was made from: the pair model's probabilities and the pixel evidence when
// the group was ranked by it, else the hash distances to better-ranked members.
GroupTree derivation_tree(const std::vector<std::size_t>& group, const RankContext& c, const std::vector<std::size_t>& cls,
                          const std::vector<std::size_t>& ranked, const PairVerdict& verdict, std::vector<int> distance,
                          const DedupeOptions& o) {
    GroupTreeEvidence e;
    e.classes = cls;
    e.order = ranked;
    if (verdict.ok) {
        e.before = verdict.before;
        e.pixels = verdict.pixels;
    }
    e.distance = std::move(distance);
    if (o.tree_evidence) {
        std::vector<std::string> paths;
        for (std::size_t m : group) paths.push_back(c.files[m]);
        o.tree_evidence(paths, e);
    }
    return group_derivation_tree(e, o.tree);
}

}  // namespace

DedupeGroup rank_group(const std::vector<std::size_t>& group, const RankContext& c, const DedupeOptions& o) {
    GroupCopies copies(group, c.files, c.pair_model != nullptr && c.scores != nullptr);
    const std::vector<std::size_t> cls = identical_pixel_classes(group, c, copies, o.match);
    const std::vector<std::size_t> votes = upright_votes(group, c.prints, cls, o.match);
    const std::size_t k = group.size();
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const std::function<const ScoreResult*(std::size_t)> score_of = [&](std::size_t m) -> const ScoreResult* {
        if (c.scores == nullptr) return nullptr;
        const ScoreResult& r = (*c.scores)[c.score_slot.at(group[m])];
        return r.ok() ? &r : nullptr;
    };
    auto bytes = [&](std::size_t m) { return c.prints[group[m]]->info.file_size; };
    auto pixels = [&](std::size_t m) {
        return static_cast<std::uint64_t>(c.prints[group[m]]->info.display_width) * c.prints[group[m]]->info.display_height;
    };
    PairVerdict verdict;
    if (c.scores != nullptr && c.pair_model != nullptr) verdict = pair_verdict(group, c, copies, cls, score_of, o.match);
    // Best first: references first when asked; then the pair model's verdict, or the lower score
    // (scored before unscored), or without scores the larger picture and file; among identical pixels
    // the orientation most copies share, then the smaller file. The pair model picks the first; the
    // others follow the order model's verdict.
    const auto better = [&](const std::vector<double>& borda) {
        return [&](std::size_t x, std::size_t y) {
            const bool rx = c.reference[group[x]] != 0, ry = c.reference[group[y]] != 0;
            if (!o.reference.empty() && rx != ry) return rx;
            if (cls[x] == cls[y]) return votes[x] != votes[y] ? votes[x] > votes[y] : bytes(x) < bytes(y);
            if (verdict.ok && borda[x] != borda[y]) return borda[x] > borda[y];
            const ScoreResult *sx = score_of(x), *sy = score_of(y);
            if (c.scores != nullptr) {
                if ((sx != nullptr) != (sy != nullptr)) return sx != nullptr;
                if (sx != nullptr && sx->score != sy->score) return sx->score < sy->score;
            }
            if (pixels(x) != pixels(y)) return pixels(x) > pixels(y);
            return bytes(x) > bytes(y);
        };
    };
    std::stable_sort(order.begin(), order.end(), better(verdict.borda));
    if (verdict.ok) {
        // The kept copy's class stays in front; the rest are ordered by the order model.
        const std::size_t kept_class = cls[order.front()];
        const auto tail = std::stable_partition(order.begin(), order.end(), [&](std::size_t m) { return cls[m] == kept_class; });
        std::stable_sort(tail, order.end(), better(verdict.order_borda));
    }
    // Identical pixels are equally good: a class takes the place of its best member, smallest file first.
    std::vector<std::size_t> ranked;
    std::vector<char> placed(k, 0);
    for (std::size_t x : order) {
        if (placed[x]) continue;
        std::vector<std::size_t> same;
        for (std::size_t y : order)
            if (!placed[y] && cls[y] == cls[x] && (o.reference.empty() || c.reference[group[y]] == c.reference[group[x]]))
                same.push_back(y);
        std::stable_sort(same.begin(), same.end(), [&](std::size_t a, std::size_t b) {
            return votes[a] != votes[b] ? votes[a] > votes[b] : bytes(a) < bytes(b);
        });
        for (std::size_t y : same) placed[y] = 1, ranked.push_back(y);
    }

    const std::vector<int> distance = hash_distances(group, c, o.match);
    const GroupTree tree = derivation_tree(group, c, cls, ranked, verdict, distance, o);
    DedupeGroup g;
    const std::size_t kept = ranked.front();
    int rank = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const std::size_t m = ranked[i];
        if (i == 0 || cls[m] != cls[ranked[i - 1]]) rank = static_cast<int>(i) + 1;
        const Fingerprint& fp = *c.prints[group[m]];
        DedupeMember mem;
        mem.path = c.files[group[m]];
        mem.keep = i == 0;
        mem.reference = c.reference[group[m]] != 0;
        if (const ScoreResult* s = score_of(m)) mem.scored = true, mem.score = s->score;
        mem.rank = rank;
        mem.width = fp.info.display_width;
        mem.height = fp.info.display_height;
        mem.format = format_name(fp.info.format);
        mem.file_size = fp.info.file_size;
        mem.distance = i == 0 ? 0 : distance[kept * k + m];
        if (tree.parent[m] >= 0) mem.parent = c.files[group[static_cast<std::size_t>(tree.parent[m])]];
        mem.parent_confidence = tree.confidence[m];
        for (std::size_t y : ranked)
            if (y != m && cls[y] == cls[m]) {
                mem.identical_to = c.files[group[y]];
                break;
            }
        if (!mem.keep) g.duplicate_bytes += mem.file_size;
        g.members.push_back(std::move(mem));
    }

    const DedupeMember& best = g.members.front();
    std::string reason;
    if (!o.reference.empty()) reason = "reference copy; ";
    const DedupeMember* next = nullptr;
    std::size_t next_m = kept;
    for (std::size_t i = 0; i < g.members.size(); ++i)
        if (g.members[i].rank > 1) {
            next = &g.members[i];
            next_m = ranked[i];
            break;
        }
    if (c.scores == nullptr) {
        reason += "largest picture (ranking off)";
    } else if (verdict.ok && next != nullptr) {
        reason += pair_reason(kept, next_m, c, copies, score_of, verdict);
    } else if (!best.scored) {
        reason += "no copy could be scored; largest picture kept";
    } else {
        if (c.pair_model != nullptr && next != nullptr) reason += "a copy could not be read again for the pair model; ";
        const DedupeMember* next_scored = nullptr;
        for (const DedupeMember& m : g.members)
            if (m.rank > 1 && m.scored) {
                next_scored = &m;
                break;
            }
        reason += "lowest generation-loss score (" + format_number(best.score) +
                  (next_scored != nullptr ? "; next " + format_number(next_scored->score) : std::string()) + ")";
    }
    const auto twins = std::count_if(g.members.begin(), g.members.end(), [](const DedupeMember& m) { return m.rank == 1; });
    if (twins > 1)
        reason += "; " + std::to_string(twins - 1) +
                  " other copy(ies) with identical pixels (up to a lossless turn or flip): kept the one in the "
                  "orientation most copies share, then the smallest file";
    g.reason = std::move(reason);
    return g;
}

}  // namespace pristine::dedupe_detail
