// `pristine eval-scorer`: measures a generation-loss model (or only the naive baselines) on held-out
// pictures — pair accuracy, top-1 in groups, the repeated-recompression experiment — and on groups
// made by other tools (--crosstool DIR), and prints markdown tables. docs/scorer_eval.md has the
// definitions and measured figures; the job and its report are pristine::eval::run_scorer_evaluation.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "pristine/lab/eval_scorer_run.hpp"
#include "pristine/models/dedupe.hpp"
#include "pristine/models/scorer.hpp"

namespace pristine::cli {

namespace {

struct EvalCliOptions {
    std::vector<std::string> images;
    std::string model;
    bool baselines_only = false;
    bool model_holdout = false;
    bool whole_groups = false;
    std::string misses;
    int blocks = 0;
    eval::ScorerEvalJob job;
};

// The dedupe job's ranking of one group (rank_copies) as an evaluated group ranking: places from the
// ranks (identical pixels share one), parents from the derivation tree; unreadable files last.
eval::NamedRankGroupFn group_ranking(const std::string& name, const std::string& model, RankBy by, int threads) {
    return {name, [model, by, threads](const std::vector<std::string>& paths) {
                DedupeOptions o;
                o.model = model;
                o.rank_by = by;
                BatchOptions batch;
                batch.threads = threads;
                const RankedCopies ranked = rank_copies(paths, o, batch);
                eval::GroupRanking r;
                r.position.assign(paths.size(), static_cast<int>(paths.size()));
                r.parent.assign(paths.size(), -1);
                const auto index = [&](const std::string& p) {
                    return static_cast<int>(std::find(paths.begin(), paths.end(), p) - paths.begin());
                };
                for (const DedupeMember& m : ranked.group.members) {
                    const int i = index(m.path);
                    r.position[static_cast<std::size_t>(i)] = m.rank - 1;
                    if (!m.parent.empty()) r.parent[static_cast<std::size_t>(i)] = index(m.parent);
                }
                return r;
            }};
}

int run_eval(EvalCliOptions o) {
    eval::ScorerEvalJob& job = o.job;
    if (!o.baselines_only) {
        ScorerOptions so;
        so.threads = 1;  // the evaluation runs files in parallel; one libtorch thread each
        so.blocks = o.blocks;
        auto scorer = std::make_shared<Scorer>(o.model.empty() ? Scorer::load_default(so) : Scorer::load(o.model, so));
        job.scorers.push_back(
            {"model", [scorer](const std::vector<std::uint8_t>& b) { return scorer->score_memory(b.data(), b.size()); }});
        job.model = o.model.empty() ? Scorer::default_model_path() : o.model;
        if (o.model_holdout) {
            const auto files = eval::model_validation_files(scorer->model_info());
            o.images.insert(o.images.end(), files.begin(), files.end());
        }
    } else if (o.model_holdout) {
        throw Error(Status::invalid_argument, "--model-holdout needs a model (not --baselines-only)");
    }
    for (auto& b : eval::naive_baselines()) job.scorers.push_back(std::move(b));
    if (o.whole_groups) {
        if (o.baselines_only) throw Error(Status::invalid_argument, "--whole-groups needs a model (not --baselines-only)");
        job.rankers.push_back(group_ranking("pair model + tree", o.model, RankBy::pairs, job.eval.threads));
        job.rankers.push_back(group_ranking("scores + hash tree", o.model, RankBy::scores, job.eval.threads));
    }
    std::ofstream misses;
    if (!o.misses.empty()) {
        misses.open(o.misses);
        if (!misses) throw Error(Status::io_error, "cannot write '" + o.misses + "'");
    }
    job.files = image_files(o.images);
    job.log = [](const std::string& line) { std::cerr << "pristine eval-scorer: " << line << '\n'; };
    const eval::ScorerEvalReport report = eval::run_scorer_evaluation(job);
    std::cout << report.markdown << std::flush;
    if (misses.is_open()) misses << report.misses_tsv;
    return k_exit_ok;
}

}  // namespace

RunFn register_eval_scorer(CLI::App& sub) {
    auto o = std::make_shared<EvalCliOptions>();
    sub.add_option("--images", o->images, "Held-out source pictures: files or folders (never the training ones)")
        ->expected(0, -1);
    sub.add_option("--model", o->model, "Model file (default: the shipped model)");
    sub.add_flag("--baselines-only", o->baselines_only, "Only the naive baselines (no model needed)");
    sub.add_flag("--whole-groups", o->whole_groups,
                 "Also rank each group whole as the dedupe job does (pair model and derivation tree; the\n"
                 "scores alone) beside the scorers: ancestor-first pairs, top-1 and parent accuracy");
    sub.add_option("--seed", o->job.eval.seed, "Seed of the generated sets")->capture_default_str()->check(non_negative());
    sub.add_option("--pairs", o->job.eval.pairs, "Generated pairs (half original/copy, half copy/copy of copy)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000000));
    sub.add_option("--groups", o->job.eval.groups, "Generated groups for top-1")->capture_default_str()->check(CLI::Range(0, 1000000));
    sub.add_option("--generation-images", o->job.eval.generation_images, "Images of the recompression experiment")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    sub.add_option("--iterations", o->job.eval.generation_iterations, "Checkpoints of the recompression experiment")
        ->capture_default_str();
    sub.add_option("--max-side", o->job.eval.max_side, "Longest side of the generated originals")->capture_default_str()->check(CLI::Range(16, 8192));
    sub.add_option("--holdout", o->job.holdout,
                   "Use only files with in_holdout(name, F) (FNV-1a of the base name; see eval_scorer.hpp)")
        ->check(CLI::Range(0.0, 1.0));
    sub.add_flag("--model-holdout", o->model_holdout,
                 "Add the source files the model's trainer held out for validation (its record's validation_files)");
    sub.add_option("--max-images", o->job.max_images, "At most this many files (after --holdout)")->check(non_negative());
    sub.add_option("--synth", o->job.synth, "Add this many synthetic originals (drawings, comics, text, UI...)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    sub.add_option("--synth-seed", o->job.synth_seed, "Seed of the synthetic originals (use another than training's)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--font", o->job.fonts, "TrueType font(s) for the synthetic originals' text");
    sub.add_option("--crosstool", o->job.crosstool, "A folder of groups made by other tools (scripts/make-crosstool-set.sh)");
    sub.add_option("--blocks", o->blocks, "Blocks the model samples per image (0 = the model's own)")
        ->capture_default_str()
        ->check(CLI::Range(0, 4096));
    sub.add_option("--misses", o->misses,
                   "Write the first scorer's wrongly ordered pairs (recipes and scores; generation-loss checkpoints\n"
                   "not in order as rounds(N)) to this TSV file");
    o->job.eval.threads = 0;  // all cores unless told otherwise
    add_threads_option(sub, o->job.eval.threads, "--threads");
    sub.footer("Prints markdown tables on stdout, progress on stderr. Lower score = closer to the original; a tie\n"
               "counts half. Exit code: 0 ok, 1 failed, 2 usage error.");
    return [o] {
        if (o->images.empty() && o->job.synth == 0 && o->job.crosstool.empty() && !o->model_holdout) {
            std::cerr << "pristine eval-scorer: give --images, --model-holdout, --synth or --crosstool\n";
            return static_cast<int>(k_exit_usage);
        }
        return run_eval(*o);
    };
}

}  // namespace pristine::cli
