// make_dedupe_collection: renders the plan (eval_dedupe_plan.cpp) on the batch executor — each unit
// writes its files under a hidden staging folder with its own generator — then, on the calling thread,
// gives every file a neutral name in a shuffled nested folder, moves it there and writes truth.json.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "eval_dedupe_internal.hpp"
#include "pristine/executor.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval {

namespace {

namespace fs = std::filesystem;
using namespace dedupe_detail;

const char* const k_missing_original = "(original not in the collection)";

/// A file written to the staging folder, its truth record with the staging name as path.
struct Staged {
    DedupeTruthFile file;
    std::string extension;  ///< broken files only: the name's extension
};

struct Renderer {
    const Plan& plan;
    const DedupeCollectionOptions& o;
    const DedupeCopier& copier;
    std::string staging;
    SynthSizes sizes;

    std::string picture_id(int p) const {
        char buf[16];
        std::snprintf(buf, sizeof buf, "p%05d", p);
        return buf;
    }

    static std::string series_id(int s) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "s%04d", s);
        return buf;
    }

    // A record for file `n` of picture `p` of an item; its bytes written under a staging name unless
    // it stays out of the collection (a missing original).
    Staged stage(const PlanItem& it, int p, int n, const std::string& role, const MadeFile& m,
                 const std::string& source, bool write = true) const {
        Staged s;
        DedupeTruthFile& f = s.file;
        f.path = "i" + std::to_string(it.id) + "-" + std::to_string(p) + "-" + std::to_string(n);
        f.picture = picture_id(it.first_picture + p);
        f.role = role;
        f.kind = it.kind;
        if (it.source >= 0) f.family = plan.sources[static_cast<std::size_t>(it.source)].path;
        if (it.series >= 0) f.series = series_id(it.series);
        f.source = source;
        f.format = format_name(m.format);
        f.width = m.pixels.width();
        f.height = m.pixels.height();
        f.bytes = m.bytes.size();
        f.pixels_kept = static_cast<std::uint64_t>(f.width) * static_cast<std::uint64_t>(f.height);
        if (write) write_file((fs::path(staging) / f.path).string(), m.bytes);
        return s;
    }

    void distinct(const PlanItem& it, int p, const Image& px, bool drawing, const std::string& source, Rng& rng,
                  std::vector<Staged>& out) const {
        const CopySpec spec = distinct_save(drawing, rng);
        const MadeFile m = copier.save(px, spec);
        Staged s = stage(it, p, 0, "distinct", m, source);
        s.file.encoding = describe_save(spec);
        out.push_back(std::move(s));
    }

    // The original and its copies; each copy is made from the original or from an earlier copy.
    void group(const PlanItem& it, int p, const Image& px, bool drawing, const std::string& source, Rng& rng,
               std::vector<Staged>& out) const {
        const int copies = it.original_present ? it.group_files - 1 : it.group_files;
        // Reserved: references to parents are held while children are appended.
        std::vector<MadeFile> made;
        std::vector<DedupeTruthFile> records;
        std::vector<bool> lossy;
        made.reserve(static_cast<std::size_t>(copies) + 1);
        records.reserve(static_cast<std::size_t>(copies) + 1);
        const CopySpec orig_spec = original_save(drawing, rng);
        made.push_back(copier.save(px, orig_spec));
        lossy.push_back(!lossless_save(orig_spec));
        {
            Staged s = stage(it, p, 0, "original", made[0], source, it.original_present);
            s.file.encoding = describe_save(orig_spec);
            records.push_back(s.file);
            if (it.original_present) out.push_back(std::move(s));
        }
        for (int c = 1; c <= copies; ++c) {
            const int parent = c == 1 || rng.chance(0.6) ? 0 : rng.uniform_int(1, c - 1);
            const MadeFile& pm = made[static_cast<std::size_t>(parent)];
            const DedupeTruthFile& pf = records[static_cast<std::size_t>(parent)];
            const std::string op = pick_transformation(pm.pixels.width(), pm.pixels.height(), lossy[parent], rng);
            const CopySpec spec = draw_copy(op, pm.pixels.width(), pm.pixels.height(), lossy[parent], rng);
            made.push_back(copier.copy(pm, spec));
            // A byte copy of a lossy parent is as lossy as its parent; a lossless save of a lossy parent is not new loss.
            lossy.push_back(spec.format == "copy" ? static_cast<bool>(lossy[parent])
                                                  : !lossless_save(spec) || lossy[parent]);
            Staged s = stage(it, p, c, "copy", made.back(), source);
            DedupeTruthFile& f = s.file;
            f.parent = parent == 0 && !it.original_present ? k_missing_original : pf.path;
            f.lineage = pf.lineage;
            f.lineage.push_back(lineage_entry(spec, made.back().how));
            f.lossy_generations = pf.lossy_generations + f.lineage.back().generations;
            f.severity = pf.severity + f.lineage.back().severity;
            f.pixels_kept = pixels_after(spec, pm.pixels.width(), pm.pixels.height(), pf.pixels_kept);
            f.pixels_kept = std::min(f.pixels_kept, static_cast<std::uint64_t>(f.width) * static_cast<std::uint64_t>(f.height));
            f.encoding = describe_save(spec);
            records.push_back(f);
            out.push_back(std::move(s));
        }
    }

    void picture(const PlanItem& it, int p, const Image& px, bool drawing, const std::string& source, Rng& rng,
                 std::vector<Staged>& out) const {
        const bool has_copies = it.type == ItemType::photo_group || it.type == ItemType::drawing_group || p == it.promoted;
        if (has_copies)
            group(it, p, px, drawing, source, rng, out);
        else
            distinct(it, p, px, drawing, source, rng, out);
    }

    void series(const PlanItem& it, const std::vector<Image>& imgs, bool drawing, const std::string& source, Rng& rng,
                std::vector<Staged>& out) const {
        for (int p = 0; p < it.pictures && p < static_cast<int>(imgs.size()); ++p)
            picture(it, p, imgs[static_cast<std::size_t>(p)], drawing, source + " #" + std::to_string(p + 1), rng, out);
    }

    static std::string region_name(const Source& s, const Rect& r) {
        char buf[96];
        std::snprintf(buf, sizeof buf, " region %dx%d+%d+%d", r.w, r.h, r.x, r.y);
        return s.path + buf;
    }

    std::vector<Staged> unit(const PlanUnit& u) const {
        std::vector<Staged> out;
        Image source;
        double scale = 1;
        if (u.source >= 0) {
            const Source& s = plan.sources[static_cast<std::size_t>(u.source)];
            // A JPEG is decoded reduced when every region still has max_side pixels to give.
            int smallest = std::max(s.width, s.height);
            for (const PlanItem& it : u.items) {
                const Rect& r = s.cells[static_cast<std::size_t>(it.cell)];
                smallest = std::min(smallest, std::max(r.w, r.h));
            }
            DecodeOptions d;
            while (d.scale_denom < 8 && smallest / (d.scale_denom * 2) >= o.max_side) d.scale_denom *= 2;
            source = to_rgb_on_white(decode_file(s.path, d).image.view());
            scale = static_cast<double>(source.width()) / s.width;
        }
        for (const PlanItem& it : u.items) {
            Rng rng(mix_seed(o.seed, 2, it.id));
            if (it.type == ItemType::broken) {
                Staged s;
                std::vector<std::uint8_t> bytes = broken_file(it.broken, rng, s.extension);
                s.file.path = "u" + std::to_string(it.id) + "-broken";
                s.file.role = "broken";
                s.file.broken = it.broken;
                s.file.bytes = bytes.size();
                write_file((fs::path(staging) / s.file.path).string(), bytes);
                out.push_back(std::move(s));
                continue;
            }
            std::string name;
            Image region;
            if (u.source >= 0) {
                const Source& s = plan.sources[static_cast<std::size_t>(u.source)];
                const Rect& r = s.cells[static_cast<std::size_t>(it.cell)];
                region = cut_region(source, r, scale, o.min_side, o.max_side, rng);
                name = region_name(s, r);
            }
            switch (it.type) {
                case ItemType::photo_group:
                case ItemType::photo_distinct: {
                    if (it.kind == "dark") region = darken(region, rng);
                    if (it.kind == "meme") region = make_meme(region, rng, o.fonts);
                    picture(it, 0, region, it.kind == "meme", name, rng, out);
                    break;
                }
                case ItemType::meme_series: series(it, meme_series(region, it.pictures, rng), true, name, rng, out); break;
                case ItemType::texture_series:
                    series(it, texture_series(region, it.pictures, sizes, rng), false, name, rng, out);
                    break;
                case ItemType::frame_series: series(it, frame_series(region, it.pictures, rng), false, name, rng, out); break;
                case ItemType::drawing_group:
                case ItemType::drawing_distinct:
                    picture(it, 0, make_drawing(it.synth, sizes, rng, o.fonts), true,
                            std::string("synth:") + degrade::synth_kind_name(it.synth), rng, out);
                    break;
                case ItemType::recolor_series:
                    series(it, recolor_series(it.synth, it.pictures, sizes, rng, o.fonts), true,
                           std::string("synth:") + degrade::synth_kind_name(it.synth) + " recoloured", rng, out);
                    break;
                case ItemType::flag_series: series(it, flag_series(it.pictures, sizes, rng), true, "flags", rng, out); break;
                case ItemType::broken: break;
            }
        }
        return out;
    }
};

