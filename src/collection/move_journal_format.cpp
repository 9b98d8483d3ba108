// The move journal's file format and its reading and appending (see move_journal_format.hpp).
#include "move_journal_format.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>

#include "move_journal_fs.hpp"
#include "pristine/error.hpp"

namespace pristine::journal {

namespace {

std::string header_line() { return std::string(k_magic) + " " + std::to_string(k_version) + "\n"; }

std::string crc_hex(const char* data, std::size_t size) {
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size));
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08lx", static_cast<unsigned long>(crc & 0xFFFFFFFFUL));
    return buf;
}

const char* type_name(RecordType t) {
    switch (t) {
        case RecordType::move: return "move";
        case RecordType::undo: return "undo";
        case RecordType::copied: return "copied";
        case RecordType::done: return "done";
        case RecordType::failed: return "failed";
        case RecordType::mkdir: return "mkdir";
    }
    return "?";
}

std::vector<std::string> split_fields(const std::string& body) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (true) {
        const std::size_t space = body.find(' ', at);
        out.push_back(body.substr(at, space - at));
        if (space == std::string::npos) break;
        at = space + 1;
    }
    return out;
}

// A decimal number without leading zeros (one spelling per value, like the writer's).
bool parse_u64(const std::string& s, std::uint64_t& v) {
    if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_token(const std::string& s) {
    return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// The record of a line's body ("TYPE FIELDS..."), or false.
bool parse_body(const std::string& body, Record& r) {
    const std::vector<std::string> f = split_fields(body);
    const auto num = [&](std::size_t at, std::uint64_t& v) { return parse_u64(f[at], v); };
    const std::string& t = f[0];
    if (t == "move" && f.size() == 7) {
        r.type = RecordType::move;
        r.token = f[2];
        return num(1, r.id) && parse_token(f[2]) && num(3, r.file.dev) && num(4, r.file.ino) &&
               unescape_path(f[5], r.from) && unescape_path(f[6], r.to);
    }
    if (t == "undo" && f.size() == 6) {
        r.type = RecordType::undo;
        r.token = f[3];
        return num(1, r.id) && num(2, r.of) && parse_token(f[3]) && num(4, r.file.dev) && num(5, r.file.ino);
    }
    if ((t == "copied" || t == "done") && f.size() == 4) {
        r.type = t == "copied" ? RecordType::copied : RecordType::done;
        return num(1, r.id) && num(2, r.file.dev) && num(3, r.file.ino);
    }
    if (t == "failed" && f.size() == 2) {
        r.type = RecordType::failed;
        return num(1, r.id);
    }
    if (t == "mkdir" && f.size() == 4) {
        r.type = RecordType::mkdir;
        return num(1, r.file.dev) && num(2, r.file.ino) && unescape_path(f[3], r.from);
    }
    return false;
}

// A line without its newline: "CRC BODY" with the CRC of BODY.
bool parse_line(const std::string& line, Record& r) {
    if (line.size() < 10 || line[8] != ' ') return false;
    if (crc_hex(line.data() + 9, line.size() - 9) != line.substr(0, 8)) return false;
    return parse_body(line.substr(9), r);
}

[[noreturn]] void throw_errno(const std::string& path, const std::string& what) {
    throw Error(Status::io_error, path + ": " + what + ": " + std::strerror(errno));
}

std::string read_all(int fd, const std::string& path) {
    std::string bytes;
    char buf[65536];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(path, "cannot read the journal");
        if (n == 0) break;
        bytes.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
    return bytes;
}

void lock(int fd, int how, const std::string& path) {
    while (::flock(fd, how | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno == EWOULDBLOCK)
            throw Error(Status::io_error, path + ": the journal is in use by another pristine process");
        throw_errno(path, "cannot lock the journal");
    }
}

void write_fully(int fd, const std::string& bytes, const std::string& path) {
    for (std::size_t at = 0; at < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(path, "cannot write the journal");
        at += static_cast<std::size_t>(n);
    }
}

std::uint64_t next_free_id(const Contents& c) {
    std::uint64_t id = 0;
    for (const Record& r : c.records) id = std::max(id, r.id);
    return id + 1;
}

}  // namespace

std::string escape_path(const std::string& path) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(path.size());
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (c > ' ' && c <= '~' && c != '%') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

bool unescape_path(const std::string& field, std::string& path) {
    const auto digit = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    path.clear();
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '%') {
            path += field[i];
            continue;
        }
        if (i + 2 >= field.size()) return false;
        const int hi = digit(field[i + 1]), lo = digit(field[i + 2]);
        if (hi < 0 || lo < 0) return false;
        path += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return !path.empty();
}

Record move_record(std::uint64_t id, const std::string& token, FileId file, const std::string& from,
                   const std::string& to) {
    Record r;
    r.type = RecordType::move;
    r.id = id;
    r.token = token;
    r.file = file;
    r.from = from;
    r.to = to;
    return r;
}

Record undo_record(std::uint64_t id, std::uint64_t of, const std::string& token, FileId file) {
    Record r = outcome_record(RecordType::undo, id, file);
    r.of = of;
    r.token = token;
    return r;
}

Record outcome_record(RecordType type, std::uint64_t id, FileId file) {
    Record r;
    r.type = type;
    r.id = id;
    r.file = file;
    return r;
}

