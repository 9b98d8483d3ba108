// The move journal's file format (docs/moving.md): records as text lines with a CRC-32 each, reading
// a journal back (a record cut short at the end is skipped, a damaged one in the middle reported), and
// appending to one under an exclusive lock. Internal to libpristine.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pristine::journal {

/// The identity of a file (or folder) as the kernel knows it: a rename keeps it, a copy does not.
struct FileId {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    bool operator==(const FileId& o) const noexcept { return dev == o.dev && ino == o.ino; }
    bool operator!=(const FileId& o) const noexcept { return !(*this == o); }
};

enum class RecordType {
    move,    ///< intent: op `id` moves `from` (file `file`) to `to`; its temporary is named by `token`
    undo,    ///< intent: op `id` moves move `of`'s file back, from its `to` (file `file`) to its `from`
    copied,  ///< op `id` (across file systems): the complete, verified copy `file` is about to be renamed into place
    done,    ///< op `id` finished: the file `file` is at its target, the source is gone
    failed,  ///< op `id` did not happen: the source is untouched and no temporary is left
    mkdir,   ///< the folder `from` (identity `file`) was created for a move
};

struct Record {
    RecordType type = RecordType::move;
    std::uint64_t id = 0;
    std::uint64_t of = 0;
    std::string token;
    FileId file;
    std::string from, to;
};

/// Records with their fields filled in.
Record move_record(std::uint64_t id, const std::string& token, FileId file, const std::string& from,
                   const std::string& to);
Record undo_record(std::uint64_t id, std::uint64_t of, const std::string& token, FileId file);
Record outcome_record(RecordType type, std::uint64_t id, FileId file = {});  ///< copied, done or failed
Record mkdir_record(const std::string& path, FileId file);

/// The first line of every journal, without the version and the newline.
inline constexpr const char* k_magic = "pristine-move-journal";
/// The only version this code reads and writes.
inline constexpr int k_version = 1;

/// One record as its line: "CRC TYPE FIELDS...\n".
std::string format_record(const Record& r);

/// A journal read back.
struct Contents {
    std::vector<Record> records;        ///< the whole records, in the order written
    std::vector<std::string> damaged;   ///< "JOURNAL: line N is damaged ..." for each bad record before the last
    std::size_t valid_size = 0;         ///< bytes up to the end of the last whole line (a torn tail excluded)
    bool needs_header = false;          ///< empty, or a header cut short: (re)write the header before appending
};

/// Parses a journal's bytes. The last line, when incomplete or failing its check, is the tail of a
/// write cut short and is left out. Throws Error(bad_file_version) when the bytes do not start with
/// the magic (and are not a prefix of the header: a journal killed while being created) or name
/// another version.
Contents parse_journal(const std::string& bytes, const std::string& path);

/// A journal open for reading (shared lock) or appending (exclusive lock).
class JournalFile {
public:
    /// Opens `path` read-only (must exist) and reads it. Throws Error(io_error) if it cannot be opened,
    /// read or locked, or what parse_journal throws.
    static JournalFile open_read(const std::string& path);
    /// Opens `path` for appending and cuts a torn tail off. With `create`, an absent journal is created
    /// (its folder too; header written and synced, its folder synced); without, it must exist. Throws like open_read.
    static JournalFile open_append(const std::string& path, bool create);

    JournalFile(JournalFile&& o) noexcept;
    JournalFile& operator=(JournalFile&&) = delete;
    JournalFile(const JournalFile&) = delete;
    ~JournalFile();

    const Contents& contents() const noexcept { return contents_; }
    const std::string& path() const noexcept { return path_; }

    /// The next unused op id.
    std::uint64_t next_id() { return next_id_++; }

    /// Buffers a record (written by the next write or sync).
    void add(const Record& r);
    /// Writes the buffered records (one write; visible to readers, survives the process being killed).
    void write();
    /// write(), then fdatasync: the records survive a crash of the machine.
    void sync();

private:
    JournalFile(int fd, std::string path, Contents contents);

    int fd_ = -1;
    std::string path_;
    Contents contents_;
    std::string pending_;
    std::uint64_t next_id_ = 1;
};

/// Percent-escapes a path so that it is one field without spaces: bytes outside '!'..'~' and '%'
/// become %XX. Any byte round-trips.
std::string escape_path(const std::string& path);
/// The inverse; false on a malformed escape.
bool unescape_path(const std::string& field, std::string& path);

}  // namespace pristine::journal
