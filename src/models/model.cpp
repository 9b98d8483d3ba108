// The generation-loss network, its (de)serialisation and the torch-free Evaluator.
#include "models/model.hpp"

#include <dlfcn.h>

#include <cmath>
#include <thread>

#include "models/evaluator.hpp"
#include "pristine/blocks.hpp"
#include "pristine/error.hpp"

namespace pristine::nn {

namespace {

torch::Tensor make_dct_basis() {
    // K[(u,v),(x,y)] = c(u) cos((2x+1)u pi/16) c(v) cos((2y+1)v pi/16): flat block @ K^T = dct8x8 (u vertical).
    const double pi = 3.14159265358979323846;
    float d[8][8];
    for (int u = 0; u < 8; ++u)
        for (int x = 0; x < 8; ++x)
            d[u][x] = static_cast<float>((u == 0 ? std::sqrt(1.0 / 8) : std::sqrt(2.0 / 8)) *
                                         std::cos((2 * x + 1) * u * pi / 16));
    torch::Tensor k = torch::empty({64, 64});
    auto a = k.accessor<float, 2>();
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v)
            for (int x = 0; x < 8; ++x)
                for (int y = 0; y < 8; ++y) a[u * 8 + v][x * 8 + y] = d[u][x] * d[v][y];
    return k;
}

}  // namespace

FeatureTensors stack_features(const std::vector<const Features*>& batch, float jitter, std::uint64_t gen_seed,
                              int max_blocks) {
    if (batch.empty()) throw Error(Status::invalid_argument, "empty feature batch");
    const auto b = static_cast<std::int64_t>(batch.size());
    const std::int64_t have = batch[0]->blocks;
    const std::int64_t n = max_blocks > 0 ? std::min<std::int64_t>(have, max_blocks) : have;
    FeatureTensors t;
    t.pixels = torch::empty({b, n, 3, 8, 8}, torch::kUInt8);
    t.block_meta = torch::empty({b, n, k_block_meta_size});
    t.present = torch::empty({b, n});
    t.image_meta = torch::empty({b, k_image_meta_size});
    t.global = torch::empty({b, k_global_size});
    std::uint8_t* px = t.pixels.data_ptr<std::uint8_t>();
    float* bm = t.block_meta.data_ptr<float>();
    float* pr = t.present.data_ptr<float>();
    float* im = t.image_meta.data_ptr<float>();
    float* sp = t.global.data_ptr<float>();
    for (std::int64_t i = 0; i < b; ++i) {
        const Features& f = *batch[static_cast<std::size_t>(i)];
        if (f.blocks != have) throw Error(Status::invalid_argument, "features of one batch have different block counts");
        std::copy(f.pixels.begin(), f.pixels.begin() + n * k_block_values, px + i * n * k_block_values);
        std::copy(f.block_meta.begin(), f.block_meta.begin() + n * k_block_meta_size, bm + i * n * k_block_meta_size);
        for (std::int64_t s = 0; s < n; ++s) pr[i * n + s] = f.present[static_cast<std::size_t>(s)];
        std::copy(f.image_meta.begin(), f.image_meta.end(), im + i * k_image_meta_size);
        if (f.global.size() != static_cast<std::size_t>(k_global_size))
            throw Error(Status::invalid_argument, "features lack the whole-image statistics");
        std::copy(f.global.begin(), f.global.end(), sp + i * k_global_size);
    }
    if (jitter > 0.f) {
        auto gen = at::detail::createCPUGenerator(gen_seed);
        for (const int idx : k_jittered_meta)
            t.image_meta.select(1, idx).add_(torch::randn({b}, gen) * jitter);
        // The per-block image-size cue identifies an image as much as the image-level one does.
        t.block_meta.select(2, k_meta_image_size).add_(torch::randn({b, 1}, gen) * (jitter * 0.75f));
        t.block_meta.select(2, k_meta_image_size).mul_(t.present);
    }
    return t;
}

