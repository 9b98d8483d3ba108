// Internal to libpristine_c and its scorer plug-in: the dedupe report handle and the options' defaults.
// The plug-in runs the job and makes the report; libpristine_c reads and frees it. Both are built from
// the same sources and the host loads only its own build's plug-in (scorer_plugin.hpp), so they share
// this C++ layout.
#pragma once

#include <cstddef>
#include <cstring>

#include "pristine/io/collection.hpp"
#include "pristine/io/dedupe_report.hpp"
#include "pristine/io/duplicates.hpp"
#include "pristine_dedupe.h"

struct pristine_dedupe_report {
    pristine::DedupeReport report;
};

namespace pristine::capi {

static_assert(PRISTINE_DEDUPE_REPORT_VERSION == DedupeReport::k_version, "report versions differ");

/// Size of pristine_dedupe_options as first published (freeze it when fields are appended).
// The options' size in the first release (callers built then pass it as struct_size).
constexpr std::size_t k_dedupe_options_v1_size = offsetof(pristine_dedupe_options, dihedral_radius);

/// The defaults of pristine_dedupe_options: those of the C++ options (DedupeOptions ranks by default
/// and uses the shipped model).
inline void dedupe_options_defaults(pristine_dedupe_options* o) {
    std::memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->threads = 0;
    o->rank = 1;
    const CollectOptions collect;
    o->recursive = collect.recursive ? 1 : 0;
    o->include_hidden = collect.include_hidden ? 1 : 0;
    const FingerprintOptions fingerprint;
    o->crop_views = fingerprint.crop_views ? 1 : 0;
    o->apply_orientation = fingerprint.apply_orientation ? 1 : 0;
    o->max_pixels = fingerprint.max_pixels;
    const MatchOptions match;
    o->candidate_radius = match.candidate_radius;
    o->dct_radius = match.dct_radius;
    o->mean_radius = match.mean_radius;
    o->dihedral = match.dihedral ? 1 : 0;
    o->min_correlation = match.min_correlation;
    o->max_chroma_difference = match.max_chroma_difference;
    o->flat_std = match.flat_std;
    o->max_flat_mean_difference = match.max_flat_mean_difference;
    o->min_link_fraction = match.min_link_fraction;
    o->dihedral_radius = match.dihedral_radius;
    o->max_ambiguous_distance = match.max_ambiguous_distance;
    o->min_detail_correlation = match.min_detail_correlation;
    o->max_local_difference = match.max_local_difference;
    o->max_strip_ratio = match.max_strip_ratio;
    o->min_strip_correlation = match.min_strip_correlation;
    o->min_coverage = match.min_coverage;
    o->min_alignment_margin = match.min_alignment_margin;
    o->max_far_shift = match.max_far_shift;
    o->rank_by = PRISTINE_DEDUPE_RANK_BY_PAIRS;
}

/// The plug-in's pristine_dedupe (dedupe_plugin.cpp; same contract).
pristine_status plugin_dedupe(const char* const* paths, size_t count, const pristine_dedupe_options* options,
                              pristine_dedupe_report** out);
/// The plug-in's pristine_rank_copies (dedupe_plugin.cpp; same contract).
pristine_status plugin_rank_copies(const char* const* paths, size_t count, const pristine_dedupe_options* options,
                                   pristine_dedupe_report** out);

}  // namespace pristine::capi
