// Hashes of image files and encoded buffers (compiled library): decode + hash in one call, with the
// fast path for JPEG, and batches over many files or sources on the batch executor (executor.hpp).
//
// Fast path. A JPEG is decoded straight to its own Y plane (no colour conversion) at the largest
// libjpeg DCT reduction (1/2, 1/4, 1/8) that leaves the hash unchanged or nearly so: the reduced
// picture's smaller side must stay >= hash_min_side(kind). For progressive files at 1/8 the decoder
// stops after the DC scans (DecodeOptions::progressive_dc_only). The rule and the measured bit
// agreement with full-scale decoding: docs/hashes.md, "Reduced-scale decode". Other formats are
// decoded at full size. A hash depends only on the bytes, the kind and the options — never on which
// other kinds are asked for in the same call.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/executor.hpp"
#include "pristine/export.hpp"
#include "pristine/hash/hash.hpp"
#include "pristine/image_source.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine {

/// Options of hash_file / hash_memory / hash_files.
struct HashFileOptions {
    /// Largest JPEG reduction the fast path may use: 8 (default), 4, 2, or 1 = always decode at
    /// full size (exact hashes of the full-resolution pixels, several times slower).
    int max_scale_denom = 8;
    /// Hash the picture as displayed (EXIF orientation applied), as decode_file does by default.
    bool apply_orientation = true;
    /// Also compute the 8 rotations/flips of each hash (HashFileResult::dihedral).
    bool dihedral = false;
    /// Refuse images with more pixels than this (Error(too_large)), checked from the header.
    std::uint64_t max_pixels = DecodeOptions{}.max_pixels;
    /// pdq exactly as Meta's reference program prints it (pdq_tool_hash, pdq_tool_hash_dihedral): from a
    /// full-size RGB decode without EXIF orientation, a side over 512 squeezed to 512 x 512 by nearest
    /// neighbour. Off (default): the PDQ of the whole picture, with the fast path. Other kinds are
    /// unchanged. docs/hashes.md, "PDQ reference conformance".
    bool pdq_reference_tool = false;
};

/// The hashes of one file or buffer: PictureHashes (kinds, hashes, dihedral, pdq_quality) plus where
/// they came from; ItemStatus (status, error) holds a batch item's failure.
struct HashFileResult : ItemStatus, PictureHashes {
    std::string path;              ///< as given to hash_file / hash_files; empty for memory
    ImageInfo info;                ///< header facts (format, stored and displayed size, ...)
    /// scale_denoms[i]: the JPEG reduction kinds[i] was computed from (1 for other formats).
    std::vector<int> scale_denoms;
};

/// Smallest side (pixels) the reduced-scale decode must keep for `kind` (see docs/hashes.md):
/// hash_kind_info(kind).min_decode_side.
PRISTINE_API int hash_min_side(HashKind kind) noexcept;

/// The JPEG reduction (8, 4, 2 or 1) the fast path uses for `kind` on a JPEG of width x height:
/// the largest d <= max_scale_denom with ceil(min(width, height) / d) >= hash_min_side(kind).
PRISTINE_API int hash_scale_denom(HashKind kind, int width, int height, int max_scale_denom = 8) noexcept;

/// Decode + hash a file. `kinds` must be non-empty (repeats allowed).
/// Throws Error: invalid_argument (no kinds, bad options), io_error, unsupported_format, corrupt_data,
/// too_large, out_of_memory. Thread-safe.
PRISTINE_API HashFileResult hash_file(const std::string& path, const std::vector<HashKind>& kinds,
                                      const HashFileOptions& options = {});

/// The same for an encoded image in memory (`result.path` is empty). Throws as hash_file.
PRISTINE_API HashFileResult hash_memory(const std::uint8_t* data, std::size_t size, const std::vector<HashKind>& kinds,
                                        const HashFileOptions& options = {});

/// hash_file for every path on the batch executor (executor.hpp: `batch.threads` workers, 0 = all
/// cores; `batch.cancel` and `batch.progress` on the calling thread). Results are in the order of
/// `paths`; a file that fails gets status/error set, its path and kinds, and no hashes, and the batch
/// goes on. Once `batch.cancel` returns true no new item is started and Error(cancelled) is thrown
/// when the running ones are done; an exception thrown by a callback is rethrown the same way.
/// Throws Error(invalid_argument) for no kinds, bad options or threads < 0 (before any work).
/// Thread-safe.
PRISTINE_API std::vector<HashFileResult> hash_files(const std::vector<std::string>& paths,
                                                    const std::vector<HashKind>& kinds,
                                                    const HashFileOptions& options, const BatchOptions& batch);

/// The same with `threads` and `cancel` only (forwards to the BatchOptions form).
PRISTINE_API std::vector<HashFileResult> hash_files(const std::vector<std::string>& paths,
                                                    const std::vector<HashKind>& kinds,
                                                    const HashFileOptions& options = {}, int threads = 0,
                                                    const std::function<bool()>& cancel = {});

/// hash_file / hash_memory / hash_pixels of each input of a batch (a path, encoded bytes or pixels:
/// ImageSource), on the batch executor, with the per-item failures of hash_files. Pixels are hashed as
/// hash_pixels does (HashFileOptions::dihedral and pdq_reference_tool apply; the decode options do not);
/// their result has no path, info or reduction (scale_denoms all 1). Throws as hash_files. Thread-safe.
PRISTINE_API std::vector<HashFileResult> hash_sources(const std::vector<ImageSource>& sources,
                                                      const std::vector<HashKind>& kinds,
                                                      const HashFileOptions& options = {},
                                                      const BatchOptions& batch = {});

}  // namespace pristine
