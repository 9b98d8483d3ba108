// The scorer evaluation as one job, and its markdown report (see pristine/lab/eval_scorer_run.hpp).
#include "pristine/lab/eval_scorer_run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "pristine/io/collection.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/lab/degrade.hpp"

namespace pristine::eval {

namespace {

std::string pct(const Accuracy& a) {
    if (a.total == 0) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * a.value());
    return buf;
}

std::string num(double v, int digits = 3) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

void log(const ScorerEvalJob& job, const std::string& line) {
    if (job.log) job.log(line);
}

// The source files the job keeps: held out, one per picture (path order), at most max_images.
std::vector<std::string> source_files(const ScorerEvalJob& job) {
    std::vector<std::string> held_out;
    for (const auto& f : job.files)
        if (job.holdout <= 0 || in_holdout(f, job.holdout)) held_out.push_back(f);
    std::vector<std::string> files;
    for (PictureFile& p : one_file_per_picture(held_out)) files.push_back(std::move(p.path));
    std::sort(files.begin(), files.end());
    if (job.max_images > 0 && static_cast<int>(files.size()) > job.max_images)
        files.resize(static_cast<std::size_t>(job.max_images));
    return files;
}

// A source file decoded (JPEG at a reduced scale when that still leaves twice max_side) and shrunk to
// at most twice max_side (area filter): bounds memory, leaves room for the crops.
Image load_source(const std::string& f, int max_side) {
    const ImageInfo info = probe_file(f);
    DecodeOptions d;
    const int long_side = std::max(info.width, info.height);
    while (info.format == Format::jpeg && d.scale_denom < 8 && long_side / (d.scale_denom * 2) >= 2 * max_side)
        d.scale_denom *= 2;
    Decoded dec = decode_file(f, d);
    if (dec.image.width() < 32 || dec.image.height() < 32) throw Error(Status::invalid_argument, "smaller than 32x32");
    if (std::max(dec.image.width(), dec.image.height()) > 2 * max_side) {
        int w = 0, h = 0;
        degrade::fit_size(dec.image.width(), dec.image.height(), 2 * max_side, w, h);
        degrade::ResizeOptions ro;
        ro.filter = degrade::ResizeFilter::area;
        dec.image = degrade::resize(dec.image.view(), w, h, ro);
    }
    return std::move(dec.image);
}

// Sources: the decoded files, then the synthetic originals.
std::vector<SourceImage> load_sources(const ScorerEvalJob& job, std::size_t& skipped) {
    std::vector<SourceImage> out;
    for (const auto& f : source_files(job)) {
        try {
            out.push_back({f, load_source(f, job.eval.max_side)});
        } catch (const Error& e) {
            log(job, "skipping " + f + ": " + e.what());
            ++skipped;
        }
    }
    std::vector<degrade::SynthFont> fonts;
    for (const auto& f : job.fonts) fonts.push_back({read_file(f)});
    const auto kinds = degrade::all_synth_kinds();
    for (int i = 0; i < job.synth; ++i) {
        degrade::Rng rng(job.synth_seed * 1000003ull + static_cast<std::uint64_t>(i));
        const degrade::SynthKind kind = kinds[static_cast<std::size_t>(i) % kinds.size()];
        const degrade::SynthFont no_font;
        const degrade::SynthFont& font = fonts.empty() || rng.chance(0.25)
                                             ? no_font
                                             : fonts[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(fonts.size()) - 1))];
        const int w = rng.uniform_int(480, 1024), h = rng.uniform_int(480, 1024);
        out.push_back({std::string("synth:") + degrade::synth_kind_name(kind) + ":" + std::to_string(i),
                       degrade::synth_image(kind, w, h, rng, font)});
    }
    return out;
}

void pairs_table(std::ostream& out, const std::string& title, const std::vector<NamedScoreFn>& fns,
                 const std::vector<GroupMetrics>& m) {
    // The two pair kinds first, then the per-child rows in name order.
    std::vector<std::string> labels;
    for (const char* kind : {"original vs copy", "copy vs copy of copy"})
        if (!m.empty() && m[0].pairs_by_label.count(kind)) labels.push_back(kind);
    std::set<std::string> rest;
    for (const auto& x : m)
        for (const auto& [l, a] : x.pairs_by_label)
            if (std::find(labels.begin(), labels.end(), l) == labels.end()) rest.insert(l);
    labels.insert(labels.end(), rest.begin(), rest.end());
    out << "\n### " << title << "\n\n| pairs |";
    for (const auto& f : fns) out << ' ' << f.name << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < fns.size(); ++i) out << "---:|";
    out << "\n| **all** (" << (m.empty() ? 0 : m[0].pairs.total) << ") |";
    for (const auto& x : m) out << " **" << pct(x.pairs) << "** |";
    out << '\n';
    for (const auto& l : labels) {
        const auto it = m[0].pairs_by_label.find(l);
        out << "| " << l << " (" << (it == m[0].pairs_by_label.end() ? 0 : it->second.total) << ") |";
        for (const auto& x : m) {
            const auto jt = x.pairs_by_label.find(l);
            out << ' ' << (jt == x.pairs_by_label.end() ? "—" : pct(jt->second)) << " |";
        }
        out << '\n';
    }
    out << "| top-1 in groups (" << (m.empty() ? 0 : m[0].top1.total) << ") |";
    for (const auto& x : m) out << ' ' << pct(x.top1) << " |";
    out << '\n';
    for (std::size_t i = 0; i < m.size(); ++i)
        if (m[i].files_failed) out << "\n" << fns[i].name << ": " << m[i].files_failed << " files failed to score\n";
}

