// The TorchScript side of the embedder (see embedder_net.hpp).
#include "models/embedder_net.hpp"

#include <sstream>

#include <torch/script.h>

#include "pristine/error.hpp"

namespace pristine::nn {

struct EmbedderNet::Impl {
    torch::jit::Module module;
    std::string method;                       // a method of the module, or
    std::vector<torch::jit::Module> prefix;   // the children to run in order (an intermediate layer)
    std::string what;
};

EmbedderNet::EmbedderNet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmbedderNet::EmbedderNet(EmbedderNet&&) noexcept = default;
EmbedderNet& EmbedderNet::operator=(EmbedderNet&&) noexcept = default;
EmbedderNet::~EmbedderNet() = default;

EmbedderNet EmbedderNet::load(const std::vector<std::uint8_t>& torchscript, const std::string& method,
                              const std::string& what) {
    auto impl = std::make_unique<Impl>();
    impl->what = what;
    try {
        std::istringstream in(std::string(reinterpret_cast<const char*>(torchscript.data()), torchscript.size()));
        impl->module = torch::jit::load(in, torch::kCPU);
    } catch (const std::exception& e) {
        std::string why = e.what();
        if (const auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);  // libtorch adds a backtrace
        throw Error(Status::corrupt_data, "'" + what + "' is not a TorchScript network libtorch can load: " + why);
    }
    impl->module.eval();
    if (impl->module.find_method(method)) {
        impl->method = method;
    } else {
        bool found = false;
        for (const torch::jit::NameModule& child : impl->module.named_children()) {
            impl->prefix.push_back(child.value);
            if (child.name == method) {
                found = true;
                break;
            }
        }
        if (!found) {
            std::string names;
            for (const torch::jit::NameModule& child : impl->module.named_children())
                names += (names.empty() ? "" : ", ") + child.name;
            throw Error(Status::invalid_argument, "'" + what + "' has no method or child module '" + method + "'" +
                                                      (names.empty() ? std::string() : " (children: " + names + ")"));
        }
    }
    return EmbedderNet(std::move(impl));
}

std::vector<std::vector<float>> EmbedderNet::run(const float* inputs, int n, int height, int width) const {
    c10::InferenceMode guard;
    // from_blob does not copy: the caller's buffer outlives the call.
    torch::Tensor x = torch::from_blob(const_cast<float*>(inputs), {n, 3, height, width}, torch::kFloat32);
    torch::jit::IValue out;
    try {
        if (!impl_->method.empty()) {
            out = impl_->module.get_method(impl_->method)({x});
        } else {
            out = x;
            for (const torch::jit::Module& child : impl_->prefix) out = child.get_method("forward")({out});
        }
    } catch (const std::exception& e) {
        std::string why = e.what();
        if (const auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
        throw Error(Status::corrupt_data, "network of '" + impl_->what + "' failed: " + why);
    }
    if (out.isTuple() && !out.toTupleRef().elements().empty()) out = out.toTupleRef().elements()[0];
    if (!out.isTensor())
        throw Error(Status::corrupt_data, "network of '" + impl_->what + "' does not return a tensor");
    torch::Tensor t = out.toTensor().to(torch::kFloat32).contiguous();
    if (t.dim() < 1 || t.size(0) != n || t.numel() == 0)
        throw Error(Status::corrupt_data, "network of '" + impl_->what + "' returned a tensor of shape " +
                                              c10::str(t.sizes()) + " for " + std::to_string(n) + " inputs");
    t = t.reshape({n, -1});
    const std::int64_t d = t.size(1);
    const float* p = t.data_ptr<float>();
    std::vector<std::vector<float>> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)].assign(p + i * d, p + (i + 1) * d);
    return v;
}

}  // namespace pristine::nn
