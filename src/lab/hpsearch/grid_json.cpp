// JSON forms of grids, trials and the best-configuration summary.
#include "lab/hpsearch/grid_json.hpp"

#include "pristine/error.hpp"

namespace pristine::hpsearch {

nlohmann::ordered_json grid_to_json(const Grid& g) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : g) rows.push_back(std::vector<int>(row.begin(), row.end()));
    return rows;
}

Grid grid_from_json(const nlohmann::json& j) {
    if (!j.is_array() || j.size() != static_cast<std::size_t>(k_rows))
        throw Error(Status::corrupt_data, "hpsearch: a grid must be " + std::to_string(k_rows) + " rows");
    Grid g;
    for (std::size_t r = 0; r < g.size(); ++r) {
        if (!j[r].is_array() || j[r].size() != static_cast<std::size_t>(k_columns))
            throw Error(Status::corrupt_data, "hpsearch: a grid row must be " + std::to_string(k_columns) + " cells");
        for (std::size_t c = 0; c < g[r].size(); ++c) g[r][c] = j[r][c].get<int>();
    }
    check_grid(g);
    return g;
}

nlohmann::ordered_json choices_to_json(const Grid& g) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Cell& c : grid_cells())
        out[row_name(c.row)][column_name(c.column)] =
            c.choices[static_cast<std::size_t>(g[static_cast<std::size_t>(c.row)][static_cast<std::size_t>(c.column)])];
    return out;
}

nlohmann::ordered_json trial_to_json(const Trial& t) {
    nlohmann::ordered_json j;
    j["trial"] = t.number;
    j["proposed_by"] = t.proposed_by;
    j["validation_accuracy"] = t.validation_accuracy;
    if (t.proposed_by == "surrogate") {
        j["predicted"] = t.predicted;
        j["loo_rmse"] = t.loo_rmse;
        j["mean_loo_rmse"] = t.mean_loo_rmse;
    }
    j["seconds"] = t.seconds;
    j["train_seconds"] = t.train_seconds;
    j["steps"] = t.steps;
    j["best_epoch"] = t.best_epoch;
    j["seed"] = t.seed;
    j["grid"] = grid_to_json(t.grid);
    j["choices"] = choices_to_json(t.grid);
    if (!t.error.empty()) j["error"] = t.error;
    return j;
}

std::string trial_json(const Trial& t) { return trial_to_json(t).dump(); }

int best_trial(const std::vector<Trial>& trials) {
    int best = -1;
    for (std::size_t i = 0; i < trials.size(); ++i)
        if (trials[i].error.empty() && trials[i].validation_accuracy >= 0 &&
            (best < 0 || trials[i].validation_accuracy > trials[static_cast<std::size_t>(best)].validation_accuracy))
            best = static_cast<int>(i);
    return best;
}

std::string best_json(const std::vector<Trial>& trials) {
    nlohmann::ordered_json j;
    j["format"] = "pristine-hpsearch-best";
    j["version"] = 1;
    j["trials"] = trials.size();
    const int b = best_trial(trials);
    j["best"] = b < 0 ? nlohmann::ordered_json(nullptr) : trial_to_json(trials[static_cast<std::size_t>(b)]);
    j["hand_tuned"] = trials.empty() ? nlohmann::ordered_json(nullptr) : trial_to_json(trials.front());
    return j.dump(1);
}

}  // namespace pristine::hpsearch
