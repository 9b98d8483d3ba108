// The file-system steps of a journalled move (see move_journal_fs.hpp).
#include "move_journal_fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "pristine/error.hpp"

namespace pristine::journal {

namespace {

constexpr std::size_t k_copy_buffer = 1 << 20;

[[noreturn]] void fail(const std::string& what, int err) {
    throw Error(Status::io_error, what + ": " + std::strerror(err));
}

FileId id_of(const struct stat& st) {
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

// Closes a descriptor when it goes out of scope.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Tests reach the path of a move across file systems without a second file system.
bool forced_copy() {
    const char* v = std::getenv("PRISTINE_TEST_MOVE_BY_COPY");
    return v != nullptr && std::strcmp(v, "1") == 0;
}

// read() that retries on EINTR and reads until `size` bytes or the end; returns the count.
std::size_t read_some(int fd, char* buf, std::size_t size, const std::string& path) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path + ": cannot read", errno);
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    return got;
}

void write_all(int fd, const char* buf, std::size_t size, const std::string& path) {
    for (std::size_t at = 0; at < size;) {
        const ssize_t n = ::write(fd, buf + at, size - at);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path + ": cannot write", errno);
        at += static_cast<std::size_t>(n);
    }
}

// Whether the two open files hold the same bytes from their start.
bool same_content(int a, int b, const std::string& path_a, const std::string& path_b) {
    if (::lseek(a, 0, SEEK_SET) < 0 || ::lseek(b, 0, SEEK_SET) < 0) return false;
    std::vector<char> x(k_copy_buffer), y(k_copy_buffer);
    while (true) {
        const std::size_t na = read_some(a, x.data(), x.size(), path_a);
        const std::size_t nb = read_some(b, y.data(), y.size(), path_b);
        if (na != nb || std::memcmp(x.data(), y.data(), na) != 0) return false;
        if (na == 0) return true;
    }
}

