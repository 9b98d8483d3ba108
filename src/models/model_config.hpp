// Hyper-parameters of a generation-loss model, stored as JSON in the model file (torch-free).
// Fields added after the first shipped model are optional in the JSON; their defaults are the network
// that model has, so older files load and score exactly as before.
#pragma once

#include <string>

#include "pristine/models/aggregator.hpp"

namespace pristine::nn {

/// Non-linearity of the hidden layers.
enum class Activation { relu, gelu, silu, tanh };

/// "relu" / "gelu" / "silu" / "tanh".
const char* activation_name(Activation a) noexcept;
/// The activation of a name given by activation_name; throws Error(invalid_argument) for another name.
Activation parse_activation(const std::string& name);

struct ModelConfig {
    int feature_version = 0;            ///< nn::k_feature_version of the features it was trained on
    int blocks = 128;                   ///< blocks per image in training (the scorer's default)
    Aggregator aggregator = Aggregator::attention;
    int width = 64;                     ///< block embedding width (also the pixel and DCT branch outputs)
    int conv_channels = 16;             ///< channels of the pixel branch's convolutions
    int lstm_hidden = 32;
    double comparator_k = 1000.0;       ///< gain of the frozen pair comparator (training only)
    // Structure decisions (optional in the JSON; the defaults are the original network).
    int pixel_kernel = 3;               ///< kernel of both pixel convolutions: 3 or 5 (padding keeps 8 -> 4)
    int dct_width = 0;                  ///< hidden width of the DCT branch; 0 = width
    int global_width = 0;               ///< hidden width of the global branch (its embedding is half); 0 = width
    int meta_width = 0;                 ///< output width of the metadata branch; 0 = width / 2
    int block_layers = 0;               ///< extra width -> width layers after the block embedding
    Activation activation = Activation::relu;
    double dropout = 0.0;               ///< dropout on the block input and embedding (training only)
    std::string training = "{}";        ///< training record: a JSON object as text

    int dct_hidden() const { return dct_width > 0 ? dct_width : width; }
    int global_hidden() const { return global_width > 0 ? global_width : width; }
    int global_embed() const { return global_hidden() / 2; }
    int meta_out() const { return meta_width > 0 ? meta_width : width / 2; }
};

/// JSON text of a config (the training record nested as an object).
std::string config_to_json(const ModelConfig& c);
/// Parse; throws Error(corrupt_data) naming `what` for bad JSON or missing/invalid fields and
/// Error(bad_file_version) for a feature version this build does not compute.
ModelConfig config_from_json(const std::string& text, const std::string& what);

}  // namespace pristine::nn
