// The plan of a dedupe collection: the usable source photos, how many pictures of each kind, which
// region of which source each photo picture is cut from (regions of one source never overlap), and
// the units of work. Everything is drawn on the calling thread from the seed, so the plan does not
// depend on the thread count.
#include <algorithm>
#include <cmath>
#include <set>

#include "eval_dedupe_internal.hpp"
#include "pristine/io/collection.hpp"
#include "pristine/executor.hpp"
#include "pristine/hash/hash.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval::dedupe_detail {

namespace {

// Shares of the distinct pictures and of the groups (docs/dedupe-eval.md).
struct Share {
    const char* kind;
    double share;
};
constexpr Share k_distinct_shares[] = {
    {"photo", 0.30},         {"dark", 0.08},         {"drawing", 0.27},        {"meme_series", 0.07},
    {"recolor_series", 0.07}, {"flag_series", 0.06}, {"texture_series", 0.07}, {"frame_series", 0.08},
};
constexpr Share k_group_shares[] = {
    {"photo", 0.44}, {"drawing", 0.30}, {"meme", 0.10}, {"dark", 0.04}, {"series", 0.12},
};
// Series kinds whose members may have copies, in the order series groups are given out.
const char* const k_promotable[] = {"meme_series", "recolor_series", "flag_series", "frame_series"};
// Group sizes cycle through this pattern (mean 5.2 files): larger groups are the commoner case.
constexpr int k_group_sizes[] = {2, 3, 4, 4, 5, 5, 6, 6, 6, 7, 7, 7};

// n split by shares with the largest-remainder rule (the parts sum to n).
template <std::size_t N>
std::vector<int> split(int n, const Share (&shares)[N]) {
    std::vector<int> out(N);
    std::vector<std::pair<double, std::size_t>> rest;
    int used = 0;
    for (std::size_t i = 0; i < N; ++i) {
        const double exact = n * shares[i].share;
        out[i] = static_cast<int>(std::floor(exact));
        used += out[i];
        rest.emplace_back(exact - out[i], i);
    }
    std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; used < n; ++k, ++used) ++out[rest[k % N].second];
    return out;
}

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
}

int series_size(const std::string& kind, Rng& rng) {
    if (kind == "frame_series") return rng.uniform_int(4, 5);
    if (kind == "recolor_series" || kind == "texture_series") return rng.uniform_int(3, 5);
    return rng.uniform_int(3, 6);
}

ItemType series_type(const std::string& kind) {
    if (kind == "meme_series") return ItemType::meme_series;
    if (kind == "texture_series") return ItemType::texture_series;
    if (kind == "frame_series") return ItemType::frame_series;
    if (kind == "recolor_series") return ItemType::recolor_series;
    return ItemType::flag_series;
}

bool uses_region(ItemType t) {
    return t == ItemType::photo_group || t == ItemType::photo_distinct || t == ItemType::meme_series ||
           t == ItemType::texture_series || t == ItemType::frame_series;
}

// Long side of the sources' thumbnails, and the PDQ quality a cell needs there: regions with no
// detail (a patch of sky, a flat part of an abstract wallpaper) make no picture worth testing on.
constexpr int k_thumb_side = 768;
constexpr int k_min_cell_quality = 30;

bool has_detail(const Source& s, const Rect& r) {
    const double f = static_cast<double>(s.thumb.width()) / s.width;
    const int x = static_cast<int>(r.x * f), y = static_cast<int>(r.y * f);
    const int w = std::max(1, std::min(s.thumb.width() - x, static_cast<int>(r.w * f)));
    const int h = std::max(1, std::min(s.thumb.height() - y, static_cast<int>(r.h * f)));
    ImageView v = s.thumb.view();
    v.data = v.pixel(x, y);
    v.width = w;
    v.height = h;
    return hash_pixels(v, {HashKind::pdq}).pdq_quality >= k_min_cell_quality;
}

