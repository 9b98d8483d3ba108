// `pristine` — the command-line front end. It runs the light commands (info, hash, compare, undo) itself
// and links only libpristine, so that hashing a file starts in milliseconds; the commands that need the
// models or the lab library run in the pristine-lab program, to which it hands over with execv (the
// same argv: help, usage errors and exit codes are that program's, and the same as if run here).
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

using namespace pristine::cli;

// The directory of this executable (empty when it cannot be told).
std::string own_dir(const char* argv0) {
    std::string self(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size());
    self = n > 0 ? self.substr(0, static_cast<std::size_t>(n)) : std::string(argv0 ? argv0 : "");
    const std::size_t slash = self.rfind('/');
    return slash == std::string::npos ? std::string(".") : self.substr(0, slash);
}

// Where pristine-lab lives: next to this program in the build tree, under libexec/pristine when
// installed. PRISTINE_LAB_PROGRAM overrides both.
int hand_over(int argc, char** argv) {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("PRISTINE_LAB_PROGRAM"); env != nullptr && *env != '\0') {
        candidates.push_back(env);
    } else {
        const std::string dir = own_dir(argc > 0 ? argv[0] : nullptr);
        candidates = {dir + "/pristine-lab", dir + "/../libexec/pristine/pristine-lab"};
    }
    for (const std::string& path : candidates)
        if (::access(path.c_str(), X_OK) == 0) {
            ::execv(path.c_str(), argv);
            std::cerr << "pristine: cannot run " << path << ": " << std::strerror(errno) << '\n';
            return k_exit_failed;
        }
    std::cerr << "pristine: this command is run by the pristine-lab program (it needs the models or the lab\n"
                 "library), which is not installed: looked for";
    for (const std::string& path : candidates) std::cerr << ' ' << path;
    std::cerr << "\n";
    return k_exit_failed;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<Command> table = command_table(
        {{"info", register_info}, {"hash", register_hash}, {"compare", register_compare}, {"undo", register_undo}}, true);
    return run_command_line(argc, argv, table, hand_over);
}
