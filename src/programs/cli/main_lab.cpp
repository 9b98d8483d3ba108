// `pristine-lab` — the commands of `pristine` that need the models or the lab library (degradation,
// synthesis, training, evaluation). `pristine` hands these commands over to it with the same argv, so
// it speaks as `pristine`; it is installed under libexec/pristine, not meant to be run by hand.
#include <iostream>
#include <vector>

#include "commands.hpp"

namespace {

using namespace pristine::cli;

int not_here(int argc, char** argv) {
    std::cerr << "pristine: '" << (argc > 1 ? argv[1] : "") << "' is not a command of this build of pristine-lab\n";
    return k_exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<Command> table = command_table(
        {
            {"degrade", register_degrade},
            {"synth", register_synth},
            {"eval-hashes", register_eval_hashes},
            {"eval-dedupe", register_eval_dedupe},
#ifdef PRISTINE_LAB_WITH_MODELS
            {"dedupe", register_dedupe},
            {"score", register_score},
            {"embed", register_embed},
            {"rank", register_rank},
            {"provenance", register_provenance},
            {"pair-features", register_pair_features},
            {"train", register_train},
            {"hpsearch", register_hpsearch},
            {"eval-scorer", register_eval_scorer},
#endif
        },
        false);
    return run_command_line(argc, argv, table, not_here);
}
