// JSON forms of grids and trials shared by the history file and the reports (nlohmann, lab-internal).
#pragma once

#include <nlohmann/json.hpp>

#include "pristine/lab/hpsearch.hpp"

namespace pristine::hpsearch {

/// The grid as rows of choice indices (-1 = no decision).
nlohmann::ordered_json grid_to_json(const Grid& g);
/// Throws Error(corrupt_data) for a value of the wrong shape; check_grid for the indices.
Grid grid_from_json(const nlohmann::json& j);
/// The grid's decisions by name: {"pixels": {"width": "16", "kernel": "3"}, ...}.
nlohmann::ordered_json choices_to_json(const Grid& g);
/// Everything of a trial but the checksum.
nlohmann::ordered_json trial_to_json(const Trial& t);

}  // namespace pristine::hpsearch
