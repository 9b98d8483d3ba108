// `pristine eval-scorer`: measures a generation-loss model (or only the naive baselines) on held-out
// pictures — pair accuracy, top-1 in groups, the repeated-recompression experiment — and on groups
// made by other tools (--crosstool DIR), and prints markdown tables. docs/scorer_eval.md has the
// definitions and measured figures.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "image_files.hpp"
#include "pristine/lab/degrade.hpp"
#include "pristine/lab/eval_scorer.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/models/scorer.hpp"

namespace pristine::cli {

namespace {

struct EvalCliOptions {
    std::vector<std::string> images;
    std::string model;
    bool baselines_only = false;
    bool model_holdout = false;
    std::uint64_t seed = 1;
    double holdout = 0;
    int max_images = 0;
    int synth = 0;
    std::uint64_t synth_seed = 1000003;
    std::vector<std::string> fonts;
    std::string crosstool;
    std::string misses;
    int blocks = 0;
    int threads = 0;
    eval::EvalOptions eval;
};

std::string pct(const eval::Accuracy& a) {
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

/// KDE-style wallpapers hold one picture at several sizes (NAME/contents/images/WxH.jpg): keep the
/// largest file of each such folder, so one picture is not several sources.
std::vector<std::string> one_file_per_picture(const std::vector<std::string>& files) {
    std::map<std::string, std::pair<std::uintmax_t, std::string>> best;
    std::vector<std::string> out;
    for (const auto& f : files) {
        const std::size_t at = f.find("/contents/");
        if (at == std::string::npos) {
            out.push_back(f);
            continue;
        }
        std::error_code ec;
        const std::uintmax_t size = std::filesystem::file_size(f, ec);
        auto& slot = best[f.substr(0, at)];
        if (slot.second.empty() || size > slot.first) slot = {size, f};
    }
    for (const auto& [key, v] : best) out.push_back(v.second);
    std::sort(out.begin(), out.end());
    return out;
}

/// The validation files a model's training record lists ("validation_files"), so the evaluation
/// uses exactly the pictures the trainer held out.
std::vector<std::string> validation_files_of(const Scorer& scorer) {
    const auto rec = nlohmann::json::parse(scorer.model_info(), nullptr, false);
    const nlohmann::json* list = nullptr;
    if (!rec.is_discarded()) {
        if (rec.contains("validation_files")) list = &rec["validation_files"];
        else if (rec.contains("training") && rec["training"].contains("validation_files")) list = &rec["training"]["validation_files"];
    }
    if (list == nullptr || !list->is_array())
        throw Error(Status::invalid_argument, "--model-holdout: the model's record has no 'validation_files' list");
    std::vector<std::string> out;
    for (const auto& v : *list)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

/// Sources: decoded files (JPEG decoded at a reduced scale when that still leaves twice max_side)
/// plus synthetic originals.
std::vector<eval::SourceImage> load_sources(const EvalCliOptions& o, std::size_t& skipped) {
    std::vector<eval::SourceImage> out;
    std::vector<std::string> files;
    for (const auto& f : image_files(o.images))
        if (o.holdout <= 0 || eval::in_holdout(f, o.holdout)) files.push_back(f);
    files = one_file_per_picture(files);
    if (o.max_images > 0 && static_cast<int>(files.size()) > o.max_images) files.resize(static_cast<std::size_t>(o.max_images));
    for (const auto& f : files) {
        try {
            const ImageInfo info = probe_file(f);
            DecodeOptions d;
            const int long_side = std::max(info.width, info.height);
            while (info.format == Format::jpeg && d.scale_denom < 8 && long_side / (d.scale_denom * 2) >= 2 * o.eval.max_side)
                d.scale_denom *= 2;
            Decoded dec = decode_file(f, d);
            if (dec.image.width() < 32 || dec.image.height() < 32) throw Error(Status::invalid_argument, "smaller than 32x32");
            // Keep at most twice max_side (area filter): bounds memory, leaves room for the crops.
            if (std::max(dec.image.width(), dec.image.height()) > 2 * o.eval.max_side) {
                int w = 0, h = 0;
                degrade::fit_size(dec.image.width(), dec.image.height(), 2 * o.eval.max_side, w, h);
                degrade::ResizeOptions ro;
                ro.filter = degrade::ResizeFilter::area;
                dec.image = degrade::resize(dec.image.view(), w, h, ro);
            }
            out.push_back({f, std::move(dec.image)});
        } catch (const Error& e) {
            std::cerr << "pristine eval-scorer: skipping " << f << ": " << e.what() << '\n';
            ++skipped;
        }
    }
    std::vector<degrade::SynthFont> fonts;
    for (const auto& f : o.fonts) fonts.push_back({read_file(f)});
    const auto kinds = degrade::all_synth_kinds();
    for (int i = 0; i < o.synth; ++i) {
        degrade::Rng rng(o.synth_seed * 1000003ull + static_cast<std::uint64_t>(i));
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

void print_pairs_table(const std::string& title, const std::vector<eval::NamedScoreFn>& fns,
                       const std::vector<eval::GroupMetrics>& m) {
    // The two pair kinds first, then the per-child rows in name order.
    std::vector<std::string> labels;
    for (const char* kind : {"original vs copy", "copy vs copy of copy"})
        if (!m.empty() && m[0].pairs_by_label.count(kind)) labels.push_back(kind);
    std::set<std::string> rest;
    for (const auto& x : m)
        for (const auto& [l, a] : x.pairs_by_label)
            if (std::find(labels.begin(), labels.end(), l) == labels.end()) rest.insert(l);
    labels.insert(labels.end(), rest.begin(), rest.end());
    std::cout << "\n### " << title << "\n\n| pairs |";
    for (const auto& f : fns) std::cout << ' ' << f.name << " |";
    std::cout << "\n|---|";
    for (std::size_t i = 0; i < fns.size(); ++i) std::cout << "---:|";
    std::cout << "\n| **all** (" << (m.empty() ? 0 : m[0].pairs.total) << ") |";
    for (const auto& x : m) std::cout << " **" << pct(x.pairs) << "** |";
    std::cout << '\n';
    for (const auto& l : labels) {
        const auto it = m[0].pairs_by_label.find(l);
        std::cout << "| " << l << " (" << (it == m[0].pairs_by_label.end() ? 0 : it->second.total) << ") |";
        for (const auto& x : m) {
            const auto jt = x.pairs_by_label.find(l);
            std::cout << ' ' << (jt == x.pairs_by_label.end() ? "—" : pct(jt->second)) << " |";
        }
        std::cout << '\n';
    }
    std::cout << "| top-1 in groups (" << (m.empty() ? 0 : m[0].top1.total) << ") |";
    for (const auto& x : m) std::cout << ' ' << pct(x.top1) << " |";
    std::cout << '\n';
    for (std::size_t i = 0; i < m.size(); ++i)
        if (m[i].files_failed) std::cout << "\n" << fns[i].name << ": " << m[i].files_failed << " files failed to score\n";
}

// The first scorer's (the model's) misses of one set as TSV rows: set, source, parent score, child score,
// parent recipe, child recipe.
void write_misses(std::ofstream& out, const std::string& set, const std::vector<eval::GroupMetrics::Miss>& misses) {
    for (const auto& x : misses)
        out << set << '\t' << x.source << '\t' << num(x.parent_score, 5) << '\t' << num(x.child_score, 5) << '\t'
            << x.parent_recipe << '\t' << x.child_recipe << '\n';
}

// The model's Spearman figures split into photos and synthetic pictures (names "synth:..."): the two
// kinds of picture age differently under recompression.
void print_series_split(const std::vector<eval::GenerationSeries>& series, const eval::SeriesMetrics& m) {
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
    std::cout << "\nmodel by picture kind (mean / min / images):";
    for (const auto& [name, p] : {std::pair<const char*, const Part&>{"photos", photo}, {"synthetic", synth}})
        if (p.n) std::cout << ' ' << name << ' ' << num(p.sum / p.n) << " / " << num(p.min) << " / " << p.n << ';';
    std::cout << '\n';
}

int run_eval(EvalCliOptions o) {
    o.eval.threads = o.threads;
    std::vector<eval::NamedScoreFn> fns;
    std::shared_ptr<Scorer> scorer;
    if (!o.baselines_only) {
        ScorerOptions so;
        so.threads = 1;  // the evaluation runs files in parallel; one libtorch thread each
        so.blocks = o.blocks;
        scorer = std::make_shared<Scorer>(o.model.empty() ? Scorer::load_default(so) : Scorer::load(o.model, so));
        fns.push_back({"model", [scorer](const std::vector<std::uint8_t>& b) { return scorer->score_memory(b.data(), b.size()); }});
    }
    for (auto& b : eval::naive_baselines()) fns.push_back(std::move(b));

    const auto t0 = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    if (o.model_holdout) {
        if (!scorer) throw Error(Status::invalid_argument, "--model-holdout needs a model (not --baselines-only)");
        const auto files = validation_files_of(*scorer);
        o.images.insert(o.images.end(), files.begin(), files.end());
    }
    std::ofstream misses;
    if (!o.misses.empty()) {
        misses.open(o.misses);
        if (!misses) throw Error(Status::io_error, "cannot write '" + o.misses + "'");
        misses << "set\tsource\tparent_score\tchild_score\tparent_recipe\tchild_recipe\n";
    }
    std::size_t skipped = 0;
    const std::vector<eval::SourceImage> sources = load_sources(o, skipped);
    std::cout << "# Scorer evaluation\n\n";
    std::cout << "scorers: ";
    for (std::size_t i = 0; i < fns.size(); ++i) std::cout << (i ? ", " : "") << fns[i].name;
    if (scorer) std::cout << " (model: " << (o.model.empty() ? Scorer::default_model_path() : o.model) << ")";
    std::cout << "\nseed " << o.eval.seed << "; sources: " << sources.size() << " pictures (" << o.synth << " synthetic";
    if (o.holdout > 0) std::cout << ", files with in_holdout(name, " << o.holdout << ")";
    std::cout << ", " << skipped << " skipped); originals: random crop 60–100%, long side <= " << o.eval.max_side << " px\n";

    if (!sources.empty()) {
        const auto pairs = eval::make_pair_set(sources, o.eval);
        const auto groups = eval::make_group_set(sources, o.eval);
        const auto series = eval::make_generation_series(sources, o.eval);
        std::cerr << "pristine eval-scorer: sets generated in " << num(seconds(), 1) << " s\n";
        std::vector<eval::GroupMetrics> pm, gm;
        std::vector<eval::SeriesMetrics> sm;
        for (const auto& f : fns) {
            pm.push_back(eval::evaluate_groups(pairs, f.score, o.threads));
            gm.push_back(eval::evaluate_groups(groups, f.score, o.threads));
            sm.push_back(eval::evaluate_series(series, f.score, o.threads));
            std::cerr << "pristine eval-scorer: scored with " << f.name << " (" << num(seconds(), 1) << " s)\n";
        }
        // Pair table from the pair set, with the top-1 row taken from the group set.
        for (std::size_t i = 0; i < pm.size(); ++i) pm[i].top1 = gm[i].top1;
        if (misses.is_open()) {
            write_misses(misses, "pairs", pm[0].misses);
            write_misses(misses, "groups", gm[0].misses);
            write_misses(misses, "generation", sm[0].misses);
        }
        print_pairs_table("Generated pairs (pristine::degrade chains) and top-1 in groups of the original + " +
                              std::to_string(o.eval.group_min_copies) + "–" + std::to_string(o.eval.group_max_copies) + " copies",
                          fns, pm);
        std::cout << "\n### Generation loss: JPEG q" << o.eval.generation_quality
                  << " 4:2:0 with a 90° turn per round, Spearman(iteration, score) per image\n\n"
                  << "| scorer | mean | min | images |\n|---|---:|---:|---:|\n";
        for (std::size_t i = 0; i < fns.size(); ++i)
            std::cout << "| " << fns[i].name << " | " << num(sm[i].spearman_mean) << " | " << num(sm[i].spearman_min)
                      << " | " << sm[i].images << " |\n";
        print_series_split(series, sm[0]);
        std::cout << "\niterations:";
        for (int it : series.empty() ? std::vector<int>{} : series[0].iterations) std::cout << ' ' << it;
        std::cout << "\n\nmean score minus the score at iteration 0, per iteration (" << fns[0].name << "):";
        for (double d : sm[0].mean_score_delta) std::cout << ' ' << num(d, 3);
        std::cout << std::endl;
    }
    if (!o.crosstool.empty()) {
        const auto groups = eval::load_group_folder(o.crosstool);
        std::vector<eval::GroupMetrics> cm;
        for (const auto& f : fns) cm.push_back(eval::evaluate_groups(groups, f.score, o.threads));
        if (misses.is_open()) write_misses(misses, "crosstool", cm[0].misses);
        print_pairs_table("Copies made by other tools (" + std::to_string(groups.size()) + " groups; pairs are (parent, child), "
                              "rows 'child: …' by the tool step that made the child)",
                          fns, cm);
    }
    std::cerr << "pristine eval-scorer: done in " << num(seconds(), 1) << " s\n";
    return k_exit_ok;
}

}  // namespace

RunFn register_eval_scorer(CLI::App& sub) {
    auto o = std::make_shared<EvalCliOptions>();
    sub.add_option("--images", o->images, "Held-out source pictures: files or folders (never the training ones)")
        ->expected(0, -1);
    sub.add_option("--model", o->model, "Model file (default: the shipped model)");
    sub.add_flag("--baselines-only", o->baselines_only, "Only the naive baselines (no model needed)");
    sub.add_option("--seed", o->eval.seed, "Seed of the generated sets")->capture_default_str();
    sub.add_option("--pairs", o->eval.pairs, "Generated pairs (half original/copy, half copy/copy of copy)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000000));
    sub.add_option("--groups", o->eval.groups, "Generated groups for top-1")->capture_default_str()->check(CLI::Range(0, 1000000));
    sub.add_option("--generation-images", o->eval.generation_images, "Images of the recompression experiment")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    sub.add_option("--iterations", o->eval.generation_iterations, "Checkpoints of the recompression experiment")
        ->capture_default_str();
    sub.add_option("--max-side", o->eval.max_side, "Longest side of the generated originals")->capture_default_str()->check(CLI::Range(16, 8192));
    sub.add_option("--holdout", o->holdout,
                   "Use only files with in_holdout(name, F) (FNV-1a of the base name; see eval_scorer.hpp)")
        ->check(CLI::Range(0.0, 1.0));
    sub.add_flag("--model-holdout", o->model_holdout,
                 "Add the source files the model's trainer held out for validation (its record's validation_files)");
    sub.add_option("--max-images", o->max_images, "At most this many files (after --holdout)")->check(CLI::NonNegativeNumber);
    sub.add_option("--synth", o->synth, "Add this many synthetic originals (drawings, comics, text, UI...)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    sub.add_option("--synth-seed", o->synth_seed, "Seed of the synthetic originals (use another than training's)")
        ->capture_default_str();
    sub.add_option("--font", o->fonts, "TrueType font(s) for the synthetic originals' text");
    sub.add_option("--crosstool", o->crosstool, "A folder of groups made by other tools (scripts/make-crosstool-set.sh)");
    sub.add_option("--blocks", o->blocks, "Blocks the model samples per image (0 = the model's own)")
        ->capture_default_str()
        ->check(CLI::Range(0, 4096));
    sub.add_option("--misses", o->misses,
                   "Write the first scorer's wrongly ordered pairs (recipes and scores; generation-loss checkpoints\n"
                   "not in order as rounds(N)) to this TSV file");
    sub.add_option("--threads", o->threads, "Worker threads (0 = all cores)")->capture_default_str()->check(CLI::NonNegativeNumber);
    sub.footer("Prints markdown tables on stdout, progress on stderr. Lower score = closer to the original; a tie\n"
               "counts half. Exit code: 0 ok, 1 failed, 2 usage error.");
    return [o] {
        if (o->images.empty() && o->synth == 0 && o->crosstool.empty() && !o->model_holdout) {
            std::cerr << "pristine eval-scorer: give --images, --model-holdout, --synth or --crosstool\n";
            return static_cast<int>(k_exit_usage);
        }
        return run_eval(*o);
    };
}

}  // namespace pristine::cli
