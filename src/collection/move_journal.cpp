// move_files: free targets chosen, each batch of moves journalled and flushed before any of it is
// done, then the moves one by one with their outcome recorded (see pristine/io/move_journal.hpp).
#include "pristine/io/move_journal.hpp"

#include <deque>
#include <optional>
#include <set>
#include <utility>

#include "move_journal_format.hpp"
#include "move_journal_fs.hpp"
#include "move_journal_ops.hpp"

namespace pristine {

namespace {

using namespace journal;

// Moves journalled per flush: one fdatasync covers them all. A run killed mid-batch leaves intents
// whose moves never started, which settle and undo find at their source.
constexpr std::size_t k_batch = 64;
// Tries per file when a file takes its chosen target between the check and the rename.
constexpr int k_attempts = 3;
constexpr int k_max_suffix = 100000;

// The folders and the file name of a relative path ("." and empty parts dropped), or false when it
// is absolute, climbs out with "..", or has no file name.
bool split_relative(const std::string& relative, std::vector<std::string>& parts) {
    parts.clear();
    if (relative.empty() || relative.front() == '/' || relative.back() == '/' ||
        relative.find('\0') != std::string::npos)
        return false;
    std::size_t at = 0;
    while (at <= relative.size()) {
        std::size_t slash = relative.find('/', at);
        if (slash == std::string::npos) slash = relative.size();
        const std::string part = relative.substr(at, slash - at);
        if (part == "..") return false;
        if (!part.empty() && part != ".") parts.push_back(part);
        at = slash + 1;
    }
    return !parts.empty();
}

// "NAME.EXT" as the k-th free candidate: "NAME (k).EXT" (a leading dot is no extension).
std::string candidate(const std::string& name, int k) {
    if (k == 0) return name;
    const std::size_t dot = name.rfind('.');
    const std::string suffix = " (" + std::to_string(k) + ")";
    if (dot == std::string::npos || dot == 0) return name + suffix;
    return name.substr(0, dot) + suffix + name.substr(dot);
}

struct Planned {
    std::size_t index = 0;
    std::uint64_t id = 0;
    std::string token, source, target;  // absolute
};

class Mover {
public:
    Mover(const std::vector<MoveRequest>& requests, const std::string& destination, const MoveOptions& options,
          std::optional<JournalFile>& journal, MoveReport& report)
        : requests_(requests),
          destination_(destination),
          destination_abs_(absolute_path(destination)),
          options_(options),
          journal_(journal),
          report_(report),
          attempts_(requests.size(), 0),
          parts_(requests.size()) {}

    void run() {
        std::deque<std::size_t> queue;
        for (std::size_t i = 0; i < requests_.size(); ++i) {
            report_.moves[i].from = requests_[i].path;
            if (split_relative(requests_[i].relative, parts_[i])) {
                queue.push_back(i);
            } else {
                fail(i, Status::invalid_argument,
                     requests_[i].path + ": the place under the destination must be a relative path with a file "
                                         "name and without '..' (got '" +
                         requests_[i].relative + "'); left in place");
            }
        }
        while (!queue.empty() && broken_.empty()) {
            std::vector<Planned> batch;
            while (!queue.empty() && batch.size() < k_batch && broken_.empty()) {
                const std::size_t i = queue.front();
                queue.pop_front();
                plan(i, batch);
            }
            if (!batch.empty()) execute(batch, queue);
        }
        for (const std::size_t i : queue) not_moved(i);
        if (journal_) {
            try {
                journal_->sync();
            } catch (const Error&) {  // the outcomes are written; only their flush failed
            }
        }
    }

private:
    void fail(std::size_t i, Status status, std::string message) {
        report_.moves[i].status = status;
        report_.moves[i].error = std::move(message);
    }

    void not_moved(std::size_t i) {
        fail(i, Status::io_error, requests_[i].path + ": not moved: " + broken_);
    }

