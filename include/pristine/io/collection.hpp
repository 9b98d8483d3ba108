// Collections of files: the image files named on a command line or found in folders, with the
// entries left out and why, and which files are one picture.
//
// Every surface that takes "files or folders" (the CLI, the evaluation and training jobs, the
// benchmarks) lists them here, so they all follow the same rules: symlinked folders are followed
// but a loop is detected (by device and inode) and walked once; hidden entries are skipped unless
// asked for; files are recognised by their magic bytes (pristine::detect_format), never by their
// name; the order is deterministic; one bad entry never stops the walk, it is reported in
// Collection::skipped.
#pragma once

#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/export.hpp"

namespace pristine {

/// Why an entry of a folder is not in Collection::files.
enum class SkipReason {
    not_an_image,  ///< its first bytes are no format pristine decodes
    hidden,        ///< its name starts with '.' (CollectOptions::include_hidden is off)
    unreadable,    ///< it could not be opened or listed (permissions, a broken symlink, an I/O error)
    loop,          ///< a symlinked folder leading back to a folder being walked (or one walked already)
    not_a_file,    ///< neither a regular file nor a folder (a socket, a device, a FIFO)
};

/// Short stable name of a reason ("not_an_image", "hidden", ...), never null.
PRISTINE_API const char* skip_reason_name(SkipReason reason) noexcept;

/// How collect_files walks.
struct CollectOptions {
    /// Walk sub-folders of the folders named (false: only the files directly inside them).
    bool recursive = true;
    /// Also list entries whose name starts with '.' (and walk such folders).
    bool include_hidden = false;
    /// Keep only files whose first bytes are an image format (detect_format); the others are
    /// skipped with SkipReason::not_an_image. False lists every regular file.
    bool images_only = true;
};

/// One entry left out, with the reason and a message that names it.
struct SkippedEntry {
    std::string path;
    SkipReason reason = SkipReason::not_an_image;
    /// io_error for unreadable entries (an error worth reporting), unsupported_format for not_an_image,
    /// ok for the rest (hidden entries, loops and special files are left out on purpose).
    Status status = Status::ok;
    std::string message;         ///< "PATH: why", ready to show
};

/// The result of collect_files.
struct Collection {
    std::vector<std::string> files;     ///< in the order described at collect_files
    std::vector<SkippedEntry> skipped;  ///< in the order they were met
};

/// Lists the files of `inputs`. A path that is not a folder (a file, a symlink to one, a path that does
/// not exist) is listed as given, unchecked, so that whoever opens it reports what is wrong with it in
/// its own words. A folder is walked (sub-folders too when options.recursive) and its files are listed
/// as "FOLDER/NAME", sorted by byte-wise comparison of the path; symlinks to files and folders are
/// followed (a symlinked file is listed under its own name). Inputs keep the order given; a folder
/// reached twice (named twice, or through a second symlink) is walked once; files are not deduplicated.
/// Never throws for one bad entry (it lands in skipped); throws Error(out_of_memory) only.
/// Thread-safe (no shared state); the file system may of course change while it walks.
PRISTINE_API Collection collect_files(const std::vector<std::string>& inputs, const CollectOptions& options = {});

/// The identity of the picture a file shows, for grouping "the files of one picture": training must
/// never split one picture between its training and validation sets, and an evaluation must not count
/// one picture as several sources. Two conventions of wallpaper packages are recognised:
///   - KDE / Plasma packages hold one picture at several sizes: NAME/contents/images/WxH.ext (and
///     images_dark/...): the key is the path up to (not including) "contents";
///   - GNOME ships light and dark variants NAME-l / NAME-d (also -day/-night, -light/-dark): the key
///     is FOLDER/NAME without the suffix and the extension.
/// Any other file's key is its path without the extension. Pure string work; never throws but
/// std::bad_alloc.
PRISTINE_API std::string picture_key(const std::string& path);

/// One file per picture (picture_key) of `files`: the largest file (in bytes) of each picture, the
/// first one given on a tie; files whose size cannot be read count as 0 bytes. The result is sorted by
/// picture key. Thread-safe.
struct PictureFile {
    std::string key;   ///< picture_key of the file
    std::string path;  ///< the file kept
};
PRISTINE_API std::vector<PictureFile> one_file_per_picture(const std::vector<std::string>& files);

}  // namespace pristine
