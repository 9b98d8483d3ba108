// `pristine undo JOURNAL [--dry-run]`: puts back the files a journalled move took away, the last move
// first. One {"from", "to"} line per file restored (from: where it was, to: its original place); a
// file that cannot be put back gives its {path, error, status} line (path: its original place) and
// the exit code 1. A journal that cannot be read is such a failure too, with the journal as path.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "output.hpp"
#include "pristine/io/move_journal.hpp"

namespace pristine::cli {

namespace {

struct UndoOptions {
    std::string journal;
    bool dry_run = false;
};

int run_undo(const UndoOptions& o) {
    MoveOptions options;
    options.dry_run = o.dry_run;
    UndoReport report;
    try {
        report = undo_moves(o.journal, options);
    } catch (...) {
        const Failure f = current_failure();
        report_failure("undo", o.journal, f.message, f.status);
        return k_exit_failed;
    }
    for (const MoveOutcome& r : report.restored) write_json_line(json::move(r.from, r.to));
    for (const MoveOutcome& f : report.failed) report_failure("undo", f.to.empty() ? f.from : f.to, f.error, f.status);
    // A person at a terminal also wants the count of files that needed nothing; scripts read the lines.
    if (::isatty(STDERR_FILENO) == 1)
        std::cerr << "pristine undo: " << report.restored.size() << (o.dry_run ? " to restore, " : " restored, ")
                  << report.already_in_place << " already in place, " << report.failed.size() << " failed\n";
    return report.failed.empty() ? k_exit_ok : k_exit_failed;
}

}  // namespace

RunFn register_undo(CLI::App& sub) {
    auto o = std::make_shared<UndoOptions>();
    sub.add_option("journal", o->journal, "Journal written by a move (pristine dedupe --move-duplicates)")->required();
    sub.add_flag("--dry-run", o->dry_run, "Print what would be restored; change nothing");
    sub.footer("Restores the last move first and never overwrites: a file found at an original place is left,\n"
               "with the moved one, and reported. Running undo again restores nothing more.\n"
               "Output: one JSON object per file restored: from (where it was), to (its original place).\n"
               "A file that cannot be restored gives {path, error, status} (path: its original place).\n"
               "Exit code: 0 ok, 1 some file could not be restored or the journal could not be read, 2 usage error.");
    return [o] { return run_undo(*o); };
}

}  // namespace pristine::cli
