// Whole-file reads and writes with errors that name the path and the system's reason.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/stat.h>

#include "io/codecs.hpp"

namespace pristine {

namespace {
struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
    throw Error(Status::io_error, what + " '" + path + "': " + std::strerror(err));
}
}  // namespace

std::vector<std::uint8_t> read_file(const std::string& path) {
    FilePtr f(std::fopen(path.c_str(), "rb"));
    if (!f) fail("cannot open", path, errno);
    // fopen succeeds on directories (and ftell then reports nonsense), so ask what the path is.
    struct stat st {};
    if (fstat(fileno(f.get()), &st) != 0) fail("cannot read", path, errno);
    if (S_ISDIR(st.st_mode)) throw Error(Status::io_error, "cannot read '" + path + "': is a directory");
    std::vector<std::uint8_t> bytes;
    if (S_ISREG(st.st_mode) && st.st_size > 0) bytes.reserve(static_cast<std::size_t>(st.st_size));
    std::uint8_t buffer[1 << 16];
    for (;;) {
        const std::size_t got = std::fread(buffer, 1, sizeof buffer, f.get());
        bytes.insert(bytes.end(), buffer, buffer + got);
        if (got < sizeof buffer) {
            if (std::ferror(f.get())) fail("cannot read", path, errno ? errno : EIO);
            break;
        }
    }
    return bytes;
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    FilePtr f(std::fopen(path.c_str(), "wb"));
    if (!f) fail("cannot create", path, errno);
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
        fail("cannot write", path, errno ? errno : EIO);
    if (std::fclose(f.release()) != 0) fail("cannot write", path, errno ? errno : EIO);
}

}  // namespace pristine