// ---------------------------------------------------------------- neutral names

std::vector<std::string> make_folders(Rng& rng) {
    static const std::vector<std::string> top = {
        "2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "misc",
        "inbox", "old", "sorted", "new folder", "backup", "shared", "camera roll", "archive", "unsorted", "exports"};
    static const std::vector<std::string> sub = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
                                                 "11", "12", "a", "b", "c", "set 1", "set 2", "part 2", "more", "x"};
    std::set<std::string> seen;
    std::vector<std::string> out;
    while (out.size() < 40) {
        std::string f = rng.pick(top);
        const double r = rng.uniform01();
        if (r > 0.3) f += "/" + rng.pick(sub);
        if (r > 0.8) f += "/" + rng.pick(sub);
        if (seen.insert(f).second) out.push_back(f);
    }
    return out;
}

std::string stem(Rng& rng) {
    char buf[32];
    switch (rng.uniform_int(0, 7)) {
        case 0: std::snprintf(buf, sizeof buf, "IMG_%04d", rng.uniform_int(0, 9999)); break;
        case 1: std::snprintf(buf, sizeof buf, "DSC%05d", rng.uniform_int(0, 99999)); break;
        case 2: std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(rng.next() & 0xFFFFFFFFull)); break;
        case 3: std::snprintf(buf, sizeof buf, "image-%d", rng.uniform_int(1, 999)); break;
        case 4: std::snprintf(buf, sizeof buf, "P%07d", rng.uniform_int(0, 9999999)); break;
        case 5: std::snprintf(buf, sizeof buf, "%d", rng.uniform_int(10000, 999999)); break;
        case 6: std::snprintf(buf, sizeof buf, "pic %d", rng.uniform_int(1, 300)); break;
        default: std::snprintf(buf, sizeof buf, "file_%03d", rng.uniform_int(0, 999)); break;
    }
    return buf;
}

