// `pristine synth OUTDIR --count N`: writes synthetic originals (drawings, clip art, comics,
// gradients, text pages, UI screenshots, and memes from given photos) as PNG, for training and
// evaluating the scorer on more than photos. One JSON line per file.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
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

struct SynthOptions {
    std::string out_dir;
    int count = 16;
    std::uint64_t seed = 1;
    std::string kinds;
    std::vector<std::string> fonts;
    std::vector<std::string> photos;
    int min_side = 320;
    int max_side = 1280;
};

std::uint64_t mix(std::uint64_t seed, std::uint64_t i) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + (i + 1) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int run_synth(const SynthOptions& o) {
    std::vector<std::string> kinds;
    try {
        std::stringstream ss(o.kinds);
        for (std::string k; std::getline(ss, k, ',');)
            if (!k.empty()) {
                if (k != "meme") degrade::parse_synth_kind(k);
                kinds.push_back(k);
            }
        if (kinds.empty()) {
            for (auto k : degrade::all_synth_kinds()) kinds.push_back(degrade::synth_kind_name(k));
            if (!o.photos.empty()) kinds.push_back("meme");
        }
        if (std::count(kinds.begin(), kinds.end(), "meme") && o.photos.empty())
            throw Error(Status::invalid_argument, "kind 'meme' needs --photos");
        if (o.min_side < 16 || o.max_side < o.min_side || o.max_side > 8192)
            throw Error(Status::invalid_argument, "need 16 <= --min-side <= --max-side <= 8192");
    } catch (const Error& e) {
        std::cerr << "pristine synth: " << e.what() << '\n';
        return k_exit_usage;
    }
    std::vector<degrade::SynthFont> fonts;
    for (const auto& f : o.fonts) fonts.push_back({read_file(f)});
    const std::vector<std::string> photos = image_files(o.photos);
    if (std::count(kinds.begin(), kinds.end(), "meme") && photos.empty())
        throw Error(Status::invalid_argument, "no images found under --photos");
    std::error_code ec;
    fs::create_directories(o.out_dir, ec);
    if (ec) throw Error(Status::io_error, "cannot create '" + o.out_dir + "': " + ec.message());

    static const double aspects[] = {1.0, 4.0 / 3, 3.0 / 4, 16.0 / 9, 9.0 / 16, 3.0 / 2, 2.0 / 3};
    for (int i = 0; i < o.count; ++i) {
        degrade::Rng rng(mix(o.seed, static_cast<std::uint64_t>(i)));
        const std::string& kind = kinds[static_cast<std::size_t>(i) % kinds.size()];
        const degrade::SynthFont no_font;
        const degrade::SynthFont& font =
            fonts.empty() || rng.chance(0.25) ? no_font : fonts[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(fonts.size()) - 1))];
        Image img;
        std::string from;
        if (kind == "meme") {
            from = photos[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(photos.size()) - 1))];
            img = degrade::synth_meme(decode_file(from).image.view(), rng, font);
        } else {
            const int long_side = rng.uniform_int(o.min_side, o.max_side);
            const double a = aspects[rng.uniform_int(0, static_cast<int>(std::size(aspects)) - 1)];
            const int w = std::max(16, static_cast<int>(a >= 1 ? long_side : long_side * a));
            const int h = std::max(16, static_cast<int>(a >= 1 ? long_side / a : long_side));
            img = degrade::synth_image(degrade::parse_synth_kind(kind), w, h, rng, font);
        }
        char name[64];
        std::snprintf(name, sizeof name, "synth_%s_%05d.png", kind.c_str(), i);
        const std::string path = (fs::path(o.out_dir) / name).string();
        write_file(path, encode_png(img.view()));
        Json j{{"path", path}, {"kind", kind}, {"width", img.width()}, {"height", img.height()},
               {"truetype", !font.ttf.empty()}};
        if (!from.empty()) j["photo"] = from;
        write_json_line(j);
    }
    return k_exit_ok;
}

}  // namespace

RunFn register_synth(CLI::App& sub) {
    auto o = std::make_shared<SynthOptions>();
    sub.add_option("outdir", o->out_dir, "Directory for the PNG files (created if missing)")->required();
    sub.add_option("--count", o->count, "Number of images")->capture_default_str()->check(CLI::Range(1, 1000000));
    sub.add_option("--seed", o->seed, "Seed (image i depends only on the seed and i)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--kinds", o->kinds,
                   "Comma-separated kinds: shapes, clipart, comic, gradient, text, screenshot, meme "
                   "(default: all; meme only with --photos)");
    sub.add_option("--font", o->fonts,
                   "TrueType font file for the text (repeatable; 1 in 4 images still uses the built-in block font), "
                   "e.g. /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    sub.add_option("--photos", o->photos, "Images or folders of photos to crop for memes")->expected(0, -1);
    sub.add_option("--min-side", o->min_side, "Shortest long side")->capture_default_str();
    sub.add_option("--max-side", o->max_side, "Longest long side")->capture_default_str();
    sub.footer("Files: OUTDIR/synth_KIND_NNNNN.png, kinds in turn. Output: one JSON line per file with path, kind,\n"
               "width, height, truetype (and photo for memes). Exit code: 0 ok, 1 failed, 2 usage error.");
    return [o] { return run_synth(*o); };
}

}  // namespace pristine::cli
