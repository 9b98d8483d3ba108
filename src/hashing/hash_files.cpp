// hash_files / hash_sources: hash_file (or hash_memory, hash_pixels) of every input on the batch
// executor, each failure kept in its own result. No static state.
#include <utility>

#include "hashing/hash_options.hpp"
#include "pristine/io/hash_file.hpp"

namespace pristine {

namespace {

// One input, never throwing: a failure is kept in the result, with the path and kinds it was for.
HashFileResult hash_one(const ImageSource& s, const std::vector<HashKind>& kinds, const HashFileOptions& o) {
    try {
        switch (s.kind) {
            case ImageSource::Kind::path: return hash_file(s.path, kinds, o);
            case ImageSource::Kind::bytes: return hash_memory(s.data, s.size, kinds, o);
            case ImageSource::Kind::pixels: {
                HashFileResult r = detail::empty_hash_file_result(kinds, o);
                HashPixelsOptions p;
                p.dihedral = o.dihedral;
                p.pdq_reference_tool = o.pdq_reference_tool;
                static_cast<PictureHashes&>(r) = hash_pixels(s.pixels, kinds, p);
                return r;
            }
        }
        throw Error(Status::invalid_argument, "hash_sources: unknown source kind");
    } catch (...) {
        HashFileResult r = detail::empty_hash_file_result(kinds, o);
        r.fail_with_current_exception();
        r.path = s.path;
        return r;
    }
}

}  // namespace

std::vector<HashFileResult> hash_sources(const std::vector<ImageSource>& sources, const std::vector<HashKind>& kinds,
                                         const HashFileOptions& options, const BatchOptions& batch) {
    detail::check_hash_file_options(kinds, options, "hash_files");
    return run_batch<HashFileResult>(sources.size(), batch,
                                     [&](std::size_t i) { return hash_one(sources[i], kinds, options); });
}

std::vector<HashFileResult> hash_files(const std::vector<std::string>& paths, const std::vector<HashKind>& kinds,
                                       const HashFileOptions& options, const BatchOptions& batch) {
    detail::check_hash_file_options(kinds, options, "hash_files");
    return run_batch<HashFileResult>(paths.size(), batch, [&](std::size_t i) {
        return hash_one(ImageSource::file(paths[i]), kinds, options);
    });
}

std::vector<HashFileResult> hash_files(const std::vector<std::string>& paths, const std::vector<HashKind>& kinds,
                                       const HashFileOptions& options, int threads,
                                       const std::function<bool()>& cancel) {
    BatchOptions batch;
    batch.threads = threads;
    batch.cancel = cancel;
    return hash_files(paths, kinds, options, batch);
}

}  // namespace pristine