// Cells of about `c` pixels with detail: a grid over the whole source.
std::vector<Rect> grid(const Source& s, int c) {
    const int cols = std::max(1, static_cast<int>(std::lround(static_cast<double>(s.width) / c)));
    const int rows = std::max(1, static_cast<int>(std::lround(static_cast<double>(s.height) / c)));
    std::vector<Rect> cells;
    for (int r = 0; r < rows; ++r)
        for (int k = 0; k < cols; ++k) {
            const int x0 = k * s.width / cols, x1 = (k + 1) * s.width / cols;
            const int y0 = r * s.height / rows, y1 = (r + 1) * s.height / rows;
            const Rect cell{x0, y0, x1 - x0, y1 - y0};
            if (has_detail(s, cell)) cells.push_back(cell);
        }
    return cells;
}

}  // namespace

std::vector<Source> find_sources(const DedupeCollectionOptions& o, std::size_t& skipped) {
    const auto log = [&](const std::string& m) {
        if (o.log) o.log(m);
    };
    std::set<std::string> excluded;
    if (!o.exclude.empty())
        for (const auto& f : collect_files(o.exclude).files) excluded.insert(picture_key(f));
    std::vector<std::string> files;
    for (PictureFile& p : one_file_per_picture(collect_files(o.sources).files)) {
        if (excluded.count(p.key)) {
            ++skipped;
            continue;
        }
        files.push_back(std::move(p.path));
    }
    // Each source decoded once, small: its luma thumbnail and PDQ (with the 8 turns and mirrors).
    struct Probe : ItemStatus {
        Source source;
        PictureHashes hashes;
    };
    const std::vector<Probe> probes =
        run_batch<Probe>(files.size(), BatchOptions{o.threads, {}, {}}, [&](std::size_t i) {
            Probe p;
            const ImageInfo info = probe_file(files[i]);
            p.source.path = files[i];
            p.source.width = info.display_width;
            p.source.height = info.display_height;
            if (std::min(info.display_width, info.display_height) < 64) return p;
            DecodeOptions d;
            d.channels = 1;
            while (d.scale_denom < 8 && std::max(info.width, info.height) / (d.scale_denom * 2) >= k_thumb_side)
                d.scale_denom *= 2;
            p.source.thumb = shrink_to(decode_file(files[i], d).image.view(), k_thumb_side);
            HashPixelsOptions ho;
            ho.dihedral = true;
            p.hashes = hash_pixels(p.source.thumb.view(), {HashKind::pdq}, ho);
            return p;
        });
    std::vector<Source> out;
    std::vector<const Probe*> kept;
    for (std::size_t i = 0; i < probes.size(); ++i) {
        const Probe& p = probes[i];
        const auto skip = [&](const std::string& why) {
            log("source " + files[i] + " left out: " + why);
            ++skipped;
        };
        if (!p.ok()) {
            skip(p.error);
            continue;
        }
        if (p.source.thumb.width() == 0) {
            skip("smaller than 64 x 64");
            continue;
        }
        if (p.hashes.pdq_quality < 20) {
            skip("nearly flat (PDQ quality " + std::to_string(p.hashes.pdq_quality) + ")");
            continue;
        }
        const Probe* twin = nullptr;
        double d = 0;
        for (const Probe* k : kept) {
            d = hash_distance_dihedral(HashKind::pdq, k->hashes.dihedral[0], p.hashes.hashes[0].data());
            if (d <= o.source_min_distance) {
                twin = k;
                break;
            }
        }
        if (twin != nullptr) {
            skip("looks like " + twin->source.path + " (PDQ distance " + std::to_string(static_cast<int>(d)) + ")");
            continue;
        }
        kept.push_back(&p);
        out.push_back(p.source);
    }
    return out;
}

