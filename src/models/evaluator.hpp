// Torch-free face of the network for inference, so scorer.cpp needs no torch headers (each torch
// translation unit costs ~20 s to compile). Implemented in model.cpp.
#pragma once

#include <memory>
#include <vector>

#include "models/features.hpp"
#include "models/model_config.hpp"
#include "models/model_file.hpp"

namespace pristine::nn {

class Evaluator {
public:
    /// Builds the network of `file`'s config and loads its weights. Throws Error(corrupt_data) when a
    /// tensor is missing or has the wrong shape, and config_from_json's errors. `what` names the file.
    static Evaluator from_file(const ModelFile& file, const std::string& what);
    Evaluator(Evaluator&&) noexcept;
    Evaluator& operator=(Evaluator&&) noexcept;
    ~Evaluator();

    /// Scores of a batch (all with the same block count). Thread-safe: no state changes.
    std::vector<float> score(const std::vector<const Features*>& batch) const;
    const ModelConfig& config() const noexcept;

    struct Impl;

private:
    explicit Evaluator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Sets libtorch's intra-op threads (0 = all cores). Process-wide.
void set_torch_threads(int threads);

/// For networks run side by side in batch workers: libtorch's intra-op threads and OpenBLAS's (when
/// it is the BLAS in use) set to 1, process-wide.
void use_one_thread_per_worker();

}  // namespace pristine::nn
