// pristine::Scorer: model loading, default-model lookup and (batch) scoring. Torch-free: the network
// runs behind nn::Evaluator.
#include "pristine/models/scorer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <thread>
#include <utility>

#include "models/evaluator.hpp"
#include "models/features.hpp"
#include "models/model_file.hpp"
#include "models/model_paths.hpp"

namespace pristine {

namespace fs = std::filesystem;

struct Scorer::Impl {
    nn::Evaluator evaluator;
    int blocks = 0;
    int threads = 0;
    std::string info;

    double score_features(const nn::Features& f) const { return evaluator.score({&f})[0]; }

    nn::Features features_of(const ImageSource& s) const {
        switch (s.kind) {
            case ImageSource::Kind::path: return nn::features_from_file(s.path, blocks);
            case ImageSource::Kind::bytes:
                if (s.data == nullptr && s.size > 0) throw Error(Status::invalid_argument, "score: null data");
                return nn::features_from_memory(s.data, s.size, blocks);
            case ImageSource::Kind::pixels: return nn::features_from_pixels(s.pixels, blocks);
        }
        throw Error(Status::invalid_argument, "score: unknown source kind");
    }
};

Scorer::Scorer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Scorer::Scorer(Scorer&&) noexcept = default;
Scorer& Scorer::operator=(Scorer&&) noexcept = default;
Scorer::~Scorer() = default;

namespace {

// Inputs per progress report of score_sources (at least 2 per thread).
constexpr std::size_t k_score_chunk = 32;

int resolve_threads(int threads) {
    return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::vector<std::string> default_candidates() {
#ifdef PRISTINE_BUILD_TREE_MODEL
    return nn::default_model_candidates("PRISTINE_MODEL", "scorer.pmdl", PRISTINE_BUILD_TREE_MODEL);
#else
    return nn::default_model_candidates("PRISTINE_MODEL", "scorer.pmdl", "");
#endif
}

}  // namespace

Scorer Scorer::load(const std::string& model_path, const ScorerOptions& options) {
    if (options.threads < 0) throw Error(Status::invalid_argument, "ScorerOptions::threads must be >= 0");
    if (options.blocks < 0 || options.blocks > 4096)
        throw Error(Status::invalid_argument, "ScorerOptions::blocks must be 0..4096");
    const nn::ModelFile file = nn::load_model_file(model_path);
    auto impl = std::make_unique<Impl>(Impl{nn::Evaluator::from_file(file, model_path), 0, 0, file.config});
    impl->blocks = options.blocks > 0 ? options.blocks : impl->evaluator.config().blocks;
    impl->threads = resolve_threads(options.threads);
    nn::use_one_thread_per_worker();  // the workers of score_sources run the network side by side
    return Scorer(std::move(impl));
}

std::string Scorer::default_model_path() { return nn::first_existing(default_candidates()); }

Scorer Scorer::load_default(const ScorerOptions& options) {
    const std::string path = default_model_path();
    if (path.empty()) {
        throw Error(Status::io_error, "no default scorer model found (tried: " + nn::joined(default_candidates()) +
                                          "); set PRISTINE_MODEL or pass a model path");
    }
    return load(path, options);
}

double Scorer::score_file(const std::string& path) const {
    return impl_->score_features(impl_->features_of(ImageSource::file(path)));
}

double Scorer::score_memory(const std::uint8_t* data, std::size_t size) const {
    if (data == nullptr && size > 0) throw Error(Status::invalid_argument, "score_memory: null data");
    return impl_->score_features(impl_->features_of(ImageSource::memory(data, size)));
}

double Scorer::score_pixels(const ImageView& image) const {
    return impl_->score_features(impl_->features_of(ImageSource::view(image)));
}

std::vector<ScoreResult> Scorer::score_sources(const std::vector<ImageSource>& sources,
                                               const BatchOptions& batch) const {
    BatchOptions o = batch;
    if (o.threads == 0) o.threads = impl_->threads;
    const std::size_t n = sources.size();
    // In chunks: each worker decodes and samples an input, then scores it (one input per forward pass,
    // its blocks the batch, so a score never depends on the batch it came in). libtorch runs on one
    // thread inside each worker: its own OpenMP threads, between the network's many small operations,
    // spin waiting for work and took as much CPU as the scoring itself from the decoders beside them.
    const std::size_t chunk = std::max<std::size_t>(k_score_chunk, 2 * batch_threads(o.threads, n));
    std::vector<ScoreResult> results(n);
    std::size_t failed = 0;
    auto last_told = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    const auto tell = [&](std::size_t done) {
        const auto now = std::chrono::steady_clock::now();
        if (!batch.progress || (done < n && now - last_told < std::chrono::milliseconds(100))) return;
        batch.progress(BatchProgress{done, failed, n});
        last_told = now;
    };
    BatchOptions part = o;
    part.progress = nullptr;
    for (std::size_t base = 0; base < n; base += chunk) {
        const std::size_t count = std::min(chunk, n - base);
        run_for_each(count, part, [&](std::size_t j) {
            ScoreResult& r = results[base + j];
            try {
                r.score = impl_->score_features(impl_->features_of(sources[base + j]));
            } catch (...) {
                r.fail_with_current_exception();
            }
        });
        for (std::size_t j = 0; j < count; ++j) failed += !results[base + j].ok();
        tell(base + count);
    }
    return results;
}

std::vector<ScoreResult> Scorer::score_files(const std::vector<std::string>& paths, const BatchOptions& batch) const {
    std::vector<ImageSource> sources;
    sources.reserve(paths.size());
    for (const std::string& p : paths) sources.push_back(ImageSource::file(p));
    return score_sources(sources, batch);
}

std::vector<ScoreResult> Scorer::score_files(const std::vector<std::string>& paths, int threads) const {
    if (threads < 0) threads = 0;  // as before: a negative count meant the scorer's option
    BatchOptions batch;
    batch.threads = threads;
    return score_files(paths, batch);
}

std::vector<std::size_t> Scorer::rank(const std::vector<ScoreResult>& results) {
    std::vector<std::size_t> order(results.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool oa = results[a].status == Status::ok, ob = results[b].status == Status::ok;
        if (oa != ob) return oa;
        return oa && results[a].score < results[b].score;
    });
    return order;
}

std::vector<std::size_t> Scorer::rank(const std::vector<std::string>& paths, int threads) const {
    return rank(score_files(paths, threads));
}

int Scorer::blocks() const noexcept { return impl_->blocks; }
const std::string& Scorer::model_info() const noexcept { return impl_->info; }

}  // namespace pristine