// Group rankings side by side: every (ancestor, descendant) pair, by kind, top-1 and parent accuracy.
void trees_table(std::ostream& out, const std::string& title, const std::vector<NamedRankGroupFn>& fns,
                 const std::vector<TreeMetrics>& m) {
    out << "\n### " << title << "\n\n| |";
    for (const auto& f : fns) out << ' ' << f.name << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < fns.size(); ++i) out << "---:|";
    const auto row = [&](const std::string& name, const std::function<const Accuracy*(const TreeMetrics&)>& pick) {
        const Accuracy* first = m.empty() ? nullptr : pick(m[0]);
        out << "\n| " << name << " (" << (first ? first->total : 0) << ") |";
        for (const auto& x : m) {
            const Accuracy* a = pick(x);
            out << ' ' << (a ? pct(*a) : "—") << " |";
        }
    };
    row("**ancestor placed first, all pairs**", [](const TreeMetrics& x) { return &x.pairs; });
    for (const char* kind : {"original vs copy", "copy vs copy of copy", "2+ generations apart"})
        row(kind, [kind](const TreeMetrics& x) -> const Accuracy* {
            const auto it = x.pairs_by_kind.find(kind);
            return it == x.pairs_by_kind.end() ? nullptr : &it->second;
        });
    row("top-1: the original first", [](const TreeMetrics& x) { return &x.top1; });
    row("parent: the copy it was made from", [](const TreeMetrics& x) { return x.parent.total ? &x.parent : nullptr; });
    out << '\n';
    for (std::size_t i = 0; i < m.size(); ++i)
        if (m[i].groups_failed) out << "\n" << fns[i].name << ": " << m[i].groups_failed << " groups failed to rank\n";
}

// Every group ranking of the job and then every scorer as one, on `groups`.
void rank_whole_groups(std::ostream& out, const ScorerEvalJob& job, const std::vector<EvalGroup>& groups,
                       const std::string& title, const std::function<double()>& seconds) {
    std::vector<NamedRankGroupFn> fns = job.rankers;
    for (const auto& f : job.scorers) fns.push_back(ranking_by_scores(f));
    std::vector<TreeMetrics> m;
    for (const auto& f : fns) {
        m.push_back(evaluate_trees(groups, f.rank, "", job.eval.seed));
        log(job, "ranked whole groups with " + f.name + " (" + num(seconds(), 1) + " s)");
    }
    trees_table(out, title, fns, m);
}

// The first scorer's misses of one set as TSV rows: set, source, parent score, child score, parent
// recipe, child recipe.
void misses_rows(std::ostream& out, const std::string& set, const std::vector<GroupMetrics::Miss>& misses) {
    for (const auto& x : misses)
        out << set << '\t' << x.source << '\t' << num(x.parent_score, 5) << '\t' << num(x.child_score, 5) << '\t'
            << x.parent_recipe << '\t' << x.child_recipe << '\n';
}

// The first scorer's Spearman figures split into photos and synthetic pictures (names "synth:..."):
// the two kinds of picture age differently under recompression.
void series_split(std::ostream& out, const std::vector<GenerationSeries>& series, const SeriesMetrics& m) {
    struct Part {
        double sum = 0, min = 1;
        int n = 0;
    } photo, synth;
    for (std::size_t i = 0; i < series.size() && i < m.spearman_per_image.size(); ++i) {
        Part& p = series[i].source.rfind("synth:", 0) == 0 ? synth : photo;
        p.sum += m.spearman_per_image[i];
        p.min = std::min(p.min, m.spearman_per_image[i]);
        ++p.n;
    }
    out << "\nmodel by picture kind (mean / min / images):";
    for (const auto& [name, p] : {std::pair<const char*, const Part&>{"photos", photo}, {"synthetic", synth}})
        if (p.n) out << ' ' << name << ' ' << num(p.sum / p.n) << " / " << num(p.min) << " / " << p.n << ';';
    out << '\n';
}

