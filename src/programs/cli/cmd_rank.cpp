// `pristine rank FILE...`: the copies of one picture, best (closest to the original) first.
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "scorer_common.hpp"

namespace pristine::cli {

namespace {

struct RankOptions {
    Inputs inputs;
    ScorerCliOptions scorer;
};

int run_rank(const RankOptions& o) {
    const Scorer scorer = load_scorer(o.scorer);
    bool failed = false;
    const std::vector<std::string> files = input_files(o.inputs, "rank", failed);
    const std::vector<ScoreResult> results = scorer.score_files(files, o.scorer.threads);
    int rank = 0;
    for (const std::size_t i : Scorer::rank(results)) {
        if (results[i].status == Status::ok) {
            write_json_line(json::ranked_score(++rank, files[i], results[i].score));
        } else {
            report_failure("rank", files[i], results[i].error, results[i].status);
            failed = true;
        }
    }
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_rank(CLI::App& sub) {
    auto o = std::make_shared<RankOptions>();
    add_inputs(sub, o->inputs, "Copies of one picture");
    add_scorer_options(sub, o->scorer);
    sub.footer("Output: one JSON line per file, best first: {rank, path, score}; files that failed come last as\n"
               "{path, error, status}. Lower score = closer to the original; only copies of the same picture compare.\n"
               "Exit code: 0 ok, 1 some file failed, 2 usage error.");
    return [o] { return run_rank(*o); };
}

}  // namespace pristine::cli
