// `pristine info FILE...`: one JSON line of metadata per file. A file that fails gives a line with its
// path and the error (and a message on stderr); the others are still processed.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::cli {

namespace {

struct InfoOptions {
    Inputs inputs;
    bool no_colors = false;
    std::uint64_t max_pixels = DecodeOptions{}.max_pixels;
};

Json describe(const std::string& path, const InfoOptions& o) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(Status::io_error, "'" + path + "' is a directory (use -r to read the files in it)");
    const std::vector<std::uint8_t> bytes = read_file(path);
    const ImageInfo info = probe_memory(bytes.data(), bytes.size());
    std::optional<std::uint64_t> colors;
    if (!o.no_colors) {
        // As stored and unrotated: compositing alpha would invent colours, rotating changes nothing.
        DecodeOptions d;
        d.channels = 0;
        d.apply_orientation = false;
        d.max_pixels = o.max_pixels;
        colors = count_colors(decode_memory(bytes.data(), bytes.size(), d).image.view());
    }
    return json::image_info(path, info, colors);
}

int run_info(const InfoOptions& o) {
    bool failed = false;
    for (const std::string& path : input_files(o.inputs, "info", failed)) {
        try {
            write_json_line(describe(path, o));
        } catch (...) {
            const Failure f = current_failure();
            report_failure("info", path, f.message, f.status);
            failed = true;
        }
    }
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_info(CLI::App& sub) {
    auto o = std::make_shared<InfoOptions>();
    add_inputs(sub, o->inputs, "Image files");
    sub.add_flag("--no-colors", o->no_colors, "Skip decoding the pixels; `colors` is null");
    sub.add_option("--max-pixels", o->max_pixels, "Refuse to decode images with more pixels than this")
        ->capture_default_str()
        ->check(non_negative());
    sub.footer("Output: one JSON object per line with path, format, width, height, file_size, frames, colors, ...\n"
               "and for JPEG jpeg_quality, subsampling, progressive. A failed file gives {path, error, status}.\n"
               "Exit code: 0 all ok, 1 some file failed, 2 usage error.");
    return [o] { return run_info(*o); };
}

}  // namespace pristine::cli
