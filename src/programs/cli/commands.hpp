// The subcommands of the `pristine` CLI. Adding one: write cmd_NAME.cpp defining register_NAME, declare it
// here and add a line to the table in main.cpp.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace pristine::cli {

/// Exit codes shared by every subcommand.
enum ExitCode : int {
    k_exit_ok = 0,       ///< everything succeeded
    k_exit_failed = 1,   ///< at least one input failed (the others were still processed)
    k_exit_usage = 2,    ///< bad arguments
};

/// Runs a parsed subcommand and returns its exit code.
using RunFn = std::function<int()>;

/// Adds a subcommand's options to `sub` (bound to state the returned function owns) and returns the
/// function to run once the command line has been parsed.
using RegisterFn = RunFn (*)(CLI::App& sub);

struct Subcommand {
    const char* name;
    const char* description;
    RegisterFn add;
};

RunFn register_info(CLI::App& sub);
RunFn register_degrade(CLI::App& sub);
RunFn register_hash(CLI::App& sub);
RunFn register_compare(CLI::App& sub);
RunFn register_score(CLI::App& sub);
RunFn register_rank(CLI::App& sub);
RunFn register_train(CLI::App& sub);
RunFn register_eval_hashes(CLI::App& sub);

RunFn register_synth(CLI::App& sub);
RunFn register_eval_scorer(CLI::App& sub);

}  // namespace pristine::cli
