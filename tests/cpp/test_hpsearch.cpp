// Hyper-parameter search: the grid's mapping to training options, the history file, the surrogate,
// the proposer and the resumable loop (with a stand-in for training, so it runs in milliseconds).
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/error.hpp"
#include "pristine/lab/hpsearch.hpp"
#include "test_helpers.hpp"

using namespace pristine::hpsearch;
using pristine::Error;
using pristine::Status;

namespace {

std::uint64_t state = 12345;
int draw(int n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
}

Grid random_grid() {
    Grid g = hand_tuned_grid();
    for (const Cell& c : grid_cells())
        g[static_cast<std::size_t>(c.row)][static_cast<std::size_t>(c.column)] = draw(static_cast<int>(c.choices.size()));
    return canonical(g);
}

int cell(const Grid& g, Row r, Column c) { return g[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]; }

// A known function of the grid: what the surrogate should learn.
double known(const Grid& g) {
    return 0.8 + 0.02 * cell(g, Row::block, Column::width) - 0.04 * (cell(g, Row::block, Column::activation) == 3) +
           0.015 * cell(g, Row::training, Column::rate) - 0.01 * cell(g, Row::pixels, Column::kernel);
}

Setup test_setup() {
    Setup s;
    s.image_dirs = {"/pictures"};
    s.seed = 7;
    s.trial_seconds = 2;
    return s;
}

Trial trial(int number, const Grid& g, double acc) {
    Trial t;
    t.number = number;
    t.grid = g;
    t.validation_accuracy = acc;
    t.seconds = 3.5;
    t.train_seconds = 2.0;
    t.steps = 17;
    t.best_epoch = 2;
    t.seed = 7;
    t.proposed_by = number == 1 ? "hand-tuned" : "random";
    return t;
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream f(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(f, l);) out.push_back(l);
    return out;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
    std::ofstream f(path, std::ios::trunc);
    for (const auto& l : lines) f << l << '\n';
}

}  // namespace

TEST_CASE("the hand-tuned grid decodes to the trainer's defaults with --train-k 1") {
    pristine::TrainOptions o;
    apply_grid(hand_tuned_grid(), o);
    const pristine::TrainOptions d;
    CHECK(o.width == d.width);
    CHECK(o.conv_channels == d.conv_channels);
    CHECK(o.pixel_kernel == 3);
    CHECK(o.dct_width == 64);
    CHECK(o.global_width == 64);
    CHECK(o.meta_width == 32);
    CHECK(o.block_layers == 0);
    CHECK(o.activation == "relu");
    CHECK(o.dropout == 0.0);
    CHECK(o.aggregator == pristine::Aggregator::attention);
    CHECK(o.lstm_hidden == d.lstm_hidden);
    CHECK(o.learning_rate == doctest::Approx(d.learning_rate));
    CHECK(o.batch_pairs == d.batch_pairs);
    CHECK(o.blocks == d.blocks);
    CHECK(o.train_k == 1.0);
    pristine::TrainOptions defaults;
    defaults.train_k = 1;
    CHECK(grid_of(defaults) == hand_tuned_grid());
}

TEST_CASE("grids round-trip through training options; cells without a decision hold -1") {
    for (int i = 0; i < 200; ++i) {
        const Grid g = random_grid();
        pristine::TrainOptions o;
        apply_grid(g, o);
        CHECK(canonical(grid_of(o)) == g);
    }
    Grid g = hand_tuned_grid();
    CHECK(cell(g, Row::dct, Column::kernel) == -1);
    g[static_cast<std::size_t>(Row::dct)][static_cast<std::size_t>(Column::kernel)] = 0;
    CHECK_THROWS_AS(check_grid(g), Error);
    Grid h = hand_tuned_grid();
    h[static_cast<std::size_t>(Row::block)][static_cast<std::size_t>(Column::width)] = 99;
    pristine::TrainOptions o;
    CHECK_THROWS_WITH_AS(apply_grid(h, o), doctest::Contains("block.width"), Error);
    o.width = 72;
    CHECK_THROWS_WITH_AS(grid_of(o), doctest::Contains("not among"), Error);
}

TEST_CASE("the surrogate predicts a known function better than the mean") {
    std::vector<Grid> grids;
    std::vector<double> y;
    for (int i = 0; i < 40; ++i) {
        grids.push_back(random_grid());
        y.push_back(known(grids.back()) + 0.005 * (draw(100) / 50.0 - 1));
    }
    Surrogate s;
    s.fit(grids, y, 3);
    CHECK(s.fitted());
    CHECK(s.loo_rmse() < s.mean_loo_rmse());
    double mean = 0;
    for (const double v : y) mean += v / static_cast<double>(y.size());
    double se_model = 0, se_mean = 0;
    for (int i = 0; i < 300; ++i) {
        const Grid g = random_grid();
        se_model += std::pow(s.predict(g).mean - known(g), 2);
        se_mean += std::pow(mean - known(g), 2);
    }
    CHECK(se_model < 0.5 * se_mean);
    CHECK(s.predict(random_grid()).spread > 0);
}