ImageModelImpl::ImageModelImpl(const ModelConfig& c) : config_(c) {
    const int w = c.width, ch = c.conv_channels, k = c.pixel_kernel, pad = c.pixel_kernel / 2;
    const int ge = c.global_embed(), mo = c.meta_out();
    dct_basis_ = register_buffer("dct_basis", make_dct_basis());
    conv1_ = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, ch, k).padding(pad)));
    conv2_ = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, k).padding(pad).stride(2)));
    pix_fc_ = register_module("pix_fc", torch::nn::Linear(ch * 16, w));
    dct_fc1_ = register_module("dct_fc1", torch::nn::Linear(k_block_values, c.dct_hidden()));
    dct_fc2_ = register_module("dct_fc2", torch::nn::Linear(c.dct_hidden(), w));
    glob_fc1_ = register_module("glob_fc1", torch::nn::Linear(k_global_size + k_image_meta_size, c.global_hidden()));
    glob_fc2_ = register_module("glob_fc2", torch::nn::Linear(c.global_hidden(), ge));
    glob_score_ = register_module("glob_score", torch::nn::Linear(ge, 1));
    meta_fc_ = register_module("meta_fc", torch::nn::Linear(k_block_meta_size + k_image_meta_size + ge, mo));
    block_fc_ = register_module("block_fc", torch::nn::Linear(w + w + mo, w));
    if (c.block_layers > 0) {
        // Registered only when used, so the original network's parameter names stay as they were.
        block_extra_ = register_module("block_extra", torch::nn::ModuleList());
        for (int i = 0; i < c.block_layers; ++i) block_extra_->push_back(torch::nn::Linear(w, w));
    }
    if (c.aggregator == Aggregator::attention) {
        att_score_ = register_module("att_score", torch::nn::Linear(w, 1));
        att_weight_ = register_module("att_weight", torch::nn::Linear(w, 1));
    } else {
        lstm_ = register_module("lstm",
                                torch::nn::LSTM(torch::nn::LSTMOptions(w + 1, c.lstm_hidden).batch_first(true)));
        lstm_out_ = register_module("lstm_out", torch::nn::Linear(c.lstm_hidden, 1));
    }
}

torch::Tensor ImageModelImpl::act(const torch::Tensor& x) const {
    switch (config_.activation) {
        case Activation::gelu: return torch::gelu(x);
        case Activation::silu: return torch::silu(x);
        case Activation::tanh: return torch::tanh(x);
        case Activation::relu: break;
    }
    return torch::relu(x);
}

torch::Tensor ImageModelImpl::forward(const FeatureTensors& x) {
    const std::int64_t b = x.pixels.size(0), n = x.pixels.size(1);
    const torch::Tensor px = (x.pixels.to(torch::kFloat).reshape({b * n, 3, 8, 8}) - 128.f) / 128.f;

    torch::Tensor hp = act(conv1_->forward(px));
    hp = act(conv2_->forward(hp)).reshape({b * n, -1});
    hp = act(pix_fc_->forward(hp));

    // JPEG coefficient units (x 128), compressed by a signed log so DC and faint AC both register.
    torch::Tensor d = torch::matmul(px.reshape({b * n, 3, 64}), dct_basis_.t()) * 128.f;
    d = torch::sign(d) * torch::log1p(torch::abs(d));
    torch::Tensor hd = act(dct_fc1_->forward(d.reshape({b * n, k_block_values})));
    hd = act(dct_fc2_->forward(hd));

    torch::Tensor g = act(glob_fc1_->forward(torch::cat({x.global, x.image_meta}, 1)));
    g = act(glob_fc2_->forward(g));                                                          // [B, ge]
    const torch::Tensor global_score = glob_score_->forward(g).squeeze(1);                  // [B]

    const torch::Tensor im = torch::cat({x.image_meta, g}, 1).unsqueeze(1).expand({b, n, -1});
    torch::Tensor hm = torch::cat({x.block_meta, im}, 2).reshape({b * n, -1});
    hm = act(meta_fc_->forward(hm));

    // Dropout only when asked for: p = 0 must leave the original network's arithmetic untouched.
    const double p = config_.dropout;
    torch::Tensor in = torch::cat({hp, hd, hm}, 1);
    if (p > 0) in = torch::dropout(in, p, is_training());
    torch::Tensor e = act(block_fc_->forward(in));
    if (block_extra_)
        for (const auto& layer : *block_extra_) e = act(layer->as<torch::nn::Linear>()->forward(e));
    if (p > 0) e = torch::dropout(e, p, is_training());
    e = e.reshape({b, n, -1});

    if (config_.aggregator == Aggregator::attention) {
        const torch::Tensor s = att_score_->forward(e).squeeze(2);                 // [B, N]
        torch::Tensor wl = att_weight_->forward(e).squeeze(2);
        wl = wl.masked_fill(x.present < 0.5f, -1e9f);
        const torch::Tensor a = torch::softmax(wl, 1) * (x.present.sum(1, true) > 0).to(torch::kFloat);
        return (a * s).sum(1) + global_score;
    }
    const torch::Tensor seq = torch::cat({e * x.present.unsqueeze(2), x.present.unsqueeze(2)}, 2);
    const auto out = lstm_->forward(seq);
    const torch::Tensor h = std::get<0>(std::get<1>(out))[0];  // last layer's final hidden state [B, H]
    return lstm_out_->forward(h).squeeze(1) + global_score;
}

