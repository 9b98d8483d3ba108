// Internal to the hashing sources: the checks and the empty result shared by hash_file and hash_files.
#pragma once

#include <vector>

#include "pristine/io/hash_file.hpp"

namespace pristine::detail {

/// Throws Error(invalid_argument) naming `who` for no kinds, a number that is no kind or a bad
/// max_scale_denom.
void check_hash_file_options(const std::vector<HashKind>& kinds, const HashFileOptions& o, const char* who);

/// A result with one empty slot per kind (dihedral slots when asked) and every reduction 1.
HashFileResult empty_hash_file_result(const std::vector<HashKind>& kinds, const HashFileOptions& o);

}  // namespace pristine::detail
