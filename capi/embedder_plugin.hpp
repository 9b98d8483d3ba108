// The plug-in's side of the pristine_embedder_* functions (embedder_plugin.cpp): same signatures and
// contracts as pristine_embedder.h. Internal to libpristine_c's scorer plug-in.
#pragma once

#include "pristine_embedder.h"

namespace pristine::capi {

pristine_status plugin_embedder_load(const char* path, const pristine_embedder_options* options, pristine_embedder** out);
void plugin_embedder_free(pristine_embedder* embedder);
size_t plugin_embedder_dim(const pristine_embedder* embedder);
pristine_status plugin_embedder_model_info(const pristine_embedder* embedder, char* out, size_t out_size, size_t* length);
pristine_status plugin_embedder_embed_file(const pristine_embedder* embedder, const char* path, float* out,
                                           size_t out_count);
pristine_status plugin_embedder_embed_memory(const pristine_embedder* embedder, const void* data, size_t size,
                                             float* out, size_t out_count);
pristine_status plugin_embedder_embed_pixels(const pristine_embedder* embedder, const uint8_t* pixels, int32_t width,
                                             int32_t height, int32_t channels, size_t stride, float* out,
                                             size_t out_count);
pristine_status plugin_embedder_embed_files(const pristine_embedder* embedder, const char* const* paths, size_t count,
                                            int32_t threads, float* out, int32_t* statuses);

}  // namespace pristine::capi
