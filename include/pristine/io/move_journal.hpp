// Moving files out of the way, journalled so that every move can be undone: the files a deduplication
// sets aside go under a destination folder, and `undo_moves` puts them back.
//
// Guarantees (docs/moving.md describes them for users, with the journal format):
//   - A user's file is never deleted and never overwritten. A name taken at the destination gets the
//     next free "NAME (1).EXT", "NAME (2).EXT", ...; the final rename refuses to replace a file that
//     appears in between (renameat2 RENAME_NOREPLACE; where a file system lacks it, link + unlink, and
//     where it has no hard links either, a rename after a check).
//   - Every move is written to the journal and flushed to the disk (fdatasync) before it starts (in
//     batches of up to 64 moves per flush), and its completion is written after it. The journal is
//     text, one line per record, each with its own CRC-32, so a record cut short (the program killed,
//     the power lost) is recognised and skipped.
//   - On one file system a move is one atomic rename. Across file systems the file is copied to a
//     hidden temporary beside the target (".pristine-TOKEN.tmp"), flushed, compared byte for byte with
//     the source, renamed into place without overwriting, and only then is the source removed. Its
//     permission bits, ownership (where allowed) and access and modification times are kept.
//   - Killed at any instant, a run leaves each file complete at its old or its new place: after a
//     rename, in exactly one of them; while a copy across file systems is under way, complete at its
//     old place plus our temporary (or, just after the copy was renamed into place, our complete copy
//     too). undo_moves, and move_files when run again on the same journal, recognise these leftovers
//     by the journal and remove them; they never take a file they did not make for one of theirs.
//   - Only regular files are moved: a symbolic link or anything else is reported and left in place.
//
// Both functions lock the journal (flock: exclusive, shared for a dry-run undo), so two processes never
// append to one journal at once. They are not meant to run while other programs rename the same files;
// what such a program does is detected where it matters (a file at a place that should be free) and
// reported, never overwritten.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pristine/executor.hpp"
#include "pristine/export.hpp"

namespace pristine {

/// One file to move: `path` (as the caller names it) goes to DESTINATION/`relative`.
struct MoveRequest {
    std::string path;
    /// Where under the destination, e.g. "2019/holiday/IMG_0001.jpg": a relative path with at least
    /// a file name, no ".." component and no leading '/'. "." components and repeated '/' are dropped.
    std::string relative;
};

/// How move_files and undo_moves run.
struct MoveOptions {
    /// Plan only: the same targets (move_files) or restores (undo_moves) are reported, and nothing is
    /// written — no journal, no folder, no file touched.
    bool dry_run = false;
};

/// What happened to one file. On success (status ok) it is at `to`; on failure status and error say
/// why and the file was left where it was (at `from` for move_files).
struct MoveOutcome : ItemStatus {
    std::string from;  ///< move_files: the request's path; undo_moves: the place the file was moved to
    std::string to;    ///< move_files: its target (the free name chosen); undo_moves: its original place
};

/// The result of move_files: one outcome per request, in the order of the requests.
struct MoveReport {
    std::string journal;  ///< absolute path of the journal written (empty for a dry run)
    std::vector<MoveOutcome> moves;
};

/// Moves each request's file to DESTINATION/relative, creating the folders it needs (and recording
/// them, so that undo removes those it left empty). `to` in each outcome is `destination` + "/" + the
/// relative path with the free name chosen; the journal records absolute paths, so undo works from
/// any working folder.
///
/// The journal is created if it does not exist (and its folder with it), or appended to if it is a
/// journal of this format: a second run adds its moves, and undo then reverses both runs. Before a
/// second run starts, moves that an earlier run left unfinished are settled as undo_moves would (their
/// temporaries removed; a complete copy whose source is still there removed, the source being kept).
/// A journal damaged at its end (a record cut short) is cut back to its last whole record.
///
/// Per-file failures (source missing or not a regular file, a bad relative path, a folder that cannot
/// be made, an I/O error while copying) are recorded in that file's outcome and the others go on.
/// If the journal cannot be written any more, no further file is moved: each remaining request fails
/// with Status::io_error (the files already moved stay moved and journalled).
///
/// Throws Error(invalid_argument) for an empty destination or (unless dry_run) an empty journal path;
/// Error(io_error) when the journal cannot be created, read, locked or written before anything was
/// moved; Error(bad_file_version) when the file at journal_path is not a move journal, or one of a
/// version this library does not read (it is then left untouched); Error(out_of_memory).
///
/// For tests only: with the environment variable PRISTINE_TEST_MOVE_BY_COPY=1, every move takes the
/// path of a move across file systems (copy, verify, rename into place, remove the source).
PRISTINE_API MoveReport move_files(const std::vector<MoveRequest>& requests, const std::string& destination,
                                   const std::string& journal_path, const MoveOptions& options = {});

/// The result of undo_moves.
struct UndoReport {
    std::vector<MoveOutcome> restored;  ///< files put back (or, dry run, that would be), in the order done
    /// Files that could not be put back, with why: a file now at the original place (both are left
    /// as they are), the file found in neither place, an I/O error. A damaged record in the middle of
    /// the journal is reported here too (from = the journal, status corrupt_data).
    std::vector<MoveOutcome> failed;
    /// Moves of the journal whose file is at its original place already: undone before, or never done.
    std::size_t already_in_place = 0;
};

/// Puts back every file the journal's moves took away, the last move first, and removes the folders
/// the moves created once they are empty. Every move of the journal ends up counted exactly once, in
/// restored, failed or already_in_place, so undoing twice restores nothing the second time.
///
/// A file is put back only where its original place is free: a file that appeared there since is never
/// overwritten (reported in failed; both stay). Missing folders of the original place are recreated.
/// The restores are journalled like moves (written and flushed before they start), so an undo that
/// is itself interrupted can be run again, and a restore across file systems goes through the same
/// verified copy as a move.
///
/// Throws Error(io_error) when the journal cannot be read, locked or (unless dry_run) written;
/// Error(bad_file_version) when it is not a move journal or of an unknown version; Error(out_of_memory).
PRISTINE_API UndoReport undo_moves(const std::string& journal_path, const MoveOptions& options = {});

}  // namespace pristine
