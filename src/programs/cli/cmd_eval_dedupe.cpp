// `pristine eval-dedupe make-collection|score`: builds a test collection for duplicate finding with its
// ground truth (planted groups of copies, look-alike distinct pictures, broken files), and scores a
// dedupe report against that truth. The jobs are pristine::eval::make_dedupe_collection and
// score_dedupe; docs/dedupe-eval.md has the definitions.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "eval_dedupe_tools.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/lab/eval_dedupe.hpp"
#include "pristine/lab/eval_dedupe_score.hpp"
#ifdef PRISTINE_LAB_WITH_MODELS
#include "pristine/lab/eval_scorer_run.hpp"
#include "pristine/models/scorer.hpp"
#endif

namespace pristine::cli {

namespace {

namespace fs = std::filesystem;

// The development image packages (scripts/install-eval-data.sh), as the trainer uses them.
const char* const k_package_folders[] = {
    "/usr/share/backgrounds", "/usr/share/wallpapers", "/usr/share/lomiri/wallpapers",
    "/usr/lib/python3/dist-packages/skimage/data", "/usr/share/doc/opencv-doc/examples/data",
};

#ifdef PRISTINE_LAB_WITH_MODELS
const char* const k_default_holdout = "exclude";
#else
const char* const k_default_holdout = "ignore";
#endif

struct MakeOptions {
    std::string out;
    std::vector<std::string> sources, exclude, fonts;
    std::string holdout = k_default_holdout;
    std::string model;
    std::string copies_by = "pristine";
    std::string convert = "/usr/bin/convert";
    eval::DedupeCollectionOptions job;
};

struct ScoreOptions {
    std::string truth, report, json, markdown;
    eval::DedupeScoreOptions job;
};

// The pictures a model's trainer held out for validation.
std::vector<std::string> model_holdout(const std::string& model) {
#ifdef PRISTINE_LAB_WITH_MODELS
    ScorerOptions so;
    so.threads = 1;
    const Scorer scorer = model.empty() ? Scorer::load_default(so) : Scorer::load(model, so);
    return eval::model_validation_files(scorer.model_info());
#else
    (void)model;
    throw Error(Status::unavailable, "--model-holdout needs a build with the models; use --exclude or --model-holdout ignore");
#endif
}

int run_make(MakeOptions o) {
    eval::DedupeCollectionOptions& job = o.job;
    if (o.sources.empty())
        for (const char* d : k_package_folders)
            if (fs::is_directory(d)) o.sources.emplace_back(d);
    job.sources = o.sources;
    job.exclude = o.exclude;
    if (o.holdout != "ignore") {
        const std::vector<std::string> held = model_holdout(o.model);
        if (o.holdout == "exclude")
            job.exclude.insert(job.exclude.end(), held.begin(), held.end());
        else
            job.sources = held;
        std::cerr << "pristine eval-dedupe: " << (o.holdout == "exclude" ? "leaving out " : "using only ") << held.size()
                  << " pictures the model held out for validation\n";
    }
    for (const auto& f : o.fonts) job.fonts.push_back(read_file(f));
    if (o.copies_by == "tools") job.copier = make_tool_copier(o.convert);
    job.log = [](const std::string& line) { std::cerr << "pristine eval-dedupe: " << line << '\n'; };
    std::size_t last_tenth = 0;
    job.progress = [&last_tenth](std::size_t done, std::size_t total) {
        const std::size_t tenth = total ? done * 10 / total : 10;
        if (tenth > last_tenth) {
            last_tenth = tenth;
            std::cerr << "pristine eval-dedupe: " << done << " / " << total << " units made\n";
        }
    };
    const eval::DedupeCollectionSummary s = eval::make_dedupe_collection(o.out, job);
    write_json_line(Json{{"truth", (fs::path(o.out) / "truth.json").string()},
                         {"files", s.files},
                         {"groups", s.groups},
                         {"group_files", s.group_files},
                         {"originals_missing", s.originals_missing},
                         {"distinct", s.distinct},
                         {"series", s.series},
                         {"broken", s.broken},
                         {"sources_used", s.sources_used},
                         {"sources_skipped", s.sources_skipped},
                         {"copies_by", o.copies_by},
                         {"seconds", s.seconds}});
    return k_exit_ok;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw Error(Status::io_error, "cannot write '" + path + "'");
}

int run_score(const ScoreOptions& o) {
    const eval::DedupeTruth truth = eval::read_dedupe_truth(o.truth);
    const eval::DedupeReport report = eval::read_dedupe_report(o.report);
    const eval::DedupeScore score = eval::score_dedupe(truth, report, o.job);
    const std::string md = eval::dedupe_score_markdown(score);
    std::cout << md << std::flush;
    if (!o.markdown.empty()) write_text(o.markdown, md);
    if (!o.json.empty()) write_text(o.json, eval::dedupe_score_json(score));
    return k_exit_ok;
}

void add_make_options(CLI::App& sub, const std::shared_ptr<MakeOptions>& o) {
    sub.add_option("--out", o->out, "Folder to create (must be new or empty): the files and truth.json")->required();
    sub.add_option("--sources", o->sources,
                   "Source photos: files or folders (default: the development image packages that are installed)")
        ->expected(1, -1);
    sub.add_option("--exclude", o->exclude, "Files or folders whose pictures are left out of the sources")->expected(1, -1);
    sub.add_option("--model-holdout", o->holdout,
                   "exclude: leave out the pictures the model held out for validation (the development side);\n"
                   "only: use just those (a held-out collection); ignore")
        ->capture_default_str()
        ->check(CLI::IsMember({"exclude", "only", "ignore"}));
    sub.add_option("--model", o->model, "Model whose held-out pictures --model-holdout means (default: the shipped one)");
    sub.add_option("--groups", o->job.groups, "Planted groups of 2..7 copies")->capture_default_str()->check(CLI::Range(0, 1000000));
    sub.add_option("--distinct", o->job.distinct, "Distinct pictures, hard negatives included")
        ->capture_default_str()
        ->check(CLI::Range(0, 10000000));
    sub.add_option("--broken", o->job.broken, "Broken files")->capture_default_str()->check(CLI::Range(0, 1000));
    sub.add_option("--seed", o->job.seed, "Seed (the same seed, options and tools give the same collection)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--original-present", o->job.original_present, "Chance that a group holds its original")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    sub.add_option("--min-side", o->job.min_side, "Photo regions: smallest long side (never enlarged)")
        ->capture_default_str()
        ->check(CLI::Range(16, 8192));
    sub.add_option("--max-side", o->job.max_side, "Photo regions: largest long side")->capture_default_str()->check(CLI::Range(16, 8192));
    sub.add_option("--min-region", o->job.min_region,
                   "Cut regions from a grid of cells of at least about this many pixels; when the sources cannot\n"
                   "give enough, plain photos become drawings")
        ->capture_default_str()
        ->check(CLI::Range(16, 8192));
    sub.add_option("--font", o->fonts, "TrueType font(s) for synthetic text, e.g. /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    sub.add_option("--copies-by", o->copies_by,
                   "pristine: pristine's own encoders and resamplers; tools: ImageMagick, cjpeg, cwebp, gifsicle, pngquant")
        ->capture_default_str()
        ->check(CLI::IsMember({"pristine", "tools"}));
    sub.add_option("--convert", o->convert, "ImageMagick's convert for --copies-by tools")->capture_default_str();
    add_threads_option(sub, o->job.threads);
    sub.footer("Prints one JSON line of counts; progress and left-out sources on stderr. Exit code: 0 ok, 1 failed,\n"
               "2 usage error.");
}

void add_score_options(CLI::App& sub, const std::shared_ptr<ScoreOptions>& o) {
    sub.add_option("--truth", o->truth, "The collection's truth.json")->required();
    sub.add_option("--report", o->report, "The dedupe report (JSON of `pristine dedupe --out`)")->required();
    sub.add_option("--root", o->job.root,
                   "Prefix of the report's paths that stands for the collection folder (default: match the longest\n"
                   "trailing part of each path that names a truth file)");
    sub.add_option("--json", o->json, "Also write the figures as JSON to this file");
    sub.add_option("--markdown", o->markdown, "Also write the tables to this file");
    sub.add_option("--examples", o->job.examples, "Examples per list")->capture_default_str()->check(CLI::Range(0, 1000));
    sub.footer("Prints markdown tables on stdout. Exit code: 0 ok, 1 failed, 2 usage error.");
}

}  // namespace

RunFn register_eval_dedupe(CLI::App& sub) {
    auto make = std::make_shared<MakeOptions>();
    auto score = std::make_shared<ScoreOptions>();
    CLI::App* m = sub.add_subcommand("make-collection", "Build a test collection with its ground truth (truth.json)");
    CLI::App* s = sub.add_subcommand("score", "Score a dedupe report against a collection's truth.json");
    add_make_options(*m, make);
    add_score_options(*s, score);
    sub.require_subcommand(1);
    return [m, make, score] { return m->parsed() ? run_make(*make) : run_score(*score); };
}

}  // namespace pristine::cli