void generated_sets(std::ostream& out, std::ostream& misses, const ScorerEvalJob& job,
                    const std::vector<SourceImage>& sources, const std::function<double()>& seconds) {
    const auto& fns = job.scorers;
    const int threads = job.eval.threads;
    const auto pairs = make_pair_set(sources, job.eval);
    const auto groups = make_group_set(sources, job.eval);
    const auto series = make_generation_series(sources, job.eval);
    log(job, "sets generated in " + num(seconds(), 1) + " s");
    std::vector<GroupMetrics> pm, gm;
    std::vector<SeriesMetrics> sm;
    for (const auto& f : fns) {
        pm.push_back(evaluate_groups(pairs, f.score, threads));
        gm.push_back(evaluate_groups(groups, f.score, threads));
        sm.push_back(evaluate_series(series, f.score, threads));
        log(job, "scored with " + f.name + " (" + num(seconds(), 1) + " s)");
    }
    // Pair table from the pair set, with the top-1 row taken from the group set.
    for (std::size_t i = 0; i < pm.size(); ++i) pm[i].top1 = gm[i].top1;
    misses_rows(misses, "pairs", pm[0].misses);
    misses_rows(misses, "groups", gm[0].misses);
    misses_rows(misses, "generation", sm[0].misses);
    pairs_table(out,
                "Generated pairs (pristine::degrade chains) and top-1 in groups of the original + " +
                    std::to_string(job.eval.group_min_copies) + "–" + std::to_string(job.eval.group_max_copies) +
                    " copies",
                fns, pm);
    out << "\n### Generation loss: JPEG q" << job.eval.generation_quality
        << " 4:2:0 with a 90° turn per round, Spearman(iteration, score) per image\n\n"
        << "| scorer | mean | min | images |\n|---|---:|---:|---:|\n";
    for (std::size_t i = 0; i < fns.size(); ++i)
        out << "| " << fns[i].name << " | " << num(sm[i].spearman_mean) << " | " << num(sm[i].spearman_min) << " | "
            << sm[i].images << " |\n";
    series_split(out, series, sm[0]);
    out << "\niterations:";
    for (int it : series.empty() ? std::vector<int>{} : series[0].iterations) out << ' ' << it;
    out << "\n\nmean score minus the score at iteration 0, per iteration (" << fns[0].name << "):";
    for (double d : sm[0].mean_score_delta) out << ' ' << num(d, 3);
    out << '\n';
    if (!job.rankers.empty())
        rank_whole_groups(out, job, groups,
                          "Whole groups ranked (the group set: " + std::to_string(groups.size()) +
                              " trees of the original + " + std::to_string(job.eval.group_min_copies) + "–" +
                              std::to_string(job.eval.group_max_copies) + " copies)",
                          seconds);
}

}  // namespace

ScorerEvalReport run_scorer_evaluation(const ScorerEvalJob& job) {
    if (job.scorers.empty()) throw Error(Status::invalid_argument, "run_scorer_evaluation: no scorer given");
    const auto t0 = std::chrono::steady_clock::now();
    const std::function<double()> seconds = [t0] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    std::ostringstream out, misses;
    misses << "set\tsource\tparent_score\tchild_score\tparent_recipe\tchild_recipe\n";
    std::size_t skipped = 0;
    const std::vector<SourceImage> sources = load_sources(job, skipped);
    out << "# Scorer evaluation\n\n";
    out << "scorers: ";
    for (std::size_t i = 0; i < job.scorers.size(); ++i) out << (i ? ", " : "") << job.scorers[i].name;
    if (!job.model.empty()) out << " (model: " << job.model << ")";
    out << "\nseed " << job.eval.seed << "; sources: " << sources.size() << " pictures (" << job.synth << " synthetic";
    if (job.holdout > 0) out << ", files with in_holdout(name, " << job.holdout << ")";
    out << ", " << skipped << " skipped); originals: random crop 60–100%, long side <= " << job.eval.max_side << " px\n";

    if (!sources.empty()) generated_sets(out, misses, job, sources, seconds);
    if (!job.crosstool.empty()) {
        const auto groups = load_group_folder(job.crosstool);
        std::vector<GroupMetrics> cm;
        for (const auto& f : job.scorers) cm.push_back(evaluate_groups(groups, f.score, job.eval.threads));
        misses_rows(misses, "crosstool", cm[0].misses);
        pairs_table(out,
                    "Copies made by other tools (" + std::to_string(groups.size()) +
                        " groups; pairs are (parent, child), rows 'child: …' by the tool step that made the child)",
                    job.scorers, cm);
        if (!job.rankers.empty())
            rank_whole_groups(out, job, groups,
                              "Whole groups ranked (copies made by other tools: " + std::to_string(groups.size()) + " trees)",
                              seconds);
    }
    log(job, "done in " + num(seconds(), 1) + " s");
    return {out.str(), misses.str()};
}

std::vector<std::string> model_validation_files(const std::string& model_info) {
    const auto rec = nlohmann::json::parse(model_info, nullptr, false);
    const nlohmann::json* list = nullptr;
    if (!rec.is_discarded()) {
        if (rec.contains("validation_files")) list = &rec["validation_files"];
        else if (rec.contains("training") && rec["training"].contains("validation_files"))
            list = &rec["training"]["validation_files"];
    }
    if (list == nullptr || !list->is_array())
        throw Error(Status::invalid_argument, "--model-holdout: the model's record has no 'validation_files' list");
    std::vector<std::string> out;
    for (const auto& v : *list)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

}  // namespace pristine::eval
