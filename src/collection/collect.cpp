// collect_files: the one folder walk (see pristine/io/collection.hpp for the rules).
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

#include "pristine/io/collection.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine {

const char* skip_reason_name(SkipReason reason) noexcept {
    switch (reason) {
        case SkipReason::not_an_image: return "not_an_image";
        case SkipReason::hidden: return "hidden";
        case SkipReason::unreadable: return "unreadable";
        case SkipReason::loop: return "loop";
        case SkipReason::not_a_file: return "not_a_file";
    }
    return "unknown";
}

namespace {

namespace fs = std::filesystem;

// A file or folder as the kernel knows it: two paths with one identity are one entry.
using FileId = std::pair<dev_t, ino_t>;

// Enough for every magic detect_format knows (TGA's header is the longest: 18 bytes).
constexpr std::size_t k_magic_bytes = 32;

class Walker {
public:
    Walker(const CollectOptions& o, Collection& out) : o_(o), out_(out) {}

    void input(const std::string& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            // Not a folder: listed unchecked; whoever opens it says what is wrong.
            out_.files.push_back(path);
            return;
        }
        std::vector<std::string> found;
        walk(path, st, found);
        std::sort(found.begin(), found.end());
        for (std::string& f : found) out_.files.push_back(std::move(f));
    }

private:
    void skip(const std::string& path, SkipReason reason, Status status, const std::string& why) {
        out_.skipped.push_back({path, reason, status, path + ": " + why});
    }

    // Lists the folder `dir` (whose stat is `st`) into `found`, sub-folders first recursed into.
    void walk(const std::string& dir, const struct stat& st, std::vector<std::string>& found) {
        const FileId id{st.st_dev, st.st_ino};
        if (std::find(stack_.begin(), stack_.end(), id) != stack_.end()) {
            skip(dir, SkipReason::loop, Status::ok, "a symlink loop (leads back to a folder being walked)");
            return;
        }
        if (!dirs_seen_.insert(id).second) {
            skip(dir, SkipReason::loop, Status::ok, "a second link to a folder already walked");
            return;
        }
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            skip(dir, SkipReason::unreadable, Status::io_error, "cannot list the folder: " + ec.message());
            return;
        }
        stack_.push_back(id);
        std::vector<std::string> names;
        for (const fs::directory_iterator end; !ec && it != end; it.increment(ec))
            names.push_back(it->path().filename().string());
        if (ec) skip(dir, SkipReason::unreadable, Status::io_error, "cannot list the folder: " + ec.message());
        std::sort(names.begin(), names.end());
        const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
        for (const std::string& name : names) entry(prefix + name, name, found);
        stack_.pop_back();
    }

    void entry(const std::string& path, const std::string& name, std::vector<std::string>& found) {
        if (!o_.include_hidden && name[0] == '.') {
            skip(path, SkipReason::hidden, Status::ok, "hidden");
            return;
        }
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            const int err = errno;
            struct stat link {};
            const bool dangling = ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
            skip(path, SkipReason::unreadable, Status::io_error,
                 dangling ? "a broken symlink" : std::string("cannot read: ") + std::strerror(err));
            return;
        }
        if (S_ISDIR(st.st_mode)) {
            if (o_.recursive) walk(path, st, found);
            return;
        }
        if (!S_ISREG(st.st_mode)) {
            skip(path, SkipReason::not_a_file, Status::ok, "not a regular file");
            return;
        }
        if (o_.images_only && !is_image(path)) return;
        found.push_back(path);
    }

    // Whether the file starts like an image; an unreadable file is skipped with the reason.
    bool is_image(const std::string& path) {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) {
            skip(path, SkipReason::unreadable, Status::io_error, std::string("cannot open: ") + std::strerror(errno));
            return false;
        }
        std::uint8_t head[k_magic_bytes];
        const std::size_t n = std::fread(head, 1, sizeof head, f);
        const bool failed = std::ferror(f) != 0;
        std::fclose(f);
        if (failed) {
            skip(path, SkipReason::unreadable, Status::io_error, "cannot read");
            return false;
        }
        if (detect_format(head, n) != Format::unknown) return true;
        skip(path, SkipReason::not_an_image, Status::unsupported_format, "not an image (unknown magic bytes)");
        return false;
    }

    const CollectOptions& o_;
    Collection& out_;
    std::vector<FileId> stack_;             // folders being walked: a loop leads back to one of them
    std::set<FileId> dirs_seen_;            // folders walked: each once, however many links lead there
};

}  // namespace

Collection collect_files(const std::vector<std::string>& inputs, const CollectOptions& options) {
    Collection out;
    try {
        Walker w(options, out);
        for (const std::string& in : inputs) w.input(in);
    } catch (const std::bad_alloc&) {
        throw Error(Status::out_of_memory, "out of memory while listing files");
    }
    return out;
}

}  // namespace pristine
