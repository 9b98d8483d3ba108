// The history file: JSON lines (a setup line, then one line per trial), each carrying the format
// version and an FNV-1a checksum of the rest of the line, so a line damaged by hand or by a killed
// write is reported by number instead of feeding the surrogate garbage.
#include <cstdio>
#include <fstream>
#include <string>

#include "lab/hpsearch/grid_json.hpp"
#include "pristine/error.hpp"
#include "pristine/lab/hpsearch.hpp"

namespace pristine::hpsearch {

namespace {

constexpr const char* k_format = "pristine-hpsearch";
constexpr int k_version = 1;

std::string checksum(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
    char b[20];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(h));
    return b;
}

nlohmann::ordered_json setup_to_json(const Setup& s) {
    nlohmann::ordered_json j;
    j["image_dirs"] = s.image_dirs;
    j["seed"] = s.seed;
    j["trial_seconds"] = s.trial_seconds;
    j["max_images"] = s.max_images;
    j["max_side"] = s.max_side;
    j["groups_per_epoch"] = s.groups_per_epoch;
    j["data_epochs"] = s.data_epochs;
    j["validation_groups"] = s.validation_groups;
    // The grid's layout: a history of another grid cannot be resumed.
    nlohmann::ordered_json cells = nlohmann::ordered_json::array();
    for (const Cell& c : grid_cells())
        cells.push_back({{"row", row_name(c.row)}, {"column", column_name(c.column)}, {"choices", c.choices}});
    j["grid"] = cells;
    return j;
}

// The line: version fields first, then the body, then the checksum of everything before it.
std::string line_of(const std::string& type, const nlohmann::ordered_json& body) {
    nlohmann::ordered_json j;
    j["format"] = k_format;
    j["version"] = k_version;
    j["type"] = type;
    for (auto it = body.begin(); it != body.end(); ++it) j[it.key()] = it.value();
    const std::string text = j.dump();
    j["check"] = checksum(text);
    return j.dump() + "\n";
}

void append_line(const std::string& path, const std::string& line, std::ios::openmode mode) {
    std::ofstream f(path, std::ios::binary | mode);
    if (!f) throw Error(Status::io_error, "hpsearch: cannot write the history '" + path + "'");
    f << line;
    f.flush();
    if (!f) throw Error(Status::io_error, "hpsearch: cannot write the history '" + path + "'");
}

Trial trial_from_json(const nlohmann::json& j) {
    Trial t;
    t.number = j.at("trial").get<int>();
    t.grid = grid_from_json(j.at("grid"));
    t.validation_accuracy = j.at("validation_accuracy").get<double>();
    t.seconds = j.at("seconds").get<double>();
    t.train_seconds = j.at("train_seconds").get<double>();
    t.steps = j.at("steps").get<long long>();
    t.best_epoch = j.at("best_epoch").get<int>();
    t.seed = j.at("seed").get<std::uint64_t>();
    t.proposed_by = j.at("proposed_by").get<std::string>();
    t.predicted = j.value("predicted", 0.0);
    t.loo_rmse = j.value("loo_rmse", 0.0);
    t.mean_loo_rmse = j.value("mean_loo_rmse", 0.0);
    t.error = j.value("error", std::string());
    return t;
}

}  // namespace

std::vector<Trial> load_history(const std::string& path, const Setup& setup) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::vector<Trial> trials;
    std::string line;
    int n = 0;
    bool have_setup = false;
    while (std::getline(f, line)) {
        ++n;
        if (line.empty()) continue;
        const std::string where = "history '" + path + "' line " + std::to_string(n);
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("check") || !j["check"].is_string())
            throw Error(Status::corrupt_data, where + " is not a history record (damaged or cut short; delete it to resume)");
        if (j.value("format", std::string()) != k_format)
            throw Error(Status::corrupt_data, where + " is not a pristine hpsearch record");
        if (j.value("version", 0) != k_version)
            throw Error(Status::bad_file_version, where + " has format version " + std::to_string(j.value("version", 0)) +
                                                      "; this pristine reads version " + std::to_string(k_version));
        const std::string check = j["check"].get<std::string>();
        j.erase("check");
        if (checksum(j.dump()) != check)
            throw Error(Status::corrupt_data, where + " fails its checksum (edited or damaged; delete it to resume)");
        const std::string type = j.value("type", std::string());
        try {
            if (type == "setup") {
                nlohmann::ordered_json body = j;
                for (const char* k : {"format", "version", "type"}) body.erase(k);
                const nlohmann::ordered_json want = setup_to_json(setup);
                for (auto it = want.begin(); it != want.end(); ++it)
                    if (!body.contains(it.key()) || body[it.key()] != it.value())
                        throw Error(Status::invalid_argument,
                                    "hpsearch: the history '" + path + "' was made with another " + it.key() +
                                        " (" + (body.contains(it.key()) ? body[it.key()].dump() : "none") + ", now " +
                                        it.value().dump() + "): use another history file");
                have_setup = true;
            } else if (type == "trial") {
                if (!have_setup) throw Error(Status::corrupt_data, where + ": a trial before the setup line");
                trials.push_back(trial_from_json(j));
                if (trials.back().number != static_cast<int>(trials.size()))
                    throw Error(Status::corrupt_data, where + ": trial " + std::to_string(trials.back().number) +
                                                          " out of order");
            } else {
                throw Error(Status::corrupt_data, where + ": unknown record type '" + type + "'");
            }
        } catch (const nlohmann::json::exception& e) {
            throw Error(Status::corrupt_data, where + ": " + e.what());
        } catch (const Error& e) {
            const bool placed = std::string(e.what()).find(where) != std::string::npos;
            if (placed || (e.status() == Status::invalid_argument && type == "setup")) throw;
            throw Error(e.status() == Status::invalid_argument ? Status::corrupt_data : e.status(),
                        e.what() + std::string(" (") + where + ")");
        }
    }
    if (n > 0 && !have_setup) throw Error(Status::corrupt_data, "history '" + path + "' has no setup line");
    return trials;
}

void start_history(const std::string& path, const Setup& setup) {
    append_line(path, line_of("setup", setup_to_json(setup)), std::ios::trunc);
}

void append_trial(const std::string& path, const Trial& t) {
    append_line(path, line_of("trial", trial_to_json(t)), std::ios::app);
}

}  // namespace pristine::hpsearch
