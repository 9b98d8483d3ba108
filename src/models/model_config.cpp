// ModelConfig <-> JSON (nlohmann), with validation so a hand-edited or corrupt config is an Error.
#include "models/model_config.hpp"

#include <nlohmann/json.hpp>

#include "models/features.hpp"
#include "pristine/error.hpp"

namespace pristine::nn {

std::string config_to_json(const ModelConfig& c) {
    nlohmann::ordered_json j;
    j["feature_version"] = c.feature_version;
    j["blocks"] = c.blocks;
    j["aggregator"] = aggregator_name(c.aggregator);
    j["width"] = c.width;
    j["conv_channels"] = c.conv_channels;
    j["lstm_hidden"] = c.lstm_hidden;
    j["comparator_k"] = c.comparator_k;
    j["training"] = nlohmann::ordered_json::parse(c.training.empty() ? "{}" : c.training, nullptr, false);
    if (j["training"].is_discarded()) j["training"] = nlohmann::ordered_json::object();
    return j.dump(1);
}

ModelConfig config_from_json(const std::string& text, const std::string& what) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw Error(Status::corrupt_data, "model file '" + what + "': its config is not a JSON object");
    ModelConfig c;
    try {
        c.feature_version = j.at("feature_version").get<int>();
        c.blocks = j.at("blocks").get<int>();
        const std::string agg = j.at("aggregator").get<std::string>();
        if (agg == "lstm") c.aggregator = Aggregator::lstm;
        else if (agg == "attention") c.aggregator = Aggregator::attention;
        else throw Error(Status::corrupt_data, "unknown aggregator '" + agg + "'");
        c.width = j.at("width").get<int>();
        c.conv_channels = j.at("conv_channels").get<int>();
        c.lstm_hidden = j.at("lstm_hidden").get<int>();
        c.comparator_k = j.at("comparator_k").get<double>();
        c.training = j.contains("training") ? j["training"].dump() : "{}";
    } catch (const nlohmann::json::exception& e) {
        throw Error(Status::corrupt_data, "model file '" + what + "': bad config (" + e.what() + ")");
    } catch (const Error& e) {
        throw Error(Status::corrupt_data, "model file '" + what + "': bad config (" + e.what() + ")");
    }
    const auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
    if (!in(c.blocks, 1, 4096) || !in(c.width, 4, 1024) || !in(c.conv_channels, 1, 256) || !in(c.lstm_hidden, 1, 1024))
        throw Error(Status::corrupt_data, "model file '" + what + "': config values out of range");
    if (c.feature_version != k_feature_version)
        throw Error(Status::bad_file_version, "model file '" + what + "' was trained on features version " +
                                                  std::to_string(c.feature_version) + "; this pristine computes version " +
                                                  std::to_string(k_feature_version));
    return c;
}

}  // namespace pristine::nn
