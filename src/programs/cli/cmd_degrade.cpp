// `pristine degrade IN OUTDIR`: writes degraded copies of one image — a given chain (--steps), random
// real-world chains (--count, --seed, --pipeline), or the hash-robustness distortion set
// (--distortions) — and prints one JSON line per file written.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/lab/degrade.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::cli {

namespace {

namespace fs = std::filesystem;
using json = Json;

struct DegradeOptions {
    std::string input;
    std::string out_dir;
    std::string steps;
    std::string pipeline;
    std::uint64_t seed = 1;
    int count = 8;
    int min_steps = 1;
    int max_steps = 4;
    bool distortions = false;
};

std::string extension(Format f) { return f == Format::jpeg ? "jpg" : format_name(f); }

json copy_line(const std::string& path, const degrade::DegradedCopy& c, const std::string& steps) {
    json j;
    j["path"] = path;
    j["recipe"] = c.recipe;
    j["steps"] = steps;
    j["format"] = format_name(c.format);
    j["width"] = c.pixels.width();
    j["height"] = c.pixels.height();
    j["file_size"] = c.bytes.size();
    return j;
}

int run_degrade(const DegradeOptions& o) {
    // Bad --steps / --pipeline are usage errors: report them before decoding anything.
    std::vector<degrade::DegradeStep> given;
    try {
        given = degrade::parse_steps(o.steps);
        if (!o.pipeline.empty()) degrade::parse_pipeline(o.pipeline);
        if (o.min_steps > o.max_steps) throw Error(Status::invalid_argument, "--min-steps is larger than --max-steps");
    } catch (const Error& e) {
        std::cerr << "pristine degrade: " << e.what() << '\n';
        return k_exit_usage;
    }
    DecodeOptions d;
    d.channels = 0;  // keep grey as grey and alpha where present: the chain decides what survives
    const Decoded original = decode_file(o.input, d);
    std::error_code ec;
    fs::create_directories(o.out_dir, ec);
    if (ec) throw Error(Status::io_error, "cannot create '" + o.out_dir + "': " + ec.message());
    const std::string stem = (fs::path(o.out_dir) / fs::path(o.input).stem()).string();

    if (o.distortions) {
        for (const auto& dc : degrade::hash_distortion_set(original.image.view(), o.seed)) {
            const std::string path = stem + "_" + dc.name + ".png";
            write_file(path, encode_png(dc.pixels.view()));
            write_json_line(json{{"path", path}, {"class", dc.name}, {"params", dc.params},
                                 {"width", dc.pixels.width()}, {"height", dc.pixels.height()}});
        }
        return k_exit_ok;
    }

    std::vector<std::vector<degrade::DegradeStep>> chains;
    if (!o.steps.empty()) {
        chains.push_back(given);
    } else {
        degrade::Rng rng(o.seed);
        for (int i = 0; i < o.count; ++i)
            chains.push_back(o.pipeline.empty()
                                 ? degrade::random_chain(rng, o.min_steps, o.max_steps)
                                 : degrade::random_pipeline(rng, degrade::parse_pipeline(o.pipeline)));
    }
    for (std::size_t i = 0; i < chains.size(); ++i) {
        const degrade::DegradedCopy c = degrade::apply_chain(original.image.view(), chains[i]);
        const std::string path = stem + "_" + std::to_string(i + 1) + "." + extension(c.format);
        write_file(path, c.bytes);
        write_json_line(copy_line(path, c, degrade::format_steps(chains[i])));
    }
    return k_exit_ok;
}

}  // namespace

RunFn register_degrade(CLI::App& sub) {
    auto o = std::make_shared<DegradeOptions>();
    sub.add_option("input", o->input, "Original image file")->required();
    sub.add_option("outdir", o->out_dir, "Directory for the copies (created if missing)")->required();
    sub.add_option("--steps", o->steps,
                   "One chain in the step syntax, e.g. resize:0.5:lanczos,jpeg:80:420,gif:64:fs (docs/degrade.md)");
    sub.add_option("--seed", o->seed, "Seed of the random chains and of the distortion set")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--count", o->count, "Number of random copies")->capture_default_str()->check(CLI::Range(1, 100000));
    sub.add_option("--pipeline", o->pipeline,
                   "Only this pipeline: social, messenger, screenshot, meme_gif, webp_roundtrip, resave_higher");
    sub.add_option("--min-steps", o->min_steps, "Shortest random chain")->capture_default_str()->check(CLI::Range(1, 16));
    sub.add_option("--max-steps", o->max_steps, "Longest random chain")->capture_default_str()->check(CLI::Range(1, 16));
    sub.add_flag("--distortions", o->distortions, "Write the hash-robustness distortion set (PNG) instead");
    sub.footer("Files: OUTDIR/STEM_N.EXT (or STEM_CLASS.png with --distortions). Output: one JSON line per file\n"
               "with path, recipe, steps (re-usable with --steps), format, width, height, file_size.\n"
               "Exit code: 0 ok, 1 failed, 2 usage error.");
    return [o] { return run_degrade(*o); };
}

}  // namespace pristine::cli
