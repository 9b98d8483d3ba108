// The scorer functions of libpristine_c: ranking and the options' defaults are computed here; everything
// that needs the model forwards to the scorer plug-in, loaded on first use (scorer_plugin.hpp says why),
// which is found and loaded here for the dedupe functions too.
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "guard.hpp"
#include "pristine_scorer.h"
#include "scorer_plugin.hpp"

using pristine::capi::guarded;
using pristine::capi::require;

namespace {

void host_set_last_error(const char* message) { pristine::capi::set_last_error(message); }

// Directory of the loaded libpristine_c (dladdr of one of its own functions): the plug-in is installed,
// and built, next to it.
std::string library_dir() {
    Dl_info dl{};
    if (dladdr(reinterpret_cast<void*>(&host_set_last_error), &dl) == 0 || dl.dli_fname == nullptr) return {};
    const std::string file = dl.dli_fname;
    const std::size_t slash = file.find_last_of('/');
    return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
}

// The plug-in's table, or why there is none. Loaded once per process and never unloaded (libtorch
// does not support being unloaded).
struct Plugin {
    const pristine_scorer_plugin* table = nullptr;
    std::string error;  // ": why", when there is no table
    const char* fallback = ": the scorer is unavailable: out of memory while loading its plug-in";
};

Plugin load_plugin() {
    Plugin p;
    try {
        const std::string path = library_dir() + "/" + PRISTINE_C_SCORER_PLUGIN_FILE;
        const std::string why = ": the scorer is unavailable: its plug-in " + path + " ";
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* e = dlerror();
            p.error = why + "could not be loaded (" + (e != nullptr ? e : "unknown error") +
                      "): this pristine was built without models (PRISTINE_WITH_MODELS=OFF) or the plug-in "
                      "is not installed";
            return p;
        }
        const auto entry = reinterpret_cast<pristine_scorer_plugin_entry>(
            dlsym(handle, pristine::capi::k_scorer_plugin_entry));
        if (entry == nullptr) {
            const char* e = dlerror();
            p.error = why + "has no entry point " + pristine::capi::k_scorer_plugin_entry + " (" +
                      (e != nullptr ? e : "unknown error") + "); reinstall pristine";
            return p;
        }
        const pristine_scorer_plugin_host host{sizeof(pristine_scorer_plugin_host), PRISTINE_C_VERSION_NUMBER,
                                               host_set_last_error};
        const pristine_scorer_plugin* table = entry(&host);
        if (table == nullptr || table->struct_size < sizeof(pristine_scorer_plugin) ||
            table->version != PRISTINE_C_VERSION_NUMBER) {
            p.error = why + "belongs to another version of pristine (expected " +
                      pristine_version_string() + "); reinstall pristine";
            return p;
        }
        p.table = table;
    } catch (...) {
        p.table = nullptr;  // the message is then `fallback` (building one could fail again)
    }
    return p;
}

}  // namespace

namespace pristine::capi {
const pristine_scorer_plugin* plugin(const char* function) noexcept {
    static const Plugin loaded = load_plugin();  // thread-safe, once; load_plugin catches everything
    if (loaded.table == nullptr)  // no allocation here
        set_last_error(function, loaded.error.empty() ? loaded.fallback : loaded.error.c_str());
    return loaded.table;
}
}  // namespace pristine::capi

using pristine::capi::plugin;

extern "C" {

PRISTINE_C_API void pristine_scorer_options_init(pristine_scorer_options* options) {
    if (options != nullptr) pristine::capi::scorer_options_defaults(options);
}

PRISTINE_C_API pristine_status pristine_scorer_load(const char* path, const pristine_scorer_options* options,
                                                    pristine_scorer** out) {
    if (out != nullptr) *out = nullptr;
    const pristine_scorer_plugin* p = plugin("pristine_scorer_load");
    return p != nullptr ? p->load(path, options, out) : PRISTINE_UNAVAILABLE;
}

// A non-NULL scorer was made by the plug-in, which is therefore loaded.
PRISTINE_C_API void pristine_scorer_free(pristine_scorer* scorer) {
    if (scorer != nullptr) plugin("pristine_scorer_free")->free(scorer);
}

PRISTINE_C_API int pristine_scorer_blocks(const pristine_scorer* scorer) {
    return scorer != nullptr ? plugin("pristine_scorer_blocks")->blocks(scorer) : 0;
}

PRISTINE_C_API pristine_status pristine_scorer_default_model_path(char* out, size_t out_size, size_t* length) {
    const pristine_scorer_plugin* p = plugin("pristine_scorer_default_model_path");
    return p != nullptr ? p->default_model_path(out, out_size, length) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_scorer_model_info(const pristine_scorer* scorer, char* out,
                                                          size_t out_size, size_t* length) {
    const pristine_scorer_plugin* p = plugin("pristine_scorer_model_info");
    return p != nullptr ? p->model_info(scorer, out, out_size, length) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_scorer_score_file(const pristine_scorer* scorer, const char* path,
                                                          double* score) {
    const pristine_scorer_plugin* p = plugin("pristine_scorer_score_file");
    return p != nullptr ? p->score_file(scorer, path, score) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_scorer_score_memory(const pristine_scorer* scorer, const void* data,
                                                            size_t size, double* score) {
    const pristine_scorer_plugin* p = plugin("pristine_scorer_score_memory");
    return p != nullptr ? p->score_memory(scorer, data, size, score) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_scorer_score_pixels(const pristine_scorer* scorer, const uint8_t* pixels,
                                                            int32_t width, int32_t height, int32_t channels,
                                                            size_t stride, double* score) {
    const pristine_scorer_plugin* p = plugin("pristine_scorer_score_pixels");
    return p != nullptr ? p->score_pixels(scorer, pixels, width, height, channels, stride, score)
                        : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_scorer_score_files(const pristine_scorer* scorer, const char* const* paths,
                                                           size_t count, int32_t threads, double* scores,
                                                           int32_t* statuses) {
    const pristine_scorer_plugin* p = plugin("pristine_scorer_score_files");
    return p != nullptr ? p->score_files(scorer, paths, count, threads, scores, statuses) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_scorer_rank(const double* scores, size_t count, size_t* order) {
    return guarded([&] {
        if (count == 0) return;
        require(scores, "pristine_scorer_rank", "scores");
        require(order, "pristine_scorer_rank", "order");
        std::vector<size_t> idx(count);
        std::iota(idx.begin(), idx.end(), size_t{0});
        std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
            const bool na = std::isnan(scores[a]), nb = std::isnan(scores[b]);
            if (na != nb) return nb;  // numbers before NaNs
            return !na && scores[a] < scores[b];
        });
        std::copy(idx.begin(), idx.end(), order);
    });
}

}  // extern "C"
