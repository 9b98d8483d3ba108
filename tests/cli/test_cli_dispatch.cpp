// The CLI's command table: nested commands, options of a nested command, help of a nested command,
// hand-over of commands another program runs, usage errors (exit 2) and failures (exit 1).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "commands.hpp"
#include "pristine/error.hpp"

using namespace pristine::cli;

namespace {

std::string g_ran;  // which leaf ran, and with which option value
int g_value = 0;

RunFn register_build(CLI::App& sub) {
    sub.add_option("--size", g_value)->required();
    return [] {
        g_ran = "index build " + std::to_string(g_value);
        return k_exit_ok;
    };
}
RunFn register_add(CLI::App& sub) {
    sub.add_option("n", g_value);
    return []() -> int { throw pristine::Error(pristine::Status::io_error, "cannot add"); };
}
RunFn register_flat(CLI::App&) {
    return [] {
        g_ran = "flat";
        return k_exit_ok;
    };
}

const std::vector<Command> k_table = {
    {"flat", "a command without subcommands", register_flat, {}},
    {"index", "a group", nullptr,
     {{"build", "build it", register_build, {}}, {"add", "add to it", register_add, {}}}},
    {"elsewhere", "run by another program", nullptr, {}},
};

int run(std::vector<std::string> args, std::string* handed = nullptr) {
    args.insert(args.begin(), "pristine");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    g_ran.clear();
    return run_command_line(static_cast<int>(argv.size()), argv.data(), k_table, [handed](int argc, char** v) {
        if (handed) *handed = std::to_string(argc) + ":" + v[1];
        return 42;
    });
}

}  // namespace

TEST_CASE("nested commands are dispatched with their options") {
    CHECK(run({"index", "build", "--size", "7"}) == k_exit_ok);
    CHECK(g_ran == "index build 7");
    CHECK(run({"flat"}) == k_exit_ok);
    CHECK(g_ran == "flat");
}

TEST_CASE("usage errors exit 2 and run nothing") {
    CHECK(run({}) == k_exit_usage);
    CHECK(run({"index"}) == k_exit_usage);                     // a group needs one of its commands
    CHECK(run({"index", "nonsense"}) == k_exit_usage);
    CHECK(run({"index", "build"}) == k_exit_usage);            // --size is required
    CHECK(run({"index", "build", "--size", "x"}) == k_exit_usage);
    CHECK(run({"nonsense"}) == k_exit_usage);
    CHECK(run({"help", "index", "nonsense"}) == k_exit_usage);
    CHECK(g_ran.empty());
}

TEST_CASE("help of the app and of a nested command") {
    CHECK(run({"help"}) == k_exit_ok);
    CHECK(run({"help", "index", "build"}) == k_exit_ok);
    CHECK(run({"index", "build", "--help"}) == k_exit_ok);
    CHECK(run({"--version"}) == k_exit_ok);
}

TEST_CASE("a command that throws exits 1") { CHECK(run({"index", "add", "3"}) == k_exit_failed); }

TEST_CASE("commands of another program are handed over with the untouched argv") {
    std::string handed;
    CHECK(run({"elsewhere", "--any", "thing"}, &handed) == 42);
    CHECK(handed == "4:elsewhere");
    handed.clear();
    CHECK(run({"help", "elsewhere"}, &handed) == 42);
    CHECK(handed == "3:help");
}
