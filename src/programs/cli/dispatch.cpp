// run_command_line: a command table (nested groups allowed) turned into CLI11 subcommands, the hand-over
// of commands another program runs, `help`, and the exit codes every command shares.
#include <exception>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "pristine/error.hpp"
#include "pristine/version.hpp"

namespace pristine::cli {

namespace {

#define PRISTINE_CLI_STR2(x) #x
#define PRISTINE_CLI_STR(x) PRISTINE_CLI_STR2(x)

// A table entry made into a CLI11 subcommand: its run function once registered (empty for groups and
// handed-over commands).
struct Node {
    const Command* command = nullptr;
    CLI::App* app = nullptr;
    RunFn run;
    std::vector<Node> children;
};

Node add_node(CLI::App& parent, const Command& c) {
    Node n;
    n.command = &c;
    n.app = parent.add_subcommand(c.name, c.description);
    if (c.add != nullptr) {
        n.run = c.add(*n.app);
    } else if (!c.subcommands.empty()) {
        n.app->require_subcommand(1);
        for (const Command& s : c.subcommands) n.children.push_back(add_node(*n.app, s));
    } else {
        // Run by another program: its options are that program's; take everything so help still lists it.
        n.app->allow_extras();
    }
    return n;
}

const Command* find(const std::vector<Command>& table, const std::string& name) {
    for (const Command& c : table)
        if (c.name == name) return &c;
    return nullptr;
}

// Whether argv names (possibly through `help`) a command of the table that another program runs.
bool handed_over(int argc, char** argv, const std::vector<Command>& table) {
    int at = 1;
    if (at < argc && std::string(argv[at]) == "help") ++at;
    const std::vector<Command>* level = &table;
    for (; at < argc && argv[at][0] != '-'; ++at) {
        const Command* c = find(*level, argv[at]);
        if (c == nullptr) return false;
        if (c->add == nullptr && c->subcommands.empty()) return true;
        level = &c->subcommands;
    }
    return false;
}

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

// `help [COMMAND...]`: the help of the app or of the command named (nested names allowed).
int print_help(CLI::App& app, const std::vector<Node>& nodes, const std::vector<std::string>& topic) {
    if (topic.empty()) {
        // app.help() would describe the selected subcommand (`help` itself), so format the app directly.
        std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
        return k_exit_ok;
    }
    const std::vector<Node>* level = &nodes;
    const Node* found = nullptr;
    std::string prefix = app.get_name();
    for (const std::string& name : topic) {
        found = nullptr;
        for (const Node& n : *level)
            if (n.command->name == name) found = &n;
        if (found == nullptr) {
            std::cerr << "pristine: no command '" << name << "'; run `pristine help` for the list\n";
            return k_exit_usage;
        }
        level = &found->children;
    }
    std::cout << found->app->help(prefix);
    return k_exit_ok;
}

// The leaf command the command line selected, or null.
const Node* selected(const std::vector<Node>& nodes) {
    for (const Node& n : nodes)
        if (n.app->parsed()) return n.children.empty() ? &n : selected(n.children);
    return nullptr;
}

}  // namespace

int run_command_line(int argc, char** argv, const std::vector<Command>& table, const HandOverFn& hand_over) {
    if (handed_over(argc, argv, table)) return hand_over(argc, argv);

    CLI::App app{"pristine — find the copies of an image and tell which is closest to the original", "pristine"};
    app.set_version_flag("--version",
                         "pristine " PRISTINE_CLI_STR(PRISTINE_VERSION_MAJOR) "." PRISTINE_CLI_STR(
                             PRISTINE_VERSION_MINOR) "." PRISTINE_CLI_STR(PRISTINE_VERSION_PATCH));
    app.require_subcommand(1);
    app.footer("Exit codes: 0 ok, 1 some input failed (its {path, error, status} line is on stdout, a message on\n"
               "stderr; the other inputs are still processed), 2 usage error (nothing was done).");
    std::vector<Node> nodes;
    for (const Command& c : table) nodes.push_back(add_node(app, c));
    CLI::App* help = app.add_subcommand("help", "Show this help, or the help of a command");
    std::vector<std::string> topic;
    help->add_option("command", topic, "Command to describe");

    // CLI11 would only say "A subcommand is required" for a misspelt one.
    if (argc > 1 && argv[1][0] != '-' && find(table, argv[1]) == nullptr && std::string(argv[1]) != "help") {
        std::cerr << "pristine: unknown command '" << argv[1] << "'\n\n" << app.help();
        return k_exit_usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every real parse error is a usage error.
        return app.exit(e) == 0 ? k_exit_ok : k_exit_usage;
    }
    if (help->parsed()) return print_help(app, nodes, topic);
    if (const Node* leaf = selected(nodes); leaf != nullptr && leaf->run) return run_guarded(leaf->run);
    std::cerr << app.help();
    return k_exit_usage;
}

}  // namespace pristine::cli
