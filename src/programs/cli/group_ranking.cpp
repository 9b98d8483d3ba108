#include "group_ranking.hpp"

#include "output.hpp"

namespace pristine::cli {

void add_group_ranking_options(CLI::App& sub, GroupRankingCliOptions& o) {
    sub.add_option("--model", o.model, "Scorer model file (default: the shipped model; env PRISTINE_MODEL overrides)");
    sub.add_option("--pair-model", o.pair_model, "Pair model file: picks the best copy (default: the built-in model)");
    sub.add_option("--order-model", o.order_model,
                   "Pair model file that orders the copies after the best one (default: the built-in order model)");
    sub.add_flag("--scores-only", o.scores_only,
                 "Rank by each copy's generation-loss score alone (no pair model; parents from hash distances)");
    add_threads_option(sub, o.threads, "--threads");
}

RankedCopies rank_group_files(const std::vector<std::string>& files, const GroupRankingCliOptions& o) {
    DedupeOptions job;
    job.model = o.model;
    job.pair_model = o.pair_model;
    job.order_model = o.order_model;
    job.rank_by = o.scores_only ? RankBy::scores : RankBy::pairs;
    BatchOptions batch;
    batch.threads = o.threads;
    return rank_copies(files, job, batch);
}

bool report_unread(const RankedCopies& ranked, const char* command) {
    for (const DedupeError& e : ranked.errors) report_failure(command, e.path, e.message, e.status);
    return !ranked.errors.empty();
}

}  // namespace pristine::cli
