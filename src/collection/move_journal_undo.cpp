// undo_moves: the journal's moves reversed, last first, each restore journalled like a move, and the
// folders the moves made removed once empty (see pristine/io/move_journal.hpp).
#include <unistd.h>

#include <optional>
#include <set>
#include <utility>

#include "move_journal_format.hpp"
#include "move_journal_fs.hpp"
#include "move_journal_ops.hpp"
#include "pristine/io/move_journal.hpp"

namespace pristine {

namespace {

using namespace journal;

// Restores journalled per flush (as for moves).
constexpr std::size_t k_batch = 64;

struct Restore {
    std::uint64_t id = 0;
    std::string token;
    MoveOutcome outcome;  // from: where the file is; to: its original place
};

class Undoer {
public:
    Undoer(JournalFile& journal, const MoveOptions& options, UndoReport& report)
        : journal_(journal), options_(options), report_(report), ledger_(make_ledger(journal.contents().records)) {}

    void run() {
        for (const std::string& message : journal_.contents().damaged) {
            MoveOutcome f;
            f.from = journal_.path();
            f.status = Status::corrupt_data;
            f.error = message;
            report_.failed.push_back(std::move(f));
        }
        if (!options_.dry_run) settle(journal_, ledger_);
        for (auto it = ledger_.moves.rbegin(); it != ledger_.moves.rend(); ++it) {
            const Op& move = ledger_.ops.at(*it);
            // A later restore must see the files an earlier one in the batch puts back or takes away.
            if (touched_.count(move.source) != 0 || touched_.count(move.target) != 0) flush();
            plan(*it, move);
            if (batch_.size() >= k_batch) flush();
        }
        flush();
        if (!options_.dry_run) {
            remove_empty_folders();
            try {
                journal_.sync();
            } catch (const Error&) {  // the outcomes are written; only their flush failed
            }
        }
    }

private:
    void failed(MoveOutcome outcome, Status status, std::string message) {
        outcome.status = status;
        outcome.error = std::move(message);
        report_.failed.push_back(std::move(outcome));
    }

    void plan(std::uint64_t move_id, const Op& move) {
        MoveOutcome out;
        out.from = move.target;
        out.to = move.source;
        if (!broken_.empty()) {
            failed(out, Status::io_error, move.source + ": not restored: " + broken_);
            return;
        }
        try {
            // The last operation on this file says where it should be; the file system says where it is.
            const auto undos = ledger_.undos.find(move_id);
            const Op& last = undos == ledger_.undos.end() ? move : ledger_.ops.at(undos->second.back());
            const Place p = locate(last, !options_.dry_run);
            const Place home = last.is_undo() ? Place::target : Place::source;
            if (p == home) {
                ++report_.already_in_place;
                return;
            }
            if (p == Place::both) {
                failed(out, Status::io_error,
                       move.source + ": another file is at this original place now (it appeared after the move); the "
                                     "moved file stays at " + move.target + " and both are left as they are");
                return;
            }
            if (p == Place::neither) {
                failed(out, Status::io_error,
                       move.source + ": the moved file is neither at " + move.target +
                           " nor at its original place (moved or deleted since); nothing to restore");
                return;
            }
            const PathState s = path_state(move.target);
            if (!s.regular) {
                failed(out, Status::io_error, move.target + ": no longer a regular file; not restored");
                return;
            }
            if (options_.dry_run) {
                report_.restored.push_back(std::move(out));
                return;
            }
            make_dirs(parent_dir(move.source), [](const std::string&, FileId) {});
            Restore r;
            r.id = journal_.next_id();
            r.token = new_token();
            r.outcome = std::move(out);
            journal_.add(undo_record(r.id, move_id, r.token, s.id));
            touched_.insert(move.source);
            touched_.insert(move.target);
            batch_.push_back(std::move(r));
        } catch (...) {
            out.fail_with_current_exception();
            report_.failed.push_back(std::move(out));
        }
    }

    void record(RecordType type, std::uint64_t id, FileId file = {}) {
        journal_.add(outcome_record(type, id, file));
        journal_.write();
    }

    // Journals the batch's restores (flushed), then does them.
    void flush() {
        touched_.clear();
        std::vector<Restore> batch;
        batch.swap(batch_);
        if (batch.empty()) return;
        try {
            journal_.sync();
        } catch (const Error& e) {
            broken_ = std::string("the journal could not be written (") + e.what() + ")";
        }
        for (Restore& r : batch) {
            if (!broken_.empty()) {
                failed(r.outcome, Status::io_error, r.outcome.to + ": not restored: " + broken_);
                continue;
            }
            bool moved_ok = false;
            try {
                FileId moved;
                const Transfer t = transfer(
                    r.outcome.from, r.outcome.to, temp_path(r.outcome.to, r.token),
                    [&](FileId copy) {
                        journal_.add(outcome_record(RecordType::copied, r.id, copy));
                        journal_.sync();
                    },
                    moved);
                moved_ok = t == Transfer::moved;
                if (moved_ok) {
                    report_.restored.push_back(r.outcome);
                    record(RecordType::done, r.id, moved);
                } else {
                    record(RecordType::failed, r.id);
                    failed(r.outcome, Status::io_error,
                           r.outcome.to + ": another file appeared at this original place; the moved file stays at " +
                               r.outcome.from + " and both are left as they are");
                }
            } catch (const Error& e) {
                if (moved_ok) {  // restored; only its journal record failed
                    broken_ = std::string("the journal could not be written (") + e.what() + ")";
                    continue;
                }
                failed(r.outcome, e.status(), e.what());
                try {
                    record(RecordType::failed, r.id);
                } catch (const Error& je) {
                    broken_ = std::string("the journal could not be written (") + je.what() + ")";
                }
            }
        }
    }

    // The folders the moves made, deepest (last made) first, each only if it is still the folder we
    // made and empty (rmdir never removes anything in it).
    void remove_empty_folders() {
        for (auto it = ledger_.folders.rbegin(); it != ledger_.folders.rend(); ++it) {
            const Record& f = **it;
            try {
                const PathState s = path_state(f.from);
                if (s.directory && s.id == f.file && ::rmdir(f.from.c_str()) == 0) sync_parent_dir(f.from);
            } catch (const Error&) {  // left in place: a folder that stays is harmless
            }
        }
    }

    JournalFile& journal_;
    const MoveOptions& options_;
    UndoReport& report_;
    Ledger ledger_;
    std::vector<Restore> batch_;
    std::set<std::string> touched_;
    std::string broken_;
};

}  // namespace

UndoReport undo_moves(const std::string& journal_path, const MoveOptions& options) {
    if (journal_path.empty()) throw Error(Status::invalid_argument, "undo_moves: no journal named");
    JournalFile journal =
        options.dry_run ? JournalFile::open_read(journal_path) : JournalFile::open_append(journal_path, false);
    UndoReport report;
    Undoer(journal, options, report).run();
    return report;
}

}  // namespace pristine
