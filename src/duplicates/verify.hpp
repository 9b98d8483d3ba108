// Internal to src/duplicates: verification of one alignment of two views by their thumbnails.
#pragma once

#include "pristine/io/duplicates.hpp"

namespace pristine::detail {

/// PDQ bits between view a turned by t and view b.
int view_distance(const FingerprintView& a, const FingerprintView& b, Dihedral t) noexcept;

/// Block-mean code bits between view a turned by t and view b.
int mean_distance(const FingerprintView& a, const FingerprintView& b, Dihedral t) noexcept;

/// Fills evidence.correlation, chroma_difference and verified for `alignment` of a and b.
void verify_alignment(const Fingerprint& a, const Fingerprint& b, const Alignment& alignment, const MatchOptions& o,
                      PairEvidence& evidence);

/// Throws Error(invalid_argument) naming the bad field of `o`.
void check_match_options(const MatchOptions& o);

}  // namespace pristine::detail
