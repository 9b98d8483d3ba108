// pristine::train_scorer: the training loop of the generation-loss scorer (docs/scorer.md).
// Data for epoch e+1 is generated on worker threads while epoch e trains; every group's content is a
// function of (seed, epoch, index) only, so thread scheduling never changes the data.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "models/features.hpp"
#include "models/evaluator.hpp"
#include "models/model.hpp"
#include "models/model_config.hpp"
#include "models/model_file.hpp"
#include "lab/train/pair_data.hpp"
#include "pristine/lab/degrade/rng.hpp"
#include "pristine/executor.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/lab/train.hpp"
#include "pristine/version.hpp"

namespace pristine {

namespace {

using nn::Group;
using Clock = std::chrono::steady_clock;

// In the units of ImageMeta (log2 pixels / 24 ...): 0.005 is ~0.12 bit, about 9 % in pixel count or bytes
// per pixel. Enough that an exact size or file size cannot identify a picture, small enough that the real
// differences inside a group (a 0.8x rescale is 0.64 bit) stay visible; 0.02 hid them (run1: 84 %).
constexpr float k_meta_jitter = 0.005f;
// Epochs without a better validation accuracy before the learning rate is halved.
constexpr int k_lr_patience = 2;

void set_learning_rate(torch::optim::Adam& optimizer, double rate) {
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
}

int resolve_threads(int t) { return t > 0 ? t : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

void check_options(const TrainOptions& o) {
    const auto bad = [](const std::string& m) { throw Error(Status::invalid_argument, "train: " + m); };
    if (o.image_dirs.empty()) bad("no image folders given");
    if (o.out.empty()) bad("no output model path given");
    if (o.epochs < 1) bad("epochs must be >= 1");
    if (o.groups_per_epoch < 1) bad("groups_per_epoch must be >= 1");
    if (o.pool_epochs < 1) bad("pool_epochs must be >= 1");
    if (o.batch_pairs < 1) bad("batch_pairs must be >= 1");
    if (o.steps_per_epoch < 0) bad("steps_per_epoch must be >= 0");
    if (!(o.learning_rate > 0)) bad("learning_rate must be > 0");
    if (o.threads < 0) bad("threads must be >= 0");
    if (!(o.validation_fraction >= 0 && o.validation_fraction < 1)) bad("validation_fraction must be in [0, 1)");
    if (o.blocks < 1 || o.blocks > 4096) bad("blocks must be 1..4096");
    if (o.width < 8 || o.width > 512) bad("width must be 8..512");
    if (o.conv_channels < 1 || o.conv_channels > 256) bad("conv_channels must be 1..256");
    if (o.max_side < 64) bad("max_side must be >= 64");
    if (!(o.comparator_k > 0)) bad("comparator_k must be > 0");
    if (!(o.train_k >= 0)) bad("train_k must be >= 0");
    if (!(o.synth_fraction >= 0 && o.synth_fraction <= 1)) bad("synth_fraction must be in [0, 1]");
    if (o.pixel_kernel != 3 && o.pixel_kernel != 5) bad("pixel_kernel must be 3 or 5");
    if (o.dct_width < 0 || o.dct_width > 1024) bad("dct_width must be 0..1024");
    if (o.global_width < 0 || o.global_width > 1024) bad("global_width must be 0..1024");
    if (o.meta_width < 0 || o.meta_width > 1024) bad("meta_width must be 0..1024");
    if (o.block_layers < 0 || o.block_layers > 8) bad("block_layers must be 0..8");
    if (!(o.dropout >= 0 && o.dropout <= 0.9)) bad("dropout must be in [0, 0.9]");
    if (o.lstm_hidden < 1 || o.lstm_hidden > 1024) bad("lstm_hidden must be 1..1024");
    if (!(o.time_budget_seconds >= 0)) bad("time_budget_seconds must be >= 0");
    if (o.data_epochs < 0) bad("data_epochs must be >= 0");
    if (o.data_blocks != 0 && (o.data_blocks < o.blocks || o.data_blocks > 4096)) bad("data_blocks must be 0 or blocks..4096");
    try {
        (void)nn::parse_activation(o.activation);
    } catch (const Error& e) {
        bad(e.what());
    }
}

std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

// Version of the group generator: part of every cache file name, bumped whenever make_group changes.
constexpr std::uint64_t k_generator_version = 5;

// Groups [0, count) of a stream, generated on `threads` workers (or read from `cache_dir`). A source that
// fails to decode gives an empty group (no pairs) rather than stopping the run; it is reported through `log`.
std::vector<Group> generate(const nn::SourceBank& bank, std::uint64_t stream_seed, int count,
                            const nn::GroupOptions& go, const std::string& cache_dir, int threads,
                            std::vector<std::string>* failures, int* from_cache = nullptr) {
    std::vector<Group> groups(static_cast<std::size_t>(count));
    std::vector<std::string> errors(groups.size());
    std::atomic<int> cached{0};
    run_for_each(static_cast<std::size_t>(count), BatchOptions{threads, nullptr, nullptr}, [&](std::size_t i) {
        // The source is drawn from the group's own seed: the data does not depend on scheduling.
        const std::uint64_t s = nn::mix_seed(stream_seed, i);
        const std::size_t idx = static_cast<std::size_t>(s % bank.size());
        const auto& src = bank.picture(idx);
        std::string file;
        if (!cache_dir.empty()) {
            const std::uint64_t key = nn::mix_seed(
                nn::mix_seed(s, fnv1a(src.path), k_generator_version * 1000 + nn::k_feature_version),
                static_cast<std::uint64_t>(go.blocks) * 100003u + static_cast<std::uint64_t>(go.max_side),
                static_cast<std::uint64_t>(std::llround(go.synth_fraction * 1e6)) + (go.font ? 7u : 0u));
            char name[40];
            std::snprintf(name, sizeof name, "g%016llx.bin", static_cast<unsigned long long>(key));
            file = cache_dir + "/" + name;
            if (nn::load_group(file, groups[i])) {
                ++cached;
                return;
            }
        }
        try {
            groups[i] = nn::make_group(*bank.image(idx), nn::mix_seed(s, 1), go);
            if (!file.empty()) nn::save_group(file, groups[i]);
        } catch (const std::exception& e) {
            errors[i] = src.path + ": " + e.what();
        }
    });
    if (failures != nullptr)
        for (std::string& e : errors)
            if (!e.empty()) failures->push_back(std::move(e));
    if (from_cache != nullptr) *from_cache = cached.load();
    return groups;
}

std::vector<const Group*> groups_with_pairs(const std::vector<const std::vector<Group>*>& sets) {
    std::vector<const Group*> out;
    for (const auto* set : sets)
        for (const Group& g : *set)
            if (!g.pairs.empty()) out.push_back(&g);
    return out;
}

double validation_accuracy(nn::ImageModel& model, const std::vector<Group>& groups, int blocks) {
    torch::NoGradGuard no_grad;
    model->eval();
    int right = 0, total = 0;
    for (const Group& g : groups) {
        if (g.pairs.empty()) continue;
        std::vector<const nn::Features*> batch;
        for (const auto& f : g.copies) batch.push_back(&f);
        const torch::Tensor s = model->forward(nn::stack_features(batch, 0.f, 0, blocks)).contiguous();
        const float* v = s.data_ptr<float>();
        for (const auto& [a, b] : g.pairs) {
            right += v[a] < v[b] ? 1 : 0;  // a tie is a miss
            ++total;
        }
    }
    model->train();
    return total > 0 ? static_cast<double>(right) / total : -1.0;
}

nn::ModelFile to_file(nn::ImageModel& model, const nn::ModelConfig& config) {
    nn::ModelFile f;
    f.config = nn::config_to_json(config);
    f.tensors = nn::model_parameters(model);
    return f;
}

// The pictures of a run, split into training and validation, their banks and the group options; the
// groups of the validation set and of each epoch. Shared by training and prepare_training_data.
class DataSetup {
public:
    DataSetup(const TrainOptions& o, const std::function<void(const std::string&)>& log) : o_(o), log_(log) {
        // Split on pictures, never on files: validation pictures are never seen in training.
        std::vector<nn::SourcePicture> all = nn::find_pictures(o.image_dirs);
        if (all.empty()) throw Error(Status::invalid_argument, "train: no usable images in the given folders");
        {
            degrade::Rng rng(nn::mix_seed(o.seed, 0x5B17));
            for (std::size_t i = all.size(); i > 1; --i)
                std::swap(all[i - 1], all[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
        }
        if (o.max_images > 0 && static_cast<int>(all.size()) > o.max_images) all.resize(static_cast<std::size_t>(o.max_images));
        std::size_t n_val = 0;
        if (o.validation_fraction > 0 && all.size() >= 2)
            n_val = std::min(all.size() - 1, std::max<std::size_t>(1, static_cast<std::size_t>(
                                                                          std::lround(o.validation_fraction * all.size()))));
        if (log) log("pictures: " + std::to_string(all.size() - n_val) + " training, " + std::to_string(n_val) + " validation");
        train_sources = std::vector<nn::SourcePicture>(all.begin() + static_cast<std::ptrdiff_t>(n_val), all.end());
        val_sources = std::vector<nn::SourcePicture>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n_val));
        train_bank_ = std::make_unique<nn::SourceBank>(train_sources, o.max_side);
        val_bank_ = std::make_unique<nn::SourceBank>(val_sources, o.max_side);
        for (const char* f : {"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                              "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"}) {
            std::error_code ec;
            if (std::filesystem::exists(f, ec)) {
                font_.ttf = read_file(f);
                font_path = f;
                break;
            }
        }
        go_.blocks = std::max(o.blocks, o.data_blocks);
        go_.max_side = o.max_side;
        go_.synth_fraction = o.synth_fraction;
        go_.font = font_.ttf.empty() ? nullptr : &font_;
        if (!o.cache_dir.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(o.cache_dir, ec);
            if (ec) throw Error(Status::io_error, "train: cannot create cache folder '" + o.cache_dir + "'");
        }
    }
    DataSetup(const DataSetup&) = delete;
    DataSetup& operator=(const DataSetup&) = delete;

    std::vector<Group> validation(int threads, std::vector<std::string>* failures, int* from_cache = nullptr) const {
        if (val_sources.empty()) return {};
        return generate(*val_bank_, nn::mix_seed(o_.seed, 0xA11D), o_.validation_groups, go_, o_.cache_dir, threads,
                        failures, from_cache);
    }

    std::vector<Group> epoch(int epoch, int threads, int* from_cache = nullptr) const {
        int cached = 0;
        auto g = generate(*train_bank_, nn::mix_seed(o_.seed, 0x7EA1, static_cast<std::uint64_t>(epoch)),
                          o_.groups_per_epoch, go_, o_.cache_dir, threads, nullptr, &cached);
        if (from_cache != nullptr) *from_cache = cached;
        const nn::GenProfile p = nn::gen_profile();
        char line[256];
        std::snprintf(line, sizeof line,
                      "data for epoch %d: %d groups (%d from the cache); generation so far: %lld groups, "
                      "decode %.1f s, originals %.1f s, copies %.1f s, features %.1f s (thread-seconds)",
                      epoch + 1, o_.groups_per_epoch, cached, p.groups, p.decode_s, p.original_s, p.copies_s,
                      p.features_s);
        if (log_) log_(line);
        return g;
    }

    std::vector<nn::SourcePicture> train_sources, val_sources;
    std::string font_path;

private:
    const TrainOptions& o_;
    std::function<void(const std::string&)> log_;
    std::unique_ptr<nn::SourceBank> train_bank_, val_bank_;
    degrade::SynthFont font_;
    nn::GroupOptions go_;
};

TrainResult train_impl(const TrainOptions& o) {
    const int threads = resolve_threads(o.threads);
    nn::set_torch_threads(threads);
    torch::manual_seed(o.seed);
    const auto log = [&](const std::string& m) {
        if (o.log) o.log(m);
    };

    const DataSetup data(o, log);
    const auto& train_sources = data.train_sources;
    const auto& val_sources = data.val_sources;

    // Model, from scratch or from a checkpoint.
    nn::ModelConfig config;
    config.feature_version = nn::k_feature_version;
    config.blocks = o.blocks;
    config.aggregator = o.aggregator;
    config.width = o.width;
    config.conv_channels = o.conv_channels;
    config.comparator_k = o.comparator_k;
    config.pixel_kernel = o.pixel_kernel;
    config.dct_width = o.dct_width;
    config.global_width = o.global_width;
    config.meta_width = o.meta_width;
    config.block_layers = o.block_layers;
    config.activation = nn::parse_activation(o.activation);
    config.dropout = o.dropout;
    config.lstm_hidden = o.lstm_hidden;
    int start_epoch = 0;
    double best_acc = -2.0;
    int best_epoch = 0;
    double learning_rate = o.learning_rate;
    int last_decay_epoch = 0;
    bool resumed_other_data = false;
    nlohmann::json history = nlohmann::json::array();
    nn::ModelFile resumed;
    if (!o.resume.empty()) {
        resumed = nn::load_model_file(o.resume);
        config = nn::config_from_json(resumed.config, o.resume);
        // The network does not depend on the number of blocks (shared per-block weights, then pooling),
        // so a resumed run may train with another count; the model then records the new one.
        const bool other_blocks = config.blocks != o.blocks;
        config.blocks = o.blocks;
        const auto rec = nlohmann::json::parse(config.training, nullptr, false);
        if (rec.is_discarded() || !rec.contains("epoch"))
            throw Error(Status::corrupt_data, "checkpoint '" + o.resume + "' has no training state");
        start_epoch = rec.value("epoch", 0);
        best_acc = rec.value("best_validation_accuracy", -2.0);
        best_epoch = rec.value("best_epoch", 0);
        if (rec.contains("history")) history = rec["history"];
        learning_rate = rec.value("current_learning_rate", o.learning_rate);
        last_decay_epoch = rec.value("last_decay_epoch", 0);
        // Another generator or block count makes another validation set: its accuracies are not
        // comparable with the checkpoint's best, so the best (and the plateau count of the learning
        // rate) start afresh.
        if (other_blocks || rec.value("generator_version", std::uint64_t{0}) != k_generator_version) {
            resumed_other_data = true;
            learning_rate = o.learning_rate;  // a fine-tune on new data: the rate asked for (--lr)
            best_acc = -2.0;
            best_epoch = start_epoch;
            last_decay_epoch = start_epoch;
        }
    }
    nn::ImageModel model(config);
    if (!o.resume.empty()) nn::load_parameters(model, resumed.tensors, o.resume);
    model->train();
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(learning_rate));
    const std::string ckpt = o.out + ".ckpt";
    if (!o.resume.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(o.resume + ".adam", ec)) {
            try {
                torch::load(optimizer, o.resume + ".adam");
            } catch (const c10::Error&) {
                throw Error(Status::corrupt_data, "cannot read optimiser state '" + o.resume + ".adam'");
            }
        }
        // The saved optimiser state carries its own rate; the one decided above wins.
        set_learning_rate(optimizer, learning_rate);
        log("resumed from '" + o.resume + "' after epoch " + std::to_string(start_epoch) + ", learning rate " +
            std::to_string(learning_rate));
        if (resumed_other_data)
            log("the checkpoint was trained with another data generator or block count: validation starts a new best");
    }

    const double train_k = o.train_k > 0 ? o.train_k : config.comparator_k;

    std::vector<std::string> failures;
    const auto report_failures = [&] {
        for (const std::string& f : failures) log("skipped a group: " + f);
        failures.clear();
    };
    const std::vector<Group> val_groups = data.validation(threads, &failures);
    report_failures();
    // A fixed data set (data_epochs > 0) is generated once per set and kept; otherwise every epoch is new.
    std::vector<std::shared_ptr<const std::vector<Group>>> fixed_sets(static_cast<std::size_t>(o.data_epochs));
    const auto epoch_data = [&](int epoch) -> std::shared_ptr<const std::vector<Group>> {
        const int set = o.data_epochs > 0 ? epoch % o.data_epochs : epoch;
        if (o.data_epochs > 0 && fixed_sets[static_cast<std::size_t>(set)]) return fixed_sets[static_cast<std::size_t>(set)];
        auto g = std::make_shared<const std::vector<Group>>(data.epoch(set, threads));
        if (o.data_epochs > 0) fixed_sets[static_cast<std::size_t>(set)] = g;
        return g;
    };

    std::vector<std::shared_ptr<const std::vector<Group>>> pool;  // the last pool_epochs epochs' groups
    std::future<std::shared_ptr<const std::vector<Group>>> upcoming = std::async(std::launch::async, epoch_data, start_epoch);
    TrainResult result;
    result.train_images = static_cast<int>(train_sources.size());
    result.validation_images = static_cast<int>(val_sources.size());
    double step_seconds = 0;  // time in optimiser steps, what time_budget_seconds bounds
    bool out_of_time = false;
    for (int epoch = start_epoch; epoch < o.epochs && !out_of_time; ++epoch) {
        const auto t0 = Clock::now();
        pool.push_back(upcoming.get());
        if (static_cast<int>(pool.size()) > o.pool_epochs) pool.erase(pool.begin());
        if (epoch + 1 < o.epochs) upcoming = std::async(std::launch::async, epoch_data, epoch + 1);

        std::vector<const std::vector<Group>*> sets;
        for (const auto& p : pool) sets.push_back(p.get());
        // Whole groups per step: each image is scored once and the loss covers every pair of its group,
        // instead of scoring both images of each pair separately (about half the forward passes). The
        // comparator is antisymmetric, so the order of a pair carries nothing: every pair enters as
        // (worse, better) with label 1.
        std::vector<const Group*> groups = groups_with_pairs(sets);
        if (groups.empty()) throw Error(Status::invalid_argument, "train: the images gave no training pairs");
        std::size_t pool_pairs = 0;
        for (const Group* g : groups) pool_pairs += g->pairs.size();
        degrade::Rng rng(nn::mix_seed(o.seed, 0x5EED, static_cast<std::uint64_t>(epoch)));
        for (std::size_t i = groups.size(); i > 1; --i)
            std::swap(groups[i - 1], groups[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
        const int steps = o.steps_per_epoch > 0
                              ? o.steps_per_epoch
                              : static_cast<int>((pool_pairs + o.batch_pairs - 1) / o.batch_pairs);

        double loss_sum = 0;
        int right = 0, seen = 0;
        std::size_t cursor = 0;
        int steps_done = 0;
        for (int step = 0; step < steps; ++step) {
            if (o.time_budget_seconds > 0 && step_seconds >= o.time_budget_seconds) {
                out_of_time = true;
                break;
            }
            const auto s0 = Clock::now();
            std::vector<const nn::Features*> images;
            std::vector<std::int64_t> worse, better;
            while (static_cast<int>(worse.size()) < o.batch_pairs) {
                const Group& g = *groups[cursor++ % groups.size()];
                const auto base = static_cast<std::int64_t>(images.size());
                for (const nn::Features& f : g.copies) images.push_back(&f);
                for (const auto& [a, b] : g.pairs) {  // a is the ancestor: better
                    better.push_back(base + a);
                    worse.push_back(base + b);
                }
            }
            const auto x = nn::stack_features(images, k_meta_jitter,
                                              nn::mix_seed(o.seed, static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(step)),
                                              o.blocks);
            const torch::Tensor s = model->forward(x);
            const torch::Tensor logit = nn::comparator_logit(s.index_select(0, torch::tensor(worse)),
                                                             s.index_select(0, torch::tensor(better)), train_k);
            const torch::Tensor loss = torch::binary_cross_entropy_with_logits(logit, torch::ones_like(logit));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            loss_sum += loss.item<double>();
            right += (logit > 0).sum().item<int>();
            seen += static_cast<int>(worse.size());
            ++steps_done;
            ++result.steps;
            step_seconds += std::chrono::duration<double>(Clock::now() - s0).count();
        }
        if (steps_done == 0) break;  // the budget ran out at the end of the previous epoch

        const double val_acc = validation_accuracy(model, val_groups, o.blocks);
        // The best validation epoch becomes the model (every epoch when there is no validation set).
        const bool best = val_acc < 0 || val_acc > best_acc;
        if (best) {
            best_acc = val_acc;
            best_epoch = epoch + 1;
        }
        // Halve the learning rate once validation has not improved for k_lr_patience epochs (and the
        // last halving is as old): a constant rate plateaus below what smaller steps then reach.
        if (val_acc >= 0 && epoch + 1 - best_epoch >= k_lr_patience && epoch + 1 - last_decay_epoch >= k_lr_patience) {
            learning_rate *= 0.5;
            last_decay_epoch = epoch + 1;
            set_learning_rate(optimizer, learning_rate);
            log("validation has not improved for " + std::to_string(k_lr_patience) + " epochs: learning rate now " +
                std::to_string(learning_rate));
        }
        TrainEpoch ep;
        ep.epoch = epoch + 1;
        ep.epochs = o.epochs;
        ep.train_loss = loss_sum / std::max(1, steps_done);
        ep.train_accuracy = seen > 0 ? static_cast<double>(right) / seen : 0.0;
        ep.validation_accuracy = val_acc;
        ep.train_pairs = seen;
        ep.validation_pairs = 0;
        for (const Group& g : val_groups) ep.validation_pairs += static_cast<int>(g.pairs.size());
        history.push_back({{"epoch", ep.epoch}, {"train_loss", ep.train_loss}, {"train_accuracy", ep.train_accuracy},
                           {"validation_accuracy", val_acc}});

        nlohmann::ordered_json rec;
        rec["pristine_version"] = std::to_string(PRISTINE_VERSION_MAJOR) + "." + std::to_string(PRISTINE_VERSION_MINOR) + "." +
                                  std::to_string(PRISTINE_VERSION_PATCH);
        rec["epoch"] = epoch + 1;
        rec["epochs"] = o.epochs;
        rec["groups_per_epoch"] = o.groups_per_epoch;
        rec["pool_epochs"] = o.pool_epochs;
        rec["batch_pairs"] = o.batch_pairs;
        rec["learning_rate"] = o.learning_rate;
        rec["current_learning_rate"] = learning_rate;
        rec["last_decay_epoch"] = last_decay_epoch;
        rec["seed"] = o.seed;
        rec["max_side"] = o.max_side;
        rec["synth_fraction"] = o.synth_fraction;
        rec["synth_font"] = data.font_path;
        rec["train_k"] = train_k;
        if (o.time_budget_seconds > 0) rec["time_budget_seconds"] = o.time_budget_seconds;
        if (o.data_epochs > 0) rec["data_epochs"] = o.data_epochs;
        if (o.data_blocks > 0) rec["data_blocks"] = o.data_blocks;
        rec["generator_version"] = k_generator_version;
        rec["train_pictures"] = train_sources.size();
        rec["validation_pictures"] = val_sources.size();
        rec["validation_pairs"] = ep.validation_pairs;
        // The held-out source files as given (under the --images folders), so `pristine eval-scorer
        // --model-holdout` evaluates on pictures the model never saw.
        nlohmann::json val_files = nlohmann::json::array();
        for (const auto& v : val_sources) val_files.push_back(v.path);
        rec["validation_files"] = val_files;
        rec["best_validation_accuracy"] = best_acc;
        rec["best_epoch"] = best_epoch;
        rec["history"] = history;
        config.training = rec.dump();
        const nn::ModelFile file = to_file(model, config);
        if (best) nn::save_model_file(o.out, file);
        nn::save_model_file(ckpt, file);
        torch::save(optimizer, ckpt + ".adam");

        ep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        ep.checkpoint = ckpt;
        result.epochs_run = epoch + 1;
        if (o.progress) o.progress(ep);
    }
    if (upcoming.valid()) upcoming.wait();
    result.train_seconds = step_seconds;
    result.best_validation_accuracy = best_acc < -1.5 ? -1.0 : best_acc;
    result.best_epoch = best_epoch;
    result.model_path = o.out;
    return result;
}

int prepare_impl(const TrainOptions& o) {
    if (o.cache_dir.empty()) throw Error(Status::invalid_argument, "train: preparing data needs a cache folder");
    const int threads = resolve_threads(o.threads);
    const auto log = [&](const std::string& m) {
        if (o.log) o.log(m);
    };
    const DataSetup data(o, log);
    std::vector<std::string> failures;
    int cached = 0, made = 0;
    const std::vector<Group> val = data.validation(threads, &failures, &cached);
    made += static_cast<int>(val.size()) - cached;
    for (const std::string& f : failures) log("skipped a group: " + f);
    const int epochs = o.data_epochs > 0 ? o.data_epochs : o.epochs;
    for (int e = 0; e < epochs; ++e) {
        const std::vector<Group> g = data.epoch(e, threads, &cached);
        made += static_cast<int>(g.size()) - cached;
    }
    return made;
}

}  // namespace

int prepare_training_data(const TrainOptions& options) {
    check_options(options);
    return prepare_impl(options);
}

TrainResult train_scorer(const TrainOptions& options) {
    check_options(options);
    try {
        return train_impl(options);
    } catch (const c10::Error& e) {
        // libtorch reports its own failures (bad shapes, failed writes of the optimiser state) as c10::Error.
        throw Error(Status::internal, std::string("train: libtorch failed: ") + e.what_without_backtrace());
    }
}

}  // namespace pristine
