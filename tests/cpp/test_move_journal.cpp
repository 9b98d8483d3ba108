// Journalled moves and their undo: free names, nested and refused relative paths, dry runs, bytes,
// times and permissions kept, undo twice, files appearing at the original place, damaged journals, the
// leftovers of an interrupted move, and runs killed with SIGKILL at random moments.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pristine/io/move_journal.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace pristine;

namespace {

fs::path fresh_dir(const std::string& name) { return test::fresh_dir("move_" + name); }

void write(const fs::path& p, const std::string& bytes) { test::write_file(p, bytes); }

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct stat stat_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st;
}

void set_mtime(const fs::path& p, long seconds, long nanoseconds) {
    const struct timespec t[2] = {{seconds, nanoseconds}, {seconds, nanoseconds}};
    REQUIRE(::utimensat(AT_FDCWD, p.c_str(), t, AT_SYMLINK_NOFOLLOW) == 0);
}

bool same_mtime(const struct stat& a, const struct stat& b) {
    return a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

// Every regular file under `dir` (relative names, sorted).
std::vector<std::string> files_under(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(e.path().lexically_relative(dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t count_lines_with(const fs::path& journal, const std::string& word) {
    std::istringstream in(read(journal));
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.find(" " + word + " ") == 8) ++n;
    return n;
}

// Moves across file systems take the copy path while one is alive.
struct ForceCopy {
    explicit ForceCopy(bool on) : on_(on) {
        if (on_) ::setenv("PRISTINE_TEST_MOVE_BY_COPY", "1", 1);
    }
    ~ForceCopy() {
        if (on_) ::unsetenv("PRISTINE_TEST_MOVE_BY_COPY");
    }
    ForceCopy(const ForceCopy&) = delete;
    ForceCopy& operator=(const ForceCopy&) = delete;

private:
    bool on_;
};

// The journal's record line for `body`, computed here independently of the library (CRC-32, IEEE).
std::string record_line(const std::string& body) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (const unsigned char b : body) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", ~c);
    return std::string(hex) + " " + body + "\n";
}

std::string file_fields(const fs::path& p) {
    const struct stat st = stat_of(p);
    return std::to_string(st.st_dev) + " " + std::to_string(st.st_ino);
}

}  // namespace

TEST_CASE("move_files: nested relative paths, folders made, bytes, permissions and times kept; undo puts all back") {
    for (const bool copy : {false, true}) {
        CAPTURE(copy);
        ForceCopy force(copy);
        const fs::path dir = fresh_dir(copy ? "nested_copy" : "nested");
        const fs::path dest = dir / "dest", journal = dir / "moves.journal";
        write(dir / "src" / "a.jpg", "alpha");
        write(dir / "src" / "deep" / "b.png", std::string(3 << 20, 'b') + "end");  // more than one copy buffer
        ::chmod((dir / "src" / "a.jpg").c_str(), 0640);
        set_mtime(dir / "src" / "a.jpg", 1000000000, 123456789);
        set_mtime(dir / "src" / "deep" / "b.png", 1100000000, 5);
        const struct stat a_before = stat_of(dir / "src" / "a.jpg");
        const struct stat b_before = stat_of(dir / "src" / "deep" / "b.png");

        const MoveReport r = move_files({{(dir / "src" / "a.jpg").string(), "2019/x/a.jpg"},
                                         {(dir / "src" / "deep" / "b.png").string(), "./deep//b.png"}},
                                        dest.string(), journal.string());
        REQUIRE(r.moves.size() == 2);
        for (const MoveOutcome& m : r.moves) CHECK_MESSAGE(m.ok(), m.error);
        CHECK(r.journal == journal.string());
        CHECK(r.moves[0].to == (dest / "2019" / "x" / "a.jpg").string());
        CHECK(r.moves[1].to == (dest / "deep" / "b.png").string());
        CHECK_FALSE(fs::exists(dir / "src" / "a.jpg"));
        CHECK_FALSE(fs::exists(dir / "src" / "deep" / "b.png"));
        CHECK(read(dest / "2019" / "x" / "a.jpg") == "alpha");
        CHECK(read(dest / "deep" / "b.png") == std::string(3 << 20, 'b') + "end");
        const struct stat a_moved = stat_of(dest / "2019" / "x" / "a.jpg");
        CHECK((a_moved.st_mode & 07777) == 0640);
        CHECK(same_mtime(a_moved, a_before));
        CHECK(same_mtime(stat_of(dest / "deep" / "b.png"), b_before));
        CHECK((a_moved.st_ino == a_before.st_ino) == !copy);  // a rename keeps the file, a copy makes a new one
        CHECK(files_under(dest) == std::vector<std::string>{"2019/x/a.jpg", "deep/b.png"});  // no temporary left

        const UndoReport u = undo_moves(journal.string());
        CHECK(u.failed.empty());
        CHECK(u.already_in_place == 0);
        REQUIRE(u.restored.size() == 2);
        CHECK(u.restored[0].from == (dest / "deep" / "b.png").string());  // the last move first
        CHECK(u.restored[0].to == (dir / "src" / "deep" / "b.png").string());
        CHECK(read(dir / "src" / "a.jpg") == "alpha");
        CHECK(read(dir / "src" / "deep" / "b.png") == std::string(3 << 20, 'b') + "end");
        const struct stat a_back = stat_of(dir / "src" / "a.jpg");
        CHECK(same_mtime(a_back, a_before));
        CHECK((a_back.st_mode & 07777) == 0640);
        CHECK(same_mtime(stat_of(dir / "src" / "deep" / "b.png"), b_before));
        CHECK_FALSE(fs::exists(dest));  // every folder the moves made, removed once empty

        const UndoReport again = undo_moves(journal.string());
        CHECK(again.restored.empty());
        CHECK(again.failed.empty());
        CHECK(again.already_in_place == 2);
        CHECK(read(dir / "src" / "a.jpg") == "alpha");
    }
}

TEST_CASE("move_files: a taken name gets the next free 'NAME (k).EXT'; nothing is overwritten") {
    const fs::path dir = fresh_dir("collisions");
    const fs::path dest = dir / "dest", journal = dir / "j";
    write(dest / "a.jpg", "old a");
    write(dest / "a (1).jpg", "old a1");
    write(dest / "noext", "old noext");
    write(dest / ".hidden", "old hidden");
    write(dest / "arch.tar.gz", "old tar");
    for (const char* s : {"x", "y", "z", "n", "h", "t"}) write(dir / s / "file", s);
    const std::vector<MoveRequest> req = {{(dir / "x" / "file").string(), "a.jpg"},
                                          {(dir / "y" / "file").string(), "a.jpg"},
                                          {(dir / "z" / "file").string(), "./a.jpg"},
                                          {(dir / "n" / "file").string(), "noext"},
                                          {(dir / "h" / "file").string(), ".hidden"},
                                          {(dir / "t" / "file").string(), "arch.tar.gz"}};
    const MoveReport planned = move_files(req, dest.string(), "", MoveOptions{true});
    const MoveReport r = move_files(req, dest.string(), journal.string());
    const std::vector<std::string> want = {"a (2).jpg", "a (3).jpg", "a (4).jpg", "noext (1)", ".hidden (1)",
                                           "arch.tar (1).gz"};
    for (std::size_t i = 0; i < req.size(); ++i) {
        CHECK_MESSAGE(r.moves[i].ok(), r.moves[i].error);
        CHECK(r.moves[i].to == (dest / want[i]).string());
        CHECK(planned.moves[i].to == r.moves[i].to);  // the dry run planned the same names
    }
    CHECK(read(dest / "a.jpg") == "old a");
    CHECK(read(dest / "a (1).jpg") == "old a1");
    CHECK(read(dest / "a (2).jpg") == "x");
    CHECK(read(dest / "a (4).jpg") == "z");
    CHECK(read(dest / "noext") == "old noext");
    CHECK(read(dest / ".hidden") == "old hidden");
    CHECK(read(dest / "arch.tar (1).gz") == "t");

    const UndoReport u = undo_moves(journal.string());
    CHECK(u.restored.size() == 6);
    CHECK(files_under(dest) == std::vector<std::string>{".hidden", "a (1).jpg", "a.jpg", "arch.tar.gz", "noext"});
    CHECK(read(dir / "y" / "file") == "y");
}

TEST_CASE("move_files: relative paths that leave the destination, are absolute or name no file are refused") {
    const fs::path dir = fresh_dir("refused");
    const fs::path dest = dir / "dest", journal = dir / "j";
    write(dir / "f.jpg", "keep me");
    std::vector<MoveRequest> req;
    for (const char* rel : {"../evil.jpg", "a/../../evil.jpg", "a/..", "..", "/abs.jpg", "", "dir/", ".", "./"})
        req.push_back({(dir / "f.jpg").string(), rel});
    const MoveReport r = move_files(req, dest.string(), journal.string());
    for (const MoveOutcome& m : r.moves) {
        CHECK(m.status == Status::invalid_argument);
        CHECK(m.error.find((dir / "f.jpg").string()) != std::string::npos);
        CHECK(m.to.empty());
    }
    CHECK(read(dir / "f.jpg") == "keep me");
    CHECK_FALSE(fs::exists(dir / "evil.jpg"));
    CHECK_FALSE(fs::exists(dest));
    CHECK(count_lines_with(journal, "move") == 0);
}

TEST_CASE("move_files: a dry run plans the same targets and writes nothing") {
    const fs::path dir = fresh_dir("dry");
    const fs::path dest = dir / "dest", journal = dir / "j";
    for (int i = 0; i < 3; ++i) write(dir / "src" / std::to_string(i), "file " + std::to_string(i));
    std::vector<MoveRequest> req;
    for (int i = 0; i < 3; ++i) req.push_back({(dir / "src" / std::to_string(i)).string(), "sub/same.bin"});
    req.push_back({(dir / "src" / "missing").string(), "m.bin"});

    const MoveReport plan = move_files(req, dest.string(), journal.string(), MoveOptions{true});
    CHECK(plan.journal.empty());
    CHECK_FALSE(fs::exists(journal));
    CHECK_FALSE(fs::exists(dest));
    CHECK(files_under(dir / "src") == std::vector<std::string>{"0", "1", "2"});
    CHECK(plan.moves[0].to == (dest / "sub" / "same.bin").string());
    CHECK(plan.moves[1].to == (dest / "sub" / "same (1).bin").string());
    CHECK(plan.moves[3].status == Status::io_error);  // the same failures as a real run

    const MoveReport real = move_files(req, dest.string(), journal.string());
    for (std::size_t i = 0; i < req.size(); ++i) {
        CHECK(real.moves[i].to == plan.moves[i].to);
        CHECK(real.moves[i].status == plan.moves[i].status);
    }
    CHECK(read(dest / "sub" / "same (2).bin") == "file 2");

    // A dry undo lists the restores and changes nothing either.
    const std::string journal_bytes = read(journal);
    const UndoReport dry = undo_moves(journal.string(), MoveOptions{true});
    CHECK(dry.restored.size() == 3);
    CHECK(read(journal) == journal_bytes);
    CHECK(files_under(dir / "src").empty());
    CHECK(undo_moves(journal.string()).restored.size() == 3);
}

TEST_CASE("move_files: a journal in use by another process is refused") {
    const fs::path dir = fresh_dir("locked");
    write(dir / "f.jpg", "f");
    REQUIRE(move_files({}, (dir / "dest").string(), (dir / "j").string()).moves.empty());
    const int fd = ::open((dir / "j").c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    // flock locks belong to the open file: a second open, even in this process, is another holder.
    try {
        move_files({{(dir / "f.jpg").string(), "f.jpg"}}, (dir / "dest").string(), (dir / "j").string());
        FAIL("move_files wrote to a locked journal");
    } catch (const Error& e) {
        CHECK(e.status() == Status::io_error);
        CHECK(std::string(e.what()).find("in use") != std::string::npos);
    }
    CHECK_THROWS_AS(undo_moves((dir / "j").string()), Error);
    ::close(fd);
    CHECK(read(dir / "f.jpg") == "f");
}

TEST_CASE("move_files: a missing source or one that is not a regular file is reported; the others move") {
    const fs::path dir = fresh_dir("bad_sources");
    write(dir / "ok.jpg", "ok");
    write(dir / "in_file.jpg", "in file");
    write(dir / "dest" / "file", "a file where a folder would go");
    fs::create_symlink(dir / "ok.jpg", dir / "link.jpg");
    fs::create_directories(dir / "folder");
    const std::vector<MoveRequest> req = {{(dir / "none.jpg").string(), "none.jpg"},
                                          {(dir / "link.jpg").string(), "link.jpg"},
                                          {(dir / "folder").string(), "folder"},
                                          {(dir / "ok.jpg").string(), "ok.jpg"},
                                          {(dir / "in_file.jpg").string(), "file/in_file.jpg"}};
    const MoveReport plan = move_files(req, (dir / "dest").string(), "", MoveOptions{true});
    const MoveReport r = move_files(req, (dir / "dest").string(), (dir / "j").string());
    for (std::size_t i = 0; i < req.size(); ++i) CHECK(plan.moves[i].status == r.moves[i].status);
    CHECK(r.moves[4].status == Status::io_error);
    CHECK(read(dir / "in_file.jpg") == "in file");
    CHECK(r.moves[0].status == Status::io_error);
    CHECK(r.moves[0].error.find("none.jpg") != std::string::npos);
    CHECK(r.moves[1].status == Status::invalid_argument);
    CHECK(r.moves[2].status == Status::invalid_argument);
    CHECK(r.moves[3].ok());
    CHECK(fs::is_symlink(dir / "link.jpg"));
    CHECK(fs::is_directory(dir / "folder"));
    CHECK(read(dir / "dest" / "ok.jpg") == "ok");
}

TEST_CASE("undo_moves: a file that appeared at the original place is never overwritten") {
    const fs::path dir = fresh_dir("appeared");
    const fs::path dest = dir / "dest", journal = dir / "j";
    write(dir / "a.jpg", "moved a");
    write(dir / "b.jpg", "moved b");
    REQUIRE(move_files({{(dir / "a.jpg").string(), "a.jpg"}, {(dir / "b.jpg").string(), "b.jpg"}}, dest.string(),
                       journal.string())
                .moves[0]
                .ok());
    write(dir / "a.jpg", "a new file, made after the move");

    const UndoReport u = undo_moves(journal.string());
    REQUIRE(u.failed.size() == 1);
    CHECK(u.failed[0].to == (dir / "a.jpg").string());
    CHECK(u.failed[0].from == (dest / "a.jpg").string());
    CHECK(u.failed[0].error.find((dir / "a.jpg").string()) != std::string::npos);
    CHECK(u.restored.size() == 1);
    CHECK(read(dir / "a.jpg") == "a new file, made after the move");
    CHECK(read(dest / "a.jpg") == "moved a");
    CHECK(read(dir / "b.jpg") == "moved b");
    CHECK(fs::exists(dest));  // still holds a.jpg

    fs::remove(dir / "a.jpg");  // the person makes room: undo finishes the job
    const UndoReport again = undo_moves(journal.string());
    CHECK(again.restored.size() == 1);
    CHECK(again.failed.empty());
    CHECK(again.already_in_place == 1);
    CHECK(read(dir / "a.jpg") == "moved a");
    CHECK_FALSE(fs::exists(dest));
}

TEST_CASE("journal: names with any bytes round-trip; one line per record") {
    for (const bool copy : {false, true}) {
        ForceCopy force(copy);
        const fs::path dir = fresh_dir(copy ? "names_copy" : "names");
        const std::vector<std::string> names = {"with space.jpg", "new\nline.jpg", "100%.jpg", "tab\tand\\.jpg",
                                                std::string("latin1 \xE9\xFF.jpg"), "caf\xC3\xA9.png"};
        std::vector<MoveRequest> req;
        for (const std::string& n : names) {
            write(dir / "src" / n, "bytes of " + n);
            req.push_back({(dir / "src" / n).string(), "sub dir/" + n});
        }
        const MoveReport r = move_files(req, (dir / "dest").string(), (dir / "j").string());
        for (const MoveOutcome& m : r.moves) CHECK_MESSAGE(m.ok(), m.error);
        CHECK(count_lines_with(dir / "j", "move") == names.size());
        CHECK(count_lines_with(dir / "j", "done") == names.size());
        const UndoReport u = undo_moves((dir / "j").string());
        CHECK(u.restored.size() == names.size());
        for (const std::string& n : names) CHECK(read(dir / "src" / n) == "bytes of " + n);
    }
}

TEST_CASE("journal: a torn last record is skipped (and cut off before appending); a damaged one is reported") {
    const fs::path dir = fresh_dir("torn");
    const fs::path dest = dir / "dest", journal = dir / "j";
    for (int i = 0; i < 3; ++i) write(dir / ("f" + std::to_string(i)), "f" + std::to_string(i));
    std::vector<MoveRequest> req;
    for (int i = 0; i < 3; ++i) req.push_back({(dir / ("f" + std::to_string(i))).string(), "f" + std::to_string(i)});
    REQUIRE(move_files(req, dest.string(), journal.string()).moves[2].ok());

    SUBCASE("a record cut short: the last done record loses its end") {
        const std::string bytes = read(journal);
        std::ofstream(journal, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 5);
        const UndoReport u = undo_moves(journal.string());
        CHECK(u.failed.empty());
        CHECK(u.restored.size() == 3);  // the file system says where the third file is
        CHECK(read(dir / "f2") == "f2");
    }
    SUBCASE("a run appending to a torn journal cuts the torn end off first") {
        std::ofstream(journal, std::ios::binary | std::ios::app) << "1234abcd move 9 0123456789abcdef 1 2 /x";
        write(dir / "g", "g");
        REQUIRE(move_files({{(dir / "g").string(), "g"}}, dest.string(), journal.string()).moves[0].ok());
        const std::string bytes = read(journal);
        CHECK(bytes.find("1234abcd") == std::string::npos);
        CHECK(bytes.back() == '\n');
        const UndoReport u = undo_moves(journal.string());
        CHECK(u.failed.empty());
        CHECK(u.restored.size() == 4);
        CHECK(u.restored[0].to == (dir / "g").string());
    }
    SUBCASE("garbage as the last line (a crash of the machine) is skipped") {
        std::ofstream(journal, std::ios::binary | std::ios::app) << std::string(40, '\0') << "\n";
        const UndoReport u = undo_moves(journal.string());
        CHECK(u.failed.empty());
        CHECK(u.restored.size() == 3);
    }
    SUBCASE("a damaged record in the middle is reported; the moves are still undone") {
        std::string bytes = read(journal);
        const std::size_t done = bytes.find(" done ");  // the first done record
        REQUIRE(done != std::string::npos);
        bytes[done + 6] = bytes[done + 6] == '9' ? '8' : '9';
        std::ofstream(journal, std::ios::binary | std::ios::trunc) << bytes;
        const UndoReport u = undo_moves(journal.string());
        REQUIRE(u.failed.size() == 1);
        CHECK(u.failed[0].status == Status::corrupt_data);
        CHECK(u.failed[0].from == journal.string());
        CHECK(u.failed[0].error.find("line") != std::string::npos);
        CHECK(u.restored.size() == 3);
        for (int i = 0; i < 3; ++i) CHECK(read(dir / ("f" + std::to_string(i))) == "f" + std::to_string(i));
    }
}

TEST_CASE("journal: another version or another file is refused with a clear error and left untouched") {
    const fs::path dir = fresh_dir("version");
    write(dir / "f.jpg", "f");
    const std::string future = "pristine-move-journal 2\nsomething a newer pristine wrote\n";
    write(dir / "future.journal", future);
    write(dir / "notes.txt", "my notes, not a journal\n");
    for (const char* name : {"future.journal", "notes.txt"}) {
        CAPTURE(name);
        const std::string journal = (dir / name).string();
        const Status want = Status::bad_file_version;
        try {
            undo_moves(journal);
            FAIL("undo_moves accepted it");
        } catch (const Error& e) {
            CHECK(e.status() == want);
            CHECK(std::string(e.what()).find(journal) != std::string::npos);
            if (std::string(name) == "future.journal")
                CHECK(std::string(e.what()).find("version") != std::string::npos);
        }
        CHECK_THROWS_AS(move_files({{(dir / "f.jpg").string(), "f.jpg"}}, (dir / "dest").string(), journal), Error);
        CHECK(read(dir / "f.jpg") == "f");
    }
    CHECK(read(dir / "future.journal") == future);
    CHECK(read(dir / "notes.txt") == "my notes, not a journal\n");
    CHECK_THROWS_AS(undo_moves((dir / "absent.journal").string()), Error);
    CHECK_FALSE(fs::exists(dir / "absent.journal"));
}

TEST_CASE("undo_moves: the leftovers of an interrupted move are recognised by the journal") {
    // Journals written by hand in the documented format, as a run killed at three moments leaves them.
    const fs::path dir = fresh_dir("leftovers");
    const std::string header = "pristine-move-journal 1\n";
    const std::string token = "00112233aabbccdd";
    const fs::path src = dir / "photo.jpg", dst = dir / "dest" / "photo.jpg";
    const fs::path temp = dir / "dest" / (".pristine-" + token + ".tmp");
    write(src, "the photo");
    const std::string move = record_line("move 1 " + token + " " + file_fields(src) + " " + src.string() + " " +
                                         dst.string());

    SUBCASE("killed while copying: a partial temporary, the source whole") {
        write(temp, "the ph");
        write(dir / "j", header + move);
        const UndoReport u = undo_moves((dir / "j").string());
        CHECK(u.already_in_place == 1);
        CHECK(u.restored.empty());
        CHECK_FALSE(fs::exists(temp));
        CHECK(read(src) == "the photo");
    }
    SUBCASE("killed after the copy was renamed into place, before the source was removed") {
        write(dst, "the photo");
        write(dir / "j", header + move + record_line("copied 1 " + file_fields(dst)));
        const UndoReport u = undo_moves((dir / "j").string());
        CHECK(u.already_in_place == 1);
        CHECK_FALSE(fs::exists(dst));  // our copy: the source is the file
        CHECK(read(src) == "the photo");
    }
    SUBCASE("killed before the move: a file someone else put at the target is theirs") {
        write(dst, "the photo");  // same bytes, but not a copy this journal recorded
        write(dir / "j", header + move);
        const UndoReport u = undo_moves((dir / "j").string());
        CHECK(u.already_in_place == 1);
        CHECK(read(dst) == "the photo");
        CHECK(read(src) == "the photo");
    }
    SUBCASE("a run appended to such a journal settles the leftover first") {
        write(temp, "the ph");
        write(dir / "j", header + move);
        write(dir / "other.jpg", "other");
        REQUIRE(move_files({{(dir / "other.jpg").string(), "other.jpg"}}, (dir / "dest").string(),
                           (dir / "j").string())
                    .moves[0]
                    .ok());
        CHECK_FALSE(fs::exists(temp));
        CHECK(count_lines_with(dir / "j", "failed") == 1);  // the old move, recorded as never done
        CHECK(read(src) == "the photo");
    }
}

TEST_CASE("move_files: across real file systems when /dev/shm is one of its own") {
    const fs::path dir = fresh_dir("cross_device");
    struct stat shm {}, tmp {};
    if (::stat("/dev/shm", &shm) != 0 || ::stat(dir.c_str(), &tmp) != 0 || shm.st_dev == tmp.st_dev) {
        MESSAGE("/dev/shm is not a separate file system here: the copy path is covered by the forced tests");
        return;
    }
    const fs::path src_dir = fs::path("/dev/shm") / ("pristine-move-test-" + std::to_string(::getpid()));
    fs::create_directories(src_dir);
    write(src_dir / "a.jpg", "on tmpfs");
    set_mtime(src_dir / "a.jpg", 1200000000, 42);
    const MoveReport r = move_files({{(src_dir / "a.jpg").string(), "a.jpg"}}, (dir / "dest").string(),
                                    (dir / "j").string());
    CHECK_MESSAGE(r.moves[0].ok(), r.moves[0].error);
    CHECK(read(dir / "dest" / "a.jpg") == "on tmpfs");
    CHECK_FALSE(fs::exists(src_dir / "a.jpg"));
    CHECK(count_lines_with(dir / "j", "copied") == 1);
    const UndoReport u = undo_moves((dir / "j").string());
    CHECK(u.restored.size() == 1);
    CHECK(read(src_dir / "a.jpg") == "on tmpfs");
    CHECK(stat_of(src_dir / "a.jpg").st_mtim.tv_nsec == 42);
    fs::remove_all(src_dir);
}

namespace {

// One killed run: `count` files moved by a child process killed with SIGKILL once a random number of
// them are done, then checked, optionally re-run, then undone (that too killed, sometimes).
struct KillRun {
    fs::path dir;
    std::size_t count = 0;
    bool copy = false;
    std::vector<fs::path> sources, targets;
    std::vector<std::string> relatives, contents;

    void setup(std::mt19937& rng) {
        std::error_code ec;
        fs::remove_all(dir, ec);
        for (std::size_t i = 0; i < count; ++i) {
            const std::string rel = "d" + std::to_string(i % 10) + "/f" + std::to_string(i) + ".bin";
            relatives.push_back(rel);
            sources.push_back(dir / "src" / rel);
            targets.push_back(dir / "dest" / rel);
            std::string bytes = "file " + std::to_string(i) + ":";
            for (std::size_t k = 0; k < 50 + i % 200; ++k) bytes += static_cast<char>(rng() & 0xFF);
            contents.push_back(bytes);
            write(sources.back(), bytes);
            set_mtime(sources.back(), 1300000000 + static_cast<long>(i), 777);
        }
    }

    std::vector<MoveRequest> requests() const {
        std::vector<MoveRequest> req;
        for (std::size_t i = 0; i < count; ++i)
            if (fs::exists(sources[i])) req.push_back({sources[i].string(), relatives[i]});
        return req;
    }

    // `done` records in the journal so far (read as it grows, from where the last call stopped).
    std::size_t done_records() {
        std::ifstream in(dir / "j", std::ios::binary);
        if (!in) return done_seen_;
        in.seekg(static_cast<std::streamoff>(read_up_to_));
        const std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        read_up_to_ += chunk.size();
        tail_ += chunk;
        std::size_t start = 0;
        for (std::size_t nl; (nl = tail_.find('\n', start)) != std::string::npos; start = nl + 1)
            if (tail_.compare(start + 8, 6, " done ") == 0) ++done_seen_;
        tail_.erase(0, start);
        return done_seen_;
    }

    // Runs `job` in a child killed `delay` after the journal holds `done` records (or after 2 s): the
    // count picks a moment in the run, the delay a moment between two records. True when the kill
    // interrupted it.
    template <class Job>
    bool killed_run(Job job, std::size_t done, std::chrono::microseconds delay) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            try {
                job();
            } catch (...) {
                ::_exit(3);
            }
            ::_exit(0);
        }
        const auto start = std::chrono::steady_clock::now();
        int status = 0;
        while (std::chrono::steady_clock::now() - start < std::chrono::seconds(2) && done_records() < done) {
            if (::waitpid(pid, &status, WNOHANG) == pid) return false;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        return WIFSIGNALED(status);
    }

    // Every file complete at its source or target; after a rename in exactly one; nothing else there
    // but our hidden temporaries (copies only). Returns how many are at their target only; `both`
    // and `temporaries` count the leftovers of copies.
    std::size_t check_after_kill(bool settled, std::size_t* both = nullptr, std::size_t* temporaries = nullptr) const {
        std::size_t moved = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const bool s = fs::exists(sources[i]), t = fs::exists(targets[i]);
            CAPTURE(sources[i].string());
            REQUIRE((s || t));
            if (s) CHECK(read(sources[i]) == contents[i]);
            if (t) CHECK(read(targets[i]) == contents[i]);
            if (!copy || settled) CHECK_FALSE((s && t));
            if (t && !s) ++moved;
            if (both != nullptr && s && t) ++*both;
        }
        const std::set<std::string> expected(relatives.begin(), relatives.end());
        for (const std::string& f : files_under(dir / "dest")) {
            const bool temporary = fs::path(f).filename().string().rfind(".pristine-", 0) == 0;
            CAPTURE(f);
            CHECK((expected.count(f) == 1 || (copy && !settled && temporary)));
            if (temporaries != nullptr && temporary) ++*temporaries;
        }
        return moved;
    }

    void check_restored() const {
        for (std::size_t i = 0; i < count; ++i) {
            CAPTURE(sources[i].string());
            REQUIRE(fs::exists(sources[i]));
            CHECK(read(sources[i]) == contents[i]);
            CHECK(stat_of(sources[i]).st_mtim.tv_sec == 1300000000 + static_cast<long>(i));
        }
        CHECK(files_under(dir / "dest").empty());
    }

private:
    std::size_t read_up_to_ = 0, done_seen_ = 0;
    std::string tail_;
};

// `step`: about how long one move takes.
void kill_test(bool copy, std::size_t count, int runs, std::chrono::microseconds step) {
    ForceCopy force(copy);
    std::mt19937 rng(copy ? 7 : 11);
    int interrupted = 0;
    for (int run = 0; run < runs; ++run) {
        CAPTURE(run);
        KillRun k;
        k.dir = fs::path(PRISTINE_TEST_TMP_DIR) / ((copy ? "move_kill_copy_" : "move_kill_") + std::to_string(run));
        k.count = count;
        k.copy = copy;
        k.setup(rng);
        const std::string journal = (k.dir / "j").string(), dest = (k.dir / "dest").string();
        const std::vector<MoveRequest> req = k.requests();
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, count * 8 / 10)(rng);
        const auto delay = std::chrono::microseconds(
            std::uniform_int_distribution<long>(0, static_cast<long>(step.count()))(rng));
        if (k.killed_run([&] { move_files(req, dest, journal); }, at, delay)) ++interrupted;
        std::size_t both = 0, temporaries = 0;
        const std::size_t moved = k.check_after_kill(false, &both, &temporaries);
        MESSAGE(std::string(copy ? "copy" : "rename") << " run " << run << ": killed " << delay.count()
                                                      << " us after " << at << " moves were done: " << moved
                                                      << " of " << count << " moved, " << both
                                                      << " also at the source, " << temporaries << " temporaries");

        if (run % 2 == 1) {  // a second run on the same journal settles the leftovers and moves the rest
            const MoveReport again = move_files(k.requests(), dest, journal);
            for (const MoveOutcome& m : again.moves) CHECK_MESSAGE(m.ok(), m.error);
            CHECK(k.check_after_kill(true) == count);
        }
        if (run % 3 == 2) {  // the undo is killed too, then run again
            const std::size_t undo_at =
                k.done_records() + std::uniform_int_distribution<std::size_t>(0, moved * 8 / 10)(rng);
            k.killed_run([&] { undo_moves(journal); }, undo_at, delay);
        }
        const UndoReport u = undo_moves(journal);
        for (const MoveOutcome& f : u.failed) CHECK_MESSAGE(false, f.error);
        k.check_restored();
        const UndoReport again = undo_moves(journal);
        CHECK(again.restored.empty());
        CHECK(again.failed.empty());
        std::error_code ec;
        fs::remove_all(k.dir, ec);
    }
    CHECK(interrupted >= runs - 1);  // the kills landed mid-run (not after the child was done)
}

}  // namespace

TEST_CASE("move_files killed with SIGKILL: every file in exactly one place, intact; undo restores all") {
    kill_test(false, 2000, 5, std::chrono::microseconds(2000));
}

TEST_CASE("move_files across file systems killed with SIGKILL: every file complete somewhere; undo restores all") {
    kill_test(true, 100, 4, std::chrono::microseconds(20000));
}
