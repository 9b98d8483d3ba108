// Training of the generation-loss scorer (include/pristine/models/scorer.hpp) from a folder of images.
//
// Pairs are made on the fly: each source image gives a clean "original" (a random crop and downscale,
// saved losslessly or as a high-quality JPEG/WebP so the format alone never tells), then copies made
// with pristine::degrade's real-world chains, including copies of copies. The model learns that the
// copy nearer the original gets the lower score. Validation uses whole source images never used in
// training. docs/scorer.md describes the procedure.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/models/aggregator.hpp"

namespace pristine {

/// Figures of one finished epoch, passed to TrainOptions::progress.
struct TrainEpoch {
    int epoch = 0;                    ///< 1-based
    int epochs = 0;                   ///< total planned
    double train_loss = 0.0;          ///< mean pair loss (BCE) over the epoch
    double train_accuracy = 0.0;      ///< fraction of training pairs ordered right (before each update)
    double validation_accuracy = 0.0; ///< fraction of validation pairs ordered right; -1 with no validation
    int train_pairs = 0;              ///< pairs seen this epoch
    int validation_pairs = 0;
    double seconds = 0.0;             ///< wall time of the epoch (data generation included)
    std::string checkpoint;           ///< path of the checkpoint written after the epoch
};

/// Options of train_scorer.
struct TrainOptions {
    std::vector<std::string> image_dirs;  ///< folders searched recursively for images (jpg/png/gif/webp/...)
    std::string out;                      ///< the model file to write (the best validation epoch)
    int epochs = 10;
    int groups_per_epoch = 256;           ///< new source crops per epoch; each gives 2..4 copies and 2..6 pairs
    int pool_epochs = 3;                  ///< epochs of generated groups kept and trained on (replay)
    int batch_pairs = 32;                 ///< pairs per optimiser step
    int steps_per_epoch = 0;              ///< optimiser steps per epoch; 0 = one pass over the pool
    double learning_rate = 1e-3;
    std::uint64_t seed = 1;
    int threads = 0;                      ///< data-generation workers and libtorch threads; 0 = all cores
    double validation_fraction = 0.1;     ///< of the source images, held out whole (at least 1 when > 0)
    int validation_groups = 128;          ///< groups generated once from the held-out images
    std::string resume;                   ///< a checkpoint to continue from ("" = start afresh)
    Aggregator aggregator = Aggregator::attention;
    int blocks = 128;                     ///< blocks sampled per image
    int width = 64;                       ///< block embedding width (8..512); the global embedding is width / 2
    int conv_channels = 16;               ///< channels of the pixel branch's convolutions (1..256)
    int max_side = 1280;                  ///< longest side of the generated originals (cost of a group)
    double comparator_k = 1000.0;         ///< gain of the frozen comparator: P(A worse) = sigmoid(k (sA - sB))
    int max_images = 0;                   ///< use at most this many source images (0 = all), for quick runs
    double synth_fraction = 0.3;          ///< share of groups whose original is a synthetic drawing/meme
    std::string cache_dir;                ///< folder of generated groups reused across runs ("" = none)
    /// Gain used in the training loss BCE(sigmoid(train_k (sA - sB))); 0 = comparator_k. A large gain
    /// (1e3) makes the loss hinge-like; the stored comparator keeps comparator_k either way.
    double train_k = 0.0;
    // Structure of the network beyond width / conv_channels / aggregator (docs/scorer.md; defaults = the
    // original network).
    int pixel_kernel = 3;                 ///< kernel of the pixel convolutions: 3 or 5
    int dct_width = 0;                    ///< hidden width of the DCT branch (0 = width)
    int global_width = 0;                 ///< hidden width of the global branch, embedding half of it (0 = width)
    int meta_width = 0;                   ///< output width of the metadata branch (0 = width / 2)
    int block_layers = 0;                 ///< extra width -> width layers after the block embedding (0..8)
    std::string activation = "relu";      ///< relu, gelu, silu or tanh
    double dropout = 0.0;                 ///< dropout on the block input and embedding, in [0, 0.9]
    int lstm_hidden = 32;                 ///< hidden size of the lstm aggregator
    /// Training-time budget in seconds (0 = none): training stops between two optimiser steps once the
    /// steps have taken this long, then validates. Only the steps count, not waiting for data or
    /// validating, so runs compare at equal training time.
    double time_budget_seconds = 0.0;
    /// 0: every epoch brings new groups. N > 0: a fixed data set of N epochs' groups, kept in memory;
    /// epoch e trains on set e mod N (so a time-budgeted run never waits for new data).
    int data_epochs = 0;
    /// Blocks sampled when generating groups (0 = blocks); the model trains and validates on the first
    /// `blocks` of them (>= blocks), which are exactly the blocks a sample of that size takes, so runs
    /// with different block counts share one cache.
    int data_blocks = 0;
    /// Called after each epoch (on the calling thread). Library code prints nothing: the CLI prints this.
    std::function<void(const TrainEpoch&)> progress;
    /// Called with short status messages (data generation, resume); may be empty.
    std::function<void(const std::string&)> log;
};

/// Summary of a finished training.
struct TrainResult {
    int epochs_run = 0;
    double best_validation_accuracy = -1.0;  ///< -1 when there was no validation set
    int best_epoch = 0;
    int train_images = 0;
    int validation_images = 0;
    std::string model_path;
    double train_seconds = 0.0;              ///< time spent in optimiser steps (what time_budget_seconds bounds)
    long long steps = 0;                     ///< optimiser steps taken
};

/// Trains a scorer and writes options.out (a model file for Scorer::load) and, after each epoch,
/// `options.out + ".ckpt"` (model, optimiser state and epoch, for options.resume).
/// Deterministic for a seed and a thread count. Throws Error: invalid_argument (no images, bad options),
/// io_error (cannot read/write), bad_file_version / corrupt_data (a bad resume checkpoint).
PRISTINE_API TrainResult train_scorer(const TrainOptions& options);

/// Generates the validation groups and the training groups of train_scorer(options) into
/// options.cache_dir without training (the first `data_epochs` epochs, else `epochs`), so that later
/// runs read them instead of generating while they train. Returns the number of groups made (not
/// read from the cache). Throws as train_scorer; invalid_argument without a cache_dir.
PRISTINE_API int prepare_training_data(const TrainOptions& options);

}  // namespace pristine
