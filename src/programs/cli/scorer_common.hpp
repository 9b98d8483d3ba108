// Shared by `pristine score` and `pristine rank`: the --model/--threads/--blocks options and loading.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "options.hpp"
#include "pristine/models/scorer.hpp"

namespace pristine::cli {

struct ScorerCliOptions {
    std::string model;  ///< "" = the shipped default model
    int threads = 0;
    int blocks = 0;
};

inline void add_scorer_options(CLI::App& sub, ScorerCliOptions& o) {
    sub.add_option("--model", o.model, "Model file (default: the shipped model; env PRISTINE_MODEL overrides)");
    add_threads_option(sub, o.threads, "--threads");
    sub.add_option("--blocks", o.blocks, "Blocks sampled per image (0 = the model's own)")
        ->capture_default_str()
        ->check(CLI::Range(0, 4096));
}

inline Scorer load_scorer(const ScorerCliOptions& o) {
    ScorerOptions so;
    so.threads = o.threads;
    so.blocks = o.blocks;
    return o.model.empty() ? Scorer::load_default(so) : Scorer::load(o.model, so);
}

}  // namespace pristine::cli
