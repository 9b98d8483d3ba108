// `pristine rank FILE...`: the copies of one picture, best (closest to the original) first — every
// pair compared by the pair model as the dedupe job ranks a group, or the single-image scores alone.
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "group_ranking.hpp"
#include "options.hpp"
#include "output.hpp"

namespace pristine::cli {

namespace {

struct RankOptions {
    Inputs inputs;
    GroupRankingCliOptions ranking;
};

int run_rank(const RankOptions& o) {
    bool failed = false;
    const std::vector<std::string> files = input_files(o.inputs, "rank", failed);
    if (files.empty()) return k_exit_failed;
    const RankedCopies ranked = rank_group_files(files, o.ranking);
    for (const DedupeMember& m : ranked.group.members) {
        Json line = json::ranked_score(m.rank, m.path, m.score);
        if (!m.scored) line["score"] = nullptr;
        write_json_line(line);
    }
    failed = report_unread(ranked, "rank") || failed;
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_rank(CLI::App& sub) {
    auto o = std::make_shared<RankOptions>();
    add_inputs(sub, o->inputs, "Copies of one picture");
    add_group_ranking_options(sub, o->ranking);
    sub.footer("Output: one JSON line per file, best first: {rank, path, score}; files that failed come last as\n"
               "{path, error, status}. Copies with identical pixels share a rank. score: the generation-loss score\n"
               "(lower = closer to the original; only copies of the same picture compare), null when it failed.\n"
               "Exit code: 0 ok, 1 some file failed, 2 usage error.");
    return [o] { return run_rank(*o); };
}

}  // namespace pristine::cli
