// `pristine embed FILE...`: one JSON line per file, {path, vector} (a CNN embedding; compare by cosine
// distance), {path, row} with --npy, {path, vectors} with --dihedral, or {path, error, status}; exit 1
// if any failed.
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "npy.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/models/embedder.hpp"

namespace pristine::cli {

namespace {

struct EmbedCliOptions {
    Inputs inputs;
    std::string model;
    int threads = 0;
    std::string method;
    bool normalize = false, no_normalize = false;
    std::string npy;
    bool dihedral = false;
    // Preprocessing of a bare TorchScript file (or overriding a model file's).
    std::vector<int> size;
    std::string fit, filter;
    bool align_corners = false;
    float scale = 1.0f / 255.0f;
    std::vector<float> mean, std;
};

bool input_given(const CLI::App& sub) {
    for (const char* name : {"--input-size", "--fit", "--filter", "--align-corners", "--scale", "--mean", "--std"})
        if (sub.count(name) > 0) return true;
    return false;
}

EmbedderOptions embedder_options(const EmbedCliOptions& o, bool override_input) {
    EmbedderOptions e;
    e.threads = o.threads;
    e.method = o.method;
    e.normalize = o.normalize ? 1 : o.no_normalize ? 0 : -1;
    e.override_input = override_input;
    EmbedderInput& in = e.input;
    if (o.size.size() == 2) {
        in.width = o.size[0];
        in.height = o.size[1];
    }
    if (o.fit == "center_crop") in.fit = EmbedderInput::Fit::center_crop;
    if (o.filter == "bilinear") in.filter = EmbedderInput::Filter::bilinear;
    in.align_corners = o.align_corners;
    in.scale = o.scale;
    for (int c = 0; c < 3 && o.mean.size() == 3; ++c) in.mean[c] = o.mean[c];
    for (int c = 0; c < 3 && o.std.size() == 3; ++c) in.std[c] = o.std[c];
    return e;
}

int run_embed(const EmbedCliOptions& o, bool override_input) {
    const EmbedderOptions eo = embedder_options(o, override_input);
    const Embedder embedder = o.model.empty() ? Embedder::load_default(eo) : Embedder::load(o.model, eo);
    bool failed = false;
    const std::vector<std::string> files = input_files(o.inputs, "embed", failed);
    std::unique_ptr<NpyWriter> npy;
    if (!o.npy.empty()) npy = std::make_unique<NpyWriter>(o.npy, embedder.dim());
    for_each_part(files, 64, [&](const std::vector<std::string>& part) {
        if (o.dihedral) {
            for (const std::string& path : part) {
                try {
                    const Decoded d = decode_file(path);
                    write_json_line(json::embedding_dihedral(path, embedder.embed_dihedral(d.image.view())));
                } catch (const Error& e) {
                    report_failure("embed", path, e.what(), e.status());
                    failed = true;
                }
            }
            return;
        }
        BatchOptions batch;
        batch.threads = o.threads;
        const std::vector<EmbedResult> results = embedder.embed_files(part, batch);
        for (std::size_t i = 0; i < part.size(); ++i) {
            if (!results[i].ok()) {
                report_failure("embed", part[i], results[i].error, results[i].status);
                failed = true;
            } else if (npy) {
                write_json_line(json::embedding_row(part[i], npy->add(results[i].vector)));
            } else {
                write_json_line(json::embedding(part[i], results[i].vector));
            }
        }
    });
    if (npy) npy->close();
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_embed(CLI::App& sub) {
    auto o = std::make_shared<EmbedCliOptions>();
    add_inputs(sub, o->inputs, "Image files");
    sub.add_option("--model", o->model,
                   "Embedder: a pristine embedder file (*.pemb) or a bare TorchScript file (default: the "
                   "installed one; env PRISTINE_EMBEDDER overrides)");
    add_threads_option(sub, o->threads, "-j,--threads");
    sub.add_option("--method", o->method,
                   "Method of the module that gives the vector, or the child of a sequential module to stop "
                   "after (default: the model file's, else forward)");
    auto* norm = sub.add_flag("--normalize", o->normalize, "L2-normalise the vectors");
    sub.add_flag("--no-normalize", o->no_normalize, "Do not L2-normalise the vectors")->excludes(norm);
    auto* npy = sub.add_option("--npy", o->npy, "Write the vectors as a float32 N x D .npy file (lines then give the row)");
    sub.add_flag("--dihedral", o->dihedral, "Embed the 8 rotations/flips of each picture (identity first)")->excludes(npy);
    sub.add_option("--input-size", o->size, "Network input WIDTH HEIGHT (bare TorchScript; default 224 224)")
        ->expected(2)
        ->check(CLI::Range(1, 4096));
    sub.add_option("--fit", o->fit, "stretch or center_crop (default stretch)")
        ->check(CLI::IsMember({"stretch", "center_crop"}));
    sub.add_option("--filter", o->filter, "area or bilinear (default area)")->check(CLI::IsMember({"area", "bilinear"}));
    sub.add_flag("--align-corners", o->align_corners, "Bilinear with corner pixels aligned (TensorFlow's alignCorners)");
    sub.add_option("--scale", o->scale, "Pixel value multiplier (default 1/255)");
    sub.add_option("--mean", o->mean, "Per-channel mean R G B, subtracted after scaling (default 0 0 0)")->expected(3);
    sub.add_option("--std", o->std, "Per-channel std R G B, divided by (default 1 1 1)")->expected(3);
    sub.footer("Output: one JSON line per file: {path, vector}; with --npy {path, row}; with --dihedral\n"
               "{path, vectors} (8 vectors); or {path, error, status}. Compare vectors by cosine distance.\n"
               "The preprocessing options set the input of a bare TorchScript file, or replace a model file's.\n"
               "Exit code: 0 ok, 1 some file failed (the others are still embedded), 2 usage error.");
    CLI::App* app = &sub;
    return [o, app] { return run_embed(*o, input_given(*app)); };
}

}  // namespace pristine::cli
