// Hyper-parameters of a generation-loss model, stored as JSON in the model file (torch-free).
#pragma once

#include <string>

#include "pristine/models/aggregator.hpp"

namespace pristine::nn {

struct ModelConfig {
    int feature_version = 0;            ///< nn::k_feature_version of the features it was trained on
    int blocks = 128;                   ///< blocks per image in training (the scorer's default)
    Aggregator aggregator = Aggregator::attention;
    int width = 64;                     ///< block embedding width
    int conv_channels = 16;             ///< channels of the pixel branch's convolutions
    int lstm_hidden = 32;
    double comparator_k = 1000.0;       ///< gain of the frozen pair comparator (training only)
    std::string training = "{}";        ///< training record: a JSON object as text
};

/// JSON text of a config (the training record nested as an object).
std::string config_to_json(const ModelConfig& c);
/// Parse; throws Error(corrupt_data) naming `what` for bad JSON or missing/invalid fields and
/// Error(bad_file_version) for a feature version this build does not compute.
ModelConfig config_from_json(const std::string& text, const std::string& what);

}  // namespace pristine::nn
