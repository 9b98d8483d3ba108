// The generation-loss network (libtorch; include only from src/models/*.cpp and the lab's trainer, never from a public header).
//
// Per block (shared weights over all blocks): a pixel branch (two 3x3 convolutions over the Y/Cb/Cr
// 8x8 planes), a DCT branch (MLP over the signed-log magnitudes of the 3 x 64 coefficients, in JPEG
// units, where quantisation shows) and a metadata branch (the block's metadata and the image's).
// A global branch embeds the whole-image statistics (Features::global); the embedding joins every
// block's metadata input and adds its own term to the score. The block embeddings are aggregated
// over the blocks in entropy order by an LSTM with a presence input, or by attention pooling (each
// block a score and a weight, absent blocks masked out).
// Output: one score per image, lower = closer to the original.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "models/features.hpp"
#include "models/model_config.hpp"
#include "models/model_file.hpp"

namespace pristine::nn {

/// A batch of Features as tensors.
struct FeatureTensors {
    torch::Tensor pixels;      ///< [B, N, 3, 8, 8] uint8
    torch::Tensor block_meta;  ///< [B, N, 8] float
    torch::Tensor present;     ///< [B, N] float 0/1
    torch::Tensor image_meta;  ///< [B, M] float
    torch::Tensor global;      ///< [B, k_global_size] float (Features::global)
};

/// Stacks features (same block count) into tensors; `jitter` (training) perturbs the continuous image
/// metadata with N(0, jitter) noise drawn from `gen_seed` so identical copies never look identical.
/// `max_blocks` > 0 keeps only the first max_blocks slots: the sampler's order is total, so these are
/// exactly the features of sampling that many blocks (training reuses data sampled with more).
FeatureTensors stack_features(const std::vector<const Features*>& batch, float jitter = 0.f,
                              std::uint64_t gen_seed = 0, int max_blocks = 0);

class ImageModelImpl : public torch::nn::Module {
public:
    explicit ImageModelImpl(const ModelConfig& config);
    /// Scores [B].
    torch::Tensor forward(const FeatureTensors& x);
    /// The configured activation (ReLU in the original network).
    torch::Tensor act(const torch::Tensor& x) const;
    const ModelConfig& config() const { return config_; }

private:
    ModelConfig config_;
    torch::Tensor dct_basis_;  // [64, 64] orthonormal 2-D DCT-II, fixed (not a parameter)
    torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
    torch::nn::Linear pix_fc_{nullptr}, dct_fc1_{nullptr}, dct_fc2_{nullptr}, meta_fc_{nullptr}, block_fc_{nullptr};
    torch::nn::Linear glob_fc1_{nullptr}, glob_fc2_{nullptr}, glob_score_{nullptr};
    torch::nn::Linear att_score_{nullptr}, att_weight_{nullptr};
    torch::nn::ModuleList block_extra_{nullptr};  // config.block_layers extra layers (absent by default)
    torch::nn::LSTM lstm_{nullptr};
    torch::nn::Linear lstm_out_{nullptr};
};
TORCH_MODULE(ImageModel);

/// Parameters as named tensors, and back. load_parameters throws Error(corrupt_data) for a missing
/// tensor or a shape mismatch.
std::vector<NamedTensor> model_parameters(ImageModel& model);
void load_parameters(ImageModel& model, const std::vector<NamedTensor>& tensors, const std::string& what);

/// The frozen comparator's logit for "A is worse than B": k (sA - sB). Training takes BCE with logits of
/// it, which is the sigmoid of a dense layer with weights [+k, -k] and bias 0, computed stably.
inline torch::Tensor comparator_logit(const torch::Tensor& sa, const torch::Tensor& sb, double k) {
    return (sa - sb) * k;
}

}  // namespace pristine::nn
