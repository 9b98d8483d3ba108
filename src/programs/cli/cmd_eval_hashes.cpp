// `pristine eval-hashes DIR...`: the hash-robustness evaluation (docs/hash_eval.md). Prints the
// markdown table; with --out-dir also writes hash_eval.md, hash_eval.svg (all hashes) and one
// hash_eval_NAME.svg per hash. Progress goes to stderr (not with --quiet).
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "pristine/io/collection.hpp"
#include "pristine/lab/eval_hashes.hpp"
#include "pristine/io/image_io.hpp"
#ifdef PRISTINE_LAB_WITH_MODELS
#include "pristine/models/embedder.hpp"
#endif

namespace pristine::cli {

namespace {

namespace fs = std::filesystem;

struct EvalHashesCliOptions {
    std::vector<std::string> inputs;
    std::string out_dir;
    std::uint64_t seed = 1;
    int threads = 0;
    std::size_t max_images = 0;
    std::size_t pairs = 0;
    int max_side = 1024;
    bool all_dihedral = false;
    bool quiet = false;
    std::vector<std::string> embedders;  ///< model files ("default" = the default embedder)
    bool embedder_dihedral = false;
};

// The hashers asked for: the default set, then one column per embedder (and its dihedral matching).
std::vector<std::shared_ptr<const Hasher>> eval_hashers(const EvalHashesCliOptions& o) {
    std::vector<std::shared_ptr<const Hasher>> hashers = default_eval_hashers(o.all_dihedral);
#ifdef PRISTINE_LAB_WITH_MODELS
    for (const std::string& model : o.embedders) {
        auto e = std::make_shared<const Embedder>(model == "default" ? Embedder::load_default() : Embedder::load(model));
        const std::string name = model == "default" ? "cnn" : "cnn-" + fs::path(model).stem().string();
        const auto embed = [e](const ImageView& v) { return e->embed_pixels(v); };
        hashers.push_back(make_vector_hasher(name, embed));
        if (o.embedder_dihedral) hashers.push_back(make_vector_hasher(name + "-dihedral", embed, true));
    }
#else
    if (!o.embedders.empty())
        throw Error(Status::unavailable, "eval-hashes: --embedder needs a build with models (PRISTINE_WITH_MODELS=ON)");
#endif
    return hashers;
}

void write_text(const std::string& path, const std::string& text) {
    write_file(path, std::vector<std::uint8_t>(text.begin(), text.end()));
}

int run_eval_hashes(const EvalHashesCliOptions& o) {
    // Every file of the folders (hidden ones too): files that do not decode are reported by the
    // evaluation as skipped, and the seeded subset of --max-images is drawn from this list.
    CollectOptions c;
    c.include_hidden = true;
    c.images_only = false;
    const std::vector<std::string> files = collect_files(o.inputs, c).files;
    EvalHashesOptions opt;
    opt.seed = o.seed;
    opt.threads = o.threads;
    opt.max_images = o.max_images;
    opt.pairs = o.pairs;
    opt.max_side = o.max_side;
    if (!o.quiet)
        opt.progress = [](std::size_t done, std::size_t total) {
            std::cerr << "\rpristine eval-hashes: " << done << "/" << total << " images" << std::flush;
            if (done == total) std::cerr << '\n';
        };
    const EvalHashesResult r = evaluate_hashes(files, eval_hashers(o), opt);
    if (!o.quiet)
        for (const auto& [path, why] : r.skipped) std::cerr << "pristine eval-hashes: skipped " << path << ": " << why << '\n';

    const std::string md = hash_eval_markdown(r);
    std::cout << md;
    if (!o.out_dir.empty()) {
        fs::create_directories(o.out_dir);
        const fs::path dir(o.out_dir);
        write_text((dir / "hash_eval.md").string(), md);
        write_text((dir / "hash_eval.svg").string(),
                   hash_eval_svg_grid(r, "pristine hashes: similar vs dissimilar distances (" +
                                             std::to_string(r.images.size()) + " images, seed " +
                                             std::to_string(o.seed) + ")"));
        for (const auto& h : r.hashers) write_text((dir / ("hash_eval_" + h.name + ".svg")).string(), hash_eval_svg(h));
    }
    return k_exit_ok;
}

}  // namespace

RunFn register_eval_hashes(CLI::App& sub) {
    auto o = std::make_shared<EvalHashesCliOptions>();
    sub.add_option("inputs", o->inputs, "Directories (read recursively) or image files")->required();
    sub.add_option("--out-dir", o->out_dir, "Write hash_eval.md and the SVG plots here");
    sub.add_option("--seed", o->seed, "Seed of the image subset, distortions and pairs")
        ->capture_default_str()
        ->check(non_negative());
    add_threads_option(sub, o->threads, "--threads");
    sub.add_option("--max-images", o->max_images, "Use at most N images (a seeded random subset; 0 = all)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--pairs", o->pairs, "Dissimilar pairs: 0 = all pairs, else N random pairs")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_option("--max-side", o->max_side, "Shrink images so the long side is at most this (0 = never)")
        ->capture_default_str()
        ->check(non_negative());
    sub.add_flag("--all-dihedral", o->all_dihedral, "Also evaluate the seed hashes with dihedral matching");
    sub.add_option("--embedder", o->embedders,
                   "Also evaluate a CNN embedder (a model file, or 'default'; repeatable): column cnn[-NAME]");
    sub.add_flag("--embedder-dihedral", o->embedder_dihedral,
                 "With --embedder: also match the 8 rotations/flips of each original (column ...-dihedral)");
    sub.add_flag("-q,--quiet", o->quiet, "No progress or skipped-file messages on stderr");
    sub.footer("Prints a markdown table: per distortion class and hash, the percent of copies whose distance to\n"
               "the original is above T1 = mu - 2 sigma / T2 = mu - sigma of the distances between different\n"
               "images (lower is better), and the ROC AUC. Files that do not decode are skipped.");
    return [o] { return run_eval_hashes(*o); };
}

}  // namespace pristine::cli
