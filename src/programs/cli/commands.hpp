// The commands of the `pristine` programs and the table that dispatches them. Adding a command: write
// cmd_NAME.cpp defining register_NAME, declare it here, add its line to k_command_list (command_list.cpp)
// and register it in the main of the program that runs it (main.cpp: light commands; main_lab.cpp:
// commands that need the models or the lab library).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace pristine::cli {

/// Exit codes shared by every command (docs: README "Command line").
enum ExitCode : int {
    k_exit_ok = 0,       ///< everything succeeded
    k_exit_failed = 1,   ///< at least one input failed (the others were still processed), or the run failed
    k_exit_usage = 2,    ///< bad arguments: nothing was done
};

/// Runs a parsed command and returns its exit code.
using RunFn = std::function<int()>;

/// Adds a command's options to `sub` (bound to state the returned function owns) and returns the
/// function to run once the command line has been parsed.
using RegisterFn = RunFn (*)(CLI::App& sub);

/// One entry of a command table: a command run here (`add`), a group of nested commands
/// (`subcommands`, e.g. `index build|add`), or — neither — a command another program runs.
struct Command {
    std::string name;
    std::string description;
    RegisterFn add = nullptr;
    std::vector<Command> subcommands;
};

/// Called instead of parsing when the command line names a command another program runs; gets the
/// untouched argv and returns the exit code (main hands over with execv and only returns on failure).
using HandOverFn = std::function<int(int argc, char** argv)>;

/// Parses argv against `table` (plus `help [COMMAND...]`, --help and --version), runs the command
/// selected (a leaf of the table) and returns its exit code: usage errors print a message naming the
/// option or command and return k_exit_usage; an exception of the command prints "pristine: why" and
/// returns k_exit_failed.
int run_command_line(int argc, char** argv, const std::vector<Command>& table, const HandOverFn& hand_over);

/// The top-level commands of both programs: name, description, and whether the lab program runs it.
struct CommandInfo {
    const char* name;
    const char* description;
    bool lab;  ///< needs the models or the lab library: run by pristine-lab
};
extern const std::vector<CommandInfo> k_command_list;

/// A table from k_command_list: the commands in `here` get their RegisterFn; the others are listed as
/// handed over when `list_others`, else left out.
std::vector<Command> command_table(const std::vector<std::pair<std::string, RegisterFn>>& here, bool list_others);

RunFn register_info(CLI::App& sub);
RunFn register_dedupe(CLI::App& sub);
RunFn register_hash(CLI::App& sub);
RunFn register_compare(CLI::App& sub);
RunFn register_undo(CLI::App& sub);
RunFn register_degrade(CLI::App& sub);
RunFn register_synth(CLI::App& sub);
RunFn register_eval_hashes(CLI::App& sub);
RunFn register_score(CLI::App& sub);
RunFn register_embed(CLI::App& sub);
RunFn register_rank(CLI::App& sub);
RunFn register_provenance(CLI::App& sub);
RunFn register_pair_features(CLI::App& sub);
RunFn register_train(CLI::App& sub);
RunFn register_hpsearch(CLI::App& sub);
RunFn register_eval_scorer(CLI::App& sub);
RunFn register_eval_dedupe(CLI::App& sub);

}  // namespace pristine::cli
