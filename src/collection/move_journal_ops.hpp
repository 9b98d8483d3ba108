// The operations of a move journal (moves and the restores of undo) and where each one's file is now:
// the file system decides, the journal breaks the ties and names our own leftovers. Internal to
// libpristine; shared by move_files (which settles what an earlier run left unfinished) and undo_moves.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "move_journal_format.hpp"

namespace pristine::journal {

/// One operation: its intent record (move or undo) and what the journal says became of it.
struct Op {
    const Record* intent = nullptr;
    std::string source, target;  ///< a move: from, to; an undo: its move's to, from
    std::optional<FileId> copied;
    std::optional<FileId> done;
    bool failed = false;
    bool settled() const noexcept { return done.has_value() || failed; }
    bool is_undo() const noexcept { return intent->type == RecordType::undo; }
};

/// A journal's records as operations.
struct Ledger {
    std::map<std::uint64_t, Op> ops;
    std::vector<std::uint64_t> moves;                            ///< move ops, in the journal's order
    std::map<std::uint64_t, std::vector<std::uint64_t>> undos;   ///< per move: its undo ops, in order
    std::vector<const Record*> folders;                          ///< mkdir records, in order
};

/// Groups `records` (which must outlive the ledger) by operation. Records about an operation whose
/// intent is missing (a damaged line) are ignored.
Ledger make_ledger(const std::vector<Record>& records);

/// Where an operation's file is.
enum class Place {
    source,   ///< at its source (the operation did not happen, or was rolled back)
    target,   ///< at its target
    both,     ///< at its target, and another file is at its source now
    neither,  ///< in neither place (moved or deleted by someone else)
};

/// Where `op`'s file is now. With `tidy`, an unsettled operation's leftovers are removed first — its
/// temporary, and, while the source is still whole, the complete copy or the second hard link it had
/// made at the target — so that the file is in exactly one place. Throws Error(io_error) when a
/// path cannot be examined or a leftover cannot be removed.
Place locate(const Op& op, bool tidy);

/// Settles every operation an interrupted run left without an outcome: tidies it (locate) and
/// appends `done` or `failed` to the journal (synced), updating the ledger. Operations found in
/// both or neither place are left as they are, for undo to report.
void settle(JournalFile& journal, Ledger& ledger);

}  // namespace pristine::journal
