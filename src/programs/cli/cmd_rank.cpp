// `pristine rank FILE...`: the copies of one picture, best (closest to the original) first.
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "json_out.hpp"
#include "scorer_common.hpp"

namespace pristine::cli {

namespace {

struct RankOptions {
    std::vector<std::string> inputs;
    ScorerCliOptions scorer;
};

int run_rank(const RankOptions& o) {
    const Scorer scorer = load_scorer(o.scorer);
    const std::vector<ScoreResult> results = scorer.score_files(o.inputs, o.scorer.threads);
    int exit_code = k_exit_ok;
    int rank = 0;
    for (const std::size_t i : Scorer::rank(results)) {
        if (results[i].status == Status::ok) {
            write_json_line(Json{{"rank", ++rank}, {"path", o.inputs[i]}, {"score", results[i].score}});
        } else {
            report_failure("rank", o.inputs[i], results[i].error, status_name(results[i].status));
            exit_code = k_exit_failed;
        }
    }
    return exit_code;
}

}  // namespace

RunFn register_rank(CLI::App& sub) {
    auto o = std::make_shared<RankOptions>();
    sub.add_option("files", o->inputs, "Copies of one picture")->required();
    add_scorer_options(sub, o->scorer);
    sub.footer("Output: one JSON line per file, best first: {rank, path, score}; files that failed come last as\n"
               "{path, error, status}. Lower score = closer to the original; only copies of the same picture compare.\n"
               "Exit code: 0 ok, 1 some file failed, 2 usage error.");
    return [o] { return run_rank(*o); };
}

}  // namespace pristine::cli
