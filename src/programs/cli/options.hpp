// Options several commands share, each checked while parsing so that a bad value is a usage error
// (exit 2) whose message names the option: numbers that must not be negative, hash kinds, and the
// inputs (files, folders with -r, or a list of paths on stdin).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pristine/hash/hash.hpp"

namespace pristine::cli {

/// Rejects a negative number ("must be 0 or more, got -3"): unsigned options would otherwise wrap
/// "-1" to their largest value, and CLI11's own range check prints the range's limits in full.
const CLI::Validator& non_negative();

/// `-j,--threads N` (0 = all cores) bound to `threads`; `names` as CLI11 takes them.
CLI::Option* add_threads_option(CLI::App& sub, int& threads, const std::string& names = "-j,--threads");

/// `-k,--kind K` (repeatable, comma-separated) bound to `names`, each checked against the hash kinds
/// ("all" = every kind). `fallback` is what parse_kinds gives when none is named.
CLI::Option* add_kind_option(CLI::App& sub, std::vector<std::string>& names, const std::string& fallback);

/// The kinds named (each once, in the order given; "all" = every kind), or `fallback` when none is.
std::vector<HashKind> parse_kinds(const std::vector<std::string>& names, const std::string& fallback);

/// Files to process: paths (a path "-" reads more paths from stdin, one per line) and, with -r,
/// the image files under the folders named (pristine::collect_files).
struct Inputs {
    std::vector<std::string> paths;
    bool recursive = false;
};

/// Adds the positional `files` (required) and -r,--recursive.
void add_inputs(CLI::App& sub, Inputs& inputs, const std::string& what = "Image files");

/// The files of `inputs`, in order. Entries of a folder that cannot be read are reported as
/// failures of `command` (report_failure); `failed` is then set. Files that are not images are left
/// out quietly.
std::vector<std::string> input_files(const Inputs& inputs, const char* command, bool& failed);

/// Calls fn(part) for consecutive parts of `files` of at most `chunk` files each, so that a command's
/// lines appear while a long list is still being processed (each part is one parallel batch).
void for_each_part(const std::vector<std::string>& files, std::size_t chunk,
                   const std::function<void(const std::vector<std::string>&)>& fn);

/// Image files named or found under the folders named (recursively, by their first bytes), sorted
/// and each once, so that runs are reproducible. Throws Error(io_error) for a path that is neither a
/// file nor a folder.
std::vector<std::string> image_files(const std::vector<std::string>& inputs);

}  // namespace pristine::cli
