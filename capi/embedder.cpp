// The embedder functions of libpristine_c: the options' defaults are filled here; everything that needs
// the network forwards to the scorer plug-in, loaded on first use (scorer_plugin.hpp says why).
#include "guard.hpp"
#include "pristine_embedder.h"
#include "scorer_plugin.hpp"

using pristine::capi::plugin;

extern "C" {

PRISTINE_C_API void pristine_embedder_options_init(pristine_embedder_options* options) {
    if (options != nullptr) pristine::capi::embedder_options_defaults(options);
}

PRISTINE_C_API pristine_status pristine_embedder_load(const char* path, const pristine_embedder_options* options,
                                                      pristine_embedder** out) {
    if (out != nullptr) *out = nullptr;
    const pristine_scorer_plugin* p = plugin("pristine_embedder_load");
    return p != nullptr ? p->embedder_load(path, options, out) : PRISTINE_UNAVAILABLE;
}

// A non-NULL embedder was made by the plug-in, which is therefore loaded.
PRISTINE_C_API void pristine_embedder_free(pristine_embedder* embedder) {
    if (embedder != nullptr) plugin("pristine_embedder_free")->embedder_free(embedder);
}

PRISTINE_C_API size_t pristine_embedder_dim(const pristine_embedder* embedder) {
    return embedder != nullptr ? plugin("pristine_embedder_dim")->embedder_dim(embedder) : 0;
}

PRISTINE_C_API pristine_status pristine_embedder_model_info(const pristine_embedder* embedder, char* out,
                                                            size_t out_size, size_t* length) {
    const pristine_scorer_plugin* p = plugin("pristine_embedder_model_info");
    return p != nullptr ? p->embedder_model_info(embedder, out, out_size, length) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_embedder_embed_file(const pristine_embedder* embedder, const char* path,
                                                            float* out, size_t out_count) {
    const pristine_scorer_plugin* p = plugin("pristine_embedder_embed_file");
    return p != nullptr ? p->embedder_embed_file(embedder, path, out, out_count) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_embedder_embed_memory(const pristine_embedder* embedder, const void* data,
                                                              size_t size, float* out, size_t out_count) {
    const pristine_scorer_plugin* p = plugin("pristine_embedder_embed_memory");
    return p != nullptr ? p->embedder_embed_memory(embedder, data, size, out, out_count) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_embedder_embed_pixels(const pristine_embedder* embedder,
                                                              const uint8_t* pixels, int32_t width, int32_t height,
                                                              int32_t channels, size_t stride, float* out,
                                                              size_t out_count) {
    const pristine_scorer_plugin* p = plugin("pristine_embedder_embed_pixels");
    return p != nullptr ? p->embedder_embed_pixels(embedder, pixels, width, height, channels, stride, out, out_count)
                        : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_embedder_embed_files(const pristine_embedder* embedder,
                                                             const char* const* paths, size_t count, int32_t threads,
                                                             float* out, int32_t* statuses) {
    const pristine_scorer_plugin* p = plugin("pristine_embedder_embed_files");
    return p != nullptr ? p->embedder_embed_files(embedder, paths, count, threads, out, statuses) : PRISTINE_UNAVAILABLE;
}

}  // extern "C"
