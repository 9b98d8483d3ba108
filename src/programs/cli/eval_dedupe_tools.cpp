// The external-tools copier of `pristine eval-dedupe make-collection --copies-by tools` (see
// eval_dedupe_tools.hpp). Each save or copy runs in its own temporary folder: the geometry (crop,
// resize, turn, mirror) by convert into a PPM, then the save by the tool of its format. Programs are
// started with posix_spawn (safe from several threads) and their output goes to a log that a failure
// quotes.
#include "eval_dedupe_tools.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pristine/io/image_io.hpp"

extern char** environ;

namespace pristine::cli {

namespace {

namespace fs = std::filesystem;

// A temporary folder, removed with everything in it when done.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "pristine-eval-dedupe-XXXXXX").string();
        if (mkdtemp(tmpl.data()) == nullptr) throw Error(Status::io_error, "cannot create a temporary folder in " + fs::temp_directory_path().string());
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string operator/(const std::string& name) const { return (fs::path(path_) / name).string(); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::string read_text(const std::string& path, std::size_t limit) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    if (s.size() > limit) s = "..." + s.substr(s.size() - limit);
    return s;
}

// Runs argv (the program looked up on PATH), its stdout and stderr to `log`. Throws naming the
// command and quoting the log when it cannot start or exits with another status than 0.
void run(const std::vector<std::string>& argv, const std::string& log) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw Error(Status::unavailable, "cannot run " + argv[0] + ": " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw Error(Status::io_error, "waiting for " + argv[0] + ": " + std::strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string cmd;
        for (const std::string& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
        throw Error(Status::io_error, "'" + cmd + "' failed (status " + std::to_string(status) + "): " + read_text(log, 400));
    }
}

bool on_path(const std::string& tool) {
    if (tool.find('/') != std::string::npos) return access(tool.c_str(), X_OK) == 0;
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(ss, dir, ':');)
        if (!dir.empty() && access((fs::path(dir) / tool).c_str(), X_OK) == 0) return true;
    return false;
}

void write_ppm(const Image& px, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out << "P6\n" << px.width() << ' ' << px.height() << "\n255\n";
    for (int y = 0; y < px.height(); ++y)
        out.write(reinterpret_cast<const char*>(px.row(y)), static_cast<std::streamsize>(px.width()) * 3);
    if (!out) throw Error(Status::io_error, "cannot write '" + path + "'");
}

const char* im_filter(const std::string& f) {
    if (f == "point") return "Point";
    if (f == "box" || f == "area") return "Box";
    if (f == "bilinear") return "Triangle";
    if (f == "mitchell") return "Mitchell";
    if (f == "bicubic" || f == "catmull_rom") return "Catrom";
    return "Lanczos";
}

class ToolCopier final : public eval::DedupeCopier {
public:
    explicit ToolCopier(std::string convert) : convert_(std::move(convert)) {
        for (const char* t : {"cjpeg", "djpeg", "cwebp", "dwebp", "gifsicle", "pngquant"})
            if (!on_path(t))
                throw Error(Status::unavailable, std::string("eval-dedupe --copies-by tools needs ") + t +
                                                     " (apt-get install libjpeg-turbo-progs webp gifsicle pngquant)");
        TempDir tmp;
        try {
            run({convert_, "-version"}, tmp / "log");
        } catch (const Error&) {
            throw Error(Status::unavailable, "eval-dedupe --copies-by tools needs ImageMagick at " + convert_ +
                                                 " (apt-get install imagemagick)");
        }
        if (read_text(tmp / "log", 1 << 16).find("ImageMagick") == std::string::npos)
            throw Error(Status::unavailable, convert_ + " is not ImageMagick's convert (give --convert)");
    }

    std::string name() const override { return "tools (ImageMagick convert, cjpeg, cwebp, gifsicle, pngquant)"; }

    eval::MadeFile save(const Image& pixels, const eval::CopySpec& spec) const override {
        TempDir tmp;
        write_ppm(pixels, tmp / "src.ppm");
        Log how(tmp);
        return encode(spec, tmp, tmp / "src.ppm", how);
    }

