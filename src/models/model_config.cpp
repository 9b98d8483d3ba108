// ModelConfig <-> JSON (nlohmann), with validation so a hand-edited or corrupt config is an Error.
#include "models/model_config.hpp"

#include <nlohmann/json.hpp>

#include "models/features.hpp"
#include "pristine/error.hpp"

namespace pristine::nn {

const char* activation_name(Activation a) noexcept {
    switch (a) {
        case Activation::gelu: return "gelu";
        case Activation::silu: return "silu";
        case Activation::tanh: return "tanh";
        case Activation::relu: break;
    }
    return "relu";
}

Activation parse_activation(const std::string& name) {
    for (const Activation a : {Activation::relu, Activation::gelu, Activation::silu, Activation::tanh})
        if (name == activation_name(a)) return a;
    throw Error(Status::invalid_argument, "unknown activation '" + name + "' (expected relu, gelu, silu or tanh)");
}

std::string config_to_json(const ModelConfig& c) {
    nlohmann::ordered_json j;
    j["feature_version"] = c.feature_version;
    j["blocks"] = c.blocks;
    j["aggregator"] = aggregator_name(c.aggregator);
    j["width"] = c.width;
    j["conv_channels"] = c.conv_channels;
    j["lstm_hidden"] = c.lstm_hidden;
    j["comparator_k"] = c.comparator_k;
    j["pixel_kernel"] = c.pixel_kernel;
    j["dct_width"] = c.dct_width;
    j["global_width"] = c.global_width;
    j["meta_width"] = c.meta_width;
    j["block_layers"] = c.block_layers;
    j["activation"] = activation_name(c.activation);
    j["dropout"] = c.dropout;
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
        // Later fields: absent in older files, where the defaults are the network those files hold.
        c.pixel_kernel = j.value("pixel_kernel", c.pixel_kernel);
        c.dct_width = j.value("dct_width", c.dct_width);
        c.global_width = j.value("global_width", c.global_width);
        c.meta_width = j.value("meta_width", c.meta_width);
        c.block_layers = j.value("block_layers", c.block_layers);
        c.activation = parse_activation(j.value("activation", std::string(activation_name(c.activation))));
        c.dropout = j.value("dropout", c.dropout);
        c.training = j.contains("training") ? j["training"].dump() : "{}";
    } catch (const nlohmann::json::exception& e) {
        throw Error(Status::corrupt_data, "model file '" + what + "': bad config (" + e.what() + ")");
    } catch (const Error& e) {
        throw Error(Status::corrupt_data, "model file '" + what + "': bad config (" + e.what() + ")");
    }
    const auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
    if (!in(c.blocks, 1, 4096) || !in(c.width, 4, 1024) || !in(c.conv_channels, 1, 256) || !in(c.lstm_hidden, 1, 1024))
        throw Error(Status::corrupt_data, "model file '" + what + "': config values out of range");
    if ((c.pixel_kernel != 3 && c.pixel_kernel != 5) || !in(c.dct_width, 0, 1024) || !in(c.global_width, 0, 1024) ||
        !in(c.meta_width, 0, 1024) || !in(c.block_layers, 0, 8) || !(c.dropout >= 0 && c.dropout < 1))
        throw Error(Status::corrupt_data, "model file '" + what + "': structure values out of range");
    if (c.feature_version != k_feature_version)
        throw Error(Status::bad_file_version, "model file '" + what + "' was trained on features version " +
                                                  std::to_string(c.feature_version) + "; this pristine computes version " +
                                                  std::to_string(k_feature_version));
    return c;
}

}  // namespace pristine::nn
