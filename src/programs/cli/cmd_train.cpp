// `pristine train --images DIR... --out MODEL`: trains the generation-loss scorer and prints one JSON
// line per epoch (progress from the library's callback; the library itself prints nothing).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/error.hpp"
#include "pristine/lab/train.hpp"

namespace pristine::cli {

namespace {

struct TrainCliOptions {
    TrainOptions t;
    std::string aggregator = "attention";
};

int run_train(TrainCliOptions& o) {
    try {
        o.t.aggregator = parse_aggregator(o.aggregator);
    } catch (const Error& e) {
        std::cerr << "pristine train: " << e.what() << '\n';
        return k_exit_usage;
    }
    o.t.log = [](const std::string& m) { std::cerr << "pristine train: " << m << '\n'; };
    o.t.progress = [](const TrainEpoch& e) {
        write_json_line(Json{{"epoch", e.epoch},
                             {"epochs", e.epochs},
                             {"train_loss", e.train_loss},
                             {"train_accuracy", e.train_accuracy},
                             {"validation_accuracy", e.validation_accuracy},
                             {"train_pairs", e.train_pairs},
                             {"validation_pairs", e.validation_pairs},
                             {"seconds", e.seconds},
                             {"checkpoint", e.checkpoint}});
    };
    const TrainResult r = train_scorer(o.t);
    write_json_line(Json{{"model", r.model_path},
                         {"best_epoch", r.best_epoch},
                         {"best_validation_accuracy", r.best_validation_accuracy},
                         {"train_pictures", r.train_images},
                         {"validation_pictures", r.validation_images},
                         {"train_seconds", r.train_seconds},
                         {"steps", r.steps}});
    return k_exit_ok;
}

}  // namespace

RunFn register_train(CLI::App& sub) {
    auto o = std::make_shared<TrainCliOptions>();
    TrainOptions& t = o->t;
    sub.add_option("--images", t.image_dirs, "Folders of source pictures (searched recursively)")->required();
    sub.add_option("--out", t.out, "Model file to write (the best validation epoch); checkpoints go to OUT.ckpt")
        ->required();
    sub.add_option("--epochs", t.epochs, "Epochs")->capture_default_str()->check(CLI::Range(1, 100000));
    sub.add_option("--groups", t.groups_per_epoch, "New source crops per epoch (each gives 1..6 pairs)")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000000));
    sub.add_option("--pool-epochs", t.pool_epochs, "Epochs of generated data kept and trained on")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    sub.add_option("--batch", t.batch_pairs, "Pairs per optimiser step")->capture_default_str()->check(CLI::Range(1, 4096));
    sub.add_option("--steps", t.steps_per_epoch, "Optimiser steps per epoch (0 = one pass over the pool)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--lr", t.learning_rate, "Adam learning rate (a --resume keeps the checkpoint's current rate, unless the checkpoint\n"
                   "comes from another data generator version or --blocks: a fine-tune on new data starts at this one)")->capture_default_str();
    sub.add_option("--seed", t.seed, "Seed of the data and the initial weights")->capture_default_str()->check(non_negative());
    add_threads_option(sub, t.threads, "--threads");
    sub.add_option("--validation", t.validation_fraction, "Fraction of pictures held out for validation")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 0.9));
    sub.add_option("--validation-groups", t.validation_groups, "Groups generated from the held-out pictures")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    sub.add_option("--resume", t.resume, "Continue from a checkpoint (OUT.ckpt of an earlier run)");
    sub.add_option("--aggregator", o->aggregator, "lstm or attention")->capture_default_str();
    sub.add_option("--blocks", t.blocks, "Blocks sampled per image")->capture_default_str()->check(CLI::Range(1, 4096));
    sub.add_option("--width", t.width, "Block embedding width of the model")->capture_default_str()->check(CLI::Range(8, 512));
    sub.add_option("--conv-channels", t.conv_channels, "Channels of the pixel branch's convolutions")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    sub.add_option("--max-side", t.max_side, "Longest side of the generated originals")
        ->capture_default_str()
        ->check(CLI::Range(64, 16384));
    sub.add_option("--k", t.comparator_k, "Gain of the frozen pair comparator")->capture_default_str();
    sub.add_option("--max-images", t.max_images, "Use at most this many pictures (0 = all)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--train-k", t.train_k, "Gain used in the training loss (0 = --k); the model keeps --k")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--synth-fraction", t.synth_fraction,
                   "Share of groups whose original is a synthetic drawing, comic, text page, UI or meme")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    // Structure decisions (docs/scorer.md; the defaults are the original network) and the time-budgeted
    // fixed-data training the hyper-parameter search uses, to train a configuration it found.
    sub.add_option("--pixel-kernel", t.pixel_kernel, "Kernel of the pixel convolutions (3 or 5)")
        ->capture_default_str()
        ->check(CLI::IsMember({3, 5}));
    sub.add_option("--dct-width", t.dct_width, "Hidden width of the DCT branch (0 = --width)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1024));
    sub.add_option("--global-width", t.global_width, "Hidden width of the global branch (0 = --width)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1024));
    sub.add_option("--meta-width", t.meta_width, "Output width of the metadata branch (0 = --width / 2)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1024));
    sub.add_option("--block-layers", t.block_layers, "Extra layers after the block embedding")
        ->capture_default_str()
        ->check(CLI::Range(0, 8));
    sub.add_option("--activation", t.activation, "relu, gelu, silu or tanh")
        ->capture_default_str()
        ->check(CLI::IsMember({"relu", "gelu", "silu", "tanh"}));
    sub.add_option("--dropout", t.dropout, "Dropout on the block input and embedding")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 0.9));
    sub.add_option("--lstm-hidden", t.lstm_hidden, "Hidden size of the lstm aggregator")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    sub.add_option("--time-budget", t.time_budget_seconds,
                   "Stop after this many seconds of optimiser steps, then validate (0 = none)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e9));
    sub.add_option("--data-epochs", t.data_epochs, "A fixed data set of this many epochs, cycled (0 = new data every epoch)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    sub.add_option("--data-blocks", t.data_blocks, "Blocks sampled in the data (0 = --blocks); training uses the first --blocks")
        ->capture_default_str()
        ->check(CLI::Range(0, 4096));
    sub.add_option("--cache", t.cache_dir,
                   "Folder where generated groups are stored and reused by later runs (created if missing)");
    sub.footer("Output: one JSON line per epoch (losses, accuracies, seconds, checkpoint), then a summary line.\n"
               "Messages go to stderr. Exit code: 0 ok, 1 failed, 2 usage error.");
    return [o] { return run_train(*o); };
}

}  // namespace pristine::cli
