// The operations of a move journal and where each one's file is (see move_journal_ops.hpp).
#include "move_journal_ops.hpp"

#include "move_journal_fs.hpp"
#include "pristine/error.hpp"

namespace pristine::journal {

Ledger make_ledger(const std::vector<Record>& records) {
    Ledger l;
    for (const Record& r : records) {
        switch (r.type) {
            case RecordType::move: {
                Op op;
                op.intent = &r;
                op.source = r.from;
                op.target = r.to;
                if (l.ops.emplace(r.id, op).second) l.moves.push_back(r.id);
                break;
            }
            case RecordType::undo: {
                const auto move = l.ops.find(r.of);
                if (move == l.ops.end() || move->second.is_undo()) break;
                Op op;
                op.intent = &r;
                op.source = move->second.target;
                op.target = move->second.source;
                if (l.ops.emplace(r.id, op).second) l.undos[r.of].push_back(r.id);
                break;
            }
            case RecordType::copied:
            case RecordType::done:
            case RecordType::failed: {
                const auto it = l.ops.find(r.id);
                if (it == l.ops.end()) break;
                if (r.type == RecordType::copied) it->second.copied = r.file;
                if (r.type == RecordType::done) it->second.done = r.file;
                if (r.type == RecordType::failed) it->second.failed = true;
                break;
            }
            case RecordType::mkdir: l.folders.push_back(&r); break;
        }
    }
    return l;
}

Place locate(const Op& op, bool tidy) {
    if (tidy && !op.settled()) {
        // Named by this operation's own random token: nobody else's file.
        const std::string temp = temp_path(op.target, op.intent->token);
        if (path_state(temp).regular) {
            remove_file(temp);
            sync_parent_dir(temp);
        }
    }
    const PathState s = path_state(op.source);
    const PathState t = path_state(op.target);
    if (s.exists && !t.exists) return Place::source;
    if (!s.exists && t.exists) return Place::target;
    if (!s.exists && !t.exists) return Place::neither;
    if (op.failed) return Place::source;  // the target is another file: that is why it failed
    if (op.done) return Place::both;      // moved, and a file appeared at the source since
    // Unsettled, both names taken: the link of a link + unlink move, or our complete copy whose
    // source was not removed yet, is ours to take back; the source is whole.
    if (s.id == t.id || (op.copied && t.id == *op.copied)) {
        if (tidy) {
            remove_file(op.target);
            sync_parent_dir(op.target);
        }
        return Place::source;
    }
    if (t.id == op.intent->file) return Place::both;  // renamed, then a new file at the source
    return Place::source;                              // the target is another file: never moved
}

void settle(JournalFile& journal, Ledger& ledger) {
    bool added = false;
    for (auto& [id, op] : ledger.ops) {
        if (op.settled()) continue;
        Place p = Place::neither;
        try {
            p = locate(op, true);
        } catch (const Error&) {  // a path that cannot be examined now: left open, undo reports it
            continue;
        }
        if (p == Place::source) {
            journal.add(outcome_record(RecordType::failed, id));
            op.failed = true;
        } else if (p == Place::target) {
            try {
                op.done = path_state(op.target).id;
            } catch (const Error&) {
                continue;
            }
            journal.add(outcome_record(RecordType::done, id, *op.done));
        } else {
            continue;
        }
        added = true;
    }
    if (added) journal.sync();
}

}  // namespace pristine::journal