TEST_CASE("the proposer never proposes a grid already tried") {
    std::vector<Trial> history;
    history.push_back(trial(1, hand_tuned_grid(), 0.8));
    Surrogate unfitted;
    for (int n = 2; n <= 40; ++n) {
        const Proposal p = propose(history, unfitted, 50, 1.0, static_cast<std::uint64_t>(n));
        REQUIRE(p.found);
        for (const Trial& t : history) CHECK(grid_key(t.grid) != grid_key(p.grid));
        history.push_back(trial(n, p.grid, known(p.grid)));
    }
    std::vector<Grid> grids;
    std::vector<double> y;
    for (const Trial& t : history) {
        grids.push_back(t.grid);
        y.push_back(t.validation_accuracy);
    }
    Surrogate s;
    s.fit(grids, y, 1);
    std::set<std::string> keys;
    for (const Trial& t : history) keys.insert(grid_key(t.grid));
    const Proposal p = propose(history, s, 2000, 0.0, 99);
    REQUIRE(p.found);
    CHECK(keys.count(grid_key(p.grid)) == 0);
    // It goes where the known function is high: above the best tried.
    double best = 0;
    for (const double v : y) best = std::max(best, v);
    CHECK(known(p.grid) > best - 0.02);
}

TEST_CASE("the history is written, read back, and a damaged line is an error naming it") {
    const std::string path = test::tmp_path("hp_history.jsonl");
    std::remove(path.c_str());
    CHECK(load_history(path, test_setup()).empty());
    start_history(path, test_setup());
    append_trial(path, trial(1, hand_tuned_grid(), 0.81));
    const Grid g = random_grid();
    append_trial(path, trial(2, g, 0.83));
    const auto back = load_history(path, test_setup());
    REQUIRE(back.size() == 2);
    CHECK(back[1].grid == g);
    CHECK(back[1].validation_accuracy == 0.83);
    CHECK(back[0].proposed_by == "hand-tuned");
    CHECK(back[1].steps == 17);

    Setup other = test_setup();
    other.trial_seconds = 5;
    CHECK_THROWS_WITH_AS(load_history(path, other), doctest::Contains("trial_seconds"), Error);

    auto lines = lines_of(path);
    REQUIRE(lines.size() == 3);
    const std::string good = lines[2];
    lines[2].replace(lines[2].find("0.83"), 4, "0.93");
    write_lines(path, lines);
    try {
        (void)load_history(path, test_setup());
        FAIL("a damaged line loaded");
    } catch (const Error& e) {
        CHECK(e.status() == Status::corrupt_data);
        CHECK(std::string(e.what()).find("line 3") != std::string::npos);
    }
    lines[2] = good.substr(0, good.size() / 2);  // a write cut short
    write_lines(path, lines);
    CHECK_THROWS_WITH_AS(load_history(path, test_setup()), doctest::Contains("line 3"), Error);
    lines[2] = good;
    const auto v = lines[1].find("\"version\":1");
    REQUIRE(v != std::string::npos);
    lines[1].replace(v, 11, "\"version\":9");
    write_lines(path, lines);
    try {
        (void)load_history(path, test_setup());
        FAIL("another version loaded");
    } catch (const Error& e) {
        CHECK(e.status() == Status::bad_file_version);
    }
}

TEST_CASE("a search starts with the hand-tuned grid, records every trial and resumes") {
    const std::string path = test::tmp_path("hp_search.jsonl");
    std::remove(path.c_str());
    SearchOptions o;
    o.setup = test_setup();
    o.history = path;
    o.work_dir = test::tmp_path("hp_search_work");
    o.cache_dir = test::tmp_path("hp_search_cache");
    o.candidates = 300;
    o.random_trials = 2;
    o.max_trials = 6;
    o.budget_seconds = 3600;
    int calls = 0;
    o.train = [&](const pristine::TrainOptions& t) {
        ++calls;
        CHECK(t.time_budget_seconds == 2);
        CHECK(t.seed == 7);
        CHECK(t.data_blocks == 128);
        pristine::TrainResult r;
        r.best_validation_accuracy = known(grid_of(t));
        r.train_seconds = 2;
        r.steps = 10;
        r.best_epoch = 1;
        return r;
    };
    std::vector<int> seen;
    o.on_trial = [&](const Trial& t) { seen.push_back(t.number); };
    const SearchResult first = run_search(o);
    CHECK(first.stopped == "max_trials");
    REQUIRE(first.trials.size() == 6);
    CHECK(first.trials[0].grid == hand_tuned_grid());
    CHECK(first.trials[0].proposed_by == "hand-tuned");
    CHECK(first.trials[1].proposed_by == "random");
    CHECK(first.trials[3].proposed_by == "surrogate");
    CHECK(seen == std::vector<int>{1, 2, 3, 4, 5, 6});
    CHECK(lines_of(path).size() == 7);

    o.max_trials = 9;
    calls = 0;
    const SearchResult second = run_search(o);
    CHECK(second.resumed_trials == 6);
    CHECK(calls == 3);
    REQUIRE(second.trials.size() == 9);
    for (int i = 0; i < 6; ++i) CHECK(second.trials[static_cast<std::size_t>(i)].grid == first.trials[static_cast<std::size_t>(i)].grid);
    std::set<std::string> keys;
    for (const Trial& t : second.trials) keys.insert(grid_key(t.grid));
    CHECK(keys.size() == 9);
    CHECK(best_json(second.trials).find("\"hand_tuned\"") != std::string::npos);

    // The budget stops a search before a trial that would not fit.
    o.max_trials = 0;
    o.budget_seconds = 1e-6;
    calls = 0;
    CHECK(run_search(o).stopped == "budget");
    CHECK(calls == 0);
}