Record mkdir_record(const std::string& path, FileId file) {
    Record r = outcome_record(RecordType::mkdir, 0, file);
    r.from = path;
    return r;
}

std::string format_record(const Record& r) {
    std::string body = type_name(r.type);
    const auto add = [&](const std::string& s) {
        body += ' ';
        body += s;
    };
    const auto file = [&] {
        add(std::to_string(r.file.dev));
        add(std::to_string(r.file.ino));
    };
    switch (r.type) {
        case RecordType::move:
            add(std::to_string(r.id));
            add(r.token);
            file();
            add(escape_path(r.from));
            add(escape_path(r.to));
            break;
        case RecordType::undo:
            add(std::to_string(r.id));
            add(std::to_string(r.of));
            add(r.token);
            file();
            break;
        case RecordType::copied:
        case RecordType::done:
            add(std::to_string(r.id));
            file();
            break;
        case RecordType::failed: add(std::to_string(r.id)); break;
        case RecordType::mkdir:
            file();
            add(escape_path(r.from));
            break;
    }
    return crc_hex(body.data(), body.size()) + " " + body + "\n";
}

Contents parse_journal(const std::string& bytes, const std::string& path) {
    Contents c;
    const std::string header = header_line();
    const std::size_t eol = bytes.find('\n');
    if (eol == std::string::npos && header.compare(0, bytes.size(), bytes) == 0) {
        c.needs_header = true;  // empty, or killed while its header was written
        return c;
    }
    const std::string first = bytes.substr(0, std::min(eol, std::size_t{200}));
    const std::string magic = std::string(k_magic) + " ";
    const std::string expected = header.substr(0, header.size() - 1);
    if (first.compare(0, magic.size(), magic) != 0)
        throw Error(Status::bad_file_version,
                    path + ": not a pristine move journal (its first line is not '" + expected + "'); left untouched");
    if (eol == std::string::npos || first != expected)
        throw Error(Status::bad_file_version,
                    path + ": a move journal of format version '" + first.substr(magic.size()) +
                        "', which this pristine does not read (it reads version " + std::to_string(k_version) +
                        "); use the pristine that wrote it");
    std::size_t at = eol + 1;
    c.valid_size = at;
    for (std::size_t line_no = 2; at < bytes.size(); ++line_no) {
        const std::size_t end = bytes.find('\n', at);
        if (end == std::string::npos) break;  // torn: the write of this line never finished
        Record r;
        const bool ok = parse_line(bytes.substr(at, end - at), r);
        const bool last = end + 1 == bytes.size();
        if (!ok && last) break;  // torn: finished with garbage (a crash of the machine)
        if (ok) {
            c.records.push_back(std::move(r));
        } else {
            c.damaged.push_back(path + ": line " + std::to_string(line_no) +
                                " is damaged (its checksum or fields are wrong); that record was skipped");
        }
        at = end + 1;
        c.valid_size = at;
    }
    return c;
}

JournalFile::JournalFile(int fd, std::string path, Contents contents)
    : fd_(fd), path_(std::move(path)), contents_(std::move(contents)), next_id_(next_free_id(contents_)) {}

JournalFile::JournalFile(JournalFile&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      path_(std::move(o.path_)),
      contents_(std::move(o.contents_)),
      pending_(std::move(o.pending_)),
      next_id_(o.next_id_) {}

JournalFile::~JournalFile() {
    if (fd_ >= 0) ::close(fd_);
}

JournalFile JournalFile::open_read(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_errno(path, "cannot open the journal");
    JournalFile j(fd, path, {});
    lock(fd, LOCK_SH, path);
    j.contents_ = parse_journal(read_all(fd, path), path);
    j.next_id_ = next_free_id(j.contents_);
    return j;
}

JournalFile JournalFile::open_append(const std::string& path, bool create) {
    bool created = create;
    if (create) make_dirs(parent_dir(path), [](const std::string&, FileId) {});
    int fd = create ? ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0666) : -1;
    if (!create || (fd < 0 && errno == EEXIST)) {
        created = false;
        fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
    }
    if (fd < 0) throw_errno(path, created ? "cannot create the journal" : "cannot open the journal");
    JournalFile j(fd, path, {});
    lock(fd, LOCK_EX, path);
    // Decided under the lock: another process may have created it first.
    const std::string bytes = read_all(fd, path);
    j.contents_ = parse_journal(bytes, path);
    j.next_id_ = next_free_id(j.contents_);
    if (j.contents_.needs_header || j.contents_.valid_size < bytes.size()) {
        if (::ftruncate(fd, static_cast<off_t>(j.contents_.valid_size)) != 0)
            throw_errno(path, "cannot cut the torn end off the journal");
        if (j.contents_.needs_header) write_fully(fd, header_line(), path);
        if (::fdatasync(fd) != 0) throw_errno(path, "cannot flush the journal");
        j.contents_.needs_header = false;
    }
    if (created) sync_parent_dir(path);
    return j;
}

void JournalFile::add(const Record& r) { pending_ += format_record(r); }

void JournalFile::write() {
    if (pending_.empty()) return;
    std::string bytes;
    bytes.swap(pending_);
    write_fully(fd_, bytes, path_);
}

void JournalFile::sync() {
    write();
    if (::fdatasync(fd_) != 0) throw_errno(path_, "cannot flush the journal");
}

}  // namespace pristine::journal
