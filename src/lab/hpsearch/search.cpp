// The search loop: the hand-tuned grid first (the baseline at equal training time, from the same run),
// a few random grids to seed the surrogate, then surrogate proposals; each trial trains for the
// same time on the same cached data and validation set and is appended to the history at once, so
// a killed search resumes where it stopped. The time budget covers the whole search.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>

#include "lab/hpsearch/random.hpp"
#include "pristine/error.hpp"
#include "pristine/lab/hpsearch.hpp"

namespace pristine::hpsearch {

namespace {

using Clock = std::chrono::steady_clock;

void check(const SearchOptions& o) {
    const auto bad = [](const std::string& m) { throw Error(Status::invalid_argument, "hpsearch: " + m); };
    if (o.setup.image_dirs.empty()) bad("no image folders given");
    if (o.history.empty()) bad("no history file given");
    if (!(o.budget_seconds > 0)) bad("the search budget must be > 0");
    if (!(o.setup.trial_seconds > 0)) bad("the trial time must be > 0");
    if (o.candidates < 1) bad("candidates must be >= 1");
    if (o.random_trials < 0) bad("random trials must be >= 0");
    if (o.max_trials < 0) bad("max trials must be >= 0");
    if (o.setup.data_epochs < 1) bad("data epochs must be >= 1");
    if (o.setup.groups_per_epoch < 1) bad("groups per epoch must be >= 1");
    if (o.setup.validation_groups < 1) bad("validation groups must be >= 1");
}

std::string or_default(const std::string& v, const std::string& history, const char* suffix) {
    return v.empty() ? history + suffix : v;
}

void remove_trial_files(const std::string& model) {
    std::error_code ec;
    for (const char* s : {"", ".ckpt", ".ckpt.adam"}) std::filesystem::remove(model + s, ec);
}

}  // namespace

TrainOptions trial_options(const SearchOptions& o, const Grid& g) {
    TrainOptions t;
    t.image_dirs = o.setup.image_dirs;
    t.out = or_default(o.work_dir, o.history, ".work") + "/trial.pmdl";
    t.cache_dir = or_default(o.cache_dir, o.history, ".cache");
    t.seed = o.setup.seed;  // the same data, validation set and initial draw for every trial
    t.threads = o.threads;
    t.max_images = o.setup.max_images;
    t.max_side = o.setup.max_side;
    t.groups_per_epoch = o.setup.groups_per_epoch;
    t.pool_epochs = 1;
    t.data_epochs = o.setup.data_epochs;
    t.validation_groups = o.setup.validation_groups;
    t.epochs = 1000000;  // the time budget ends the trial
    t.time_budget_seconds = o.setup.trial_seconds;
    // Data sampled at the largest block count of the grid: every trial reads the same cached groups.
    int blocks = 0;
    for (const Cell& c : grid_cells())
        if (c.row == Row::training && c.column == Column::blocks)
            for (const std::string& v : c.choices) blocks = std::max(blocks, std::atoi(v.c_str()));
    t.data_blocks = blocks;
    apply_grid(g, t);
    return t;
}

SearchResult run_search(const SearchOptions& o) {
    check(o);
    const auto log = [&](const std::string& m) {
        if (o.log) o.log(m);
    };
    const auto start = Clock::now();
    SearchResult result;
    result.trials = load_history(o.history, o.setup);
    result.resumed_trials = static_cast<int>(result.trials.size());
    std::error_code ec;
    if (!std::filesystem::exists(o.history, ec)) start_history(o.history, o.setup);
    else if (!result.trials.empty()) log("resuming after trial " + std::to_string(result.trials.size()));
    const std::string work = or_default(o.work_dir, o.history, ".work");
    std::filesystem::create_directories(work, ec);
    if (ec) throw Error(Status::io_error, "hpsearch: cannot create the work folder '" + work + "'");

    double spent_before = 0;  // earlier runs of this history count against the budget
    for (const Trial& t : result.trials) spent_before += t.seconds;
    const auto elapsed = [&] { return spent_before + std::chrono::duration<double>(Clock::now() - start).count(); };

    // Data first, so no trial (the hand-tuned one least of all) trains while groups are being made.
    if (!o.train) {
        TrainOptions prep = trial_options(o, hand_tuned_grid());
        prep.log = o.log;
        const int made = prepare_training_data(prep);
        log("data ready: " + std::to_string(made) + " groups generated, the rest from the cache");
    }
    const std::function<TrainResult(const TrainOptions&)> train =
        o.train ? o.train : std::function<TrainResult(const TrainOptions&)>(train_scorer);

    for (;;) {
        const int number = static_cast<int>(result.trials.size()) + 1;
        if (o.max_trials > 0 && number > o.max_trials) {
            result.stopped = "max_trials";
            break;
        }
        // The next trial must fit: estimated from the trials so far, else the trial time plus a third.
        double estimate = o.setup.trial_seconds * 4 / 3;
        if (!result.trials.empty()) {
            estimate = 0;
            for (const Trial& t : result.trials) estimate += t.seconds / static_cast<double>(result.trials.size());
        }
        if (elapsed() + estimate > o.budget_seconds) {
            result.stopped = "budget";
            break;
        }
        Trial t;
        t.number = number;
        t.seed = o.setup.seed;
        if (number == 1) {
            t.grid = hand_tuned_grid();
            t.proposed_by = "hand-tuned";
        } else {
            Surrogate s;
            std::vector<Grid> grids;
            std::vector<double> y;
            for (const Trial& h : result.trials)
                if (h.error.empty() && h.validation_accuracy >= 0) {
                    grids.push_back(h.grid);
                    y.push_back(h.validation_accuracy);
                }
            const bool use_surrogate = number > 1 + o.random_trials && grids.size() >= 2;
            const std::uint64_t seed = mix(o.setup.seed, static_cast<std::uint64_t>(number));
            if (use_surrogate) {
                s.fit(grids, y, seed);
                char line[160];
                std::snprintf(line, sizeof line,
                              "surrogate on %zu trials: ridge penalty %g, leave-one-out RMSE %.4f (the mean: %.4f)",
                              grids.size(), s.penalty(), s.loo_rmse(), s.mean_loo_rmse());
                log(line);
            }
            const Proposal p = propose(result.trials, s, o.candidates, o.exploration, seed);
            if (!p.found) {
                result.stopped = "exhausted";
                break;
            }
            t.grid = p.grid;
            t.proposed_by = use_surrogate ? "surrogate" : "random";
            t.predicted = p.predicted.mean;
            if (use_surrogate) {
                t.loo_rmse = s.loo_rmse();
                t.mean_loo_rmse = s.mean_loo_rmse();
            }
        }
        const TrainOptions opts = trial_options(o, t.grid);
        TrainOptions run = opts;
        run.log = nullptr;  // per-epoch chatter of 30+ trials would drown the search's own lines
        const auto t0 = Clock::now();
        try {
            const TrainResult r = train(run);
            t.validation_accuracy = r.best_validation_accuracy;
            t.train_seconds = r.train_seconds;
            t.steps = r.steps;
            t.best_epoch = r.best_epoch;
        } catch (const Error& e) {
            if (number == 1) throw;  // the baseline itself fails: the setup is wrong, not the grid
            t.error = e.what();
            t.validation_accuracy = -1;
        }
        t.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        remove_trial_files(opts.out);
        append_trial(o.history, t);
        result.trials.push_back(t);
        if (o.on_trial) o.on_trial(t);
    }
    return result;
}

}  // namespace pristine::hpsearch
