// Hyper-parameter search of the generation-loss scorer (docs/hpsearch.md): the network's structure and
// its training as a 2-D grid of decisions, a history of tried grids and their validation accuracy, a
// surrogate model fitted on that history, a proposer that scores many random grids with it, and the
// loop that trains the proposed grid for a fixed time and appends the result. Torch-free.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/lab/train.hpp"

namespace pristine::hpsearch {

/// Rows of the grid: a branch of the network, the aggregation, or the training.
enum class Row : int { pixels, dct, global, metadata, block, aggregation, training };
/// Columns of the grid: the kind of decision.
enum class Column : int { width, kernel, depth, activation, dropout, kind, rate, batch, blocks, gain };
inline constexpr int k_rows = 7;
inline constexpr int k_columns = 10;

/// A configuration: per (row, column) the index of a choice in that cell's list, -1 where the grid
/// has no decision.
using Grid = std::array<std::array<int, k_columns>, k_rows>;

/// One decision of the grid.
struct Cell {
    Row row;
    Column column;
    std::vector<std::string> choices;  ///< as written in the history ("16", "gelu", "0.001")
    int hand_tuned;                    ///< index of the hand-tuned network's choice
};

const char* row_name(Row r) noexcept;
const char* column_name(Column c) noexcept;
/// The cells of the grid, row by row.
PRISTINE_API const std::vector<Cell>& grid_cells();
/// The hand-tuned scorer's configuration: the search's starting point.
PRISTINE_API Grid hand_tuned_grid();
/// Decisions that do not change the trained network are set to their hand-tuned index (the lstm width
/// of an attention model), so that two grids training the same network compare equal.
PRISTINE_API Grid canonical(const Grid& g);
/// Throws Error(invalid_argument) naming the cell when a decision is missing or out of range, or a
/// cell without a decision holds one.
PRISTINE_API void check_grid(const Grid& g);
/// Compact identity of a canonical grid ("1021-..."), for "already tried".
PRISTINE_API std::string grid_key(const Grid& g);
/// Writes the grid's decisions into training options (width, kernel, activation, learning rate ...).
PRISTINE_API void apply_grid(const Grid& g, TrainOptions& o);
/// The grid of a set of options; throws Error(invalid_argument) when a value is not among a cell's choices.
PRISTINE_API Grid grid_of(const TrainOptions& o);

/// One finished trial.
struct Trial {
    int number = 0;                   ///< 1-based; trial 1 is the hand-tuned grid
    Grid grid{};
    double validation_accuracy = -1;  ///< best validation pair accuracy; -1 when the trial failed
    double seconds = 0;               ///< wall time of the trial (training, data loading, validation)
    double train_seconds = 0;         ///< time in optimiser steps (the trial's budget)
    long long steps = 0;
    int best_epoch = 0;
    std::uint64_t seed = 0;
    std::string proposed_by;          ///< "hand-tuned", "random" or "surrogate"
    double predicted = 0;             ///< the surrogate's prediction (surrogate trials)
    double loo_rmse = 0;              ///< the surrogate's leave-one-out error when it proposed this trial
    double mean_loo_rmse = 0;         ///< the same for predicting the mean, for comparison
    std::string error;                ///< why the trial failed, else empty
};

/// What a history belongs to: a resumed search must have the same setup (the data and the trial time).
struct Setup {
    std::vector<std::string> image_dirs;
    std::uint64_t seed = 1;
    double trial_seconds = 60;
    int max_images = 0;
    int max_side = 768;
    int groups_per_epoch = 200;
    int data_epochs = 3;
    int validation_groups = 200;
};

/// History file: JSON lines, a setup line then one line per trial, each with a format version and a
/// checksum. load_history returns the trials; a missing file gives none. Throws Error(corrupt_data)
/// naming the line for a line that is not JSON or fails its checksum, Error(bad_file_version) for
/// another format version, Error(invalid_argument) when the file was made with another setup or grid.
PRISTINE_API std::vector<Trial> load_history(const std::string& path, const Setup& setup);
/// Starts a history (the setup line); Error(io_error) when it cannot be written.
PRISTINE_API void start_history(const std::string& path, const Setup& setup);
/// Appends one trial line and flushes it; Error(io_error) when it cannot be written.
PRISTINE_API void append_trial(const std::string& path, const Trial& t);
/// JSON of a trial (one line, no checksum): what the CLI prints and best_json embeds.
PRISTINE_API std::string trial_json(const Trial& t);
/// JSON of the best trial with the hand-tuned trial for comparison (format version 1).
PRISTINE_API std::string best_json(const std::vector<Trial>& trials);
/// Index of the best successful trial, -1 when none.
PRISTINE_API int best_trial(const std::vector<Trial>& trials);

/// Regression of validation accuracy on the one-hot encoded cells: a bootstrap ensemble of ridge
/// regressions whose penalty is chosen by exact leave-one-out error.
class PRISTINE_API Surrogate {
public:
    /// Fits on the grids and their accuracies (at least 2); `seed` draws the bootstrap samples.
    void fit(const std::vector<Grid>& grids, const std::vector<double>& y, std::uint64_t seed);
    struct Prediction {
        double mean = 0;
        double spread = 0;  ///< standard deviation over the ensemble
    };
    Prediction predict(const Grid& g) const;
    bool fitted() const { return !members_.empty(); }
    double penalty() const { return penalty_; }
    double loo_rmse() const { return loo_rmse_; }          ///< leave-one-out error of the chosen penalty
    double mean_loo_rmse() const { return mean_loo_rmse_; } ///< leave-one-out error of predicting the mean

private:
    struct Member {
        std::vector<double> w;
        double b = 0;
    };
    std::vector<Member> members_;
    double penalty_ = 0, loo_rmse_ = 0, mean_loo_rmse_ = 0;
};

/// One-hot encoding of a grid's cells (length = total choices).
PRISTINE_API std::vector<double> encode(const Grid& g);

/// A proposal and what the surrogate expects of it.
struct Proposal {
    Grid grid{};
    Surrogate::Prediction predicted;
    bool found = false;  ///< false when every candidate had been tried
};
/// Draws `candidates` random grids — half mutations (1..3 cells) of the best tried grid, half fully
/// random — skips those in `tried` (grid keys), and returns the one with the highest mean +
/// `exploration` x spread; with an unfitted surrogate, the first untried candidate.
PRISTINE_API Proposal propose(const std::vector<Trial>& history, const Surrogate& surrogate, int candidates,
                              double exploration, std::uint64_t seed);

/// Options of run_search.
struct SearchOptions {
    Setup setup;
    std::string history;                ///< the history file (resumed when it exists)
    std::string work_dir;               ///< trial model files (removed after each trial); "" = HISTORY.work
    std::string cache_dir;              ///< generated groups shared by the trials; "" = HISTORY.cache
    double budget_seconds = 2400;       ///< whole search, trials of earlier runs of this history included
    int candidates = 10000;
    int random_trials = 3;              ///< random trials after the hand-tuned one, before the surrogate
    double exploration = 1.0;           ///< weight of the ensemble spread in the proposer's score
    int max_trials = 0;                 ///< stop after this many trials in the history (0 = no limit)
    int threads = 0;
    /// Trains one trial (tests pass a stand-in); empty = train_scorer.
    std::function<TrainResult(const TrainOptions&)> train;
    std::function<void(const Trial&)> on_trial;      ///< after each trial, with its history line written
    std::function<void(const std::string&)> log;     ///< status messages
};

struct SearchResult {
    std::vector<Trial> trials;  ///< the whole history, earlier runs included
    int resumed_trials = 0;     ///< trials read from the history file
    std::string stopped;        ///< "budget", "max_trials" or "exhausted"
};

/// Runs (or resumes) a search. Throws Error: invalid_argument (bad options, a history of another
/// setup), corrupt_data / bad_file_version (a bad history), io_error, and train_scorer's errors of
/// the hand-tuned trial (a later trial's failure is recorded and the search goes on).
PRISTINE_API SearchResult run_search(const SearchOptions& options);

/// The training options of a trial: the setup's data, the trial's time budget, the grid's decisions.
PRISTINE_API TrainOptions trial_options(const SearchOptions& options, const Grid& g);

}  // namespace pristine::hpsearch
