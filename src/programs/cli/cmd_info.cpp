// `pristine info FILE...`: one JSON line of metadata per file. A file that fails gives a line with its
// path and the error (and a message on stderr); the others are still processed.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "commands.hpp"
#include "json_out.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::cli {

namespace {

namespace fs = std::filesystem;
using json = Json;

struct InfoOptions {
    std::vector<std::string> inputs;
    bool recursive = false;
    bool no_colors = false;
    std::uint64_t max_pixels = DecodeOptions{}.max_pixels;
};

// The files named, with directories expanded (sorted, for reproducible output) when asked to.
std::vector<std::string> expand(const InfoOptions& o) {
    std::vector<std::string> files;
    for (const std::string& input : o.inputs) {
        std::error_code ec;
        if (!o.recursive || !fs::is_directory(input, ec)) {
            files.push_back(input);
            continue;
        }
        std::vector<std::string> found;
        for (fs::recursive_directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec)) found.push_back(it->path().string());
        if (ec) found.push_back(input);  // let the per-file step report why the directory can't be read
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

json describe(const std::string& path, const InfoOptions& o) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw Error(Status::io_error, "'" + path + "' is a directory (use -r to read the files in it)");
    const std::vector<std::uint8_t> bytes = read_file(path);
    const ImageInfo info = probe_memory(bytes.data(), bytes.size());

    json j;
    j["path"] = path;
    j["format"] = format_name(info.format);
    j["width"] = info.width;
    j["height"] = info.height;
    j["display_width"] = info.display_width;
    j["display_height"] = info.display_height;
    j["file_size"] = info.file_size;
    j["frames"] = info.frames;
    j["bit_depth"] = info.bit_depth;
    j["channels"] = info.channels;
    j["has_alpha"] = info.has_alpha;
    j["palette"] = info.palette;
    j["orientation"] = info.orientation;
    j["colors"] = nullptr;
    if (!o.no_colors) {
        // As stored and unrotated: compositing alpha would invent colours, rotating changes nothing.
        DecodeOptions d;
        d.channels = 0;
        d.apply_orientation = false;
        d.max_pixels = o.max_pixels;
        j["colors"] = count_colors(decode_memory(bytes.data(), bytes.size(), d).image.view());
    }
    if (info.jpeg) {
        j["jpeg_quality"] = info.jpeg->quality_estimate > 0 ? json(info.jpeg->quality_estimate) : json(nullptr);
        j["jpeg_quality_exact"] = info.jpeg->quality_exact;
        j["subsampling"] = info.jpeg->subsampling;
        j["progressive"] = info.jpeg->progressive;
    }
    return j;
}

int run_info(const InfoOptions& o) {
    int rc = k_exit_ok;
    for (const std::string& path : expand(o)) {
        try {
            write_json_line(describe(path, o));
        } catch (...) {
            const Failure f = current_failure();
            report_failure("info", path, f.message, status_name(f.status));
            rc = k_exit_failed;
        }
    }
    return rc;
}

}  // namespace

RunFn register_info(CLI::App& sub) {
    auto o = std::make_shared<InfoOptions>();
    sub.add_option("files", o->inputs, "Image files (or directories with -r)")->required();
    sub.add_flag("-r,--recursive", o->recursive, "Read every file under the directories given");
    sub.add_flag("--no-colors", o->no_colors, "Skip decoding the pixels; `colors` is null");
    sub.add_option("--max-pixels", o->max_pixels, "Refuse to decode images with more pixels than this")
        ->capture_default_str();
    sub.footer("Output: one JSON object per line with path, format, width, height, file_size, frames, colors, ...\n"
               "and for JPEG jpeg_quality, subsampling, progressive. A failed file gives {path, error, status}.\n"
               "Exit code: 0 all ok, 1 some file failed, 2 usage error.");
    return [o] { return run_info(*o); };
}

}  // namespace pristine::cli