// Copies `source` (whose lstat is `before`) into the new file `temp` with its permissions, owner
// (where allowed) and times, flushed and verified; returns the copy's identity. Removes `temp` on error.
FileId copy_to_temp(const std::string& source, const std::string& temp, const struct stat& before) {
    Fd in(::open(source.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (in.fd < 0) fail(source + ": cannot open", errno);
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) fail(source + ": cannot read its attributes", errno);
    if (id_of(st) != id_of(before))
        throw Error(Status::io_error, source + ": replaced by another file while being moved; left in place");
    Fd out(::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (out.fd < 0) fail(temp + ": cannot create the temporary copy", errno);
    try {
        std::vector<char> buf(k_copy_buffer);
        for (std::size_t n; (n = read_some(in.fd, buf.data(), buf.size(), source)) > 0;)
            write_all(out.fd, buf.data(), n, temp);
        // Owner first: changing it may clear the set-id bits that fchmod then sets.
        if (::fchown(out.fd, st.st_uid, st.st_gid) != 0) { /* not ours to give away: keep our own */ }
        if (::fchmod(out.fd, st.st_mode & 07777) != 0) fail(temp + ": cannot set the permissions", errno);
        const struct timespec times[2] = {st.st_atim, st.st_mtim};
        if (::futimens(out.fd, times) != 0) fail(temp + ": cannot set the times", errno);
        if (::fsync(out.fd) != 0) fail(temp + ": cannot flush the copy", errno);
        struct stat copy {}, after {};
        if (::fstat(out.fd, &copy) != 0) fail(temp + ": cannot read its attributes", errno);
        if (copy.st_size != st.st_size)
            throw Error(Status::io_error, temp + ": the copy of " + source + " has " + std::to_string(copy.st_size) +
                                              " bytes instead of " + std::to_string(st.st_size));
        if (!same_content(in.fd, out.fd, source, temp))
            throw Error(Status::io_error, temp + ": the copy of " + source + " differs from it");
        if (::fstat(in.fd, &after) != 0) fail(source + ": cannot read its attributes", errno);
        if (after.st_size != st.st_size || after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
            after.st_mtim.tv_nsec != st.st_mtim.tv_nsec)
            throw Error(Status::io_error, source + ": changed while it was copied; left in place");
        return id_of(copy);
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
}

}  // namespace

PathState path_state(const std::string& path) {
    PathState s;
    if (::lstat(path.c_str(), &s.st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return s;
        fail(path, errno);
    }
    s.exists = true;
    s.regular = S_ISREG(s.st.st_mode);
    s.directory = S_ISDIR(s.st.st_mode);
    s.id = id_of(s.st);
    return s;
}

std::string parent_dir(const std::string& path) {
    if (path.empty()) return ".";
    const std::size_t end = path.find_last_not_of('/');
    if (end == std::string::npos) return "/";
    const std::size_t slash = path.rfind('/', end);
    if (slash == std::string::npos) return ".";
    const std::size_t parent_end = path.find_last_not_of('/', slash);
    return parent_end == std::string::npos ? "/" : path.substr(0, parent_end + 1);
}

std::string absolute_path(const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    std::error_code ec;
    const std::filesystem::path cwd = std::filesystem::current_path(ec);
    if (ec) throw Error(Status::io_error, "cannot tell the working folder: " + ec.message());
    return join_path(cwd.string(), path);
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

void sync_dir(const std::string& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.fd < 0) fail(dir + ": cannot open the folder to flush it", errno);
    // EINVAL: a file system that cannot flush folders; there is nothing more to do there.
    if (::fsync(fd.fd) != 0 && errno != EINVAL) fail(dir + ": cannot flush the folder", errno);
}

void sync_parent_dir(const std::string& path) { sync_dir(parent_dir(path)); }

void make_dirs(const std::string& dir, const std::function<void(const std::string&, FileId)>& created) {
    const PathState s = path_state(dir);
    if (s.exists) {
        struct stat st {};
        // A symlink to a folder is fine (stat follows it).
        if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
        throw Error(Status::io_error, dir + ": exists and is not a folder");
    }
    const std::string parent = parent_dir(dir);
    if (parent != dir) make_dirs(parent, created);
    if (::mkdir(dir.c_str(), 0777) != 0) {
        if (errno == EEXIST) return make_dirs(dir, created);  // made meanwhile by someone else
        fail(dir + ": cannot create the folder", errno);
    }
    sync_dir(parent);
    created(dir, path_state(dir).id);
}

void check_dirs_possible(const std::string& dir) {
    std::string d = dir;
    while (!path_state(d).exists) d = parent_dir(d);
    struct stat st {};
    if (::stat(d.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(Status::io_error, d + ": exists and is not a folder");
}

std::string new_token() {
    // Reseeded in a forked child, which would otherwise repeat its parent's names.
    static thread_local pid_t seeded_for = -1;
    static thread_local std::mt19937_64 rng;
    if (seeded_for != ::getpid()) {
        seeded_for = ::getpid();
        std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                             (static_cast<std::uint64_t>(seeded_for) << 32);
        try {
            std::random_device rd;
            seed ^= (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
        } catch (const std::exception&) {  // no entropy source: the clock and the pid still differ per run
        }
        rng.seed(seed);
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    return buf;
}

std::string temp_path(const std::string& target, const std::string& token) {
    return join_path(parent_dir(target), ".pristine-" + token + ".tmp");
}

int rename_noreplace(const std::string& from, const std::string& to) {
#ifdef RENAME_NOREPLACE
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    // Anything but "this file system cannot do it" is the answer.
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
#endif
    if (::link(from.c_str(), to.c_str()) == 0) {
        if (::unlink(from.c_str()) == 0) return 0;
        const int err = errno;
        ::unlink(to.c_str());  // the second name of the same file: nothing is lost
        return err;
    }
    if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK) return errno;
    // No hard links here either: check, then rename (a file appearing in between could be replaced).
    const PathState t = path_state(to);
    if (t.exists) return EEXIST;
    return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

Transfer transfer(const std::string& source, const std::string& target, const std::string& temp,
                  const std::function<void(FileId)>& copied, FileId& moved) {
    const PathState s = path_state(source);
    if (!s.exists) throw Error(Status::io_error, source + ": no such file (moved or deleted since)");
    if (!s.regular) throw Error(Status::invalid_argument, source + ": not a regular file; left in place");
    if (!forced_copy()) {
        const int err = rename_noreplace(source, target);
        if (err == 0) {
            moved = s.id;
            return Transfer::moved;
        }
        if (err == EEXIST) return Transfer::target_taken;
        if (err != EXDEV) fail("cannot move " + source + " to " + target, err);
    } else if (path_state(target).exists) {
        return Transfer::target_taken;
    }

    const FileId copy = copy_to_temp(source, temp, s.st);
    try {
        copied(copy);
        const int err = rename_noreplace(temp, target);
        if (err == EEXIST) {
            remove_file(temp);
            return Transfer::target_taken;
        }
        if (err != 0) fail("cannot rename " + temp + " to " + target, err);
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    // The source goes only once the copy's name is on the disk.
    sync_parent_dir(target);
    if (::unlink(source.c_str()) != 0) {
        const int err = errno;
        ::unlink(target.c_str());  // our own copy: the file stays where it was
        throw Error(Status::io_error, source + ": copied to " + target + " but cannot be removed (" +
                                          std::strerror(err) + "); the copy was removed, the file left in place");
    }
    sync_parent_dir(source);
    moved = copy;
    return Transfer::moved;
}

bool same_bytes(const std::string& a, const std::string& b) {
    Fd fa(::open(a.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    Fd fb(::open(b.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fa.fd < 0 || fb.fd < 0) return false;
    struct stat sa {}, sb {};
    if (::fstat(fa.fd, &sa) != 0 || ::fstat(fb.fd, &sb) != 0 || sa.st_size != sb.st_size) return false;
    try {
        return same_content(fa.fd, fb.fd, a, b);
    } catch (const Error&) {
        return false;
    }
}

void remove_file(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail(path + ": cannot remove", errno);
}

}  // namespace pristine::journal
