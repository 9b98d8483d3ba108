// The embedder through the C ABI, in the scorer plug-in (it needs libtorch): the pristine_embedder handle,
// loading, and vectors of a file / buffer / pixels / batch. Every function writes its outputs only after
// all checks have passed.
#include "embedder_plugin.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "guard.hpp"
#include "pristine/models/embedder.hpp"
#include "scorer_plugin.hpp"
#include "struct_out.hpp"

// The handle is the C++ embedder itself.
struct pristine_embedder {
    pristine::Embedder embedder;
};

using pristine::Error;
using pristine::Status;
using pristine::capi::guarded;
using pristine::capi::require;

namespace {

// Size of the options struct as first published (freeze it when fields are appended).
constexpr std::size_t k_embedder_options_v1_size = sizeof(pristine_embedder_options);

pristine::EmbedderOptions read_options(const pristine_embedder_options* in, const char* function) {
    pristine_embedder_options defaults;
    pristine::capi::embedder_options_defaults(&defaults);
    const pristine_embedder_options full = pristine::capi::copy_in(in, defaults, k_embedder_options_v1_size, function);
    if (full.fit < 0 || full.fit > 1 || full.filter < 0 || full.filter > 1)
        throw Error(Status::invalid_argument, std::string(function) + ": fit and filter must be 0 or 1");
    pristine::EmbedderOptions o;
    o.threads = full.threads;
    o.normalize = full.normalize;
    if (full.method != nullptr) o.method = full.method;
    o.override_input = full.override_input != 0;
    o.input.width = full.input_width;
    o.input.height = full.input_height;
    o.input.fit = full.fit == 0 ? pristine::EmbedderInput::Fit::stretch : pristine::EmbedderInput::Fit::center_crop;
    o.input.filter = full.filter == 0 ? pristine::EmbedderInput::Filter::area : pristine::EmbedderInput::Filter::bilinear;
    o.input.align_corners = full.align_corners != 0;
    o.input.scale = full.scale;
    for (int c = 0; c < 3; ++c) {
        o.input.mean[c] = full.mean[c];
        o.input.std[c] = full.std[c];
    }
    return o;
}

const pristine::Embedder& embedder_of(const pristine_embedder* e, const char* function) {
    require(e, function, "embedder");
    return e->embedder;
}

// Checked before the work, so a short buffer costs nothing.
void check_out(const pristine::Embedder& e, const float* out, std::size_t out_count, const char* function) {
    require(out, function, "out");
    if (out_count < e.dim())
        throw Error(Status::invalid_argument, std::string(function) + ": out_count is " + std::to_string(out_count) +
                                                  ", the vector has " + std::to_string(e.dim()) + " values");
}

}  // namespace

namespace pristine::capi {

pristine_status plugin_embedder_load(const char* path, const pristine_embedder_options* options, pristine_embedder** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        require(out, "pristine_embedder_load", "out");
        const EmbedderOptions o = read_options(options, "pristine_embedder_load");
        *out = new pristine_embedder{path != nullptr ? Embedder::load(path, o) : Embedder::load_default(o)};
    });
}

void plugin_embedder_free(pristine_embedder* embedder) { delete embedder; }

size_t plugin_embedder_dim(const pristine_embedder* embedder) {
    return embedder != nullptr ? embedder->embedder.dim() : 0;
}

pristine_status plugin_embedder_model_info(const pristine_embedder* embedder, char* out, size_t out_size, size_t* length) {
    return guarded([&] {
        const char* f = "pristine_embedder_model_info";
        copy_text(embedder_of(embedder, f).model_info(), out, out_size, length, f);
    });
}

pristine_status plugin_embedder_embed_file(const pristine_embedder* embedder, const char* path, float* out,
                                           size_t out_count) {
    return guarded([&] {
        const char* f = "pristine_embedder_embed_file";
        const Embedder& e = embedder_of(embedder, f);
        require(path, f, "path");
        check_out(e, out, out_count, f);
        const std::vector<float> v = e.embed_file(path);
        std::copy(v.begin(), v.end(), out);
    });
}

pristine_status plugin_embedder_embed_memory(const pristine_embedder* embedder, const void* data, size_t size,
                                             float* out, size_t out_count) {
    return guarded([&] {
        const char* f = "pristine_embedder_embed_memory";
        const Embedder& e = embedder_of(embedder, f);
        if (size != 0) require(data, f, "data");
        check_out(e, out, out_count, f);
        const std::vector<float> v = e.embed_memory(static_cast<const std::uint8_t*>(data), size);
        std::copy(v.begin(), v.end(), out);
    });
}

pristine_status plugin_embedder_embed_pixels(const pristine_embedder* embedder, const uint8_t* pixels, int32_t width,
                                             int32_t height, int32_t channels, size_t stride, float* out,
                                             size_t out_count) {
    return guarded([&] {
        const char* f = "pristine_embedder_embed_pixels";
        const Embedder& e = embedder_of(embedder, f);
        const ImageView v = pixel_view(pixels, width, height, channels, stride, f);
        check_out(e, out, out_count, f);
        const std::vector<float> vec = e.embed_pixels(v);
        std::copy(vec.begin(), vec.end(), out);
    });
}

pristine_status plugin_embedder_embed_files(const pristine_embedder* embedder, const char* const* paths, size_t count,
                                            int32_t threads, float* out, int32_t* statuses) {
    return guarded([&] {
        const char* f = "pristine_embedder_embed_files";
        const Embedder& e = embedder_of(embedder, f);
        const std::vector<std::string> list = batch_paths(paths, count, threads, f);
        if (count != 0) require(out, f, "out");
        BatchOptions batch;
        batch.threads = threads;
        const std::vector<EmbedResult> results = e.embed_files(list, batch);
        const std::size_t d = e.dim();
        for (size_t i = 0; i < count; ++i) {
            const EmbedResult& r = results[i];
            if (r.ok()) std::copy(r.vector.begin(), r.vector.end(), out + i * d);
            else std::fill(out + i * d, out + (i + 1) * d, std::numeric_limits<float>::quiet_NaN());
            if (statuses != nullptr) statuses[i] = static_cast<int32_t>(r.status);
        }
        report_batch_failures(list, results, f);
    });
}

}  // namespace pristine::capi
