// The file-system steps of a journalled move: a rename that never replaces a file, the verified copy
// across file systems, folders made and synced. Internal to libpristine; errors are Error(io_error)
// (or invalid_argument for a source that is no regular file) with messages that name the files.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <string>

#include "move_journal_format.hpp"

namespace pristine::journal {

/// What lstat says about a path.
struct PathState {
    bool exists = false;
    bool regular = false;
    bool directory = false;
    FileId id;
    struct stat st {};
};

/// lstat of `path`: absent (ENOENT, ENOTDIR) gives exists = false; any other error throws.
PathState path_state(const std::string& path);

std::string parent_dir(const std::string& path);   ///< "/a/b" -> "/a", "/a" -> "/", "a" -> "."
std::string absolute_path(const std::string& path); ///< the working folder prefixed to a relative path
std::string join_path(const std::string& dir, const std::string& name);

/// fsync of a folder (so that entries made or removed in it survive a crash).
void sync_dir(const std::string& dir);
void sync_parent_dir(const std::string& path);

/// Makes `dir` and its missing parents; calls created(folder, id) for each folder made, outermost
/// first, and syncs the folder each was made in.
void make_dirs(const std::string& dir, const std::function<void(const std::string&, FileId)>& created);

/// Throws Error(io_error) when make_dirs(dir) would fail because the nearest existing folder on the
/// way is a file (what a dry run can tell without making anything).
void check_dirs_possible(const std::string& dir);

/// 16 random hex digits naming one operation's temporary.
std::string new_token();
/// The temporary of an operation: a hidden name beside its target (the walk of folders skips it).
std::string temp_path(const std::string& target, const std::string& token);

/// rename(from, to) that fails with EEXIST rather than replace `to`: renameat2(RENAME_NOREPLACE), else
/// link + unlink, else (a file system without hard links) a rename after checking `to` is free.
/// Returns 0 or the errno.
int rename_noreplace(const std::string& from, const std::string& to);

/// How transfer ended when it did not throw.
enum class Transfer {
    moved,         ///< the file is at the target; the source name is gone
    target_taken,  ///< a file is at the target: nothing was changed
};

/// Moves the regular file `source` to `target` without ever replacing a file there: one rename on
/// the same file system; across file systems a copy to `temp` (in the target's folder), flushed and
/// compared byte for byte with the source, then `copied(id of the copy)`, the rename of the copy into
/// place, and last the removal of the source. `moved` receives the identity of the file at the target.
/// On an error (thrown) the source is untouched and the temporary removed.
Transfer transfer(const std::string& source, const std::string& target, const std::string& temp,
                  const std::function<void(FileId)>& copied, FileId& moved);

/// Whether two files hold the same bytes (false when either cannot be read).
bool same_bytes(const std::string& a, const std::string& b);

/// unlink that accepts a path already gone; throws on other errors.
void remove_file(const std::string& path);

}  // namespace pristine::journal
