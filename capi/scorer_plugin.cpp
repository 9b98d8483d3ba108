// The scorer plug-in of libpristine_c (scorer_plugin.hpp says why it is one): the pristine_scorer handle,
// the generation-loss model through the C ABI (load, score a file / buffer / pixels, batches), and the
// dedupe job (dedupe_plugin.cpp). Every function writes its outputs only after all checks have passed.
// Only the entry point is exported.
#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "dedupe_report.hpp"
#include "guard.hpp"
#include "pristine/models/scorer.hpp"
#include "scorer_plugin.hpp"
#include "struct_out.hpp"
#include "embedder_plugin.hpp"

// The handle is the C++ scorer itself; the C side only ever sees a pointer to it.
struct pristine_scorer {
    pristine::Scorer scorer;
};

using pristine::Error;
using pristine::Status;
using pristine::capi::guarded;
using pristine::capi::copy_text;
using pristine::capi::require;

namespace {

// libpristine_c fills pristine_scorer_options without seeing the C++ struct: its defaults must be these.
constexpr pristine::ScorerOptions k_cpp_defaults{};
static_assert(k_cpp_defaults.threads == pristine::capi::k_scorer_default_threads, "scorer threads default");
static_assert(k_cpp_defaults.blocks == pristine::capi::k_scorer_default_blocks, "scorer blocks default");

// The host's last-error setter (libpristine_c's thread-local message), set by the entry point.
void (*g_host_set_last_error)(const char*) = nullptr;

// Size of the options struct as first published (freeze it when fields are appended).
constexpr std::size_t k_scorer_options_v1_size = sizeof(pristine_scorer_options);

pristine::ScorerOptions read_options(const pristine_scorer_options* in, const char* function) {
    pristine::ScorerOptions o;
    if (in == nullptr) return o;
    pristine_scorer_options defaults;
    pristine::capi::scorer_options_defaults(&defaults);
    const pristine_scorer_options full = pristine::capi::copy_in(in, defaults, k_scorer_options_v1_size, function);
    o.threads = full.threads;
    o.blocks = full.blocks;
    return o;
}

const pristine::Scorer& scorer_of(const pristine_scorer* s, const char* function) {
    require(s, function, "scorer");
    return s->scorer;
}

// The plug-in's side of each pristine_scorer_* function of the same name (same contract).
pristine_status load_(const char* path, const pristine_scorer_options* options, pristine_scorer** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        require(out, "pristine_scorer_load", "out");
        const auto o = read_options(options, "pristine_scorer_load");
        *out = new pristine_scorer{path != nullptr ? pristine::Scorer::load(path, o)
                                                   : pristine::Scorer::load_default(o)};
    });
}

void free_(pristine_scorer* scorer) { delete scorer; }

int blocks_(const pristine_scorer* scorer) {
    return scorer != nullptr ? scorer->scorer.blocks() : 0;
}

pristine_status default_model_path_(char* out, size_t out_size, size_t* length) {
    return guarded([&] {
        const std::string path = pristine::Scorer::default_model_path();
        if (path.empty())
            throw Error(Status::io_error,
                        "pristine_scorer_default_model_path: no default scorer model found; set PRISTINE_MODEL");
        copy_text(path, out, out_size, length, "pristine_scorer_default_model_path");
    });
}

pristine_status model_info_(const pristine_scorer* scorer, char* out, size_t out_size, size_t* length) {
    return guarded([&] {
        const char* f = "pristine_scorer_model_info";
        copy_text(scorer_of(scorer, f).model_info(), out, out_size, length, f);
    });
}

pristine_status score_file_(const pristine_scorer* scorer, const char* path, double* score) {
    return guarded([&] {
        const char* f = "pristine_scorer_score_file";
        const pristine::Scorer& s = scorer_of(scorer, f);
        require(path, f, "path");
        require(score, f, "score");
        *score = s.score_file(path);
    });
}

pristine_status score_memory_(const pristine_scorer* scorer, const void* data, size_t size, double* score) {
    return guarded([&] {
        const char* f = "pristine_scorer_score_memory";
        const pristine::Scorer& s = scorer_of(scorer, f);
        if (size != 0) require(data, f, "data");
        require(score, f, "score");
        *score = s.score_memory(static_cast<const std::uint8_t*>(data), size);
    });
}

pristine_status score_pixels_(const pristine_scorer* scorer, const uint8_t* pixels, int32_t width, int32_t height,
                              int32_t channels, size_t stride, double* score) {
    return guarded([&] {
        const char* f = "pristine_scorer_score_pixels";
        const pristine::Scorer& s = scorer_of(scorer, f);
        const pristine::ImageView v = pristine::capi::pixel_view(pixels, width, height, channels, stride, f);
        require(score, f, "score");
        *score = s.score_pixels(v);
    });
}

pristine_status score_files_(const pristine_scorer* scorer, const char* const* paths, size_t count, int32_t threads,
                             double* scores, int32_t* statuses) {
    return guarded([&] {
        const char* f = "pristine_scorer_score_files";
        const pristine::Scorer& s = scorer_of(scorer, f);
        const std::vector<std::string> list = pristine::capi::batch_paths(paths, count, threads, f);
        if (count != 0) require(scores, f, "scores");
        const std::vector<pristine::ScoreResult> results = s.score_files(list, threads);
        for (size_t i = 0; i < count; ++i) {
            const pristine::ScoreResult& r = results[i];
            scores[i] = r.status == Status::ok ? r.score : std::numeric_limits<double>::quiet_NaN();
            if (statuses != nullptr) statuses[i] = static_cast<int32_t>(r.status);
        }
        pristine::capi::report_batch_failures(list, results, f);
    });
}

}  // namespace

namespace pristine::capi {
void set_last_error(const char* message) noexcept {
    if (g_host_set_last_error != nullptr) g_host_set_last_error(message != nullptr ? message : "");
}

void set_last_error(const char* prefix, const char* message) noexcept {
    try {
        const std::string joined = std::string(prefix != nullptr ? prefix : "") + (message != nullptr ? message : "");
        set_last_error(joined.c_str());
    } catch (...) {
        set_last_error("out of memory (while storing the error message)");
    }
}
}  // namespace pristine::capi

extern "C" __attribute__((visibility("default"))) const pristine_scorer_plugin* pristine_c_scorer_plugin_v4(
    const pristine_scorer_plugin_host* host) {
    static const pristine_scorer_plugin table = {
        sizeof(pristine_scorer_plugin), PRISTINE_C_VERSION_NUMBER, load_, free_, blocks_, default_model_path_,
        model_info_, score_file_, score_memory_, score_pixels_, score_files_, pristine::capi::plugin_dedupe,
        pristine::capi::plugin_rank_copies, pristine::capi::plugin_embedder_load, pristine::capi::plugin_embedder_free,
        pristine::capi::plugin_embedder_dim, pristine::capi::plugin_embedder_model_info,
        pristine::capi::plugin_embedder_embed_file, pristine::capi::plugin_embedder_embed_memory,
        pristine::capi::plugin_embedder_embed_pixels, pristine::capi::plugin_embedder_embed_files};
    if (host == nullptr || host->struct_size < sizeof *host || host->version != PRISTINE_C_VERSION_NUMBER ||
        host->set_last_error == nullptr)
        return nullptr;
    g_host_set_last_error = host->set_last_error;
    return &table;
}
