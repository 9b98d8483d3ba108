// The dedupe functions of libpristine_c: options' defaults and the report's accessors are here; the job
// itself needs the scorer and runs in the plug-in (scorer_plugin.hpp), loaded on first use.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <string>

#include "dedupe_report.hpp"
#include "guard.hpp"
#include "scorer_plugin.hpp"
#include "struct_out.hpp"

using pristine::Error;
using pristine::Status;
using pristine::capi::guarded;
using pristine::capi::require;
using pristine::capi::check_index;
using pristine::capi::check_struct_size;
using pristine::capi::copy_out;

namespace {

// Sizes of the output structs as first published (freeze them when fields are appended).
constexpr std::size_t k_error_v1_size = sizeof(pristine_dedupe_error);
constexpr std::size_t k_group_v1_size = sizeof(pristine_dedupe_group);
constexpr std::size_t k_member_v1_size = offsetof(pristine_dedupe_member, parent);

// The protocol of every struct accessor: check the report and the caller's struct, let `fill` fill a
// whole struct, copy as much of it as the caller's struct_size covers (an older caller gets the fields
// it knows). Nothing is written when a check fails.
template <class T, class Fill>
pristine_status read_into(const pristine_dedupe_report* report, T* out, std::size_t v1_size, const char* function,
                          Fill&& fill) {
    return guarded([&] {
        require(report, function, "report");
        require(out, function, "out");
        check_struct_size(out, v1_size, function);
        T full{};
        fill(report->report, full);
        copy_out(out, full);
    });
}

}  // namespace

extern "C" {

PRISTINE_C_API const char* pristine_dedupe_stage_name(pristine_dedupe_stage stage) {
    switch (stage) {
        case PRISTINE_DEDUPE_FINGERPRINT: return "fingerprint";
        case PRISTINE_DEDUPE_MATCH: return "match";
        case PRISTINE_DEDUPE_RANK: return "rank";
    }
    return "unknown";
}

PRISTINE_C_API void pristine_dedupe_options_init(pristine_dedupe_options* options) {
    if (options != nullptr) pristine::capi::dedupe_options_defaults(options);
}

PRISTINE_C_API pristine_status pristine_dedupe(const char* const* paths, size_t count,
                                               const pristine_dedupe_options* options, pristine_dedupe_report** out) {
    if (out != nullptr) *out = nullptr;
    const pristine_scorer_plugin* p = pristine::capi::plugin("pristine_dedupe");
    return p != nullptr ? p->dedupe(paths, count, options, out) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API pristine_status pristine_rank_copies(const char* const* paths, size_t count,
                                                    const pristine_dedupe_options* options, pristine_dedupe_report** out) {
    if (out != nullptr) *out = nullptr;
    const pristine_scorer_plugin* p = pristine::capi::plugin("pristine_rank_copies");
    return p != nullptr ? p->rank_copies(paths, count, options, out) : PRISTINE_UNAVAILABLE;
}

PRISTINE_C_API void pristine_dedupe_report_free(pristine_dedupe_report* report) { delete report; }

PRISTINE_C_API size_t pristine_dedupe_report_files(const pristine_dedupe_report* report) {
    return report != nullptr ? report->report.files : 0;
}

PRISTINE_C_API size_t pristine_dedupe_report_candidate_pairs(const pristine_dedupe_report* report) {
    return report != nullptr ? report->report.candidate_pairs : 0;
}

PRISTINE_C_API size_t pristine_dedupe_report_verified_pairs(const pristine_dedupe_report* report) {
    return report != nullptr ? report->report.verified_pairs : 0;
}

PRISTINE_C_API size_t pristine_dedupe_report_error_count(const pristine_dedupe_report* report) {
    return report != nullptr ? report->report.errors.size() : 0;
}

PRISTINE_C_API pristine_status pristine_dedupe_report_error(const pristine_dedupe_report* report, size_t i,
                                                            pristine_dedupe_error* out) {
    const char* f = "pristine_dedupe_report_error";
    return read_into(report, out, k_error_v1_size, f, [&](const pristine::DedupeReport& r, pristine_dedupe_error& e) {
        check_index(i, r.errors.size(), f, "error");
        e.path = r.errors[i].path.c_str();
        e.status = static_cast<int32_t>(r.errors[i].status);
        e.message = r.errors[i].message.c_str();
    });
}

PRISTINE_C_API size_t pristine_dedupe_report_group_count(const pristine_dedupe_report* report) {
    return report != nullptr ? report->report.groups.size() : 0;
}

PRISTINE_C_API pristine_status pristine_dedupe_report_group(const pristine_dedupe_report* report, size_t g,
                                                            pristine_dedupe_group* out) {
    const char* f = "pristine_dedupe_report_group";
    return read_into(report, out, k_group_v1_size, f, [&](const pristine::DedupeReport& r, pristine_dedupe_group& group) {
        check_index(g, r.groups.size(), f, "group");
        group.member_count = r.groups[g].members.size();
        group.reason = r.groups[g].reason.c_str();
        group.duplicate_bytes = r.groups[g].duplicate_bytes;
    });
}

PRISTINE_C_API pristine_status pristine_dedupe_report_member(const pristine_dedupe_report* report, size_t g, size_t m,
                                                             pristine_dedupe_member* out) {
    const char* f = "pristine_dedupe_report_member";
    return read_into(report, out, k_member_v1_size, f, [&](const pristine::DedupeReport& r, pristine_dedupe_member& c) {
        check_index(g, r.groups.size(), f, "group");
        check_index(m, r.groups[g].members.size(), f, "member");
        const pristine::DedupeMember& mem = r.groups[g].members[m];
        c.path = mem.path.c_str();
        c.keep = mem.keep ? 1 : 0;
        c.reference = mem.reference ? 1 : 0;
        c.scored = mem.scored ? 1 : 0;
        c.rank = mem.rank;
        c.score = mem.scored ? mem.score : std::numeric_limits<double>::quiet_NaN();
        c.width = mem.width;
        c.height = mem.height;
        c.format = mem.format.c_str();
        c.file_size = mem.file_size;
        c.distance = mem.distance;
        c.identical_to = mem.identical_to.empty() ? nullptr : mem.identical_to.c_str();
        c.parent = mem.parent.empty() ? nullptr : mem.parent.c_str();
        c.parent_confidence = mem.parent_confidence;
    });
}

}  // extern "C"