std::vector<NamedTensor> model_parameters(ImageModel& model) {
    std::vector<NamedTensor> out;
    for (const auto& p : model->named_parameters(true)) {
        NamedTensor t;
        t.name = p.key();
        const torch::Tensor v = p.value().detach().to(torch::kFloat).contiguous();
        t.shape.assign(v.sizes().begin(), v.sizes().end());
        t.values.assign(v.data_ptr<float>(), v.data_ptr<float>() + v.numel());
        out.push_back(std::move(t));
    }
    return out;
}

void load_parameters(ImageModel& model, const std::vector<NamedTensor>& tensors, const std::string& what) {
    torch::NoGradGuard no_grad;
    for (auto& p : model->named_parameters(true)) {
        const NamedTensor* found = nullptr;
        for (const NamedTensor& t : tensors)
            if (t.name == p.key()) found = &t;
        if (found == nullptr)
            throw Error(Status::corrupt_data, "model file '" + what + "' lacks tensor '" + p.key() + "'");
        const std::vector<std::int64_t> want(p.value().sizes().begin(), p.value().sizes().end());
        if (found->shape != want)
            throw Error(Status::corrupt_data, "model file '" + what + "': tensor '" + p.key() + "' has the wrong shape");
        torch::Tensor src = torch::from_blob(const_cast<float*>(found->values.data()),
                                             at::IntArrayRef(found->shape), torch::kFloat);
        p.value().copy_(src);
    }
}

void set_torch_threads(int threads) {
    const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
}

// OpenBLAS (libtorch's BLAS on Debian) keeps its own thread pool, which at::set_num_threads does not
// govern, and its idle workers spin: next to score_files' decoding workers they cost more than they
// give (198 2-MP JPEGs on 2 cores: 3.7 s with OpenBLAS's 2 threads, 3.05 s with 1 (models/scorer.md); on 1 thread the
// spinning took 7.4 CPU-seconds instead of 4.8). The network's matrices are small, so one BLAS thread. Found
// at run time: with another BLAS the symbol is absent and nothing changes.
void use_one_thread_per_worker() {
    set_torch_threads(1);
    using SetThreads = void (*)(int);
    if (void* f = dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) reinterpret_cast<SetThreads>(f)(1);
}


// ------------------------------------------------------------------ Evaluator

struct Evaluator::Impl {
    ModelConfig config;
    ImageModel model{nullptr};
};

Evaluator::Evaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;
Evaluator::~Evaluator() = default;

Evaluator Evaluator::from_file(const ModelFile& file, const std::string& what) {
    auto impl = std::make_unique<Impl>();
    impl->config = config_from_json(file.config, what);
    try {
        impl->model = ImageModel(impl->config);
        load_parameters(impl->model, file.tensors, what);
    } catch (const c10::Error& e) {
        throw Error(Status::corrupt_data, "model file '" + what + "' cannot be loaded: " + e.what_without_backtrace());
    }
    impl->model->eval();
    return Evaluator(std::move(impl));
}

std::vector<float> Evaluator::score(const std::vector<const Features*>& batch) const {
    if (batch.empty()) return {};
    torch::NoGradGuard no_grad;
    try {
        const FeatureTensors t = stack_features(batch);
        // forward() is not const in libtorch's API, but in eval mode without gradients it changes nothing.
        const torch::Tensor s = impl_->model->forward(t).contiguous();
        return std::vector<float>(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
    } catch (const c10::Error& e) {
        throw Error(Status::internal, std::string("scorer: libtorch failed: ") + e.what_without_backtrace());
    }
}

const ModelConfig& Evaluator::config() const noexcept { return impl_->config; }

}  // namespace pristine::nn
