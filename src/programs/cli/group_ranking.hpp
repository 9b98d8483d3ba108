// Shared by `pristine rank` and `pristine provenance`: ranking files given as copies of one picture
// with the pair model and the derivation tree (rank_copies), or by the single-image scores alone.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "options.hpp"
#include "pristine/models/dedupe.hpp"

namespace pristine::cli {

struct GroupRankingCliOptions {
    std::string model;       ///< "" = the shipped scorer
    std::string pair_model;  ///< "" = the built-in pair model
    std::string order_model; ///< "" = the built-in order model
    bool scores_only = false;
    int threads = 0;
};

void add_group_ranking_options(CLI::App& sub, GroupRankingCliOptions& o);

/// Ranks the files (rank_copies).
RankedCopies rank_group_files(const std::vector<std::string>& files, const GroupRankingCliOptions& o);

/// Reports the files that could not be read (report_failure: stderr and a JSON line each); true if any.
bool report_unread(const RankedCopies& ranked, const char* command);

}  // namespace pristine::cli
