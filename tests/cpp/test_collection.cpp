// The collection module: folder walks (order, hidden entries, symlinks, loops, unreadable entries,
// files that are not images) and "the files of one picture".
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pristine/io/collection.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace pristine;

namespace {

fs::path fresh_dir(const std::string& name) { return test::fresh_dir("collection_" + name); }

void write(const fs::path& p, const std::string& bytes) { test::write_file(p, bytes); }

// The first bytes of a PNG and of a JPEG are all the walk looks at.
const std::string k_png = std::string("\x89PNG\r\n\x1A\n", 8) + "rest";
const std::string k_jpeg = "\xFF\xD8\xFF\xE0 rest";

const SkippedEntry* skipped_for(const Collection& c, const fs::path& p) {
    for (const SkippedEntry& s : c.skipped)
        if (s.path == p.string()) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("collect_files: sorted images of a folder tree, non-images skipped with a reason") {
    const fs::path dir = fresh_dir("order");
    write(dir / "b.png", k_png);
    write(dir / "a.jpg", k_jpeg);
    write(dir / "sub" / "c.dat", k_png);  // the name says nothing: the magic bytes do
    write(dir / "sub-x" / "d.png", k_png);
    write(dir / "notes.txt", "hello");
    const Collection c = collect_files({dir.string()});
    const std::vector<std::string> want = {(dir / "a.jpg").string(), (dir / "b.png").string(),
                                           (dir / "sub-x" / "d.png").string(), (dir / "sub" / "c.dat").string()};
    CHECK(c.files == want);  // byte-wise path order: '-' sorts before '/'
    const SkippedEntry* txt = skipped_for(c, dir / "notes.txt");
    REQUIRE(txt != nullptr);
    CHECK(txt->reason == SkipReason::not_an_image);
    CHECK(txt->status == Status::unsupported_format);
    CHECK(txt->message.find("notes.txt") != std::string::npos);
    CHECK(std::string(skip_reason_name(txt->reason)) == "not_an_image");

    CollectOptions flat;
    flat.recursive = false;
    CHECK(collect_files({dir.string()}, flat).files ==
          std::vector<std::string>{(dir / "a.jpg").string(), (dir / "b.png").string()});
    CollectOptions all;
    all.images_only = false;
    CHECK(collect_files({dir.string()}, all).files.size() == 5);
}

TEST_CASE("collect_files: named files are listed as given, inputs keep their order") {
    const fs::path dir = fresh_dir("named");
    write(dir / "x" / "z.png", k_png);
    const std::string missing = (dir / "missing.png").string();
    const Collection c = collect_files({missing, (dir / "x").string(), (dir / "x" / "z.png").string()});
    CHECK(c.files == std::vector<std::string>{missing, (dir / "x" / "z.png").string(), (dir / "x" / "z.png").string()});
    CHECK(c.skipped.empty());
}

TEST_CASE("collect_files: hidden entries are skipped unless asked for") {
    const fs::path dir = fresh_dir("hidden");
    write(dir / ".thumb.png", k_png);
    write(dir / ".cache" / "e.png", k_png);
    write(dir / "v.png", k_png);
    const Collection c = collect_files({dir.string()});
    CHECK(c.files == std::vector<std::string>{(dir / "v.png").string()});
    REQUIRE(skipped_for(c, dir / ".thumb.png") != nullptr);
    CHECK(skipped_for(c, dir / ".thumb.png")->reason == SkipReason::hidden);
    CHECK(skipped_for(c, dir / ".cache") != nullptr);
    CollectOptions o;
    o.include_hidden = true;
    CHECK(collect_files({dir.string()}, o).files.size() == 3);
}

TEST_CASE("collect_files: symlinks to files are listed, symlink loops are walked once") {
    const fs::path dir = fresh_dir("links");
    write(dir / "real" / "p.png", k_png);
    fs::create_symlink(dir / "real" / "p.png", dir / "real" / "q.png");
    fs::create_symlink(dir, dir / "real" / "up");  // a loop back to the top
    fs::create_symlink(dir / "nowhere.png", dir / "broken.png");
    const Collection c = collect_files({dir.string()});
    CHECK(c.files == std::vector<std::string>{(dir / "real" / "p.png").string(), (dir / "real" / "q.png").string()});
    const SkippedEntry* loop = skipped_for(c, dir / "real" / "up");
    REQUIRE(loop != nullptr);
    CHECK(loop->reason == SkipReason::loop);
    const SkippedEntry* broken = skipped_for(c, dir / "broken.png");
    REQUIRE(broken != nullptr);
    CHECK(broken->reason == SkipReason::unreadable);
    CHECK(broken->status == Status::io_error);
}

TEST_CASE("collect_files: unreadable folders and files are skipped with a reason") {
    if (::geteuid() == 0) {
        MESSAGE("running as root: permissions are not enforced, nothing to test");
        return;
    }
    const fs::path dir = fresh_dir("perms");
    write(dir / "locked" / "l.png", k_png);
    write(dir / "secret.png", k_png);
    write(dir / "ok.png", k_png);
    fs::permissions(dir / "locked", fs::perms::none);
    fs::permissions(dir / "secret.png", fs::perms::none);
    const Collection c = collect_files({dir.string()});
    fs::permissions(dir / "locked", fs::perms::owner_all);
    fs::permissions(dir / "secret.png", fs::perms::owner_read | fs::perms::owner_write);
    CHECK(c.files == std::vector<std::string>{(dir / "ok.png").string()});
    for (const fs::path& p : {dir / "locked", dir / "secret.png"}) {
        const SkippedEntry* s = skipped_for(c, p);
        REQUIRE(s != nullptr);
        CHECK(s->reason == SkipReason::unreadable);
        CHECK(s->status == Status::io_error);
    }
}

TEST_CASE("picture_key and one_file_per_picture: wallpaper packages and light/dark variants") {
    CHECK(picture_key("w/Flow/contents/images/1920x1080.jpg") == "w/Flow");
    CHECK(picture_key("w/Flow/contents/images_dark/800x600.png") == "w/Flow");
    CHECK(picture_key("g/adwaita-l.jpg") == "g/adwaita");
    CHECK(picture_key("g/adwaita-d.jpg") == "g/adwaita");
    CHECK(picture_key("g/sky-night.png") == "g/sky");
    CHECK(picture_key("p/photo.jpg") == "p/photo");

    const fs::path dir = fresh_dir("pictures");
    write(dir / "Flow" / "contents" / "images" / "small.jpg", k_jpeg);
    write(dir / "Flow" / "contents" / "images" / "large.jpg", k_jpeg + std::string(100, 'x'));
    write(dir / "a-l.png", k_png + std::string(10, 'x'));
    write(dir / "a-d.png", k_png);
    write(dir / "b.png", k_png);
    const std::vector<PictureFile> p = one_file_per_picture(collect_files({dir.string()}).files);
    REQUIRE(p.size() == 3);
    CHECK(p[0].path == (dir / "Flow" / "contents" / "images" / "large.jpg").string());
    CHECK(p[1].path == (dir / "a-l.png").string());
    CHECK(p[2].path == (dir / "b.png").string());
}
