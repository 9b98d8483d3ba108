// Internal to libpristine_c and its scorer plug-in: the one interface between them.
//
// libpristine_c links only the I/O and hashing library. Its scorer and dedupe functions forward to a
// private plug-in (a module next to libpristine_c, linking the models library and so libtorch) that is
// loaded with dlopen on the first call that needs it: a program that only decodes and hashes never maps
// libtorch. The plug-in exports one symbol, k_scorer_plugin_entry: given the host's table it returns
// its own, both versioned by struct_size and the library version (a plug-in of another build is
// refused). Its functions have exactly the signatures and contracts of the public ones.
#pragma once

#include <cstddef>
#include <cstring>

#include "pristine_dedupe.h"
#include "pristine_embedder.h"
#include "pristine_scorer.h"

extern "C" {

/// What libpristine_c gives the plug-in.
struct pristine_scorer_plugin_host {
    size_t struct_size;
    unsigned version;  ///< PRISTINE_C_VERSION_NUMBER of libpristine_c
    /// Stores the calling thread's last error message (libpristine_c's, read by pristine_last_error).
    void (*set_last_error)(const char* message);
};

/// What the plug-in gives back: the scorer functions of pristine_scorer.h that need the model.
struct pristine_scorer_plugin {
    size_t struct_size;
    unsigned version;  ///< PRISTINE_C_VERSION_NUMBER of the plug-in
    pristine_status (*load)(const char* path, const pristine_scorer_options* options, pristine_scorer** out);
    void (*free)(pristine_scorer* scorer);
    int (*blocks)(const pristine_scorer* scorer);
    pristine_status (*default_model_path)(char* out, size_t out_size, size_t* length);
    pristine_status (*model_info)(const pristine_scorer* scorer, char* out, size_t out_size, size_t* length);
    pristine_status (*score_file)(const pristine_scorer* scorer, const char* path, double* score);
    pristine_status (*score_memory)(const pristine_scorer* scorer, const void* data, size_t size, double* score);
    pristine_status (*score_pixels)(const pristine_scorer* scorer, const uint8_t* pixels, int32_t width,
                                    int32_t height, int32_t channels, size_t stride, double* score);
    pristine_status (*score_files)(const pristine_scorer* scorer, const char* const* paths, size_t count,
                                   int32_t threads, double* scores, int32_t* statuses);
    // Appended in version 2 of the interface.
    pristine_status (*dedupe)(const char* const* paths, size_t count, const pristine_dedupe_options* options,
                              pristine_dedupe_report** out);
    // Appended in version 3.
    pristine_status (*rank_copies)(const char* const* paths, size_t count, const pristine_dedupe_options* options,
                                   pristine_dedupe_report** out);
    // Appended in version 4: the embedder (pristine_embedder.h), same signatures.
    pristine_status (*embedder_load)(const char* path, const pristine_embedder_options* options,
                                     pristine_embedder** out);
    void (*embedder_free)(pristine_embedder* embedder);
    size_t (*embedder_dim)(const pristine_embedder* embedder);
    pristine_status (*embedder_model_info)(const pristine_embedder* embedder, char* out, size_t out_size,
                                           size_t* length);
    pristine_status (*embedder_embed_file)(const pristine_embedder* embedder, const char* path, float* out,
                                           size_t out_count);
    pristine_status (*embedder_embed_memory)(const pristine_embedder* embedder, const void* data, size_t size,
                                             float* out, size_t out_count);
    pristine_status (*embedder_embed_pixels)(const pristine_embedder* embedder, const uint8_t* pixels,
                                             int32_t width, int32_t height, int32_t channels, size_t stride,
                                             float* out, size_t out_count);
    pristine_status (*embedder_embed_files)(const pristine_embedder* embedder, const char* const* paths,
                                            size_t count, int32_t threads, float* out, int32_t* statuses);
};

/// The plug-in's only exported function: NULL when `host` is of another version.
typedef const pristine_scorer_plugin* (*pristine_scorer_plugin_entry)(const pristine_scorer_plugin_host* host);

}  // extern "C"

namespace pristine::capi {

/// The name of the plug-in's entry point (its version is the interface's: bump it with the tables).
constexpr const char k_scorer_plugin_entry[] = "pristine_c_scorer_plugin_v4";

/// libpristine_c's side: the plug-in's table (loaded on the first call, once per process), or NULL with
/// the thread's last error set to why it is unavailable, naming `function`. Never throws.
const pristine_scorer_plugin* plugin(const char* function) noexcept;

/// Defaults of pristine_scorer_options, for libpristine_c (which cannot see the C++ ScorerOptions); the
/// plug-in checks at compile time that they are the C++ defaults.
constexpr int32_t k_scorer_default_threads = 0;
constexpr int32_t k_scorer_default_blocks = 0;

/// Defaults of pristine_embedder_options (the plug-in checks them against EmbedderOptions).
inline void embedder_options_defaults(pristine_embedder_options* options) {
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->threads = 0;
    options->normalize = -1;
    options->input_width = 224;
    options->input_height = 224;
    options->scale = 1.0f / 255.0f;
    for (int c = 0; c < 3; ++c) options->std[c] = 1.0f;
}

inline void scorer_options_defaults(pristine_scorer_options* options) {
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->threads = k_scorer_default_threads;
    options->blocks = k_scorer_default_blocks;
}

}  // namespace pristine::capi
