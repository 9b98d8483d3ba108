// The JSON shapes of results, one per kind of result, for every program that prints or serves them.
// Keys keep the order they are added in (path first), which reads better than sorted keys.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pristine/error.hpp"
#include "pristine/io/dedupe_report.hpp"
#include "pristine/io/hash_file.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::json {

using Json = nlohmann::ordered_json;

/// {path, format, width, height, display_width, display_height, file_size, frames, bit_depth, channels,
/// has_alpha, palette, orientation, colors (null when not counted)} and for JPEG jpeg_quality (null when
/// unknown), jpeg_quality_exact, subsampling, progressive.
Json image_info(const std::string& path, const ImageInfo& info, std::optional<std::uint64_t> colors);

/// {path, then one key per kind: the hash in hex (a list of the 8 dihedral variants when computed),
/// pdq_quality after pdq}. For a result with status ok.
Json hash_result(const HashFileResult& result);

/// {a, b, then per kind {distance, normalized, dihedral_min}} for two results hashed with the same
/// kinds and HashFileOptions::dihedral. Distances are integers for binary hashes.
Json hash_comparison(const HashFileResult& a, const HashFileResult& b);

/// {path, score}, and with a rank {rank, path, score}.
Json score(const std::string& path, double score);
Json ranked_score(int rank, const std::string& path, double score);

/// The dedupe report: {version, files, errors: [{path, error, status}], groups: [{members: [{path, keep,
/// score (null when not scored), rank, width, height, format, file_size, distance, reference,
/// identical_to (only when set), parent (null for the kept copy), parent_confidence}], reason, duplicate_bytes}], candidate_pairs, verified_pairs, cache_hits,
/// cache_misses}.
Json dedupe_report(const DedupeReport& report);

/// {path, vector} of an embedding (floats written in their shortest round-trip form), or with a row
/// of a .npy file instead of the values {path, row}.
Json embedding(const std::string& path, const std::vector<float>& vector);
Json embedding_row(const std::string& path, std::size_t row);
/// {path, vectors: [8 vectors]} of the 8 rotations/flips, identity first.
Json embedding_dihedral(const std::string& path, const std::vector<std::vector<float>>& vectors);

/// {from, to}: a file moved (or, in a dry run, to be moved) from one place to another.
Json move(const std::string& from, const std::string& to);

/// The shape of every per-item failure: {path, error, status} with the stable status name.
Json failure(const std::string& path, const std::string& message, Status status);

/// One compact line (no newline). Bytes that are not UTF-8 (file names may hold any bytes) become
/// U+FFFD instead of failing.
std::string dump(const Json& j);

/// Writes dump(j) and a newline, then flushes, so that a reader of a pipe sees each result at once.
void write_line(const Json& j, std::ostream& out);

}  // namespace pristine::json
