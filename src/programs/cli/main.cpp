// `pristine` — command-line front end. Subcommands live in cmd_*.cpp and are listed in k_subcommands.
#include <exception>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "pristine/error.hpp"
#include "pristine/version.hpp"

namespace {

using namespace pristine::cli;

#define PRISTINE_CLI_STR2(x) #x
#define PRISTINE_CLI_STR(x) PRISTINE_CLI_STR2(x)

// One line per subcommand; later work appends hash, score, rank, dedupe, search, ...
const Subcommand k_subcommands[] = {
    {"info", "Print one JSON line of metadata per image file", register_info},
    {"degrade", "Write degraded copies of an image (re-upload chains or the hash distortion set)", register_degrade},
    {"hash", "Print the perceptual hashes of image files, one JSON line per file", register_hash},
    {"compare", "Print every hash distance between two image files (JSON)", register_compare},
    {"score", "Print a generation-loss score per image (lower = closer to the original)", register_score},
    {"rank", "Rank copies of one picture, closest to the original first", register_rank},
    {"train", "Train the generation-loss scorer on folders of pictures", register_train},
    {"eval-hashes", "Measure hash robustness on a folder of images (distortion classes, thresholds, AUC)",
     register_eval_hashes},
    {"synth", "Write synthetic originals (drawings, comics, text, UI screenshots, memes) as PNG", register_synth},
    {"eval-scorer", "Measure a scorer (or the naive baselines): pair and top-1 accuracy, generation loss",
     register_eval_scorer},
};

int run_guarded(const RunFn& run) {
    try {
        return run();
    } catch (const pristine::Error& e) {
        std::cerr << "pristine: " << e.what() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "pristine: internal error: " << e.what() << '\n';
    }
    return k_exit_failed;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"pristine — find the copies of an image and tell which is closest to the original", "pristine"};
    app.set_version_flag("--version",
                         "pristine " PRISTINE_CLI_STR(PRISTINE_VERSION_MAJOR) "." PRISTINE_CLI_STR(
                             PRISTINE_VERSION_MINOR) "." PRISTINE_CLI_STR(PRISTINE_VERSION_PATCH));
    app.require_subcommand(1);

    std::vector<std::pair<CLI::App*, RunFn>> commands;
    for (const Subcommand& s : k_subcommands) {
        CLI::App* sub = app.add_subcommand(s.name, s.description);
        commands.emplace_back(sub, s.add(*sub));
    }
    CLI::App* help = app.add_subcommand("help", "Show this help, or the help of a subcommand");
    std::string topic;
    help->add_option("command", topic, "Subcommand to describe");

    // CLI11 would only say "A subcommand is required" for a misspelt one.
    const auto known = [&app](const std::string& name) {
        for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
            if (sub->check_name(name)) return true;
        return false;
    };
    if (argc > 1 && argv[1][0] != '-' && !known(argv[1])) {
        std::cerr << "pristine: unknown subcommand '" << argv[1] << "'\n\n" << app.help();
        return k_exit_usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every real parse error is a usage error.
        return app.exit(e) == 0 ? k_exit_ok : k_exit_usage;
    }

    if (help->parsed()) {
        if (topic.empty()) {
            // app.help() would describe the selected subcommand (`help` itself), so format the app directly.
            std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
            return k_exit_ok;
        }
        for (auto& [sub, run] : commands) {
            if (sub->get_name() == topic) {
                std::cout << sub->help(app.get_name());
                return k_exit_ok;
            }
        }
        std::cerr << "pristine: no subcommand '" << topic << "'; run `pristine help` for the list\n";
        return k_exit_usage;
    }
    for (auto& [sub, run] : commands)
        if (sub->parsed()) return run_guarded(run);
    std::cerr << app.help();
    return k_exit_usage;
}
