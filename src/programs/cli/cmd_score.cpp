// `pristine score FILE...`: one JSON line per file, {path, score} (lower = closer to the original;
// comparable only among copies of one picture), or {path, error, status}; exit 1 if any failed.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "scorer_common.hpp"

namespace pristine::cli {

namespace {

struct ScoreOptions {
    Inputs inputs;
    ScorerCliOptions scorer;
};

int run_score(const ScoreOptions& o) {
    const Scorer scorer = load_scorer(o.scorer);
    bool failed = false;
    const std::vector<std::string> files = input_files(o.inputs, "score", failed);
    for_each_part(files, 64, [&](const std::vector<std::string>& part) {
        const std::vector<ScoreResult> results = scorer.score_files(part, o.scorer.threads);
        for (std::size_t i = 0; i < part.size(); ++i) {
            if (results[i].status == Status::ok) {
                write_json_line(json::score(part[i], results[i].score));
            } else {
                report_failure("score", part[i], results[i].error, results[i].status);
                failed = true;
            }
        }
    });
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_score(CLI::App& sub) {
    auto o = std::make_shared<ScoreOptions>();
    add_inputs(sub, o->inputs, "Image files");
    add_scorer_options(sub, o->scorer);
    sub.footer("Output: one JSON line per file: {path, score}, or {path, error, status}.\n"
               "Lower score = closer to the original. Scores are comparable only among copies of the same picture.\n"
               "Exit code: 0 ok, 1 some file failed (the others are still scored), 2 usage error.");
    return [o] { return run_score(*o); };
}

}  // namespace pristine::cli