    // Checks the source, picks the first free name, makes the folders and journals the intent (in
    // a dry run only the first two).
    void plan(std::size_t i, std::vector<Planned>& batch) {
        MoveOutcome& out = report_.moves[i];
        try {
            Planned p;
            p.index = i;
            p.source = absolute_path(requests_[i].path);
            const PathState s = path_state(p.source);
            if (!s.exists) throw Error(Status::io_error, requests_[i].path + ": no such file");
            if (!s.regular)
                throw Error(Status::invalid_argument, requests_[i].path + ": not a regular file; left in place");
            std::string dir_abs = destination_abs_, dir_shown = destination_;
            const std::vector<std::string>& parts = parts_[i];
            for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
                dir_abs = join_path(dir_abs, parts[k]);
                dir_shown = join_path(dir_shown, parts[k]);
            }
            std::string name;
            for (int k = 0;; ++k) {
                if (k > k_max_suffix)
                    throw Error(Status::io_error, join_path(dir_shown, parts.back()) + ": no free name found");
                name = candidate(parts.back(), k);
                p.target = join_path(dir_abs, name);
                if (planned_.count(p.target) == 0 && !path_state(p.target).exists) break;
            }
            planned_.insert(p.target);
            if (options_.dry_run) check_dirs_possible(dir_abs);
            out.to = join_path(dir_shown, name);
            if (options_.dry_run) return;

            make_dirs(dir_abs, [&](const std::string& dir, FileId id) { journal_->add(mkdir_record(dir, id)); });
            p.id = journal_->next_id();
            p.token = new_token();
            journal_->add(move_record(p.id, p.token, s.id, p.source, p.target));
            batch.push_back(std::move(p));
        } catch (...) {
            out.fail_with_current_exception();
        }
    }

    // A journal write that fails stops the run: no move may start without its record.
    template <class Fn>
    void journal_step(Fn&& fn) {
        try {
            fn();
        } catch (const Error& e) {
            broken_ = std::string("the journal could not be written (") + e.what() + ")";
            throw;
        }
    }

    void record(RecordType type, std::uint64_t id, FileId file = {}) {
        journal_step([&] {
            journal_->add(outcome_record(type, id, file));
            journal_->write();
        });
    }

    void execute(std::vector<Planned>& batch, std::deque<std::size_t>& queue) {
        try {
            journal_step([&] { journal_->sync(); });
        } catch (const Error&) {
            for (const Planned& p : batch) not_moved(p.index);
            return;
        }
        for (const Planned& p : batch) {
            if (!broken_.empty()) {
                not_moved(p.index);
                continue;
            }
            MoveOutcome& out = report_.moves[p.index];
            bool moved_ok = false;
            try {
                FileId moved;
                const Transfer t = transfer(
                    p.source, p.target, temp_path(p.target, p.token),
                    [&](FileId copy) {
                        journal_step([&] {
                            journal_->add(outcome_record(RecordType::copied, p.id, copy));
                            journal_->sync();
                        });
                    },
                    moved);
                moved_ok = t == Transfer::moved;
                if (moved_ok) {
                    record(RecordType::done, p.id, moved);
                } else {
                    record(RecordType::failed, p.id);
                    if (++attempts_[p.index] < k_attempts) {
                        queue.push_back(p.index);  // planned again: the next free name
                    } else {
                        fail(p.index, Status::io_error,
                             requests_[p.index].path + ": not moved: other files kept taking its target " + p.target);
                    }
                }
            } catch (...) {
                if (!moved_ok) {
                    out.fail_with_current_exception();
                    if (broken_.empty()) {
                        try {
                            record(RecordType::failed, p.id);
                        } catch (const Error&) {
                        }
                    }
                }
            }
        }
    }

    const std::vector<MoveRequest>& requests_;
    const std::string& destination_;
    const std::string destination_abs_;
    const MoveOptions& options_;
    std::optional<JournalFile>& journal_;
    MoveReport& report_;
    std::vector<int> attempts_;
    std::vector<std::vector<std::string>> parts_;
    std::set<std::string> planned_;
    std::string broken_;  // why the journal cannot be written any more
};

}  // namespace

MoveReport move_files(const std::vector<MoveRequest>& requests, const std::string& destination,
                      const std::string& journal_path, const MoveOptions& options) {
    if (destination.empty()) throw Error(Status::invalid_argument, "move_files: the destination folder is empty");
    if (!options.dry_run && journal_path.empty())
        throw Error(Status::invalid_argument, "move_files: no journal named (every move is journalled first)");
    MoveReport report;
    report.moves.resize(requests.size());
    std::optional<JournalFile> journal;
    if (!options.dry_run) {
        journal.emplace(JournalFile::open_append(journal_path, true));
        // What an earlier run left unfinished is settled before this one adds to it.
        Ledger ledger = make_ledger(journal->contents().records);
        settle(*journal, ledger);
        report.journal = absolute_path(journal_path);
    }
    Mover(requests, destination, options, journal, report).run();
    return report;
}

}  // namespace pristine
