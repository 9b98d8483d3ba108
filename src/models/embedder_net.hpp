// Torch-free face of a loaded TorchScript embedding network, so embedder.cpp needs no torch headers.
// Implemented in embedder_net.cpp (the only embedder file that includes libtorch).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pristine::nn {

class EmbedderNet {
public:
    /// Loads a TorchScript archive (eval mode, no gradients) and selects what gives the vector:
    /// `method` when the module has a method of that name, else the children of a sequential module
    /// run in order up to and including the child of that name. Throws Error(corrupt_data) when
    /// libtorch refuses the archive, Error(invalid_argument) for an unknown method. `what` names the file.
    static EmbedderNet load(const std::vector<std::uint8_t>& torchscript, const std::string& method,
                            const std::string& what);
    EmbedderNet(EmbedderNet&&) noexcept;
    EmbedderNet& operator=(EmbedderNet&&) noexcept;
    ~EmbedderNet();

    /// Vectors of `n` inputs, each 3 × height × width floats back to back. The network's output is
    /// flattened to one vector per input. Throws Error(corrupt_data) when the network fails or its
    /// output is not a tensor with `n` rows. Thread-safe: concurrent calls share the module.
    std::vector<std::vector<float>> run(const float* inputs, int n, int height, int width) const;

    struct Impl;

private:
    explicit EmbedderNet(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace pristine::nn