Plan make_plan(const DedupeCollectionOptions& o, std::vector<Source> sources) {
    Rng rng(mix_seed(o.seed, 1, 0));
    Plan plan;
    std::vector<PlanItem> items;
    const auto add = [&](ItemType type, const std::string& kind, int pictures) -> PlanItem& {
        PlanItem it;
        it.type = type;
        it.kind = kind;
        it.id = items.size();
        it.pictures = pictures;
        items.push_back(std::move(it));
        return items.back();
    };
    const auto group_shape = [&](PlanItem& it, std::size_t g) {
        it.group_files = k_group_sizes[g % std::size(k_group_sizes)];
        it.original_present = rng.chance(o.original_present);
    };
    const auto synth_kinds = degrade::all_synth_kinds();

    // Groups, their kinds in a shuffled order (sizes follow the pattern whatever the kind).
    const std::vector<int> group_counts = split(o.groups, k_group_shares);
    std::vector<std::string> group_kinds;
    for (std::size_t i = 0; i < std::size(k_group_shares); ++i)
        group_kinds.insert(group_kinds.end(), static_cast<std::size_t>(group_counts[i]), k_group_shares[i].kind);
    shuffle(group_kinds, rng);
    std::vector<int> promoted(std::size(k_promotable), 0);
    std::size_t series_groups = 0;
    for (std::size_t g = 0; g < group_kinds.size(); ++g) {
        const std::string& k = group_kinds[g];
        if (k == "series") {
            ++promoted[series_groups++ % std::size(k_promotable)];
            continue;
        }
        PlanItem& it = add(k == "drawing" ? ItemType::drawing_group : ItemType::photo_group, k, 1);
        group_shape(it, g);
        if (k == "drawing") it.synth = synth_kinds[g % synth_kinds.size()];
    }

    // Distinct pictures and series; a series may give one member copies (a series group).
    const std::vector<int> distinct_counts = split(o.distinct, k_distinct_shares);
    std::size_t group_index = group_kinds.size();
    for (std::size_t i = 0; i < std::size(k_distinct_shares); ++i) {
        const std::string kind = k_distinct_shares[i].kind;
        int left = distinct_counts[i];
        if (kind == "photo" || kind == "dark" || kind == "drawing") {
            for (int k = 0; k < left; ++k) {
                PlanItem& it = add(kind == "drawing" ? ItemType::drawing_distinct : ItemType::photo_distinct, kind, 1);
                if (kind == "drawing") it.synth = synth_kinds[static_cast<std::size_t>(k) % synth_kinds.size()];
            }
            continue;
        }
        int promote = 0;
        for (std::size_t p = 0; p < std::size(k_promotable); ++p)
            if (kind == k_promotable[p]) promote = promoted[p];
        while (left > 0 || promote > 0) {
            const int size = series_size(kind, rng);
            const int prom = promote > 0 ? 1 : 0;
            const int members = std::min(size - prom, left) + prom;
            // A lone leftover picture joins the previous series of its kind.
            if (members < 2 && prom == 0 && !items.empty() && items.back().kind == kind && items.back().series >= 0) {
                items.back().pictures += members;
                left -= members;
                break;
            }
            PlanItem& it = add(series_type(kind), kind, members);
            it.series = plan.series++;
            plan.series_kinds.push_back(kind);
            it.synth = kind == "recolor_series" ? rng.pick(std::vector<degrade::SynthKind>{
                                                      degrade::SynthKind::shapes, degrade::SynthKind::clipart,
                                                      degrade::SynthKind::gradient, degrade::SynthKind::comic})
                                                : degrade::SynthKind::shapes;
            if (prom) {
                it.promoted = rng.uniform_int(0, members - 1);
                group_shape(it, group_index++);
                --promote;
            }
            left -= members - prom;
        }
    }
    for (int b = 0; b < o.broken; ++b)
        add(ItemType::broken, "", 0).broken = broken_kinds()[static_cast<std::size_t>(b) % broken_kinds().size()];

    // Picture ids in item order.
    for (PlanItem& it : items) {
        it.first_picture = plan.pictures;
        plan.pictures += it.pictures;
    }

    // Regions: the largest cells that give every photo item its own; cells taken round-robin over the
    // sources (each source's cells in a shuffled order) so that all sources are used alike.
    std::vector<std::size_t> needs;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (uses_region(items[i].type)) needs.push_back(i);
    if (!needs.empty()) {
        if (sources.empty())
            throw Error(Status::invalid_argument, "eval-dedupe: no usable source photos (give --sources)");
        std::size_t available = 0;
        int cell = 0;
        for (int c : {1400, 1200, 1000, 900, 800, 720, 660, 600, 560, 520, 480, 440, 400, 360, 320, 288, 256, 224, 192,
                      160, 128, 96, 64}) {
            if (c < o.min_region && available > 0) break;
            available = 0;
            cell = c;
            for (Source& s : sources) {
                s.cells = grid(s, c);
                available += s.cells.size();
            }
            if (available >= needs.size()) break;
        }
        // Too few cells of min_region: plain photos become drawings, pictures of a group last.
        std::size_t converted = 0;
        for (ItemType t : {ItemType::photo_distinct, ItemType::photo_group})
            for (std::size_t k = needs.size(); k-- > 0 && needs.size() > available;) {
                PlanItem& it = items[needs[k]];
                if (it.type != t || it.kind != "photo") continue;
                it.type = t == ItemType::photo_group ? ItemType::drawing_group : ItemType::drawing_distinct;
                it.kind = "drawing";
                it.synth = synth_kinds[converted++ % synth_kinds.size()];
                needs.erase(needs.begin() + static_cast<std::ptrdiff_t>(k));
            }
        if (o.log)
            o.log("photo regions: " + std::to_string(needs.size()) + " of " + std::to_string(available) +
                  " cells of about " + std::to_string(cell) + " px with detail in " + std::to_string(sources.size()) +
                  " sources");
        if (converted && o.log)
            o.log("the sources give " + std::to_string(available) + " regions of about " + std::to_string(o.min_region) +
                  " px or more: " + std::to_string(converted) + " photo pictures are drawings instead");
        if (available < needs.size())
            throw Error(Status::invalid_argument, "eval-dedupe: the sources give " + std::to_string(available) +
                                                      " regions, the plan needs " + std::to_string(needs.size()) +
                                                      ": give more --sources or fewer --groups/--distinct");
        for (Source& s : sources) shuffle(s.cells, rng);
        std::vector<std::pair<int, int>> taken;  // (source, cell)
        for (std::size_t round = 0; taken.size() < needs.size(); ++round)
            for (std::size_t s = 0; s < sources.size() && taken.size() < needs.size(); ++s)
                if (round < sources[s].cells.size()) taken.emplace_back(static_cast<int>(s), static_cast<int>(round));
        // The widest cells go to the frame series (the window slides sideways); the rest in a shuffled order.
        const auto width = [&](const std::pair<int, int>& t) {
            return sources[static_cast<std::size_t>(t.first)].cells[static_cast<std::size_t>(t.second)].w;
        };
        std::stable_sort(taken.begin(), taken.end(), [&](const auto& a, const auto& b) { return width(a) > width(b); });
        std::vector<std::size_t> frames, others;
        for (std::size_t i : needs) (items[i].type == ItemType::frame_series ? frames : others).push_back(i);
        shuffle(others, rng);
        frames.insert(frames.end(), others.begin(), others.end());
        for (std::size_t k = 0; k < frames.size(); ++k) {
            items[frames[k]].source = taken[k].first;
            items[frames[k]].cell = taken[k].second;
        }
    }

    // Units: one per source with all its items, then one per other item; heavy units first.
    std::vector<PlanUnit> photo_units(sources.size());
    for (std::size_t s = 0; s < sources.size(); ++s) photo_units[s].source = static_cast<int>(s);
    for (PlanItem& it : items) {
        if (it.source >= 0)
            photo_units[static_cast<std::size_t>(it.source)].items.push_back(std::move(it));
        else
            plan.units.push_back({-1, {std::move(it)}});
    }
    std::stable_sort(photo_units.begin(), photo_units.end(),
                     [](const PlanUnit& a, const PlanUnit& b) { return a.items.size() > b.items.size(); });
    std::vector<PlanUnit> units;
    for (PlanUnit& u : photo_units)
        if (!u.items.empty()) units.push_back(std::move(u));
    units.insert(units.end(), std::make_move_iterator(plan.units.begin()), std::make_move_iterator(plan.units.end()));
    plan.units = std::move(units);
    plan.sources = std::move(sources);
    return plan;
}

}  // namespace pristine::eval::dedupe_detail
