// `pristine hpsearch --images DIR... --history FILE`: the scorer's hyper-parameter search
// (docs/hpsearch.md). Prints one JSON line per trial (the history's line without its checksum) and a
// summary; resumes when FILE exists. The library prints nothing: the lines come from its callbacks.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/error.hpp"
#include "pristine/lab/hpsearch.hpp"

namespace pristine::cli {

namespace {

struct HpSearchCliOptions {
    hpsearch::SearchOptions s;
    double budget_minutes = 40;
    std::string best_out;
};

int run_hpsearch(HpSearchCliOptions& o) {
    o.s.budget_seconds = o.budget_minutes * 60;
    o.s.log = [](const std::string& m) { std::cerr << "pristine hpsearch: " << m << '\n'; };
    o.s.on_trial = [](const hpsearch::Trial& t) { std::cout << hpsearch::trial_json(t) << std::endl; };
    const hpsearch::SearchResult r = hpsearch::run_search(o.s);
    if (!o.best_out.empty()) {
        std::ofstream f(o.best_out, std::ios::binary | std::ios::trunc);
        f << hpsearch::best_json(r.trials) << '\n';
        if (!f) throw Error(Status::io_error, "cannot write '" + o.best_out + "'");
    }
    const int best = hpsearch::best_trial(r.trials);
    write_json_line(Json{{"trials", r.trials.size()},
                         {"new_trials", r.trials.size() - static_cast<std::size_t>(r.resumed_trials)},
                         {"stopped", r.stopped},
                         {"best_trial", best < 0 ? 0 : r.trials[static_cast<std::size_t>(best)].number},
                         {"best_validation_accuracy",
                          best < 0 ? -1.0 : r.trials[static_cast<std::size_t>(best)].validation_accuracy},
                         {"hand_tuned_validation_accuracy",
                          r.trials.empty() ? -1.0 : r.trials.front().validation_accuracy}});
    return k_exit_ok;
}

}  // namespace

RunFn register_hpsearch(CLI::App& sub) {
    auto o = std::make_shared<HpSearchCliOptions>();
    hpsearch::SearchOptions& s = o->s;
    sub.add_option("--images", s.setup.image_dirs, "Folders of source pictures (searched recursively)")->required();
    sub.add_option("--history", s.history, "History file (JSON lines); an existing one is resumed")->required();
    sub.add_option("--budget-minutes", o->budget_minutes, "Time budget of the whole search, earlier runs of the history included")
        ->capture_default_str()
        ->check(CLI::Range(0.01, 1e6));
    sub.add_option("--trial-seconds", s.setup.trial_seconds, "Training time of each trial (optimiser steps)")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 1e6));
    sub.add_option("--candidates", s.candidates, "Random grids the surrogate scores per proposal")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000000));
    sub.add_option("--random-trials", s.random_trials, "Random trials after the hand-tuned one, before the surrogate")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000));
    sub.add_option("--max-trials", s.max_trials, "Stop once the history holds this many trials (0 = budget only)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--seed", s.setup.seed, "Seed of the data, the initial weights and the proposals")
        ->capture_default_str()
        ->check(non_negative());
    add_threads_option(sub, s.threads, "--threads");
    sub.add_option("--cache", s.cache_dir, "Folder of generated groups shared by the trials (default HISTORY.cache)");
    sub.add_option("--max-images", s.setup.max_images, "Use at most this many pictures (0 = all)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--max-side", s.setup.max_side, "Longest side of the generated originals")
        ->capture_default_str()
        ->check(CLI::Range(64, 16384));
    sub.add_option("--groups", s.setup.groups_per_epoch, "Groups per data epoch")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    sub.add_option("--data-epochs", s.setup.data_epochs, "Epochs of data (a fixed set, cycled through by every trial)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    sub.add_option("--validation-groups", s.setup.validation_groups, "Groups of the validation set (the same for every trial)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    sub.add_option("--best-out", o->best_out, "Write the best trial and the hand-tuned one here (JSON)");
    sub.footer("Output: one JSON line per trial (as appended to the history), then a summary line.\n"
               "Messages go to stderr. Exit code: 0 ok, 1 failed, 2 usage error.");
    return [o] { return run_hpsearch(*o); };
}

}  // namespace pristine::cli
