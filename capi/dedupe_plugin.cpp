// The plug-in's side of pristine_dedupe (pristine_dedupe.h): C options to DedupeOptions, the caller's
// progress callback (whose non-zero return cancels), and the report handle libpristine_c reads.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "dedupe_report.hpp"
#include "struct_out.hpp"
#include "guard.hpp"
#include "pristine/models/dedupe.hpp"

using pristine::Error;
using pristine::Status;
using pristine::capi::require;

namespace {

// The C stages are numbered as the C++ ones.
static_assert(PRISTINE_DEDUPE_FINGERPRINT == static_cast<int>(pristine::DedupeStage::fingerprint), "stage numbers differ");
static_assert(PRISTINE_DEDUPE_MATCH == static_cast<int>(pristine::DedupeStage::match), "stage numbers differ");
static_assert(PRISTINE_DEDUPE_RANK == static_cast<int>(pristine::DedupeStage::rank), "stage numbers differ");

bool flag(int32_t value, const char* function, const char* name) {
    if (value != 0 && value != 1)
        throw Error(Status::invalid_argument, std::string(function) + ": options->" + name + " must be 0 or 1, got " +
                                                  std::to_string(value));
    return value == 1;
}

// The caller's options over the defaults (fields past an older caller's struct_size keep theirs).
pristine_dedupe_options read_options(const pristine_dedupe_options* in, const char* function) {
    pristine_dedupe_options o;
    pristine::capi::dedupe_options_defaults(&o);
    return pristine::capi::copy_in(in, o, pristine::capi::k_dedupe_options_v1_size, function);
}

pristine::DedupeOptions job_options(const pristine_dedupe_options& c, const char* f) {
    pristine::DedupeOptions o;
    o.rank = flag(c.rank, f, "rank");
    if (c.model != nullptr) o.model = c.model;
    if (c.reference_count > 0) require(c.reference, f, "options->reference");
    for (std::size_t i = 0; i < c.reference_count; ++i) {
        if (c.reference[i] == nullptr)
            throw Error(Status::invalid_argument, std::string(f) + ": options->reference[" + std::to_string(i) + "] is NULL");
        o.reference.emplace_back(c.reference[i]);
    }
    o.collect.recursive = flag(c.recursive, f, "recursive");
    o.collect.include_hidden = flag(c.include_hidden, f, "include_hidden");
    o.fingerprint.crop_views = flag(c.crop_views, f, "crop_views");
    o.fingerprint.apply_orientation = flag(c.apply_orientation, f, "apply_orientation");
    o.fingerprint.max_pixels = c.max_pixels;
    pristine::MatchOptions& m = o.match;
    m.candidate_radius = c.candidate_radius;
    m.dct_radius = c.dct_radius;
    m.mean_radius = c.mean_radius;
    m.dihedral = flag(c.dihedral, f, "dihedral");
    m.min_correlation = c.min_correlation;
    m.max_chroma_difference = c.max_chroma_difference;
    m.flat_std = c.flat_std;
    m.max_flat_mean_difference = c.max_flat_mean_difference;
    m.min_link_fraction = c.min_link_fraction;
    m.dihedral_radius = c.dihedral_radius;
    m.max_ambiguous_distance = c.max_ambiguous_distance;
    m.min_detail_correlation = c.min_detail_correlation;
    m.max_local_difference = c.max_local_difference;
    m.max_strip_ratio = c.max_strip_ratio;
    m.min_strip_correlation = c.min_strip_correlation;
    m.min_coverage = c.min_coverage;
    m.min_alignment_margin = c.min_alignment_margin;
    m.max_far_shift = c.max_far_shift;
    if (c.rank_by == PRISTINE_DEDUPE_RANK_BY_PAIRS) o.rank_by = pristine::RankBy::pairs;
    else if (c.rank_by == PRISTINE_DEDUPE_RANK_BY_SCORES) o.rank_by = pristine::RankBy::scores;
    else throw Error(Status::invalid_argument, std::string(f) + ": options->rank_by must be PRISTINE_DEDUPE_RANK_BY_PAIRS or _SCORES, got " + std::to_string(c.rank_by));
    if (c.pair_model != nullptr) o.pair_model = c.pair_model;
    if (c.cache != nullptr) o.cache = c.cache;
    if (c.threads < 0)
        throw Error(Status::invalid_argument, std::string(f) + ": options->threads must be >= 0, got " + std::to_string(c.threads));
    // Thresholds out of range are refused now, not after every file has been read.
    pristine::find_duplicate_groups({}, m);
    return o;
}

}  // namespace

namespace pristine::capi {

namespace {

// The inputs of a run: paths[0..count), none NULL, at least one.
std::vector<std::string> input_paths(const char* const* paths, size_t count, const char* f) {
    if (count > 0) require(paths, f, "paths");
    std::vector<std::string> inputs;
    inputs.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (paths[i] == nullptr) throw Error(Status::invalid_argument, std::string(f) + ": paths[" + std::to_string(i) + "] is NULL");
        inputs.emplace_back(paths[i]);
    }
    if (inputs.empty()) throw Error(Status::invalid_argument, std::string(f) + ": no files or folders given (count is 0)");
    return inputs;
}

}  // namespace

pristine_status plugin_dedupe(const char* const* paths, size_t count, const pristine_dedupe_options* options,
                              pristine_dedupe_report** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        const char* f = "pristine_dedupe";
        require(out, f, "out");
        const std::vector<std::string> inputs = input_paths(paths, count, f);
        const pristine_dedupe_options c = read_options(options, f);
        DedupeOptions job = job_options(c, f);
        // Once the callback asked to stop it is not called again (the run may still report progress
        // while the files being read finish).
        bool stopped = false;
        if (c.progress != nullptr)
            job.progress = [&c, &stopped](DedupeStage stage, const BatchProgress& p) {
                if (stopped || c.progress(c.user_data, static_cast<pristine_dedupe_stage>(stage), p.done, p.total) != 0) {
                    stopped = true;
                    throw Error(Status::cancelled, "pristine_dedupe: cancelled by the progress callback");
                }
            };
        BatchOptions batch;
        batch.threads = c.threads;
        auto report = std::make_unique<pristine_dedupe_report>();
        report->report = dedupe(inputs, job, batch);
        *out = report.release();
    });
}

pristine_status plugin_rank_copies(const char* const* paths, size_t count, const pristine_dedupe_options* options,
                                   pristine_dedupe_report** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        const char* f = "pristine_rank_copies";
        require(out, f, "out");
        const std::vector<std::string> files = input_paths(paths, count, f);
        const pristine_dedupe_options c = read_options(options, f);
        const DedupeOptions job = job_options(c, f);
        BatchOptions batch;
        batch.threads = c.threads;
        RankedCopies ranked = rank_copies(files, job, batch);
        auto report = std::make_unique<pristine_dedupe_report>();
        report->report.files = files.size();
        report->report.errors = std::move(ranked.errors);
        if (!ranked.group.members.empty()) report->report.groups.push_back(std::move(ranked.group));
        *out = report.release();
    });
}

}  // namespace pristine::capi