    eval::MadeFile copy(const eval::MadeFile& parent, const eval::CopySpec& s) const override {
        if (s.format == "copy") {
            eval::MadeFile m;
            m.bytes = parent.bytes;
            m.format = parent.format;
            m.pixels = Image::copy_of(parent.pixels.view());
            m.how = "cp";
            return m;
        }
        TempDir tmp;
        const std::string in = tmp / (std::string("in.") + format_name(parent.format));
        write_file(in, parent.bytes);
        Log how(tmp);
        std::vector<std::string> cmd{convert_, in};
        if (s.crop_w > 0)
            cmd.insert(cmd.end(), {"-crop", std::to_string(s.crop_w) + "x" + std::to_string(s.crop_h) + "+" +
                                                std::to_string(s.crop_x) + "+" + std::to_string(s.crop_y),
                                   "+repage"});
        if (s.width > 0)
            cmd.insert(cmd.end(), {"-filter", im_filter(s.filter), "-resize",
                                   std::to_string(s.width) + "x" + std::to_string(s.height) + "!"});
        if (s.quarter_turns != 0) cmd.insert(cmd.end(), {"-rotate", std::to_string(90 * s.quarter_turns)});
        if (s.flip == 1) cmd.push_back("-flop");
        if (s.flip == 2) cmd.push_back("-flip");
        cmd.insert(cmd.end(), {"-alpha", "remove", "-depth", "8", "ppm:" + (tmp / "src.ppm")});
        how.run(cmd);
        return encode(s, tmp, tmp / "src.ppm", how);
    }

private:
    // The commands run for one file, with the temporary folder left out, for the record.
    class Log {
    public:
        explicit Log(const TempDir& tmp) : tmp_(tmp) {}
        void run(const std::vector<std::string>& argv) {
            cli::run(argv, tmp_ / "log");
            std::string cmd;
            for (std::string a : argv) {
                for (std::size_t at; (at = a.find(tmp_.path() + "/")) != std::string::npos;) a.erase(at, tmp_.path().size() + 1);
                cmd += (cmd.empty() ? "" : " ") + a;
            }
            text_ += (text_.empty() ? "" : " && ") + cmd;
        }
        const std::string& text() const { return text_; }

    private:
        const TempDir& tmp_;
        std::string text_;
    };

    eval::MadeFile encode(const eval::CopySpec& s, const TempDir& tmp, std::string src, Log& how) const {
        const std::string q = std::to_string(s.quality);
        if (s.pre_quality > 0) {
            how.run({"cjpeg", "-quality", std::to_string(s.pre_quality), "-outfile", tmp / "pre.jpg", src});
            how.run({"djpeg", "-pnm", "-outfile", tmp / "pre.ppm", tmp / "pre.jpg"});
            src = tmp / "pre.ppm";
        }
        std::string out;
        if (s.format == "jpeg") {
            out = tmp / "out.jpg";
            if (s.variant % 2 == 0) {
                std::vector<std::string> cmd{"cjpeg", "-quality", q, "-sample", s.subsample ? "2x2" : "1x1", "-optimize"};
                if (s.progressive) cmd.push_back("-progressive");
                cmd.insert(cmd.end(), {"-outfile", out, src});
                how.run(cmd);
            } else {
                std::vector<std::string> cmd{convert_, src, "-quality", q, "-sampling-factor", s.subsample ? "4:2:0" : "4:4:4"};
                if (s.progressive) cmd.insert(cmd.end(), {"-interlace", "Plane"});
                cmd.push_back(out);
                how.run(cmd);
            }
        } else if (s.format == "png") {
            out = tmp / "out.png";
            const std::string full = s.colors > 0 ? tmp / "full.png" : out;
            how.run({convert_, src, "-strip", "-define", "png:exclude-chunk=date,time", full});
            if (s.colors > 0) {
                std::vector<std::string> cmd{"pngquant", "--force", "--strip"};
                if (s.dither == "none") cmd.push_back("--nofs");
                cmd.insert(cmd.end(), {"--output", out, std::to_string(s.colors), full});
                how.run(cmd);
            }
        } else if (s.format == "gif") {
            out = tmp / "out.gif";
            // convert writes a 256-colour GIF (dithered unless +dither), gifsicle reduces it further.
            std::vector<std::string> cmd{convert_, src};
            if (s.dither == "none") cmd.push_back("+dither");
            cmd.push_back(tmp / "full.gif");
            how.run(cmd);
            std::vector<std::string> g{"gifsicle", "-O2", "--colors", std::to_string(s.colors > 0 ? s.colors : 256)};
            if (s.dither == "fs") g.push_back("--dither");
            if (s.dither == "ordered") g.push_back("--dither=ordered");
            g.insert(g.end(), {"-o", out, tmp / "full.gif"});
            how.run(g);
        } else if (s.format == "webp" || s.format == "webp_lossless") {
            out = tmp / "out.webp";
            if (s.format == "webp")
                how.run({"cwebp", "-quiet", "-q", q, src, "-o", out});
            else
                how.run({"cwebp", "-quiet", "-lossless", src, "-o", out});
            if (s.webp_then_png) {
                how.run({"dwebp", "-quiet", out, "-o", tmp / "out.png"});
                out = tmp / "out.png";
            }
        } else {
            throw Error(Status::invalid_argument, "eval-dedupe: unknown save format '" + s.format + "'");
        }
        eval::MadeFile m;
        m.bytes = read_file(out);
        m.format = detect_format(m.bytes.data(), m.bytes.size());
        m.pixels = decode_memory(m.bytes.data(), m.bytes.size()).image;
        m.how = how.text();
        return m;
    }

    std::string convert_;
};

}  // namespace

std::shared_ptr<const eval::DedupeCopier> make_tool_copier(const std::string& convert) {
    return std::make_shared<ToolCopier>(convert);
}

}  // namespace pristine::cli
