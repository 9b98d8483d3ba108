// pristine::Embedder: loading (*.pemb or bare TorchScript), default-model lookup, preprocessing and
// (batch) embedding. Torch-free: the network runs behind nn::EmbedderNet.
#include "pristine/models/embedder.hpp"

#include <cmath>
#include <filesystem>
#include <thread>

#include "models/embedder_file.hpp"
#include "models/embedder_input.hpp"
#include "models/embedder_net.hpp"
#include "models/evaluator.hpp"
#include "models/model_paths.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine {

struct Embedder::Impl {
    nn::EmbedderNet net;
    EmbedderInput input;
    std::string name;
    std::string info;
    std::size_t dim = 0;
    bool normalize = false;
    int threads = 1;

    std::vector<float> embed_image(const ImageView& image) const {
        const std::vector<float> x = nn::embedder_tensor(image, input);
        std::vector<float> v = std::move(net.run(x.data(), 1, input.height, input.width)[0]);
        if (v.size() != dim)
            throw Error(Status::corrupt_data, "network of '" + name + "' returned " + std::to_string(v.size()) +
                                                  " values instead of " + std::to_string(dim));
        if (normalize) {
            double s = 0;
            for (const float f : v) s += static_cast<double>(f) * f;
            if (s > 0) {
                const auto k = static_cast<float>(1.0 / std::sqrt(s));
                for (float& f : v) f *= k;
            }
        }
        return v;
    }

    std::vector<float> embed_source(const ImageSource& s) const {
        const Image image = nn::decode_for_embedder(s, input);
        return embed_image(image.view());
    }
};

Embedder::Embedder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Embedder::Embedder(Embedder&&) noexcept = default;
Embedder& Embedder::operator=(Embedder&&) noexcept = default;
Embedder::~Embedder() = default;

namespace {

std::vector<std::string> default_candidates() {
#ifdef PRISTINE_BUILD_TREE_EMBEDDER
    return nn::default_model_candidates("PRISTINE_EMBEDDER", "embedder.pemb", PRISTINE_BUILD_TREE_EMBEDDER);
#else
    return nn::default_model_candidates("PRISTINE_EMBEDDER", "embedder.pemb", "");
#endif
}

void check_input(const EmbedderInput& in) {
    if (in.width < 1 || in.width > 4096 || in.height < 1 || in.height > 4096)
        throw Error(Status::invalid_argument, "embedder input size must be 1..4096 on each side");
    if (!std::isfinite(in.scale)) throw Error(Status::invalid_argument, "embedder input scale must be finite");
    for (int c = 0; c < 3; ++c)
        if (!std::isfinite(in.mean[c]) || !std::isfinite(in.std[c]) || in.std[c] == 0.0f)
            throw Error(Status::invalid_argument, "embedder input mean/std must be finite and std non-zero");
}

}  // namespace

Embedder Embedder::load(const std::string& model_path, const EmbedderOptions& options) {
    if (options.threads < 0) throw Error(Status::invalid_argument, "EmbedderOptions::threads must be >= 0");
    if (options.normalize < -1 || options.normalize > 1)
        throw Error(Status::invalid_argument, "EmbedderOptions::normalize must be -1, 0 or 1");
    const std::vector<std::uint8_t> bytes = read_file(model_path);
    nn::EmbedderConfig config;
    std::string info = "{}";
    std::vector<std::uint8_t> torchscript;
    if (nn::is_embedder_file(bytes)) {
        nn::EmbedderFile file = nn::parse_embedder(bytes, model_path);
        config = nn::embedder_config_from_json(file.config, model_path);
        info = std::move(file.config);
        torchscript = std::move(file.torchscript);
    } else {
        config.name = std::filesystem::path(model_path).filename().string();
        config.input = options.input;
        torchscript = bytes;
    }
    if (options.override_input) config.input = options.input;
    check_input(config.input);
    const std::string method = options.method.empty() ? config.method : options.method;
    if (options.normalize >= 0) config.normalize = options.normalize == 1;

    nn::use_one_thread_per_worker();  // the workers of embed_sources run the network side by side
    auto impl = std::make_unique<Impl>(Impl{nn::EmbedderNet::load(torchscript, method, model_path),
                                            config.input, config.name, std::move(info), 0, config.normalize,
                                            static_cast<int>(batch_threads(options.threads, 1u << 20))});
    // The size of a vector, from one run on a blank (mid-grey) input: a file's `dim` is checked against it.
    const std::vector<float> blank(3 * static_cast<std::size_t>(config.input.width) * config.input.height, 0.5f);
    const std::size_t dim = impl->net.run(blank.data(), 1, config.input.height, config.input.width)[0].size();
    if (const std::size_t said = config.dim_of(method); said != 0 && said != dim)
        throw Error(Status::corrupt_data, "embedder file '" + model_path + "' says its " + method + " gives " +
                                              std::to_string(said) + " values but its network gives " +
                                              std::to_string(dim));
    impl->dim = dim;
    return Embedder(std::move(impl));
}

std::string Embedder::default_model_path() { return nn::first_existing(default_candidates()); }

Embedder Embedder::load_default(const EmbedderOptions& options) {
    const std::string path = default_model_path();
    if (path.empty())
        throw Error(Status::io_error, "no default embedder found (tried: " + nn::joined(default_candidates()) +
                                          "); run scripts/fetch-default-embedder.sh, set PRISTINE_EMBEDDER or "
                                          "pass a model path");
    return load(path, options);
}

std::size_t Embedder::dim() const noexcept { return impl_->dim; }
const std::string& Embedder::name() const noexcept { return impl_->name; }
const std::string& Embedder::model_info() const noexcept { return impl_->info; }
const EmbedderInput& Embedder::input() const noexcept { return impl_->input; }
bool Embedder::normalizes() const noexcept { return impl_->normalize; }

std::vector<float> Embedder::embed_file(const std::string& path) const {
    return impl_->embed_source(ImageSource::file(path));
}

std::vector<float> Embedder::embed_memory(const std::uint8_t* data, std::size_t size) const {
    if (data == nullptr && size > 0) throw Error(Status::invalid_argument, "embed_memory: null data");
    return impl_->embed_source(ImageSource::memory(data, size));
}

std::vector<float> Embedder::embed_pixels(const ImageView& image) const {
    check_view(image);
    return impl_->embed_image(image);
}

std::vector<std::vector<float>> Embedder::embed_dihedral(const ImageView& image) const {
    check_view(image);
    std::vector<std::vector<float>> out;
    out.reserve(k_all_dihedral.size());
    for (const Dihedral t : k_all_dihedral) {
        if (t == Dihedral::identity) {
            out.push_back(impl_->embed_image(image));
        } else {
            const Image turned = transform_dihedral(image, t);
            out.push_back(impl_->embed_image(turned.view()));
        }
    }
    return out;
}

std::vector<EmbedResult> Embedder::embed_sources(const std::vector<ImageSource>& sources,
                                                 const BatchOptions& batch) const {
    BatchOptions o = batch;
    if (o.threads == 0) o.threads = impl_->threads;
    return run_batch<EmbedResult>(sources.size(), o, [&](std::size_t i) {
        EmbedResult r;
        r.vector = impl_->embed_source(sources[i]);
        return r;
    });
}

std::vector<EmbedResult> Embedder::embed_files(const std::vector<std::string>& paths, const BatchOptions& batch) const {
    std::vector<ImageSource> sources;
    sources.reserve(paths.size());
    for (const std::string& p : paths) sources.push_back(ImageSource::file(p));
    return embed_sources(sources, batch);
}

}  // namespace pristine