std::string extension(const std::string& format, Rng& rng) {
    if (format == "jpeg") {
        const double r = rng.uniform01();
        return r < 0.8 ? ".jpg" : r < 0.9 ? ".jpeg" : ".JPG";
    }
    if (format == "png") return rng.chance(0.95) ? ".png" : ".PNG";
    return "." + format;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

DedupeCollectionSummary make_dedupe_collection(const std::string& out_dir, const DedupeCollectionOptions& o) {
    const auto t0 = std::chrono::steady_clock::now();
    if (o.groups < 0 || o.distinct < 0 || o.broken < 0 || o.groups + o.distinct == 0)
        throw Error(Status::invalid_argument, "eval-dedupe: need groups >= 0, distinct >= 0 (not both 0), broken >= 0");
    if (o.min_side < 16 || o.max_side < o.min_side)
        throw Error(Status::invalid_argument, "eval-dedupe: need 16 <= min_side <= max_side");
    if (!(o.original_present >= 0 && o.original_present <= 1))
        throw Error(Status::invalid_argument, "eval-dedupe: original_present must be in [0, 1]");
    if (o.threads < 0) throw Error(Status::invalid_argument, "eval-dedupe: threads must be >= 0");
    std::error_code ec;
    if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec))
        throw Error(Status::invalid_argument, "eval-dedupe: '" + out_dir + "' is not empty (give a new folder)");
    const std::string staging = (fs::path(out_dir) / ".staging").string();
    fs::create_directories(staging, ec);
    if (ec) throw Error(Status::io_error, "eval-dedupe: cannot create '" + staging + "': " + ec.message());

    DedupeCollectionSummary summary;
    std::vector<Source> sources = find_sources(o, summary.sources_skipped);
    Plan plan = make_plan(o, std::move(sources));
    const std::shared_ptr<const DedupeCopier> copier = o.copier ? o.copier : pristine_copier();
    const Renderer renderer{plan, o, *copier, staging, {std::max(16, o.min_side * 3 / 4), std::max(16, o.max_side * 3 / 4)}};
    std::vector<std::vector<Staged>> staged(plan.units.size());
    BatchOptions batch{o.threads, {}, {}};
    if (o.progress) batch.progress = [&](const BatchProgress& p) { o.progress(p.done, p.total); };
    run_for_each(plan.units.size(), batch, [&](std::size_t i) { staged[i] = renderer.unit(plan.units[i]); });

    // Neutral names in a shuffled order, then the files moved to them.
    std::vector<Staged*> files;
    for (auto& u : staged)
        for (Staged& s : u) files.push_back(&s);
    Rng names(mix_seed(o.seed, 3, 0));
    const std::vector<std::string> folders = make_folders(names);
    for (std::size_t i = files.size(); i > 1; --i)
        std::swap(files[i - 1], files[static_cast<std::size_t>(names.uniform_int(0, static_cast<int>(i) - 1))]);
    std::map<std::string, std::string> final_path;
    std::set<std::string> taken;
    for (Staged* s : files) {
        const std::string ext = s->file.role == "broken" ? s->extension : extension(s->file.format, names);
        std::string path;
        do {
            path = names.pick(folders) + "/" + stem(names) + ext;
        } while (!taken.insert(lower(path)).second);
        const fs::path to = fs::path(out_dir) / path;
        fs::create_directories(to.parent_path(), ec);
        if (!ec) fs::rename(fs::path(staging) / s->file.path, to, ec);
        if (ec) throw Error(Status::io_error, "eval-dedupe: cannot write '" + to.string() + "': " + ec.message());
        final_path[s->file.path] = path;
        s->file.path = path;
    }
    fs::remove(staging, ec);

    DedupeTruth truth;
    truth.copies_by = copier->name();
    truth.seed = o.seed;
    for (const Source& s : plan.sources) truth.sources.push_back(s.path);
    for (Staged* s : files) {
        if (!s->file.parent.empty() && s->file.parent != k_missing_original) s->file.parent = final_path[s->file.parent];
        truth.files.push_back(std::move(s->file));
    }
    std::sort(truth.files.begin(), truth.files.end(),
              [](const DedupeTruthFile& a, const DedupeTruthFile& b) { return a.path < b.path; });
    std::map<std::string, std::vector<const DedupeTruthFile*>> by_picture;
    for (const DedupeTruthFile& f : truth.files)
        if (!f.picture.empty()) by_picture[f.picture].push_back(&f);
    std::map<std::string, std::vector<std::string>> series_pictures;
    for (const auto& [picture, members] : by_picture) {
        if (!members[0]->series.empty()) series_pictures[members[0]->series].push_back(picture);
        if (members.size() < 2) {
            ++summary.distinct;
            continue;
        }
        DedupeTruthGroup g;
        g.picture = picture;
        g.kind = members[0]->kind;
        g.original_present = false;
        for (const DedupeTruthFile* f : members) {
            g.members.push_back(f->path);
            g.original_present = g.original_present || f->role == "original";
        }
        for (std::size_t i : dedupe_best_copies(members)) g.best.push_back(members[i]->path);
        summary.group_files += members.size();
        if (!g.original_present) ++summary.originals_missing;
        truth.groups.push_back(std::move(g));
    }
    for (int s = 0; s < plan.series; ++s) {
        const std::string id = Renderer::series_id(s);
        truth.series.push_back({id, plan.series_kinds[static_cast<std::size_t>(s)], series_pictures[id]});
    }
    write_file((fs::path(out_dir) / "truth.json").string(), [&] {
        const std::string t = dedupe_truth_json(truth);
        return std::vector<std::uint8_t>(t.begin(), t.end());
    }());

    summary.files = truth.files.size();
    summary.groups = truth.groups.size();
    summary.broken = static_cast<std::size_t>(std::count_if(truth.files.begin(), truth.files.end(),
                                                            [](const DedupeTruthFile& f) { return f.role == "broken"; }));
    summary.series = truth.series.size();
    summary.sources_used = plan.sources.size();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return summary;
}

}  // namespace pristine::eval
